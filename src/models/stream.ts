/**
 * Windows from a stream of readings, the same way everywhere (CLI, gateway, cloud): per sensor
 * the last `window` readings, oldest first. A reading the model cannot score gets an explicit
 * reason instead of a score, never a silent zero. Pure.
 */
import type { ModelInfo } from "./format";

export type NotScored = "unknown-sensor" | "not-a-number" | "out-of-order" | "warming-up";

export const NOT_SCORED_TEXT: Record<NotScored, string> = {
    "unknown-sensor": "the model does not cover this sensor",
    "not-a-number": "the value is not a finite number (the window starts again)",
    "out-of-order": "the time is not after the sensor's previous reading (reading skipped)",
    "warming-up": "fewer readings than the window since the start or the last pause",
};

export type WindowResult = { ok: true; index: number; window: Float32Array } | { ok: false; reason: NotScored };

interface Buffer {
    values: number[];
    lastTs: number;
}

export class WindowStream {
    private readonly buffers = new Map<string, Buffer>();
    private readonly index: Map<string, number>;
    private readonly intervals: Map<string, number>;

    constructor(
        private readonly info: Pick<ModelInfo, "window" | "gapFactor" | "sensors"> & { models?: { name: string; training: { intervalMs: number } }[] },
    ) {
        this.index = new Map(info.sensors.map((s, i) => [s, i]));
        this.intervals = new Map((info.models ?? []).map((m) => [m.name, m.training.intervalMs]));
    }

    covers(sensor: string): boolean {
        return this.index.has(sensor);
    }

    /** Add a reading; returns its window when it completes one. */
    push(sensor: string, ts: number, value: number): WindowResult {
        const index = this.index.get(sensor);
        if (index === undefined) return { ok: false, reason: "unknown-sensor" };
        let buf = this.buffers.get(sensor);
        if (!buf) {
            buf = { values: [], lastTs: -Infinity };
            this.buffers.set(sensor, buf);
        }
        if (!Number.isFinite(value)) {
            buf.values = [];
            return { ok: false, reason: "not-a-number" };
        }
        if (!(ts > buf.lastTs)) return { ok: false, reason: "out-of-order" };
        const interval = this.intervals.get(sensor);
        if (interval !== undefined && Number.isFinite(buf.lastTs) && ts - buf.lastTs > this.info.gapFactor * interval) buf.values = [];
        buf.lastTs = ts;
        buf.values.push(value);
        if (buf.values.length > this.info.window) buf.values.shift();
        if (buf.values.length < this.info.window) return { ok: false, reason: "warming-up" };
        return { ok: true, index, window: Float32Array.from(buf.values) };
    }
}
