/**
 * telemetry-writer: Kinesis → Timestream for InfluxDB. Writes every valid reading of a batch as
 * line protocol; records that break the telemetry contract are counted and skipped. A write
 * failure fails the batch, so the event source mapping retries it, bisects it, and finally sends
 * it to the dead-letter queue.
 */
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { KinesisStreamEvent } from "aws-lambda";
import { decodeBatch, log, requireEnv } from "../lib/kinesis";
import { type Fetch, type InfluxCredentials, InfluxWriter, toLine } from "./influx";

const secrets = new SecretsManagerClient({});
const CACHE_MS = 5 * 60 * 1000;
const LINES_PER_WRITE = 5000;

let cached: { at: number; writer: InfluxWriter } | undefined;
let fetchImpl: Fetch = (url, init) => fetch(url, init);

/** Tests replace the HTTP client. */
export function setFetch(f: Fetch): void {
    fetchImpl = f;
    cached = undefined;
}

export function resetCache(): void {
    cached = undefined;
}

async function writer(now: number): Promise<InfluxWriter> {
    if (cached && now - cached.at < CACHE_MS) return cached.writer;
    const res = await secrets.send(new GetSecretValueCommand({ SecretId: requireEnv("INFLUX_SECRET_ARN") }));
    if (!res.SecretString) throw new Error("the InfluxDB secret has no string value");
    const creds = JSON.parse(res.SecretString) as InfluxCredentials;
    for (const k of ["username", "password", "organization", "bucket"] as const) {
        if (!creds[k]) throw new Error(`the InfluxDB secret lacks "${k}"`);
    }
    const w = new InfluxWriter(requireEnv("INFLUX_URL"), creds, fetchImpl);
    cached = { at: now, writer: w };
    return w;
}

export async function handler(event: KinesisStreamEvent): Promise<{ written: number; invalid: number }> {
    const { decoded, invalid } = decodeBatch(event.Records);
    if (invalid > 0) log("WARN", "skipped records that break the telemetry contract", { invalid });
    const lines = decoded.map((d) => toLine(d.record));
    const w = await writer(Date.now());
    for (let i = 0; i < lines.length; i += LINES_PER_WRITE) await w.write(lines.slice(i, i + LINES_PER_WRITE));
    return { written: lines.length, invalid };
}
