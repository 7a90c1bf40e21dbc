/**
 * The message contract, edge side: what the collector publishes on `fleet/<site>/<thing>/<channel>`
 * (MQTT, IPC PublishToIoTCore) or appends to stream manager (exported to Kinesis, no IoT rule).
 *
 * Every message is one JSON object with `site`, `thing`, `channel`, `seq` and either one reading
 * (flat: `sensor`, `ts`, then `value` or the aggregate fields, alarms add `severity`, `threshold`,
 * `state`) or `records: [...]` of such readings. Status messages carry `type` (`status` or `gap`)
 * instead of a reading. `seq` counts per gateway and channel from 1, without holes except the ones a
 * `gap` status message declares. The cloud side parses exactly this (src/analytics/telemetry.ts).
 * `channel` is written by the collector itself because the stream-manager path has no IoT rule to
 * add it from the topic. Pure.
 */

export const CHANNELS = ["telemetry", "alarm", "status"] as const;
export type Channel = (typeof CHANNELS)[number];

export interface SampleRecord {
    sensor: string;
    ts: number;
    value: number;
}

/** One window of an `aggregate` sensor: `ts` is the window start, `window` its length in seconds. */
export interface AggregateRecord {
    sensor: string;
    ts: number;
    window: number;
    min: number;
    max: number;
    mean: number;
    count: number;
}

export interface AlarmRecord {
    sensor: string;
    ts: number;
    value: number;
    severity: "warning" | "critical";
    threshold: number;
    /** `raise` when the level is entered, `clear` when it is left. */
    state: "raise" | "clear";
}

export type ReadingRecord = SampleRecord | AggregateRecord | AlarmRecord;

/** Readings lost at the edge, declared on the status channel: seqs fromSeq..toSeq of `channel`. */
export interface GapStatus {
    type: "gap";
    channel: Channel;
    fromSeq: number;
    toSeq: number;
    reason: "outbox-full" | "outbox-corrupt";
}

export interface Envelope {
    site: string;
    thing: string;
    channel: Channel;
    seq: number;
}

/**
 * The message body for a batch of readings of one channel: flat for a single reading (the common
 * alarm case, and the smallest on the wire), `records` otherwise.
 */
export function readingMessage(env: Envelope, records: readonly ReadingRecord[]): Record<string, unknown> {
    if (records.length === 0) throw new Error("readingMessage: no records");
    if (records.length === 1) return { ...env, ...records[0] };
    return { ...env, records };
}

/** A status-channel message (`type: status` or `gap`). */
export function statusMessage(env: Envelope, body: { type: string } & Record<string, unknown>): Record<string, unknown> {
    return { ...env, ...body };
}

/** Topic of a channel: `fleet/<site>/<thing>/<channel>`. */
export function topicFor(site: string, thing: string, channel: Channel): string {
    return `fleet/${site}/${thing}/${channel}`;
}

/** Largest message IoT Core accepts (128 KB payload, AWS IoT Core quotas); we stay well under. */
export const MAX_MESSAGE_BYTES = 96 * 1024;
