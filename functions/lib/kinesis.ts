/** Decoding of Kinesis records delivered to Lambda. */
import type { KinesisStreamRecord } from "aws-lambda";
import { parseMessage, type TelemetryRecord } from "../../src/analytics/telemetry";

export interface Decoded {
    sequenceNumber: string;
    record: TelemetryRecord;
}

/**
 * The readings of a batch, in stream order (a message with `records` yields several, all with the
 * Kinesis record's sequence number), and how many readings or records did not follow the contract.
 */
export function decodeBatch(records: KinesisStreamRecord[]): { decoded: Decoded[]; invalid: number } {
    const decoded: Decoded[] = [];
    let invalid = 0;
    for (const r of records) {
        const parsed = parseMessage(Buffer.from(r.kinesis.data, "base64").toString("utf8"));
        if (!parsed) {
            invalid += 1;
            continue;
        }
        invalid += parsed.invalid;
        for (const record of parsed.records) decoded.push({ sequenceNumber: r.kinesis.sequenceNumber, record });
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
