/**
 * The uplink: where the outbox's messages go. `publish` resolves only when the other side has
 * confirmed the message (MQTT QoS 1 PUBACK, IPC PublishToIoTCore response, stream manager append),
 * so the outbox can remove it; it rejects when the message must be sent again.
 */
import type { Channel } from "../lib/contract";

export interface Uplink {
    /** Start connecting; resolves at once (the uplink keeps retrying by itself). */
    start(): Promise<void>;
    /** Whether new messages may be handed over now. */
    readonly ready: boolean;
    publish(channel: Channel, payload: Buffer): Promise<void>;
    /** Called with true/false when `ready` changes. */
    onReady(cb: (ready: boolean) => void): void;
    close(): Promise<void>;
}
