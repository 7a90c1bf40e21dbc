/**
 * Input series for the forecaster: the long CSV format of the lake's exports (`series,ts,value`,
 * one reading a line, any order), checked line by line, then each series put on a regular grid.
 *
 * - ts: ISO 8601 (`2026-11-02T14:00:00Z`) or Unix epoch seconds.
 * - value: a finite number; an empty, `NaN` or `null` value is a missing reading (a gap), not an error.
 * - The step is the series' most common spacing; missing steps are filled by linear interpolation
 *   between their neighbours and counted. More than MAX_GAP_SHARE missing is an error: a forecast
 *   from mostly invented data would look more certain than it is.
 * - Outliers (Hampel filter: further than OUTLIER_MADS scaled median absolute deviations from the
 *   median of their window) are replaced by that median before fitting, and counted.
 */
export const MAX_GAP_SHARE = 0.2;
export const OUTLIER_MADS = 5;
const HAMPEL_HALF_WINDOW = 12;

export interface CsvProblem {
    line: number;
    message: string;
}

export interface RawSeries {
    name: string;
    points: { ts: number; value: number | undefined; line: number }[];
}

const MISSING = new Set(["", "nan", "null", "na"]);

function parseTs(text: string): number | undefined {
    if (/^-?[0-9]+(\.[0-9]+)?$/.test(text)) return Number(text) * 1000;
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) return undefined;
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? undefined : ms;
}

/** Parse the CSV; every problem of every line at once. */
export function parseSeriesCsv(text: string): { series: RawSeries[]; problems: CsvProblem[] } {
    const lines = text.split(/\r?\n/);
    const problems: CsvProblem[] = [];
    const header = (lines[0] ?? "").trim().toLowerCase();
    if (header !== "series,ts,value") {
        problems.push({ line: 1, message: `header is ${JSON.stringify(lines[0] ?? "")}; expected "series,ts,value"` });
        return { series: [], problems };
    }
    const byName = new Map<string, RawSeries>();
    for (let i = 1; i < lines.length; i++) {
        const raw = lines[i];
        if (raw.trim() === "") continue;
        const cells = raw.split(",");
        const line = i + 1;
        if (cells.length !== 3) {
            problems.push({ line, message: `expected 3 fields (series,ts,value), found ${cells.length}` });
            continue;
        }
        const [name, tsText, valueText] = cells.map((c) => c.trim());
        if (!name) problems.push({ line, message: "series: empty; name the series (e.g. stuttgart-body-press-01-energy)" });
        const ts = parseTs(tsText);
        if (ts === undefined)
            problems.push({ line, message: `ts: ${JSON.stringify(tsText)} is not a time; use ISO 8601 with a zone (2026-11-02T14:00:00Z) or epoch seconds` });
        let value: number | undefined;
        if (!MISSING.has(valueText.toLowerCase())) {
            value = Number(valueText);
            if (!Number.isFinite(value)) {
                problems.push({ line, message: `value: ${JSON.stringify(valueText)} is not a finite number; leave it empty for a missing reading` });
                continue;
            }
        }
        if (!name || ts === undefined) continue;
        const s = byName.get(name) ?? { name, points: [] };
        byName.set(name, s);
        s.points.push({ ts, value, line });
    }
    return { series: [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)), problems };
}

export interface RegularSeries {
    name: string;
    /** Epoch milliseconds of the first point. */
    start: number;
    /** Milliseconds between points. */
    step: number;
    values: number[];
    /** Steps filled by interpolation (absent or missing readings). */
    filled: number;
    /** Readings replaced as outliers. */
    outliers: number;
}

/** Put a series on its regular grid; a problem (with the line that shows it) when it cannot be. */
export function regularize(s: RawSeries): RegularSeries | CsvProblem {
    const pts = s.points.slice().sort((a, b) => a.ts - b.ts);
    for (let i = 1; i < pts.length; i++)
        if (pts[i].ts === pts[i - 1].ts)
            return {
                line: pts[i].line,
                message: `series ${s.name}: two readings at ${new Date(pts[i].ts).toISOString()} (lines ${pts[i - 1].line} and ${pts[i].line})`,
            };
    if (pts.length < 3) return { line: pts[0]?.line ?? 1, message: `series ${s.name}: ${pts.length} reading(s); a forecast needs at least 3` };
    const diffs = new Map<number, number>();
    for (let i = 1; i < pts.length; i++) diffs.set(pts[i].ts - pts[i - 1].ts, (diffs.get(pts[i].ts - pts[i - 1].ts) ?? 0) + 1);
    const step = [...diffs.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0][0];
    const start = pts[0].ts;
    const bad = pts.find((p) => (p.ts - start) % step !== 0);
    if (bad)
        return {
            line: bad.line,
            message: `series ${s.name}: reading at ${new Date(bad.ts).toISOString()} is off the series' ${step / 1000}s grid; resample to a regular step first`,
        };
    const n = (pts[pts.length - 1].ts - start) / step + 1;
    const grid: (number | undefined)[] = new Array(n).fill(undefined);
    for (const p of pts) grid[(p.ts - start) / step] = p.value;
    const missing = grid.filter((v) => v === undefined).length;
    if (missing / n > MAX_GAP_SHARE)
        return {
            line: pts[0].line,
            message: `series ${s.name}: ${missing} of ${n} steps missing (more than ${MAX_GAP_SHARE * 100}%); fill the gaps or forecast a shorter, complete span`,
        };
    const known = grid.map((v, i) => ({ v, i })).filter((p): p is { v: number; i: number } => p.v !== undefined);
    if (known.length < 3) return { line: pts[0].line, message: `series ${s.name}: ${known.length} known value(s); a forecast needs at least 3` };
    const values = fillGaps(grid, known);
    const { cleaned, replaced } = hampel(values);
    return { name: s.name, start, step, values: cleaned, filled: missing, outliers: replaced };
}

function fillGaps(grid: (number | undefined)[], known: { v: number; i: number }[]): number[] {
    const out = new Array<number>(grid.length);
    let k = 0;
    for (let i = 0; i < grid.length; i++) {
        while (k + 1 < known.length && known[k + 1].i <= i) k++;
        const a = known[k];
        const b = known[k + 1];
        if (grid[i] !== undefined) out[i] = grid[i] as number;
        else if (i < known[0].i) out[i] = known[0].v;
        else if (!b) out[i] = a.v;
        else out[i] = a.v + ((b.v - a.v) * (i - a.i)) / (b.i - a.i);
    }
    return out;
}

const median = (xs: number[]) => {
    const s = xs.slice().sort((a, b) => a - b);
    const mid = s.length >> 1;
    return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

/** Hampel filter: replace points far from their window's median by that median. */
export function hampel(values: readonly number[], halfWindow = HAMPEL_HALF_WINDOW, mads = OUTLIER_MADS): { cleaned: number[]; replaced: number } {
    const cleaned = values.slice();
    let replaced = 0;
    for (let i = 0; i < values.length; i++) {
        const w = values.slice(Math.max(0, i - halfWindow), Math.min(values.length, i + halfWindow + 1));
        const med = median(w);
        const mad = 1.4826 * median(w.map((v) => Math.abs(v - med)));
        if (mad > 0 && Math.abs(values[i] - med) > mads * mad) {
            cleaned[i] = med;
            replaced++;
        }
    }
    return { cleaned, replaced };
}
