/**
 * Anomaly scoring for one stream of sensor readings: the site file's thresholds plus a rolling
 * statistic per sensor (exponentially weighted mean and variance, scored as a z-score).
 *
 * - Thresholds (from the equipment registry) decide `warning` / `critical`, in the sensor's
 *   direction (`above` or `below`).
 * - The z-score catches a machine drifting away from its own normal long before a fixed limit:
 *   |z| ≥ zWarning is a `warning` (statistics say "unusual", only a threshold says "dangerous").
 *   With thresholds the test is one-sided in their direction; without, two-sided.
 * - The statistic learns only from normal samples, so a developing fault does not teach the
 *   scorer that the fault is normal. It warms up on the first `warmup` samples (no z alarms).
 * - A finding is emitted when the severity rises, and again every `renotifyMs` while it lasts;
 *   the maintenance workflow de-duplicates further by open work order.
 *
 * State lives in memory per Lambda execution environment, keyed by site and sensor. The IoT
 * rule partitions the stream by site/thing, so one gateway's readings always arrive on the same
 * shard in order, and the event source mapping runs one batch per shard at a time. A new
 * environment (cold start, reshard) starts a fresh warm-up: the thresholds keep working during
 * it, and no per-reading database writes are needed at 100 Hz-class sensor rates.
 */

export type Level = "normal" | "warning" | "critical";
const RANK: Record<Level, number> = { normal: 0, warning: 1, critical: 2 };

export interface SensorThresholds {
    warning?: number;
    critical?: number;
    direction: "above" | "below";
}

export interface ScorerConfig {
    /** EWMA weight of a new sample. */
    alpha: number;
    /** Samples before the z-score may raise a finding. */
    warmup: number;
    /** |z| at which a reading is unusual. */
    zWarning: number;
    /** The standard deviation never counts as less than this fraction of |mean| (quantized sensors). */
    minRelativeStd: number;
    /** While an anomaly lasts, the same severity is emitted again after this long. */
    renotifyMs: number;
}

export const DEFAULT_SCORER: ScorerConfig = { alpha: 0.02, warmup: 60, zWarning: 6, minRelativeStd: 0.01, renotifyMs: 60 * 60 * 1000 };

export interface SensorState {
    n: number;
    mean: number;
    variance: number;
    level: Level;
    lastEmitTs: number;
}

export interface Finding {
    severity: Exclude<Level, "normal">;
    reason: "threshold" | "statistical" | "edge-alarm";
    value: number;
    ts: number;
    zScore?: number;
    threshold?: number;
    /** Rolling mean the value was compared with. */
    baseline?: number;
}

/** The severity a value has against its thresholds, and the threshold crossed. */
export function thresholdLevel(value: number, t?: SensorThresholds): { level: Level; threshold?: number } {
    if (!t) return { level: "normal" };
    const crossed = (limit: number | undefined) => limit !== undefined && (t.direction === "below" ? value <= limit : value >= limit);
    if (crossed(t.critical)) return { level: "critical", threshold: t.critical };
    if (crossed(t.warning)) return { level: "warning", threshold: t.warning };
    return { level: "normal" };
}

export class AnomalyScorer {
    private readonly states = new Map<string, SensorState>();

    constructor(private readonly config: ScorerConfig = DEFAULT_SCORER) {}

    state(key: string): SensorState | undefined {
        return this.states.get(key);
    }

    /** Score one reading of the sensor `key`; returns a finding when one should be emitted. */
    score(key: string, value: number, ts: number, thresholds?: SensorThresholds): Finding | undefined {
        const c = this.config;
        let s = this.states.get(key);
        if (!s) {
            s = { n: 0, mean: value, variance: 0, level: "normal", lastEmitTs: Number.NEGATIVE_INFINITY };
            this.states.set(key, s);
        }
        const std = Math.sqrt(Math.max(s.variance, (c.minRelativeStd * Math.abs(s.mean)) ** 2, 1e-12));
        const z = s.n > 0 ? (value - s.mean) / std : 0;
        const directed = thresholds ? (thresholds.direction === "below" ? -z : z) : Math.abs(z);
        const statistical = s.n >= c.warmup && directed >= c.zWarning;
        const t = thresholdLevel(value, thresholds);

        let level: Level = t.level;
        let reason: Finding["reason"] = "threshold";
        if (statistical && RANK[level] < RANK.warning) {
            level = "warning";
            reason = "statistical";
        }
        const baseline = s.mean;
        if (!statistical) this.learn(s, value);

        if (level === "normal") {
            s.level = "normal";
            return undefined;
        }
        const rising = RANK[level] > RANK[s.level];
        const due = ts - s.lastEmitTs >= c.renotifyMs;
        s.level = level;
        if (!rising && !due) return undefined;
        s.lastEmitTs = ts;
        const finding: Finding = { severity: level, reason, value, ts, baseline: round(baseline) };
        if (s.n > 0) finding.zScore = round(z);
        if (t.threshold !== undefined && reason === "threshold") finding.threshold = t.threshold;
        return finding;
    }

    private learn(s: SensorState, x: number): void {
        const a = Math.max(this.config.alpha, 1 / (s.n + 1));
        const d = x - s.mean;
        s.mean += a * d;
        s.variance = (1 - a) * (s.variance + a * d * d);
        s.n += 1;
    }
}

const round = (v: number) => Math.round(v * 1000) / 1000;
