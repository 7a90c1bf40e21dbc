/**
 * What `fleet forecast` (and the regional forecasting job) does with a CSV: parse, regularize,
 * forecast every series, and format. Options are checked here so that the CLI and the job report
 * the same messages. Pure: text in, text out.
 */
import { parseDuration } from "../model/durations";
import { forecastSeries, type ForecastPoint } from "./forecast";
import { parseSeriesCsv, regularize, type RegularSeries } from "./series";

export interface RunOptions {
    horizon: string;
    format: string;
    level: string;
    season: string;
}

export interface RunResult {
    /** `file:line: message` lines; nothing is forecast when there is one. */
    errors: string[];
    /** One line per series: method, season, filled steps, replaced outliers (stderr). */
    notes: string[];
    output: string;
}

const csvCell = (v: string | number) => (typeof v === "number" ? String(v) : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function formatPoints(points: ForecastPoint[], format: string): string {
    if (format === "csv")
        return ["series,ts,value,lower,upper", ...points.map((p) => [p.series, p.ts, p.value, p.lower, p.upper].map(csvCell).join(","))].join("\n");
    return points.map((p) => JSON.stringify({ series: p.series, ts: p.ts, value: p.value, lower: p.lower, upper: p.upper })).join("\n");
}

export function runForecast(file: string, text: string, o: RunOptions): RunResult {
    const errors: string[] = [];
    const horizonSeconds = parseDuration(o.horizon);
    if (horizonSeconds === undefined || horizonSeconds <= 0)
        errors.push(`--horizon: ${JSON.stringify(o.horizon)} is not a duration; use <number><unit> with s, m, h, d or w (e.g. 7d)`);
    const level = Number(o.level);
    if (!(Number.isFinite(level) && level > 0 && level < 100))
        errors.push(`--level: ${JSON.stringify(o.level)} is not a percentage between 0 and 100 (e.g. 95)`);
    const season = o.season === "auto" ? undefined : Number(o.season);
    if (season !== undefined && !(Number.isInteger(season) && season >= 1))
        errors.push(`--season: ${JSON.stringify(o.season)} is not auto or a whole number of steps (e.g. 168 for a week of hourly readings)`);
    const parsed = parseSeriesCsv(text);
    errors.push(...parsed.problems.map((p) => `${file}:${p.line}: ${p.message}`));
    if (parsed.problems.length === 0 && parsed.series.length === 0) errors.push(`${file}:1: no readings; add lines series,ts,value`);
    const ready: RegularSeries[] = [];
    if (parsed.problems.length === 0)
        for (const s of parsed.series) {
            const r = regularize(s);
            if ("line" in r) errors.push(`${file}:${r.line}: ${r.message}`);
            else ready.push(r);
        }
    if (errors.length > 0) return { errors, notes: [], output: "" };
    const notes: string[] = [];
    const points: ForecastPoint[] = [];
    for (const s of ready) {
        const horizon = Math.ceil((horizonSeconds! * 1000) / s.step);
        const f = forecastSeries(s, { horizon, level, season });
        points.push(...f.points);
        notes.push(
            `${s.name}: ${f.method}${f.season > 1 ? ` (season ${f.season} steps)` : ""}, ${s.values.length} steps of ${s.step / 1000}s, ${s.filled} filled, ${s.outliers} outlier(s) replaced, ${horizon} forecast`,
        );
    }
    return { errors, notes, output: formatPoints(points, o.format) };
}
