/**
 * forecaster: the regional forecasting job's step (src/forecast/lake.ts forecastingStateMachine).
 * Input `{csv: "s3://bucket/key.csv", horizonHours}` from the Athena export of hourly series;
 * forecasts every series with the code of `fleet forecast` (src/forecast) and writes the rows of
 * the `forecasts` Glue table as JSON lines under `FORECASTS_PREFIX` in the lake
 * (`run_date=<yyyy-MM-dd>/`). A series that cannot be forecast (too short, too many gaps) is
 * skipped, logged and named in the result; the others are written.
 */
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { forecastExport, forecastKey } from "../../src/forecast/lake";
import { log, requireEnv } from "../lib/kinesis";

const s3 = new S3Client({});

export interface ForecasterInput {
    csv: string;
    horizonHours: number;
    /** Nominal coverage of the intervals, percent. @default 95 */
    level?: number;
}

export interface ForecasterOutput {
    key?: string;
    series: number;
    rows: number;
    skipped: { series: string; reason: string }[];
}

export const handler = (input: ForecasterInput): Promise<ForecasterOutput> => run(input, Date.now());

/** The handler at a given time (tests). */
export async function run(input: ForecasterInput, now: number): Promise<ForecasterOutput> {
    const bucket = requireEnv("LAKE_BUCKET");
    const prefix = requireEnv("FORECASTS_PREFIX");
    const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(String(input.csv));
    if (!m) throw new Error(`csv: expected s3://bucket/key, got ${JSON.stringify(input.csv)}`);
    if (!(Number.isFinite(input.horizonHours) && input.horizonHours >= 1 && input.horizonHours <= 24 * 90))
        throw new Error(`horizonHours: expected 1-2160 hours, got ${JSON.stringify(input.horizonHours)}`);
    const level = input.level ?? 95;
    const res = await s3.send(new GetObjectCommand({ Bucket: m[1], Key: m[2] }));
    if (!res.Body) throw new Error(`${input.csv}: empty response`);
    const text = await res.Body.transformToString();
    const f = forecastExport(text, { horizonHours: input.horizonHours, level, generatedMs: now });
    for (const s of f.skipped) log("WARN", "series not forecast", s);
    const rows = f.forecast.reduce((a, s) => a + s.points, 0);
    if (rows === 0) {
        log("WARN", "nothing to forecast", { csv: input.csv, skipped: f.skipped.length });
        return { series: 0, rows: 0, skipped: f.skipped };
    }
    const key = forecastKey(prefix, now);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: f.rows, ContentType: "application/x-ndjson" }));
    log("INFO", "wrote forecasts", { key, series: f.forecast.length, rows, methods: f.forecast.map((s) => `${s.series}:${s.method}`) });
    return { key, series: f.forecast.length, rows, skipped: f.skipped };
}
