/**
 * Additive Holt-Winters (triple exponential smoothing) for regularly spaced series: level, trend
 * and one seasonal cycle of length m, with smoothing weights chosen by minimising the one-step-ahead
 * squared error (Nelder-Mead over a logistic reparametrisation, so every weight stays in (0, 1)).
 * Forecast variance follows the additive model's closed form (Hyndman et al., "Forecasting with
 * Exponential Smoothing", 2008, table 6.1, class 1: ETS(A,A,A)):
 *   var(h) = sigma^2 * (1 + sum_{j=1}^{h-1} (alpha * (1 + j * beta) + gamma * [j mod m == 0])^2)
 * Pure: arrays in, numbers out.
 */
import { nelderMead } from "./optimize";

export interface HoltWintersParams {
    alpha: number;
    beta: number;
    gamma: number;
}

export interface HoltWintersFit extends HoltWintersParams {
    m: number;
    level: number;
    trend: number;
    /** The last m seasonal terms, oldest first: season[i] applies to step n + i (mod m). */
    season: number[];
    /** Standard deviation of the one-step-ahead errors. */
    sigma: number;
    /** Sum of squared one-step-ahead errors over the fitted part. */
    sse: number;
}

/**
 * Initial level, trend and seasonal terms from the first two seasons (classical decomposition).
 * With m = 1 (no season: Holt's linear method) the two "seasons" are the first two points.
 */
function initialState(y: readonly number[], m: number): { level: number; trend: number; season: number[] } {
    if (m === 1) return { level: y[0], trend: y[1] - y[0], season: [0] };
    const mean = (from: number) => y.slice(from, from + m).reduce((a, b) => a + b, 0) / m;
    const first = mean(0);
    const second = mean(m);
    const trend = (second - first) / m;
    const season = y.slice(0, m).map((v, i) => v - (first + (i - (m - 1) / 2) * trend));
    return { level: first + ((m - 1) / 2) * trend, trend, season };
}

/** Run the recursions; returns the final state and the squared one-step errors after the first season. */
export function runHoltWinters(y: readonly number[], m: number, p: HoltWintersParams): Omit<HoltWintersFit, "sigma"> & { errors: number } {
    const init = initialState(y, m);
    let level = init.level;
    let trend = init.trend;
    const season = init.season.slice();
    let sse = 0;
    let errors = 0;
    for (let t = m; t < y.length; t++) {
        const s = season[t % m];
        const predicted = level + trend + s;
        const e = y[t] - predicted;
        sse += e * e;
        errors++;
        const newLevel = level + trend + p.alpha * e;
        trend = trend + p.alpha * p.beta * e;
        season[t % m] = s + p.gamma * e;
        level = newLevel;
    }
    const n = y.length;
    const ordered = Array.from({ length: m }, (_, i) => season[(n + i) % m]);
    return { ...p, m, level, trend, season: ordered, sse, errors };
}

const logistic = (x: number) => 1 / (1 + Math.exp(-x));
const logit = (p: number) => Math.log(p / (1 - p));

/**
 * Fit the smoothing weights to `y` (at least two seasons long) by least squares on one-step errors.
 * m = 1 fits Holt's linear method (level and trend, no season: gamma stays 0).
 */
export function fitHoltWinters(y: readonly number[], m: number): HoltWintersFit {
    if (!Number.isInteger(m) || m < 1) throw new RangeError(`season length must be a whole number of at least 1, got ${m}`);
    if (y.length < Math.max(3, 2 * m)) throw new RangeError(`Holt-Winters with season ${m} needs at least ${Math.max(3, 2 * m)} points, got ${y.length}`);
    // Weights are kept inside [0.001, 0.999]: alpha = 0 would never update the level.
    const squash = (x: number) => 0.001 + 0.998 * logistic(x);
    const toParams = (v: number[]): HoltWintersParams => ({ alpha: squash(v[0]), beta: squash(v[1]), gamma: m === 1 ? 0 : squash(v[2]) });
    const cost = (v: number[]) => runHoltWinters(y, m, toParams(v)).sse;
    const start = m === 1 ? [logit(0.3), logit(0.05)] : [logit(0.3), logit(0.05), logit(0.1)];
    const best = nelderMead(cost, start, { maxIterations: 400, step: 1.5 });
    const fit = runHoltWinters(y, m, toParams(best.x));
    const sigma = fit.errors > 0 ? Math.sqrt(fit.sse / fit.errors) : 0;
    const { errors: _errors, ...rest } = fit;
    return { ...rest, sigma };
}

/** Point forecasts and standard deviations for steps 1..h after the end of the fitted series. */
export function forecastHoltWinters(fit: HoltWintersFit, h: number): { mean: number[]; sd: number[] } {
    const mean: number[] = [];
    const sd: number[] = [];
    let sumSq = 0;
    for (let k = 1; k <= h; k++) {
        mean.push(fit.level + k * fit.trend + fit.season[(k - 1) % fit.m]);
        if (k > 1) {
            const j = k - 1;
            const c = fit.alpha * (1 + j * fit.beta) + (fit.m > 1 && j % fit.m === 0 ? fit.gamma : 0);
            sumSq += c * c;
        }
        sd.push(fit.sigma * Math.sqrt(1 + sumSq));
    }
    return { mean, sd };
}
