/**
 * The forecaster: one regular series in, a point forecast with a prediction interval per future
 * step out. Method by what the series supports:
 * - `constant`: every value equal; the forecast is that value, the interval has zero width.
 * - `holt-winters`: a season was detected (or given) and the series holds two of them.
 * - `seasonal-naive`: a season, but fewer than two of it: each step repeats the value one season
 *   back; the interval comes from the spread of the one-season differences seen.
 * - `holt`: no season: level and trend (Holt's linear method).
 * Never NaN: every number out is finite, or the series is refused with a reason.
 */
import { fitHoltWinters, forecastHoltWinters } from "./holt-winters";
import { detectSeason } from "./season";
import type { RegularSeries } from "./series";

export type ForecastMethod = "constant" | "holt-winters" | "seasonal-naive" | "holt";

export interface ForecastPoint {
    series: string;
    ts: string;
    value: number;
    lower: number;
    upper: number;
}

export interface ForecastResult {
    series: string;
    method: ForecastMethod;
    /** Season length in steps (1: none). */
    season: number;
    points: ForecastPoint[];
}

export interface ForecastOptions {
    /** Number of future steps. */
    horizon: number;
    /** Nominal coverage of the prediction interval, in percent. @default 95 */
    level?: number;
    /** Season length in steps; undefined detects it. */
    season?: number;
}

/** The standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
    if (!(p > 0 && p < 1)) throw new RangeError(`probability must be in (0, 1), got ${p}`);
    const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
    const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
    const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
    const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
    const lowP = 0.02425;
    if (p < lowP) {
        const q = Math.sqrt(-2 * Math.log(p));
        return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    if (p > 1 - lowP) return -normalQuantile(1 - p);
    const q = p - 0.5;
    const r = q * q;
    return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

function seasonalNaive(y: readonly number[], m: number, h: number): { mean: number[]; sd: number[] } {
    const diffs: number[] = [];
    for (let i = m; i < y.length; i++) diffs.push(y[i] - y[i - m]);
    const spread = diffs.length >= 2 ? Math.sqrt(diffs.reduce((a, v) => a + v * v, 0) / diffs.length) : standardDeviation(y);
    const mean: number[] = [];
    const sd: number[] = [];
    for (let k = 1; k <= h; k++) {
        const back = y.length - m + ((k - 1) % m);
        mean.push(y[back]);
        // Each further whole season adds one more independent one-season difference.
        sd.push(spread * Math.sqrt(Math.floor((k - 1) / m) + 1));
    }
    return { mean, sd };
}

function standardDeviation(y: readonly number[]): number {
    const mean = y.reduce((a, b) => a + b, 0) / y.length;
    return Math.sqrt(y.reduce((a, v) => a + (v - mean) * (v - mean), 0) / y.length);
}

/** Forecast one regular series. */
export function forecastSeries(s: RegularSeries, o: ForecastOptions): ForecastResult {
    const level = o.level ?? 95;
    if (!(level > 0 && level < 100)) throw new RangeError(`level must be between 0 and 100 (exclusive), got ${level}`);
    if (!Number.isInteger(o.horizon) || o.horizon < 1) throw new RangeError(`horizon must be at least one step, got ${o.horizon}`);
    const z = normalQuantile(0.5 + level / 200);
    const y = s.values;
    let method: ForecastMethod;
    let season = 1;
    let path: { mean: number[]; sd: number[] };
    if (y.every((v) => v === y[0])) {
        method = "constant";
        path = { mean: new Array(o.horizon).fill(y[0]), sd: new Array(o.horizon).fill(0) };
    } else {
        season = o.season ?? detectSeason(y) ?? 1;
        if (season > 1 && y.length >= 2 * season) {
            method = "holt-winters";
            path = forecastHoltWinters(fitHoltWinters(y, season), o.horizon);
        } else if (season > 1 && y.length > season) {
            method = "seasonal-naive";
            path = seasonalNaive(y, season, o.horizon);
        } else {
            method = "holt";
            season = 1;
            path = forecastHoltWinters(fitHoltWinters(y, 1), o.horizon);
        }
    }
    const points = path.mean.map((value, i) => {
        const half = z * path.sd[i];
        return { series: s.name, ts: new Date(s.start + (y.length + i) * s.step).toISOString(), value, lower: value - half, upper: value + half };
    });
    for (const p of points)
        if (![p.value, p.lower, p.upper].every(Number.isFinite)) throw new Error(`internal: ${method} produced a non-finite forecast for ${s.name} at ${p.ts}`);
    return { series: s.name, method, season, points };
}

/** Mean absolute scaled error (Hyndman & Koehler 2006): MAE of the forecast over the MAE of the in-sample seasonal naive forecast. */
export function mase(actual: readonly number[], predicted: readonly number[], insample: readonly number[], m: number): number {
    let scale = 0;
    for (let i = m; i < insample.length; i++) scale += Math.abs(insample[i] - insample[i - m]);
    scale /= insample.length - m;
    const mae = actual.reduce((a, v, i) => a + Math.abs(v - predicted[i]), 0) / actual.length;
    return mae / scale;
}
