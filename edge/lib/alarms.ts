/**
 * Edge alarms: a sensor's level (none, warning, critical) from its thresholds, with direction,
 * hysteresis and hold time. Evaluated on every accepted sample whatever the transmit mode; the
 * records go to the alarm channel at once.
 *
 * - direction `above`: a level is entered when value >= its threshold and kept while
 *   value >= threshold - hysteresis; `below` mirrors it (<= threshold, kept while <= threshold +
 *   hysteresis). Hysteresis (default 0) stops a value that hovers at a threshold from flapping.
 * - hold (default 0 ms): a new level must persist, measured in sample time, for the hold time
 *   before it is raised or cleared.
 * - a transition up raises the new level (`state: raise`); a transition down clears the old level
 *   (`state: clear`) and, when a lower level still holds, raises that one.
 * Pure: time is the samples' `ts`.
 */
import type { AlarmRecord } from "./contract";

export interface AlarmSpec {
    warning?: number;
    critical?: number;
    direction: "above" | "below";
    hysteresis?: number;
    holdMs?: number;
}

type Level = 0 | 1 | 2;
const SEVERITY = { 1: "warning", 2: "critical" } as const;

export class AlarmState {
    private level: Level = 0;
    private candidate: { level: Level; since: number } | undefined;

    constructor(
        readonly sensor: string,
        readonly spec: AlarmSpec,
    ) {
        if ((spec.hysteresis ?? 0) < 0) throw new Error(`sensor ${sensor}: hysteresis must be >= 0`);
        if ((spec.holdMs ?? 0) < 0) throw new Error(`sensor ${sensor}: hold time must be >= 0`);
    }

    /** The level now in force: 0 none, 1 warning, 2 critical. */
    get current(): Level {
        return this.level;
    }

    offer(ts: number, value: number): AlarmRecord[] {
        const next = this.levelFor(value);
        if (next === this.level) {
            this.candidate = undefined;
            return [];
        }
        if (!this.candidate || this.candidate.level !== next) this.candidate = { level: next, since: ts };
        if (ts - this.candidate.since < (this.spec.holdMs ?? 0)) return [];
        this.candidate = undefined;
        const from = this.level;
        this.level = next;
        const out: AlarmRecord[] = [];
        if (next < from) out.push(this.record(ts, value, from as 1 | 2, "clear"));
        if (next > 0) out.push(this.record(ts, value, next as 1 | 2, "raise"));
        return out;
    }

    private threshold(level: 1 | 2): number | undefined {
        return level === 2 ? this.spec.critical : this.spec.warning;
    }

    private levelFor(value: number): Level {
        for (const level of [2, 1] as const) {
            const t = this.threshold(level);
            if (t === undefined) continue;
            const margin = this.level >= level ? (this.spec.hysteresis ?? 0) : 0;
            const inside = this.spec.direction === "above" ? value >= t - margin : value <= t + margin;
            if (inside) return level;
        }
        return 0;
    }

    private record(ts: number, value: number, level: 1 | 2, state: "raise" | "clear"): AlarmRecord {
        return { sensor: this.sensor, ts, value, severity: SEVERITY[level], threshold: this.threshold(level)!, state };
    }
}
