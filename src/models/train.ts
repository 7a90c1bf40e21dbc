/**
 * The trainer: from readings of normal operation, one window model per sensor (docs/models.md,
 * "Training"). Every problem (constant sensor, too few readings, duplicate times) is collected
 * with the sensor and line, so the CLI reports them all at once. Pure and deterministic: the same
 * readings give the same model bytes (except `trainedAt`, which the caller passes).
 */
import { MODEL_FORMAT, MODEL_FORMAT_VERSION, type ModelInfo, type SensorModel, type Thresholds } from "./format";
import { mean, quantile, sd, solve } from "./linalg";
import { medianInterval, type Reading } from "./readings";
import { featureMatrix, scoreWindow } from "./window-model";

export interface TrainOptions {
    name: string;
    /** Autoregressive order. */
    order: number;
    /** Residuals in the burst part. */
    burstLength: number;
    /** Smallest and largest window (readings). */
    minWindow: number;
    maxWindow: number;
    gapFactor: number;
    /** Quantile of the training parts that sets each threshold, and the margin above it. */
    quantile: number;
    margin: number;
    /** Lowest thresholds, whatever the training data says. */
    floors: Thresholds;
    /** Scorable windows a sensor needs. */
    minWindows: number;
    trainedAt: string;
    producer: string;
}

export const DEFAULT_TRAIN: Omit<TrainOptions, "name" | "trainedAt"> = {
    order: 8,
    burstLength: 16,
    minWindow: 24,
    maxWindow: 256,
    gapFactor: 3,
    quantile: 0.9995,
    margin: 1.05,
    floors: { burst: 1.45, spike: 3.75, level: 3.75 },
    minWindows: 200,
    producer: "fleet",
};

export type TrainResult = { ok: true; info: Omit<ModelInfo, "sha256" | "bytes">; warnings: string[] } | { ok: false; problems: string[]; warnings: string[] };

/** Split one sensor's (sorted) readings into runs without pauses longer than gapFactor intervals. */
export function segments(rs: readonly Reading[], intervalMs: number, gapFactor: number): Reading[][] {
    const out: Reading[][] = [];
    let cur: Reading[] = [];
    for (const r of rs) {
        if (cur.length > 0 && r.ts - cur[cur.length - 1].ts > gapFactor * intervalMs) {
            out.push(cur);
            cur = [];
        }
        cur.push(r);
    }
    if (cur.length > 0) out.push(cur);
    return out;
}

/** The dominant cycle in readings (autocorrelation peak after its first zero crossing), or null. */
export function dominantPeriod(z: readonly number[], maxLag: number): number | null {
    const n = z.length;
    const lagLimit = Math.min(maxLag, Math.floor(n / 3));
    const acf = (lag: number) => {
        let s = 0;
        for (let i = lag; i < n; i++) s += z[i] * z[i - lag];
        return s / (n - lag);
    };
    const var0 = acf(0);
    if (!(var0 > 0)) return null;
    let crossed = false;
    let best = -1;
    let bestValue = 0.3;
    for (let lag = 1; lag <= lagLimit; lag++) {
        const r = acf(lag) / var0;
        if (!crossed) {
            crossed = r < 0;
            continue;
        }
        if (r > bestValue) {
            bestValue = r;
            best = lag;
        } else if (best > 0 && r < bestValue - 0.2) break;
    }
    return best > 0 ? best : null;
}

function fitAr(segs: readonly number[][], p: number): { ar: number[]; intercept: number } | undefined {
    const k = p + 1;
    const A = Array.from({ length: k }, () => new Array<number>(k).fill(0));
    const b = new Array<number>(k).fill(0);
    const row = new Array<number>(k);
    for (const z of segs) {
        for (let t = p; t < z.length; t++) {
            row[0] = 1;
            for (let i = 1; i <= p; i++) row[i] = z[t - i];
            for (let a = 0; a < k; a++) {
                b[a] += row[a] * z[t];
                for (let c = 0; c < k; c++) A[a][c] += row[a] * row[c];
            }
        }
    }
    for (let a = 1; a < k; a++) A[a][a] += 1e-6 * A[0][0];
    const x = solve(A, b);
    return x && { intercept: x[0], ar: x.slice(1) };
}

interface Prepared {
    name: string;
    segs: Reading[][];
    intervalMs: number;
    center: number;
    scale: number;
    period: number | null;
    window: number;
}

/** Checks and normalisation of one sensor; the problems say what to do. */
function prepare(name: string, rs: Reading[], o: Omit<TrainOptions, "name" | "trainedAt">, problems: string[], warnings: string[]): Prepared | undefined {
    const dup = rs.find((r, i) => i > 0 && r.ts === rs[i - 1].ts);
    if (dup) {
        const first = rs.find((r) => r.ts === dup.ts && r !== dup);
        problems.push(`sensor ${name}: two readings at ts ${dup.ts} (lines ${first?.line} and ${dup.line}); keep one reading per time`);
        return undefined;
    }
    const values = rs.map((r) => r.value);
    // The center is a float32, so the graph (float32) subtracts it exactly as the reference does.
    const center = Math.fround(mean(values));
    const scale = sd(values, center);
    if (!(scale > 1e-9 * Math.max(1, Math.abs(center)))) {
        problems.push(
            `sensor ${name}: constant (${values.length} readings, all ${values[0]}); a model needs variation: leave the sensor out of the training data`,
        );
        return undefined;
    }
    const intervalMs = medianInterval(rs.map((r) => r.ts));
    const segs = segments(rs, intervalMs, o.gapFactor);
    if (segs.length > 1) {
        const at = segs.slice(1, 4).map((s) => `line ${s[0].line}`);
        warnings.push(
            `sensor ${name}: ${segs.length - 1} pause(s) longer than ${o.gapFactor} sampling intervals (${intervalMs} ms), at ${at.join(", ")}${segs.length > 4 ? ", ..." : ""}; windows do not span them`,
        );
    }
    const longest = segs.reduce((a, s) => (s.length > a.length ? s : a), segs[0]);
    const period = dominantPeriod(
        longest.map((r) => (r.value - center) / scale),
        o.maxWindow,
    );
    let window = period === null ? Math.max(o.minWindow, 32) : period * Math.max(1, Math.ceil(o.minWindow / period));
    window = Math.min(o.maxWindow, Math.max(window, o.burstLength + o.order, o.minWindow));
    return { name, segs, intervalMs, center, scale, period, window };
}

