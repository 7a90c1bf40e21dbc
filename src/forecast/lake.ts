/**
 * The regional forecasting job (docs/forecasting.md, "The scheduled job"): which series of the lake
 * it forecasts, the Athena export that makes them hourly series, the state machine, the Glue
 * table the forecasts land in, and the rows it writes. Pure.
 *
 * Series: every sensor of the region's sites whose kind is one of FORECAST_KINDS (production
 * counters, energy, consumption). Counter kinds (COUNTER_KINDS: the reading is a running total)
 * become the increase within each hour (max − min: the step across an hour boundary and counter
 * resets are not counted); the others the hourly mean.
 */
import { athenaExportState, lakeReadingsSql, ATHENA_RESERVED, type GlueColumn } from "../analytics/glue";
import { COUNTER_KINDS, FORECAST_KINDS, type FleetModel, type RegionModel } from "../model/types";
import { forecastSeries, type ForecastMethod, type ForecastPoint } from "./forecast";
import { parseSeriesCsv, regularize } from "./series";

export { COUNTER_KINDS, FORECAST_KINDS };

export interface LakeSeries {
    site: string;
    sensor: string;
    kind: string;
    counter: boolean;
}

export const seriesName = (s: Pick<LakeSeries, "site" | "sensor">) => `${s.site}/${s.sensor}`;

/** The series the job forecasts in a region, sorted by site and sensor. */
export function forecastSeriesOf(fleet: Pick<FleetModel, "sites">, region: Pick<RegionModel, "name">): LakeSeries[] {
    const out: LakeSeries[] = [];
    for (const site of fleet.sites) {
        if (site.region !== region.name) continue;
        for (const s of site.sensors) {
            const kind = s.kind.toLowerCase();
            if (!(FORECAST_KINDS as readonly string[]).includes(kind)) continue;
            out.push({ site: site.name, sensor: s.name, kind, counter: (COUNTER_KINDS as readonly string[]).includes(kind) });
        }
    }
    return out.sort((a, b) => seriesName(a).localeCompare(seriesName(b)));
}

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** Hourly series `series,ts,value` (ts in epoch seconds) of the last `days` days, for `fleet forecast`'s CSV reader. */
export function forecastingSql(r: { database: string; table: string; days: number; series: readonly LakeSeries[] }): string {
    if (r.series.length === 0) throw new RangeError("the forecasting export needs at least one series");
    const all = r.series.map((s) => quote(seriesName(s))).join(", ");
    const counters = r.series.filter((s) => s.counter).map((s) => quote(seriesName(s)));
    const value =
        counters.length > 0 ? `CASE WHEN site || '/' || sensor IN (${counters.join(", ")}) THEN max(value) - min(value) ELSE avg(value) END` : "avg(value)";
    return (
        `SELECT site || '/' || sensor AS series, CAST(floor(ts / 3600000) * 3600 AS bigint) AS ts, ${value} AS value ` +
        `FROM (${lakeReadingsSql(r)}) WHERE site || '/' || sensor IN (${all}) ` +
        `GROUP BY site, sensor, CAST(floor(ts / 3600000) * 3600 AS bigint) ORDER BY 1, 2`
    );
}

/** The Glue table of forecasts: one row per series and future hour, per run. No column is an Athena reserved word. */
export const FORECASTS_TABLE = "forecasts";
export const FORECAST_COLUMNS: GlueColumn[] = [
    { name: "series", type: "string", comment: "<site>/<sensor>" },
    { name: "site", type: "string", comment: "site name" },
    { name: "sensor", type: "string", comment: "sensor name" },
    { name: "target_ms", type: "bigint", comment: "the hour forecast, epoch milliseconds UTC" },
    { name: "predicted", type: "double", comment: "point forecast" },
    { name: "lower_bound", type: "double", comment: "lower end of the prediction interval" },
    { name: "upper_bound", type: "double", comment: "upper end of the prediction interval" },
    { name: "interval_level", type: "double", comment: "nominal coverage of the interval, percent" },
    { name: "method", type: "string", comment: "holt-winters, seasonal-naive, holt or constant" },
    { name: "season_steps", type: "int", comment: "season length in hours (1: none)" },
    { name: "generated_ms", type: "bigint", comment: "when the job ran, epoch milliseconds UTC" },
];
export const FORECAST_PARTITION_KEYS: GlueColumn[] = [{ name: "run_date", type: "string", comment: "day the job ran, yyyy-MM-dd (UTC)" }];

/** Column names that Athena reserves (must be empty). */
export function reservedColumns(columns: readonly GlueColumn[]): string[] {
    return columns.filter((c) => ATHENA_RESERVED.has(c.name.toUpperCase())).map((c) => c.name);
}

/** Table parameters: JSON lines, `run_date` projected from the key layout (no crawler). */
export function forecastTableParameters(bucket: string, prefix: string): Record<string, string> {
    return {
        classification: "json",
        "projection.enabled": "true",
        "projection.run_date.type": "date",
        "projection.run_date.format": "yyyy-MM-dd",
        "projection.run_date.range": "2024-01-01,NOW",
        "projection.run_date.interval": "1",
        "projection.run_date.interval.unit": "DAYS",
        "storage.location.template": `s3://${bucket}/${prefix}run_date=\${run_date}/`,
    };
}

