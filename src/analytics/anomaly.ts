/**
 * Anomaly scoring for one stream of sensor readings: the site file's thresholds plus a rolling
 * statistic per sensor, an EWMA control chart (Roberts 1959):
 *
 * - Thresholds (from the equipment registry) decide `warning` / `critical`, in the sensor's
 *   direction (`above` or `below`).
 * - The baseline mean μ and variance σ² of each sensor are exponentially weighted averages that
 *   learn only while the sensor is in control. A fast EWMA c of the readings (weight λ) is
 *   compared with the baseline: z = (c − μ) / σc, where σc is the chart's own spread measured
 *   while in control (at least the textbook σ·√(λ/(2−λ)); measuring it absorbs slow operating
 *   cycles that would otherwise look like shifts). The baseline stops learning
 *   while |z| ≥ zLearn, so a slow drift cannot become the new normal. |z| ≥ zWarning is a `warning`
 *   (statistics say "unusual"; only a threshold says "dangerous"). Averaging makes the chart
 *   sensitive to small persistent shifts — a developing bearing fault — long before a fixed
 *   limit, and deaf to single noisy samples. With thresholds the test is one-sided in their
 *   direction; without, two-sided. The first `warmup` samples only learn.
 * - Once raised, a level holds until `clearAfter` consecutive normal samples (hysteresis: a value
 *   hovering at a threshold is one anomaly, not hundreds). A finding is emitted when the level
 *   rises, and again every `renotifyMs` while it lasts; the maintenance workflow de-duplicates
 *   further by open work order.
 *
 * State lives in memory per Lambda execution environment, keyed by site and sensor. The IoT
 * rule partitions the stream by site/thing, so one gateway's readings always arrive on the same
 * shard in order, and the event source mapping runs one batch per shard at a time. A new
 * environment (cold start, reshard) starts a fresh warm-up: the thresholds keep working during
 * it, and no per-reading database writes are needed at the stream's rates.
 */

export type Level = "normal" | "warning" | "critical";
const RANK: Record<Level, number> = { normal: 0, warning: 1, critical: 2 };

export interface SensorThresholds {
    warning?: number;
    critical?: number;
    direction: "above" | "below";
}

export interface ScorerConfig {
    /** EWMA weight of a new sample in the baseline mean and variance. */
    alpha: number;
    /** EWMA weight of a new sample in the control statistic. */
    lambda: number;
    /** Samples before the chart may raise a finding. */
    warmup: number;
    /** |z| at which the control statistic is unusual. */
    zWarning: number;
    /** The baseline learns only while |z| stays below this: a slow drift cannot teach it that the drift is normal. */
    zLearn: number;
    /** The standard deviation never counts as less than this fraction of |mean| (quantized sensors). */
    minRelativeStd: number;
    /** Consecutive normal samples that clear a raised level. */
    clearAfter: number;
    /** While an anomaly lasts, the same severity is emitted again after this long. */
    renotifyMs: number;
}

export const DEFAULT_SCORER: ScorerConfig = {
    alpha: 0.01,
    lambda: 0.1,
    warmup: 360,
    zWarning: 5,
    zLearn: 3,
    minRelativeStd: 0.01,
    clearAfter: 30,
    renotifyMs: 60 * 60 * 1000,
};

export interface SensorState {
    n: number;
    mean: number;
    variance: number;
    /** The control statistic (fast EWMA of the readings). */
    chart: number;
    /** Exponentially weighted mean square of chart − mean while in control. */
    chartVariance: number;
    level: Level;
    /** Consecutive normal samples while a level is raised. */
    calm: number;
    lastEmitTs: number;
}

export interface Finding {
    severity: Exclude<Level, "normal">;
    reason: "threshold" | "statistical" | "edge-alarm";
    value: number;
    ts: number;
    /** The control chart's z at this reading. */
    zScore?: number;
    threshold?: number;
    /** Baseline mean the reading was compared with. */
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
            s = { n: 0, mean: value, variance: 0, chart: value, chartVariance: 0, level: "normal", calm: 0, lastEmitTs: Number.NEGATIVE_INFINITY };
            this.states.set(key, s);
        }
        s.chart += c.lambda * (value - s.chart);
        // the chart's spread: measured (it includes slow operating cycles the iid formula misses),
        // never below the iid value σ·√(λ/(2−λ)) nor the quantization floor
        const iid = Math.max(s.variance, (c.minRelativeStd * Math.abs(s.mean)) ** 2, 1e-12) * (c.lambda / (2 - c.lambda));
        const z = (s.chart - s.mean) / Math.sqrt(Math.max(s.chartVariance, iid));
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
        if (level === "normal" && (s.n < c.warmup || Math.abs(z) < c.zLearn)) this.learn(s, value);

        if (level === "normal") {
            if (s.level !== "normal" && ++s.calm >= c.clearAfter) {
                s.level = "normal";
                s.calm = 0;
            }
            return undefined;
        }
        s.calm = 0;
        const rising = RANK[level] > RANK[s.level];
        const due = level === s.level && ts - s.lastEmitTs >= c.renotifyMs;
        if (rising) s.level = level;
        if (!rising && !due) return undefined;
        s.lastEmitTs = ts;
        const finding: Finding = { severity: level, reason, value, ts, baseline: round(baseline), zScore: round(z) };
        if (t.threshold !== undefined && reason === "threshold") finding.threshold = t.threshold;
        return finding;
    }

    private learn(s: SensorState, x: number): void {
        const a = Math.max(this.config.alpha, 1 / (s.n + 1));
        const d = x - s.mean;
        s.mean += a * d;
        s.variance = (1 - a) * (s.variance + a * d * d);
        // the chart's spread adapts ten times slower than the baseline: a developing fault must not
        // widen the band it is measured against
        const av = Math.max(this.config.alpha / 10, 1 / (s.n + 1));
        const dc = s.chart - s.mean;
        s.chartVariance = (1 - av) * s.chartVariance + av * dc * dc;
        s.n += 1;
    }
}

const round = (v: number) => Math.round(v * 1000) / 1000;
