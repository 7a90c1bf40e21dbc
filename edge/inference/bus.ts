/**
 * What edge inference needs of the collector's local bus: the batch shapes are edge/lib/bus.ts's
 * own; a `LocalBus` from there satisfies `ReadingSource`.
 */
import type { ReadingBatch } from "../lib/bus";

export type { BusReading, ReadingBatch } from "../lib/bus";

export interface ReadingSource {
    subscribe(handler: (batch: ReadingBatch) => void): Promise<() => void>;
}

/** Where anomaly events go (IoT Core through the Greengrass IPC, or MQTT in `fleet edge run`). */
export interface Publisher {
    publish(topic: string, payload: Uint8Array): Promise<void>;
}

/** The gateway's anomaly channel (src/naming: `fleet/<site>/<thing>/anomaly`). */
export function anomalyTopic(site: string, thing: string): string {
    return `fleet/${site}/${thing}/anomaly`;
}