/** The key of one run's forecasts. */
export const forecastKey = (prefix: string, generatedMs: number) => {
    const iso = new Date(generatedMs).toISOString();
    return `${prefix}run_date=${iso.slice(0, 10)}/forecasts-${iso.replace(/[-:.]/g, "")}.json`;
};

/** Athena's CSV result (every field quoted, quotes doubled) as plain `series,ts,value` lines. */
export function fromAthenaCsv(text: string): string {
    const out: string[] = [];
    for (const line of text.split(/\r?\n/)) {
        if (line === "") continue;
        const cells: string[] = [];
        const re = /"((?:[^"]|"")*)"|([^,]*)/y;
        let at = 0;
        for (;;) {
            re.lastIndex = at;
            const m = re.exec(line);
            const cell = m ? (m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]) : "";
            cells.push(cell);
            at = re.lastIndex;
            if (line[at] !== ",") break;
            at++;
        }
        out.push(cells.join(","));
    }
    return out.join("\n");
}

export interface JobForecast {
    rows: string;
    forecast: { series: string; method: ForecastMethod; season: number; points: number }[];
    skipped: { series: string; reason: string }[];
}

/**
 * Forecast every series of an export with the code of `fleet forecast`. Unlike the CLI (which
 * forecasts nothing when one line is wrong), a series that cannot be forecast is skipped with its
 * reason and the others are still written.
 */
export function forecastExport(text: string, o: { horizonHours: number; level: number; generatedMs: number }): JobForecast {
    const parsed = parseSeriesCsv(fromAthenaCsv(text));
    const bad = new Map<number, string>(parsed.problems.map((p) => [p.line, p.message]));
    const skipped: JobForecast["skipped"] = [];
    if (parsed.problems.some((p) => p.line === 1)) return { rows: "", forecast: [], skipped: [{ series: "*", reason: parsed.problems[0].message }] };
    const lines: string[] = [];
    const forecast: JobForecast["forecast"] = [];
    for (const s of parsed.series) {
        const wrong = s.points.find((p) => bad.has(p.line));
        if (wrong) {
            skipped.push({ series: s.name, reason: `line ${wrong.line}: ${bad.get(wrong.line)}` });
            continue;
        }
        const r = regularize(s);
        if ("line" in r) {
            skipped.push({ series: s.name, reason: r.message });
            continue;
        }
        const horizon = Math.ceil((o.horizonHours * 3600 * 1000) / r.step);
        const f = forecastSeries(r, { horizon, level: o.level });
        forecast.push({ series: s.name, method: f.method, season: f.season, points: f.points.length });
        for (const p of f.points) lines.push(JSON.stringify(row(p, f.method, f.season, o)));
    }
    return { rows: lines.length > 0 ? `${lines.join("\n")}\n` : "", forecast, skipped };
}

function row(p: ForecastPoint, method: ForecastMethod, season: number, o: { level: number; generatedMs: number }): Record<string, string | number> {
    const slash = p.series.indexOf("/");
    return {
        series: p.series,
        site: slash > 0 ? p.series.slice(0, slash) : "",
        sensor: slash > 0 ? p.series.slice(slash + 1) : p.series,
        target_ms: Date.parse(p.ts),
        predicted: p.value,
        lower_bound: p.lower,
        upper_bound: p.upper,
        interval_level: o.level,
        method,
        season_steps: season,
        generated_ms: o.generatedMs,
    };
}

export interface ForecastingRefs {
    workgroup: string;
    database: string;
    table: string;
    forecasterFunctionArn: string;
    series: readonly LakeSeries[];
    days: number;
    horizonHours: number;
}

/** Scheduler → this state machine: export the hourly series with Athena (`.sync`), then the forecaster writes the forecasts. */
export function forecastingStateMachine(r: ForecastingRefs): Record<string, unknown> {
    if (!Number.isInteger(r.days) || r.days < 2 || r.days > 366) throw new RangeError(`forecasting history must be 2-366 days, got ${r.days}`);
    return {
        Comment: "fleet: forecast production, energy and consumption series of the lake",
        StartAt: "ExportSeries",
        States: {
            ExportSeries: athenaExportState(forecastingSql(r), r, { "csv.$": "$.QueryExecution.ResultConfiguration.OutputLocation" }, "Forecast"),
            Forecast: {
                Type: "Task",
                Resource: "arn:aws:states:::lambda:invoke",
                Parameters: { FunctionName: r.forecasterFunctionArn, Payload: { "csv.$": "$.export.csv", horizonHours: r.horizonHours } },
                ResultSelector: { "result.$": "$.Payload" },
                ResultPath: "$.forecast",
                Retry: [{ ErrorEquals: ["Lambda.TooManyRequestsException", "Lambda.ServiceException"], IntervalSeconds: 10, MaxAttempts: 3, BackoffRate: 2 }],
                Next: "Done",
            },
            Done: { Type: "Succeed" },
            ExportFailed: { Type: "Fail", Error: "ExportFailed", Cause: "the Athena export of the series failed" },
        },
    };
}
