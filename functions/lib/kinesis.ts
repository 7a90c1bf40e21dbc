/** Decoding of Kinesis records delivered to Lambda. */
import type { KinesisStreamRecord } from "aws-lambda";
import { parseRecord, type TelemetryRecord } from "../../src/analytics/telemetry";

export interface Decoded {
    sequenceNumber: string;
    record: TelemetryRecord;
}

/** The telemetry records of a batch, and how many records did not follow the contract. */
export function decodeBatch(records: KinesisStreamRecord[]): { decoded: Decoded[]; invalid: number } {
    const decoded: Decoded[] = [];
    let invalid = 0;
    for (const r of records) {
        const record = parseRecord(Buffer.from(r.kinesis.data, "base64").toString("utf8"));
        if (record) decoded.push({ sequenceNumber: r.kinesis.sequenceNumber, record });
        else invalid += 1;
    }
    return { decoded, invalid };
}

/** One structured log line (JSON log format of the function). */
export function log(level: "INFO" | "WARN" | "ERROR", message: string, fields: Record<string, unknown> = {}): void {
    const line = JSON.stringify({ level, message, ...fields });
    if (level === "ERROR") console.error(line);
    else if (level === "WARN") console.warn(line);
    else console.log(line);
}

export function requireEnv(name: string): string {
    const v = process.env[name];
    if (!v) throw new Error(`environment variable ${name} is not set; the stack sets it on the function`);
    return v;
}
