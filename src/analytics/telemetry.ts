/**
 * The telemetry contract between the edge collector (edge/lib/contract.ts) and the regional pipeline.
 *
 * A gateway publishes JSON messages on `fleet/<site>/<thing>/<channel>`. Each carries `site`,
 * `thing`, `channel` and `seq` (per gateway and channel, from 1, never reused) and either one
 * reading or `records: [...]` of readings:
 *
 *   { "site", "thing", "channel": "telemetry", "seq": 7, "sensor": "weld-robot-01-axis-vibration", "ts": 1767225600000, "value": 3.2 }
 *   { ..., "seq": 8, "records": [ { "sensor", "ts", "value" }, { "sensor", "ts", "window": 10, "min", "max", "mean", "count" } ] }
 *   { ..., "channel": "alarm", "seq": 3, "sensor", "ts", "value": 7.4, "severity": "critical", "threshold": 7.1, "state": "raise" }
 *
 * Two paths reach the stream: MQTT → IoT rule (which adds `site`, `thing`, `channel` from the topic and
 * `received_at`) → Kinesis; and stream manager → Kinesis (no IoT rule: the collector's own `site`,
 * `thing`, `channel` are all there is; partition keys are random, so consumers that need order sort
 * by thing and seq). Status messages (`type: status | gap`) are not readings. Everything downstream
 * reads the flattened records below. Pure module: the Lambda handlers bundle it.
 */

export type Channel = "telemetry" | "alarm";

/** A reading as consumers see it: one per sample, window or alarm, with its message's envelope. */
export interface TelemetryRecord {
    site: string;
    thing: string;
    channel: Channel;
    sensor: string;
    /** Sample time (window start for aggregates), epoch milliseconds (UTC). */
    ts: number;
    value?: number;
    /** Aggregates for `aggregate` transmit mode. */
    window?: number;
    min?: number;
    max?: number;
    mean?: number;
    count?: number;
    /** Alarm channel only. */
    severity?: "warning" | "critical";
    threshold?: number;
    /** Alarm channel: `raise` when the level is entered, `clear` when it is left. */
    state?: "raise" | "clear";
    /** The message's seq (per gateway and channel). */
    seq?: number;
    /** When IoT Core received the message, epoch milliseconds (MQTT path only). */
    received_at?: number;
}

const finite = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

type Obj = Record<string, unknown>;
const READING_NUMBERS = ["value", "window", "min", "max", "mean", "count", "threshold"] as const;

/** One reading with its envelope, or undefined when it breaks the contract. */
function reading(r: Obj, env: { site: string; thing: string; channel: Channel; seq?: number; received_at?: number }): TelemetryRecord | undefined {
    if (typeof r.sensor !== "string" || !r.sensor) return undefined;
    const ts = typeof r.ts === "string" ? Date.parse(r.ts) : r.ts;
    if (!finite(ts)) return undefined;
    const out: TelemetryRecord = { site: env.site, thing: env.thing, channel: env.channel, sensor: r.sensor, ts };
    for (const k of READING_NUMBERS) if (finite(r[k])) out[k] = r[k] as number;
    if (r.severity === "warning" || r.severity === "critical") out.severity = r.severity;
    if (r.state === "raise" || r.state === "clear") out.state = r.state;
    if (env.seq !== undefined) out.seq = env.seq;
    if (env.received_at !== undefined) out.received_at = env.received_at;
    if (out.value === undefined && out.mean === undefined) return undefined;
    if (env.channel === "alarm" && r.severity !== undefined && out.severity === undefined) return undefined;
    return out;
}

/**
 * Parse one stream record (a message of either path) into its readings. `invalid` counts readings
 * inside it that break the contract; a message that is not one at all is undefined; a status
 * message is no readings. Consumers count and skip what is invalid instead of failing the batch.
 */
export function parseMessage(data: string): { records: TelemetryRecord[]; invalid: number } | undefined {
    let o: unknown;
    try {
        o = JSON.parse(data);
    } catch {
        return undefined;
    }
    if (!o || typeof o !== "object" || Array.isArray(o)) return undefined;
    const m = o as Obj;
    if (typeof m.site !== "string" || !m.site || typeof m.thing !== "string" || !m.thing) return undefined;
    if (m.seq !== undefined && !(Number.isInteger(m.seq) && (m.seq as number) >= 1)) return undefined;
    if (m.channel === "status" || typeof m.type === "string") return { records: [], invalid: 0 };
    const env = {
        site: m.site,
        thing: m.thing,
        channel: (m.channel === "alarm" ? "alarm" : "telemetry") as Channel,
        ...(m.seq !== undefined ? { seq: m.seq as number } : {}),
        ...(finite(m.received_at) ? { received_at: m.received_at } : {}),
    };
    if (m.records === undefined) {
        const r = reading(m, env);
        return r ? { records: [r], invalid: 0 } : undefined;
    }
    if (!Array.isArray(m.records)) return undefined;
    const records: TelemetryRecord[] = [];
    let invalid = 0;
    for (const item of m.records) {
        const r = item && typeof item === "object" && !Array.isArray(item) ? reading(item as Obj, env) : undefined;
        if (r) records.push(r);
        else invalid++;
    }
    return { records, invalid };
}

/** Parse a message that holds exactly one reading (tests, one-off tools); undefined otherwise. */
export function parseRecord(data: string): TelemetryRecord | undefined {
    const parsed = parseMessage(data);
    return parsed && parsed.records.length === 1 && parsed.invalid === 0 ? parsed.records[0] : undefined;
}

/** The value a consumer scores or plots: the sample, or the window mean for aggregates. */
export function primaryValue(r: TelemetryRecord): number {
    return (r.mean ?? r.value) as number;
}