function trainSensor(p: Prepared, W: number, o: Omit<TrainOptions, "name" | "trainedAt">, problems: string[]): SensorModel | undefined {
    const zs = p.segs.map((s) => s.map((r) => (r.value - p.center) / p.scale));
    const scorable = zs.reduce((a, z) => a + Math.max(0, z.length - W + 1), 0);
    const readings = zs.reduce((a, z) => a + z.length, 0);
    if (scorable < o.minWindows) {
        problems.push(
            `sensor ${p.name}: too few readings (${readings} in ${zs.length} run(s) without pauses give ${scorable} windows of ${W}; need ${o.minWindows}, i.e. at least ${W + o.minWindows - 1} consecutive readings)`,
        );
        return undefined;
    }
    const fit = fitAr(zs, o.order);
    if (!fit) {
        problems.push(`sensor ${p.name}: the readings do not determine a prediction model (singular system); provide more varied normal data`);
        return undefined;
    }
    const residuals: number[] = [];
    const levels: number[] = [];
    for (const z of zs) {
        for (let t = o.order; t < z.length; t++) {
            let pred = fit.intercept;
            for (let i = 1; i <= o.order; i++) pred += fit.ar[i - 1] * z[t - i];
            residuals.push(z[t] - pred);
        }
        for (let t = W - 1; t < z.length; t++) levels.push(mean(z.slice(t - p.window + 1, t + 1)));
    }
    const all = zs.flat();
    const base: SensorModel = {
        name: p.name,
        window: p.window,
        period: p.period,
        center: p.center,
        scale: p.scale,
        ar: fit.ar,
        intercept: fit.intercept,
        residualSd: Math.max(sd(residuals, 0), 1e-9),
        levelMean: mean(levels),
        levelSd: Math.max(sd(levels), 1e-9),
        thresholds: { burst: 1, spike: 1, level: 1 },
        training: {
            readings,
            from: p.segs[0][0].ts,
            to: p.segs[p.segs.length - 1][p.segs[p.segs.length - 1].length - 1].ts,
            min: Math.min(...all) * p.scale + p.center,
            max: Math.max(...all) * p.scale + p.center,
            mean: p.center,
            sd: p.scale,
            intervalMs: p.intervalMs,
            gaps: p.segs.length - 1,
            windows: scorable,
            trainingAlarmRate: 0,
        },
    };
    // Calibrate: with unit thresholds the parts are the raw statistics.
    const info = { window: W, burstLength: o.burstLength };
    const raw: number[][] = [[], [], []];
    const matrix = featureMatrix(base, W, o.burstLength);
    for (const seg of p.segs) {
        for (let t = W - 1; t < seg.length; t++) {
            const s = scoreWindow(
                info,
                base,
                seg.slice(t - W + 1, t + 1).map((r) => r.value),
                matrix,
            );
            s.parts.forEach((v, i) => raw[i].push(v));
        }
    }
    const th = (i: number, floor: number) => Math.max(floor, o.margin * quantile(raw[i], o.quantile));
    base.thresholds = { burst: th(0, o.floors.burst), spike: th(1, o.floors.spike), level: th(2, o.floors.level) };
    const t = [base.thresholds.burst, base.thresholds.spike, base.thresholds.level];
    let alarms = 0;
    for (let k = 0; k < raw[0].length; k++) if (raw.some((r, i) => r[k] > t[i])) alarms++;
    base.training.trainingAlarmRate = alarms / raw[0].length;
    return base;
}

/** Train a model on readings grouped by sensor (see readings.bySensor). */
export function train(groups: Map<string, Reading[]>, options: Partial<TrainOptions> & Pick<TrainOptions, "name" | "trainedAt">): TrainResult {
    const o: TrainOptions = { ...DEFAULT_TRAIN, ...options };
    const problems: string[] = [];
    const warnings: string[] = [];
    if (groups.size === 0) return { ok: false, problems: ["no readings: the input has a header but no data rows"], warnings };
    const prepared: Prepared[] = [];
    for (const [name, rs] of groups) {
        const p = prepare(name, rs, o, problems, warnings);
        if (p) prepared.push(p);
    }
    const W = Math.max(0, ...prepared.map((p) => p.window));
    const models: SensorModel[] = [];
    for (const p of prepared) {
        const m = trainSensor(p, W, o, problems);
        if (m) models.push(m);
    }
    if (problems.length > 0) return { ok: false, problems, warnings };
    return {
        ok: true,
        warnings,
        info: {
            format: MODEL_FORMAT,
            formatVersion: MODEL_FORMAT_VERSION,
            name: o.name,
            window: W,
            order: o.order,
            burstLength: o.burstLength,
            gapFactor: o.gapFactor,
            sensors: models.map((m) => m.name),
            models,
            scoreThreshold: 1,
            trainedAt: o.trainedAt,
            producer: o.producer,
        },
    };
}
