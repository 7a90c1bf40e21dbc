import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { anomalyRuleSql, TOPIC_RULE_SQL_VERSION } from "../../src/analytics/topic-rules";
import { ANOMALY_SOURCE, EDGE_ANOMALY_SOURCE, regionNames } from "../../src/naming/region";
import { readModelsStatement } from "../../src/region/lake-jobs";
import { type FleetFunction, platformFunction } from "./fleet-function";
import { readStreamStatement, streamSource } from "./stream-source";
import { accountServiceRole, policyJson } from "./trust";
import type { ArtifactsBucketArgs, DeadLetterQueueArgs, PlatformAccountArgs, RegistryTableArgs } from "./refs";
import { pick } from "../../src/util/pick";

/**
 * events:PutEvents on the bus for events of one source only. events:source is multivalued (one value
 * per entry of a PutEvents call; Service Authorization Reference, EventBridge: ArrayOfString), so it
 * needs a set operator: every entry must carry the source.
 */
function putEventsAs(sid: string, busArn: pulumi.Input<string>, source: string) {
    return {
        Sid: sid,
        Effect: "Allow",
        Action: "events:PutEvents",
        Resource: busArn,
        Condition: { "ForAllValues:StringEquals": { "events:source": [source] } },
    };
}

/**
 * The scorer reads thresholds from the registry, and the region's models from the artifacts
 * bucket they are published in (`models/<model>/current.json`).
 */
export interface AnomalyDetectionArgs extends PlatformAccountArgs, RegistryTableArgs, ArtifactsBucketArgs, DeadLetterQueueArgs {
    /** The telemetry stream the scorer consumes. */
    streamArn: pulumi.Input<string>;
    /** The models the scorer loads (src/region/ml.ts cloudModels). */
    models: string[];
}

/**
 * Anomaly detection: the fleet event bus (KMS-encrypted, its policy admits only this account),
 * the anomaly-scorer Lambda on the telemetry stream (the region's published ONNX models through
 * their `current.json` pointers, the EWMA chart for other sensors), which puts `Equipment Anomaly`
 * events on the bus, and the gateways' anomaly channel: an IoT topic rule on
 * `fleet/+/+/anomaly` → the edge-anomaly Lambda → the same bus (AWS IoT has no EventBridge rule
 * action), so an anomaly found at the edge starts the maintenance workflow too.
 */
export class AnomalyDetection extends pulumi.ComponentResource {
    readonly busName: pulumi.Output<string>;
    readonly busArn: pulumi.Output<string>;
    readonly scorer: FleetFunction;
    /** The anomaly channel's forwarder (functions/edge-anomaly). */
    readonly edgeForwarder: FleetFunction;

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
        this.scorer = platformFunction(
            "anomaly-scorer",
            args,
            {
                description: "Telemetry stream → thresholds + rolling z-score → Equipment Anomaly events",
                environment: {
                    REGISTRY_TABLE: args.registryTableName,
                    EVENT_BUS_NAME: bus.name,
                    ARTIFACTS_BUCKET: args.artifactsBucketName,
                    ANOMALY_MODELS: [...args.models].sort().join(","),
                },
                statements: [
                    { Sid: "ReadRegistry", Effect: "Allow", Action: "dynamodb:Query", Resource: args.registryTableArn },
                    putEventsAs("PutAnomalies", bus.arn, ANOMALY_SOURCE),
                    readStreamStatement(args.streamArn),
                    pulumi.output(args.artifactsBucketArn).apply((b) => readModelsStatement(b, args.models) as unknown as Record<string, unknown>),
                ],
                timeout: 60,
                memorySize: 512,
                reservedConcurrency: 20,
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
        this.edgeForwarder = this.anomalyChannel(name, args, bus);
        this.registerOutputs(pick(this, ["busName", "busArn"]));
    }

    /** `fleet/+/+/anomaly` → edge-anomaly → the bus, with the rule's failures logged. */
    private anomalyChannel(name: string, args: AnomalyDetectionArgs, bus: aws.cloudwatch.EventBus): FleetFunction {
        const child = { parent: this };
        const forwarder = platformFunction(
            "edge-anomaly",
            args,
            {
                description: "Gateway anomaly channel → Equipment Anomaly events on the fleet bus",
                environment: { REGISTRY_TABLE: args.registryTableName, EVENT_BUS_NAME: bus.name },
                statements: [
                    { Sid: "ReadRegistry", Effect: "Allow", Action: "dynamodb:GetItem", Resource: args.registryTableArn },
                    putEventsAs("PutEdgeAnomalies", bus.arn, EDGE_ANOMALY_SOURCE),
                ],
                timeout: 10,
                memorySize: 256,
                reservedConcurrency: 5,
            },
            child,
        );
        const errors = new aws.cloudwatch.LogGroup(
            `${name}-channel-errors`,
            { name: `/fleet/${args.fleetName}/iot-anomaly-rule-errors`, retentionInDays: 30, kmsKeyId: args.kmsKeyArn, tags: args.tags },
            child,
        );
        const { role } = accountServiceRole(
            `${name}-channel-errors`,
            "iot.amazonaws.com",
            {
                description: "IoT anomaly-channel rule: log its failures",
                accountId: args.accountId,
                tags: args.tags,
                policy: policyJson([
                    { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: pulumi.interpolate`${errors.arn}:*` },
                    { Effect: "Allow", Action: "kms:GenerateDataKey", Resource: args.kmsKeyArn },
                ]),
            },
            child,
        );
        const rule = new aws.iot.TopicRule(
            `${name}-channel`,
            {
                name: regionNames.anomalyRule(args.fleetName),
                description: "fleet anomaly channel (edge inference) → the fleet event bus",
                enabled: true,
                sql: anomalyRuleSql(),
                sqlVersion: TOPIC_RULE_SQL_VERSION,
                lambdas: [{ functionArn: forwarder.arn }],
                errorAction: { cloudwatchLogs: { logGroupName: errors.name, roleArn: role.arn } },
                tags: args.tags,
            },
            child,
        );
        new aws.lambda.Permission(
            `${name}-channel`,
            {
                action: "lambda:InvokeFunction",
                function: forwarder.functionName,
                principal: "iot.amazonaws.com",
                sourceArn: rule.arn,
                sourceAccount: args.accountId,
            },
            child,
        );
        return forwarder;
    }
}
