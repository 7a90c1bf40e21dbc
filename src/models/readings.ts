/**
 * Readings in the lake's long CSV format: a header `sensor,ts,value` (any column order, extra
 * columns ignored), `ts` in epoch milliseconds or ISO 8601, `value` a number. Parsing keeps
 * every problem with its line, so the CLI reports them all at once. Pure.
 */

export interface Reading {
    sensor: string;
    ts: number;
    value: number;
    /** 1-based line in the source file. */
    line: number;
}

export interface ParseResult {
    readings: Reading[];
    problems: string[];
}

const MAX_PROBLEMS = 50;

/** Split a CSV line (RFC 4180 quoting, no embedded newlines). */
export function splitCsvLine(line: string): string[] {
    const out: string[] = [];
    let cur = "";
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
        const c = line[i];
        if (quoted) {
            if (c === '"' && line[i + 1] === '"') {
                cur += '"';
                i++;
            } else if (c === '"') quoted = false;
            else cur += c;
        } else if (c === '"') quoted = true;
        else if (c === ",") {
            out.push(cur);
            cur = "";
        } else cur += c;
    }
    out.push(cur);
    return out;
}

/** Epoch ms from a number of ms or an ISO 8601 date-time; NaN when neither. */
export function parseTs(text: string): number {
    const t = text.trim();
    if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
    if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(t)) return Date.parse(t.replace(" ", "T"));
    return NaN;
}

/**
 * Parse CSV text. A value that is empty, `NaN` or not a number is a problem with its line
 * (training refuses it; scoring reports the reading "not scored"), so it is kept in `readings`
 * as NaN only when `keepNaN` is set.
 */
export function parseReadings(text: string, file: string, opts: { keepNaN?: boolean } = {}): ParseResult {
    const problems: string[] = [];
    const readings: Reading[] = [];
    const lines = text.split(/\r?\n/);
    const header = splitCsvLine(lines[0] ?? "").map((h) => h.trim().toLowerCase());
    const col = { sensor: header.indexOf("sensor"), ts: header.indexOf("ts"), value: header.indexOf("value") };
    const missing = Object.entries(col)
        .filter(([, i]) => i < 0)
        .map(([k]) => k);
    if (missing.length > 0) {
        return {
            readings,
            problems: [`${file}:1: header must name the columns sensor,ts,value (missing: ${missing.join(", ")}; got ${JSON.stringify(lines[0] ?? "")})`],
        };
    }
    let extra = 0;
    const problem = (msg: string) => {
        if (problems.length < MAX_PROBLEMS) problems.push(msg);
        else extra++;
    };
    for (let i = 1; i < lines.length; i++) {
        const raw = lines[i];
        if (raw.trim() === "") continue;
        const cells = splitCsvLine(raw);
        const line = i + 1;
        const sensor = (cells[col.sensor] ?? "").trim();
        const tsText = cells[col.ts] ?? "";
        const valueText = (cells[col.value] ?? "").trim();
        if (!sensor) {
            problem(`${file}:${line}: sensor is empty`);
            continue;
        }
        const ts = parseTs(tsText);
        if (!Number.isFinite(ts)) {
            problem(`${file}:${line}: ts ${JSON.stringify(tsText)} is not epoch milliseconds or an ISO 8601 date-time`);
            continue;
        }
        const value = valueText === "" ? NaN : Number(valueText);
        if (!Number.isFinite(value)) {
            if (!opts.keepNaN) {
                problem(`${file}:${line}: value ${JSON.stringify(valueText)} of sensor ${sensor} is not a finite number`);
                continue;
            }
            readings.push({ sensor, ts, value: NaN, line });
            continue;
        }
        readings.push({ sensor, ts, value, line });
    }
    if (extra > 0) problems.push(`${file}: ${extra} more problems not shown`);
    return { readings, problems };
}

/** Group by sensor, each sorted by time (stable for equal times, which training refuses). */
export function bySensor(readings: Reading[]): Map<string, Reading[]> {
    const out = new Map<string, Reading[]>();
    for (const r of readings) {
        const list = out.get(r.sensor);
        if (list) list.push(r);
        else out.set(r.sensor, [r]);
    }
    for (const list of out.values()) list.sort((a, b) => a.ts - b.ts || a.line - b.line);
    return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The median of the positive differences between consecutive times (ms); NaN with fewer than two. */
export function medianInterval(ts: readonly number[]): number {
    const d: number[] = [];
    for (let i = 1; i < ts.length; i++) if (ts[i] > ts[i - 1]) d.push(ts[i] - ts[i - 1]);
    if (d.length === 0) return NaN;
    d.sort((a, b) => a - b);
    return d[Math.floor(d.length / 2)];
}
