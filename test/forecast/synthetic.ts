/**
 * Synthetic production series for the forecaster's tests and benchmark: hourly readings with a
 * daily pattern (a shift plant: low at night, two peaks by day), a weekly pattern (weekends at a
 * fraction of weekday output), a linear trend and Gaussian noise, from a seed.
 */
import { random } from "../../src/generate/random";

export interface SyntheticOptions {
    seed: number;
    weeks: number;
    /** Noise standard deviation, in units of the daily amplitude. @default 0.15 */
    noise?: number;
    /** Growth per week, in units of the base level. @default 0.01 */
    trendPerWeek?: number;
    base?: number;
}

export const HOUR_MS = 3_600_000;
export const START = Date.UTC(2026, 0, 5); // a Monday

export function syntheticSeries(o: SyntheticOptions): number[] {
    const rnd = random(o.seed);
    const gauss = () => Math.sqrt(-2 * Math.log(1 - rnd.next())) * Math.cos(2 * Math.PI * rnd.next());
    const base = o.base ?? 100;
    const amplitude = 30;
    const out: number[] = [];
    for (let t = 0; t < o.weeks * 168; t++) {
        const hour = t % 24;
        const day = Math.floor(t / 24) % 7;
        const daily = amplitude * (0.6 * Math.sin((2 * Math.PI * (hour - 6)) / 24) + 0.4 * Math.sin((4 * Math.PI * hour) / 24));
        const weekly = day >= 5 ? 0.45 : 1;
        const trend = base * (o.trendPerWeek ?? 0.01) * (t / 168);
        out.push((base + daily) * weekly + trend + amplitude * (o.noise ?? 0.15) * gauss());
    }
    return out;
}

/** The series as the CSV the forecaster reads. */
export function toCsv(name: string, values: readonly number[], start = START, stepMs = HOUR_MS): string {
    return ["series,ts,value", ...values.map((v, i) => `${name},${new Date(start + i * stepMs).toISOString()},${v}`)].join("\n") + "\n";
}
