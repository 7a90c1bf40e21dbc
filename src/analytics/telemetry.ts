/**
 * The telemetry contract between the edge collector and the regional pipeline.
 *
 * A gateway publishes one JSON reading per MQTT message on `fleet/<site>/<thing>/telemetry`
 * (or `.../alarm` for threshold crossings detected at the edge):
 *
 *   { "sensor": "weld-robot-01-axis-vibration", "ts": 1767225600000, "value": 3.2 }
 *   { "sensor": "...", "ts": ..., "window": 10, "min": 2.9, "max": 3.6, "mean": 3.2, "count": 1000 }
 *   { "sensor": "...", "ts": ..., "value": 7.4, "severity": "critical", "threshold": 7.1 }   (alarm)
 *
 * The IoT rule adds `site`, `thing` (from the topic), `channel` and `received_at`. Everything
 * downstream (Firehose/Glue, the Lambda consumers) reads the enriched record below. Pure module:
 * the Lambda handlers bundle it.
 */

export type Channel = "telemetry" | "alarm";

/** A reading as it sits in the Kinesis stream and the data lake. */
export interface TelemetryRecord {
    site: string;
    thing: string;
    channel: Channel;
    sensor: string;
    /** Sample time, epoch milliseconds (UTC). */
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
    /** When IoT Core received the message, epoch milliseconds. */
    received_at?: number;
}

const finite = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

/**
 * Parse one stream record (the JSON the IoT rule wrote). Returns undefined for records that do
 * not follow the contract: consumers count and skip them instead of failing the whole batch.
 */
export function parseRecord(data: string): TelemetryRecord | undefined {
    let o: unknown;
    try {
        o = JSON.parse(data);
    } catch {
        return undefined;
    }
    if (!o || typeof o !== "object" || Array.isArray(o)) return undefined;
    const r = o as Record<string, unknown>;
    if (typeof r.site !== "string" || typeof r.thing !== "string" || typeof r.sensor !== "string" || !r.sensor) return undefined;
    const ts = typeof r.ts === "string" ? Date.parse(r.ts) : r.ts;
    if (!finite(ts)) return undefined;
    const channel: Channel = r.channel === "alarm" ? "alarm" : "telemetry";
    const out: TelemetryRecord = { site: r.site, thing: r.thing, channel, sensor: r.sensor, ts };
    for (const k of ["value", "window", "min", "max", "mean", "count", "threshold", "received_at"] as const) {
        if (finite(r[k])) out[k] = r[k] as number;
    }
    if (r.severity === "warning" || r.severity === "critical") out.severity = r.severity;
    if (out.value === undefined && out.mean === undefined) return undefined;
    return out;
}

/** The value a consumer scores or plots: the sample, or the window mean for aggregates. */
export function primaryValue(r: TelemetryRecord): number {
    return (r.mean ?? r.value) as number;
}
