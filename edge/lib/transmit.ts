/**
 * Transmit modes, exactly as the site format defines them (design/site-format.md, `transmit`):
 * - `raw`: every sample is sent;
 * - `aggregate`: one record per window of `windowSeconds` (aligned to the epoch), with the window
 *   start as `ts` and `window`, `min`, `max`, `mean`, `count` of the samples in it;
 * - `deadband`: a sample is sent when it differs from the last value SENT by at least `threshold`
 *   (the first sample is always sent);
 * - `on-change`: a sample is sent when it differs from the last value sent;
 * - `alarm-only`: no telemetry; only alarms (edge/lib/alarms.ts) leave the gateway.
 *
 * Every sample is accounted for: read = suppressed + aggregated + sent + pending, where `pending`
 * is the number of samples in the open aggregate window. Pure: no clock, no I/O; time is the
 * samples' own `ts` (epoch ms).
 */
import type { TransmitModel } from "../../src/model/types";
import type { AggregateRecord, SampleRecord } from "./contract";

/** A sensor's transmit mode as the fleet model normalizes it (the collector's configuration carries it unchanged). */
export type TransmitMode = TransmitModel;

export interface TransmitCounters {
    read: number;
    suppressed: number;
    aggregated: number;
    sent: number;
    pending: number;
}

interface Window {
    start: number;
    min: number;
    max: number;
    sum: number;
    count: number;
}

export class Transmitter {
    readonly counters: TransmitCounters = { read: 0, suppressed: 0, aggregated: 0, sent: 0, pending: 0 };
    private lastSent: number | undefined;
    private window: Window | undefined;

    constructor(
        readonly sensor: string,
        readonly mode: TransmitMode,
    ) {
        if (mode.mode === "aggregate" && !(mode.windowSeconds > 0)) throw new Error(`sensor ${sensor}: aggregate window must be > 0 seconds`);
        if (mode.mode === "deadband" && !(mode.threshold >= 0)) throw new Error(`sensor ${sensor}: deadband threshold must be >= 0`);
    }

    /**
     * Offer one sample (finite value). Returns what goes to the telemetry channel now: nothing, the
     * sample, or (aggregate) the window the sample closed.
     */
    offer(ts: number, value: number): SampleRecord | AggregateRecord | undefined {
        this.counters.read++;
        switch (this.mode.mode) {
            case "raw":
                return this.send(ts, value);
            case "deadband":
                if (this.lastSent === undefined || Math.abs(value - this.lastSent) >= this.mode.threshold) return this.send(ts, value);
                this.counters.suppressed++;
                return undefined;
            case "on-change":
                if (this.lastSent === undefined || value !== this.lastSent) return this.send(ts, value);
                this.counters.suppressed++;
                return undefined;
            case "alarm-only":
                this.counters.suppressed++;
                return undefined;
            case "aggregate":
                return this.aggregate(ts, value, this.mode.windowSeconds * 1000);
        }
    }

    /**
     * Close the open aggregate window when it has ended by `now` (or always, with `force`, on
     * shutdown), so a sensor that stops reporting still delivers its last window.
     */
    flush(now: number, force = false): AggregateRecord | undefined {
        if (this.mode.mode !== "aggregate" || !this.window) return undefined;
        if (!force && now < this.window.start + this.mode.windowSeconds * 1000) return undefined;
        return this.close();
    }

    private send(ts: number, value: number): SampleRecord {
        this.counters.sent++;
        this.lastSent = value;
        return { sensor: this.sensor, ts, value };
    }

    private aggregate(ts: number, value: number, windowMs: number): AggregateRecord | undefined {
        const start = Math.floor(ts / windowMs) * windowMs;
        let closed: AggregateRecord | undefined;
        // a sample from an earlier window (clock stepped back) joins the open one: never lost
        if (this.window && start > this.window.start) closed = this.close();
        if (!this.window) this.window = { start, min: value, max: value, sum: 0, count: 0 };
        const w = this.window;
        w.min = Math.min(w.min, value);
        w.max = Math.max(w.max, value);
        w.sum += value;
        w.count++;
        this.counters.pending++;
        return closed;
    }

    private close(): AggregateRecord {
        const w = this.window!;
        this.window = undefined;
        this.counters.pending -= w.count;
        this.counters.aggregated += w.count;
        const window = (this.mode as { windowSeconds: number }).windowSeconds;
        return { sensor: this.sensor, ts: w.start, window, min: w.min, max: w.max, mean: w.sum / w.count, count: w.count };
    }
}
