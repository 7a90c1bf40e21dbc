/**
 * Season detection: the autocorrelation of the linearly detrended series at every lag from 2 to
 * half its length (so that at least two whole seasons are seen). The season is the shortest lag at
 * a local maximum of the autocorrelation whose value is at least 95% of the highest such maximum
 * and at least MIN_SEASON_ACF; hourly data with a daily and a weekly pattern so gets 168 (the week
 * holds the day), and with a daily pattern alone 24 (48, 72 ... are not higher).
 */
export const MIN_SEASON_ACF = 0.3;

/** y minus its least-squares line. */
export function detrend(y: readonly number[]): number[] {
    const n = y.length;
    const xm = (n - 1) / 2;
    const ym = y.reduce((a, b) => a + b, 0) / n;
    let sxy = 0;
    let sxx = 0;
    for (let i = 0; i < n; i++) {
        sxy += (i - xm) * (y[i] - ym);
        sxx += (i - xm) * (i - xm);
    }
    const slope = sxx === 0 ? 0 : sxy / sxx;
    return y.map((v, i) => v - (ym + slope * (i - xm)));
}

/** Sample autocorrelation of `x` at lags 0..maxLag (x assumed zero-mean after detrending). */
export function autocorrelation(x: readonly number[], maxLag: number): number[] {
    const n = x.length;
    const mean = x.reduce((a, b) => a + b, 0) / n;
    const d = x.map((v) => v - mean);
    const c0 = d.reduce((a, v) => a + v * v, 0);
    const out: number[] = [];
    for (let lag = 0; lag <= maxLag; lag++) {
        let s = 0;
        for (let i = lag; i < n; i++) s += d[i] * d[i - lag];
        out.push(c0 === 0 ? 0 : s / c0);
    }
    return out;
}

/** The season length in steps, or undefined when the series shows none. */
export function detectSeason(y: readonly number[], maxLag = Math.floor(y.length / 2)): number | undefined {
    const limit = Math.min(maxLag, Math.floor(y.length / 2));
    if (limit < 3) return undefined;
    const acf = autocorrelation(detrend(y), limit + 1);
    const peaks: { lag: number; r: number }[] = [];
    for (let lag = 2; lag <= limit; lag++)
        if (acf[lag] >= MIN_SEASON_ACF && acf[lag] > acf[lag - 1] && acf[lag] >= acf[lag + 1]) peaks.push({ lag, r: acf[lag] });
    if (peaks.length === 0) return undefined;
    const top = Math.max(...peaks.map((p) => p.r));
    return peaks.find((p) => p.r >= 0.95 * top)!.lag;
}
