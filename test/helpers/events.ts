/** Lambda events for handler tests: a Kinesis batch as the event source mapping delivers it. */
import type { KinesisStreamEvent } from "aws-lambda";

/** One record per item (objects as JSON, strings as they are), sequence numbers from 1000, from `partitionKey`'s gateway. */
export function kinesisEvent(records: unknown[], partitionKey = "stuttgart-body/gw"): KinesisStreamEvent {
    return {
        Records: records.map((r, i) => ({
            eventSource: "aws:kinesis",
            eventVersion: "1.0",
            eventID: `shardId-000:${i}`,
            eventName: "aws:kinesis:record",
            invokeIdentityArn: "arn:aws:iam::123456789012:role/x",
            awsRegion: "eu-central-1",
            eventSourceARN: "arn:aws:kinesis:eu-central-1:123456789012:stream/acme-telemetry",
            kinesis: {
                kinesisSchemaVersion: "1.0",
                partitionKey,
                sequenceNumber: String(1000 + i),
                approximateArrivalTimestamp: 0,
                data: Buffer.from(typeof r === "string" ? r : JSON.stringify(r)).toString("base64"),
            },
        })),
    };
}
