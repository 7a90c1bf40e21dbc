import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ANOMALY_SOURCE, regionNames } from "../../src/naming/region";
import { FleetFunction } from "./fleet-function";
import { readStreamStatement, streamSource } from "./stream-source";

export interface AnomalyDetectionArgs {
    fleetName: string;
    /** The platform key. */
    kmsKeyArn: pulumi.Input<string>;
    accountId: pulumi.Input<string>;
    partition: pulumi.Input<string>;
    /** The telemetry stream the scorer consumes. */
    streamArn: pulumi.Input<string>;
    /** The registry the scorer reads thresholds from. */
    registryTableName: pulumi.Input<string>;
    registryTableArn: pulumi.Input<string>;
    deadLetterQueueArn: pulumi.Input<string>;
    /** Tags for every taggable resource. */
    tags: Record<string, string>;
}

/**
 * Anomaly detection: the fleet event bus (KMS-encrypted, its policy admits only this account)
 * and the anomaly-scorer Lambda on the telemetry stream, which puts `Equipment Anomaly` events on
 * the bus.
 */
export class AnomalyDetection extends pulumi.ComponentResource {
    readonly busName: pulumi.Output<string>;
    readonly busArn: pulumi.Output<string>;
    readonly scorer: FleetFunction;

    constructor(name: string, args: AnomalyDetectionArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fleet:region:AnomalyDetection", name, {}, opts);
        const bus = new aws.cloudwatch.EventBus(
            `${name}-bus`,
            {
                name: regionNames.eventBus(args.fleetName),
                description: "Fleet events: equipment anomalies and maintenance",
                kmsKeyIdentifier: args.kmsKeyArn,
                tags: args.tags,
            },
            { parent: this },
        );
        new aws.cloudwatch.EventBusPolicy(
            `${name}-bus-policy`,
            {
                eventBusName: bus.name,
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "ThisAccountPutsEvents",
                            Effect: "Allow",
                            Principal: { AWS: pulumi.interpolate`arn:${args.partition}:iam::${args.accountId}:root` },
                            Action: "events:PutEvents",
                            Resource: bus.arn,
                        },
                    ],
                }),
            },
            { parent: this },
        );
        this.scorer = new FleetFunction(
            "anomaly-scorer",
            {
                source: "anomaly-scorer",
                functionName: regionNames.lambda(args.fleetName, "anomaly-scorer"),
                description: "Telemetry stream → thresholds + rolling z-score → Equipment Anomaly events",
                environment: { REGISTRY_TABLE: args.registryTableName, EVENT_BUS_NAME: bus.name },
                statements: [
                    { Sid: "ReadRegistry", Effect: "Allow", Action: "dynamodb:Query", Resource: args.registryTableArn },
                    {
                        Sid: "PutAnomalies",
                        Effect: "Allow",
                        Action: "events:PutEvents",
                        Resource: bus.arn,
                        // events:source is multivalued (one value per entry of a PutEvents call;
                        // Service Authorization Reference, EventBridge: ArrayOfString), so it needs a
                        // set operator: every entry must carry the anomaly source
                        Condition: { "ForAllValues:StringEquals": { "events:source": [ANOMALY_SOURCE] } },
                    },
                    readStreamStatement(args.streamArn),
                ],
                kmsKeyArn: args.kmsKeyArn,
                deadLetterQueueArn: args.deadLetterQueueArn,
                timeout: 60,
                memorySize: 512,
                reservedConcurrency: 20,
                tags: args.tags,
            },
            { parent: this },
        );
        streamSource(
            `${name}-scorer-source`,
            this.scorer,
            {
                streamArn: args.streamArn,
                deadLetterQueueArn: args.deadLetterQueueArn,
                batchSize: 500,
                maximumBatchingWindowInSeconds: 1,
                parallelizationFactor: 1, // one batch per shard at a time: each sensor's readings in order
                maximumRetryAttempts: 3,
                maximumRecordAgeInSeconds: 3600,
                functionResponseTypes: ["ReportBatchItemFailures"],
                tags: args.tags,
            },
            this,
        );
        this.busName = bus.name;
        this.busArn = bus.arn;
        this.registerOutputs({ busArn: this.busArn });
    }
}
