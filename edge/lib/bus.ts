/**
 * The local bus: how other components on the same gateway (edge inference, issue #16) receive the
 * collector's readings, without going through the cloud.
 *
 * What travels: every sample the collector polled and accepted (finite value, good status), in
 * batches, BEFORE its transmit mode decides what goes to the cloud. A deadband sensor that sends
 * 1% of its samples upstream still shows 100% of them here. Bad samples (NaN, OPC UA bad status,
 * an unreachable PLC) are not published; they appear in the status channel instead.
 *
 * Delivery is best effort and in memory: a subscriber that is slow or absent misses batches; the
 * collector never waits for it and never buffers for it (the outbox is for the cloud only). Within
 * one sensor, readings arrive in `ts` order.
 *
 * Two implementations:
 * - `MemoryBus` (this file): in one process, used by `fleet edge run` and by tests;
 * - the Greengrass IPC bus (edge/collector/greengrass-bus.ts): local publish/subscribe on
 *   READINGS_TOPIC with JSON messages (`encodeBatch`/`decodeBatch`), which needs
 *   `aws.greengrass#PublishToTopic` (collector) and `aws.greengrass#SubscribeToTopic` (subscriber)
 *   on READINGS_TOPIC in the recipes' access control.
 */

/** Local (not IoT Core) topic the collector publishes its reading batches on. */
export const READINGS_TOPIC = "fleet/local/readings";

/** One accepted sample of one sensor. */
export interface BusReading {
    /** The sensor's full name in the site (`<equipment>-<sensor>` or a one-off sensor's name). */
    sensor: string;
    /** Sample time, epoch milliseconds (UTC). */
    ts: number;
    /** The scaled engineering value (finite). */
    value: number;
}

/** What one publish carries: readings of one gateway, usually one poll cycle. */
export interface ReadingBatch {
    site: string;
    /** The gateway's IoT thing name. */
    thing: string;
    readings: BusReading[];
}

export type BatchHandler = (batch: ReadingBatch) => void;

export interface LocalBus {
    /** Hand a batch to every current subscriber; never throws because of a subscriber. */
    publish(batch: ReadingBatch): Promise<void>;
    /** Receive every later batch until the returned function is called. */
    subscribe(handler: BatchHandler): Promise<() => void>;
    close(): Promise<void>;
}

/** The in-process bus: synchronous fan-out; a throwing subscriber is reported, not propagated. */
export class MemoryBus implements LocalBus {
    private readonly handlers = new Set<BatchHandler>();

    constructor(private readonly onSubscriberError: (err: unknown) => void = () => undefined) {}

    async publish(batch: ReadingBatch): Promise<void> {
        for (const h of [...this.handlers]) {
            try {
                h(batch);
            } catch (err) {
                this.onSubscriberError(err);
            }
        }
    }

    async subscribe(handler: BatchHandler): Promise<() => void> {
        this.handlers.add(handler);
        return () => this.handlers.delete(handler);
    }

    async close(): Promise<void> {
        this.handlers.clear();
    }
}

/** The wire form on a bus between processes (Greengrass local pub/sub): UTF-8 JSON. */
export function encodeBatch(batch: ReadingBatch): Uint8Array {
    return Buffer.from(JSON.stringify(batch), "utf8");
}

/**
 * Parse a batch from the wire; throws an Error naming the problem when the bytes are not a batch.
 * Readings with a non-finite value or a missing sensor name make the whole batch invalid.
 */
export function decodeBatch(bytes: Uint8Array): ReadingBatch {
    let o: unknown;
    try {
        o = JSON.parse(Buffer.from(bytes).toString("utf8"));
    } catch {
        throw new Error("local bus: message is not JSON");
    }
    const b = o as Partial<ReadingBatch> | null;
    if (!b || typeof b !== "object" || typeof b.site !== "string" || typeof b.thing !== "string" || !Array.isArray(b.readings)) {
        throw new Error("local bus: message is not a reading batch (needs site, thing, readings[])");
    }
    b.readings.forEach((r, i) => {
        if (!r || typeof r.sensor !== "string" || !r.sensor || !Number.isFinite(r.ts) || !Number.isFinite(r.value)) {
            throw new Error(`local bus: readings[${i}] needs sensor (string), ts and value (finite numbers)`);
        }
    });
    return { site: b.site, thing: b.thing, readings: b.readings.map((r) => ({ sensor: r.sensor, ts: r.ts, value: r.value })) };
}
