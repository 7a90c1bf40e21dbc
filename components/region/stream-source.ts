/** A FleetFunction fed by the telemetry stream: its read permission and its event source mapping. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { FleetFunction } from "./fleet-function";

/**
 * The statement a function needs to consume a Kinesis stream by polling (AWS Lambda developer
 * guide, "Using Lambda with Kinesis": execution role permissions). Every action is on the stream
 * ARN, a resource type each supports (Service Authorization Reference, Kinesis). Not here:
 * `kinesis:ListStreams` (resource "*" only, not needed to poll a named stream) and
 * `kinesis:SubscribeToShard` (its resource type is the enhanced fan-out consumer; the mappings
 * poll the stream without a consumer).
 */
export function readStreamStatement(streamArn: pulumi.Input<string>): Record<string, unknown> {
    return {
        Sid: "ReadStream",
        Effect: "Allow",
        Action: ["kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards"],
        Resource: streamArn,
    };
}

export interface StreamSourceArgs {
    /** The stream the function consumes, from its newest records. */
    streamArn: pulumi.Input<string>;
    /** Where the records of a batch that still fails after the retries go. */
    deadLetterQueueArn: pulumi.Input<string>;
    batchSize: number;
    maximumBatchingWindowInSeconds: number;
    /** Concurrent batches per shard; 1 keeps each shard's records in order. */
    parallelizationFactor: number;
    maximumRetryAttempts: number;
    maximumRecordAgeInSeconds: number;
    /** @default - the whole batch is retried when the function fails */
    functionResponseTypes?: string[];
    /** Tags of the mapping. */
    tags: Record<string, string>;
}

/**
 * The event source mapping `name` (a child of `parent`) from the stream to `fn`: starts at the
 * newest records, halves a failing batch to isolate the bad record, and sends what still fails
 * to the dead-letter queue.
 */
export function streamSource(name: string, fn: FleetFunction, args: StreamSourceArgs, parent: pulumi.Resource): aws.lambda.EventSourceMapping {
    return new aws.lambda.EventSourceMapping(
        name,
        {
            functionName: fn.arn,
            eventSourceArn: args.streamArn,
            startingPosition: "LATEST",
            batchSize: args.batchSize,
            maximumBatchingWindowInSeconds: args.maximumBatchingWindowInSeconds,
            parallelizationFactor: args.parallelizationFactor,
            bisectBatchOnFunctionError: true,
            maximumRetryAttempts: args.maximumRetryAttempts,
            maximumRecordAgeInSeconds: args.maximumRecordAgeInSeconds,
            functionResponseTypes: args.functionResponseTypes,
            destinationConfig: { onFailure: { destinationArn: args.deadLetterQueueArn } },
            tags: args.tags,
        },
        { parent },
    );
}
