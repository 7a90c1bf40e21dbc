import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    ATHENA_RESULTS_PREFIX,
    FIREHOSE_ERROR_PREFIX,
    FIREHOSE_PARTITION_QUERY,
    FIREHOSE_PREFIX,
    PARTITION_KEYS,
    TELEMETRY_COLUMNS,
    tableParameters,
} from "../../src/analytics/glue";
import { regionNames } from "../../src/naming/region";
import { KINESIS_PARTITION_KEY, TOPIC_RULE_SQL_VERSION, topicRuleSql } from "../../src/analytics/topic-rules";
import type { RegionModel } from "../../src/model/types";
import type { LakeBucketArgs, PlatformArgs } from "./refs";
import { policyJson, serviceRole } from "./trust";
import { pick } from "../../src/util/pick";

/** The data lake bucket is where Firehose delivers and Athena queries. */
export interface IngestArgs extends PlatformArgs, LakeBucketArgs {
    /** Stream mode and shards come from `analytics.stream`. */
    stream: RegionModel["analytics"]["stream"];
    /** Names of the region's sites (partition projection). */
    sites: string[];
}

/**
 * Ingest: IoT topic rules for the telemetry and alarm channels → the telemetry Kinesis stream →
 * Firehose → the S3 data lake partitioned by site and date, catalogued in Glue (partition
 * projection) and queried with Athena through a KMS-encrypted workgroup. Rule failures go to a
 * log group (error action); Firehose failures to the lake's `errors/` prefix.
 */
export class Ingest extends pulumi.ComponentResource {
    readonly streamName: pulumi.Output<string>;
    readonly streamArn: pulumi.Output<string>;
    readonly firehoseName: pulumi.Output<string>;
    readonly telemetryRuleName: pulumi.Output<string>;
    readonly alarmRuleName: pulumi.Output<string>;
    readonly glueDatabaseName: pulumi.Output<string>;
    readonly glueTableName: pulumi.Output<string>;
    readonly athenaWorkgroupName: pulumi.Output<string>;

    constructor(name: string, args: IngestArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fleet:region:Ingest", name, {}, opts);
        const child = { parent: this };
        const streamMode = args.stream.mode === "provisioned" ? { streamMode: "PROVISIONED" } : { streamMode: "ON_DEMAND" };
        const stream = new aws.kinesis.Stream(
            "telemetry",
            {
                name: regionNames.stream(args.fleetName),
                streamModeDetails: streamMode,
                shardCount: args.stream.mode === "provisioned" ? args.stream.shards : undefined,
                retentionPeriod: 168, // 7 days: consumers can be replayed after an outage or a bug fix
                encryptionType: "KMS",
                kmsKeyId: args.kmsKeyArn,
                shardLevelMetrics: ["IncomingRecords", "IteratorAgeMilliseconds", "WriteProvisionedThroughputExceeded"],
                tags: args.tags,
            },
            { parent: this, protect: true },
        );

        const { telemetryRule, alarmRule } = this.topicRules(name, args, stream);
        const firehose = this.lakeDelivery(name, args, stream);

        // ---- Glue catalog and Athena
        const database = new aws.glue.CatalogDatabase(
            `${name}-catalog`,
            { name: regionNames.glueDatabase(args.fleetName), description: `${args.fleetName} telemetry data lake`, tags: args.tags },
            child,
        );
        const table = new aws.glue.CatalogTable(
            `${name}-readings`,
            {
                name: regionNames.glueTable(),
                databaseName: database.name,
                description: "Sensor readings and edge alarms, one JSON object per line; partitions projected from the key layout",
                tableType: "EXTERNAL_TABLE",
                parameters: pulumi.output(args.lakeBucketName).apply((b) => tableParameters(b, args.sites)),
                partitionKeys: PARTITION_KEYS,
                storageDescriptor: {
                    location: pulumi.interpolate`s3://${args.lakeBucketName}/`,
                    inputFormat: "org.apache.hadoop.mapred.TextInputFormat",
                    outputFormat: "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
                    compressed: true,
                    serDeInfo: { serializationLibrary: "org.openx.data.jsonserde.JsonSerDe", parameters: { "ignore.malformed.json": "true" } },
                    columns: TELEMETRY_COLUMNS,
                },
            },
            child,
        );
        const workgroup = new aws.athena.Workgroup(
            `${name}-athena`,
            {
                name: regionNames.athenaWorkgroup(args.fleetName),
                description: "Queries over the telemetry data lake",
                configuration: {
                    enforceWorkgroupConfiguration: true,
                    publishCloudwatchMetricsEnabled: true,
                    bytesScannedCutoffPerQuery: 100 * 1024 ** 3,
                    resultConfiguration: {
                        outputLocation: pulumi.interpolate`s3://${args.lakeBucketName}/${ATHENA_RESULTS_PREFIX}`,
                        encryptionConfiguration: { encryptionOption: "SSE_KMS", kmsKeyArn: args.kmsKeyArn },
                    },
                },
                forceDestroy: false,
                tags: args.tags,
            },
            child,
        );
        this.streamName = stream.name;
        this.streamArn = stream.arn;
        this.firehoseName = firehose.name;
        this.telemetryRuleName = telemetryRule.name;
        this.alarmRuleName = alarmRule.name;
        this.glueDatabaseName = database.name;
        this.glueTableName = table.name;
        this.athenaWorkgroupName = workgroup.name;
        this.registerOutputs(
            pick(this, [
                "streamName",
                "streamArn",
                "firehoseName",
                "telemetryRuleName",
                "alarmRuleName",
                "glueDatabaseName",
                "glueTableName",
                "athenaWorkgroupName",
            ]),
        );
    }

    /** IoT topic rules: the telemetry and alarm channels onto the stream, failures logged. */
    private topicRules(name: string, args: IngestArgs, stream: aws.kinesis.Stream): { telemetryRule: aws.iot.TopicRule; alarmRule: aws.iot.TopicRule } {
        const child = { parent: this };
        const ruleErrors = new aws.cloudwatch.LogGroup(
            `${name}-rule-errors`,
            { name: `/fleet/${args.fleetName}/iot-rule-errors`, retentionInDays: 30, kmsKeyId: args.kmsKeyArn, tags: args.tags },
            child,
        );
        const rulePolicy = policyJson([
            { Effect: "Allow", Action: "kinesis:PutRecord", Resource: stream.arn },
            { Effect: "Allow", Action: "kms:GenerateDataKey", Resource: args.kmsKeyArn },
            { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: pulumi.interpolate`${ruleErrors.arn}:*` },
        ]);
        const { role: iotRole } = serviceRole(
            `${name}-iot-rule`,
            "iot.amazonaws.com",
            { description: "IoT topic rules: put device messages on the telemetry stream, log failures", tags: args.tags, policy: rulePolicy },
            child,
        );
        const rule = (key: "telemetry" | "alarm", ruleName: string) =>
            new aws.iot.TopicRule(
                `${name}-${key}`,
                {
                    name: ruleName,
                    description: `fleet ${key} channel → telemetry stream`,
                    enabled: true,
                    sql: topicRuleSql(key),
                    sqlVersion: TOPIC_RULE_SQL_VERSION,
                    kineses: [{ streamName: stream.name, partitionKey: KINESIS_PARTITION_KEY, roleArn: iotRole.arn }],
                    errorAction: { cloudwatchLogs: { logGroupName: ruleErrors.name, roleArn: iotRole.arn } },
                    tags: args.tags,
                },
                child,
            );
        const telemetryRule = rule("telemetry", regionNames.telemetryRule(args.fleetName));
        const alarmRule = rule("alarm", regionNames.alarmRule(args.fleetName));
        return { telemetryRule, alarmRule };
    }

    /** Firehose from the stream to the lake, partitioned by the record's site and time. */
    private lakeDelivery(name: string, args: IngestArgs, stream: aws.kinesis.Stream): aws.kinesis.FirehoseDeliveryStream {
        const child = { parent: this };
        const firehoseLogs = new aws.cloudwatch.LogGroup(
            `${name}-firehose-logs`,
            { name: `/fleet/${args.fleetName}/firehose`, retentionInDays: 30, kmsKeyId: args.kmsKeyArn, tags: args.tags },
            child,
        );
        const firehoseLogStream = new aws.cloudwatch.LogStream(`${name}-firehose-delivery`, { name: "S3Delivery", logGroupName: firehoseLogs.name }, child);
        const { role: firehoseRole, policy: firehosePolicy } = serviceRole(
            `${name}-firehose`,
            "firehose.amazonaws.com",
            {
                description: "Firehose: read the telemetry stream, write the data lake",
                tags: args.tags,
                policy: policyJson([
                    {
                        Sid: "ReadStream",
                        Effect: "Allow",
                        Action: [
                            "kinesis:DescribeStream",
                            "kinesis:DescribeStreamSummary",
                            "kinesis:GetShardIterator",
                            "kinesis:GetRecords",
                            "kinesis:ListShards",
                        ],
                        Resource: stream.arn,
                    },
                    {
                        Sid: "WriteLake",
                        Effect: "Allow",
                        Action: [
                            "s3:AbortMultipartUpload",
                            "s3:GetBucketLocation",
                            "s3:GetObject",
                            "s3:ListBucket",
                            "s3:ListBucketMultipartUploads",
                            "s3:PutObject",
                        ],
                        Resource: [args.lakeBucketArn, pulumi.interpolate`${args.lakeBucketArn}/*`],
                    },
                    { Sid: "Key", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: args.kmsKeyArn },
                    { Sid: "Logs", Effect: "Allow", Action: "logs:PutLogEvents", Resource: pulumi.interpolate`${firehoseLogs.arn}:*` },
                ]),
            },
            child,
        );
        const firehose = new aws.kinesis.FirehoseDeliveryStream(
            `${name}-lake`,
            {
                name: regionNames.firehose(args.fleetName),
                destination: "extended_s3",
                kinesisSourceConfiguration: { kinesisStreamArn: stream.arn, roleArn: firehoseRole.arn },
                extendedS3Configuration: {
                    bucketArn: args.lakeBucketArn,
                    roleArn: firehoseRole.arn,
                    prefix: FIREHOSE_PREFIX,
                    errorOutputPrefix: FIREHOSE_ERROR_PREFIX,
                    bufferingSize: 64, // MiB: the minimum with dynamic partitioning
                    bufferingInterval: 300,
                    compressionFormat: "GZIP",
                    kmsKeyArn: args.kmsKeyArn,
                    dynamicPartitioningConfiguration: { enabled: true, retryDuration: 300 },
                    processingConfiguration: {
                        enabled: true,
                        processors: [
                            {
                                type: "MetadataExtraction",
                                parameters: [
                                    { parameterName: "MetadataExtractionQuery", parameterValue: FIREHOSE_PARTITION_QUERY },
                                    { parameterName: "JsonParsingEngine", parameterValue: "JQ-1.6" },
                                ],
                            },
                            { type: "AppendDelimiterToRecord", parameters: [{ parameterName: "Delimiter", parameterValue: "\\n" }] },
                        ],
                    },
                    cloudwatchLoggingOptions: { enabled: true, logGroupName: firehoseLogs.name, logStreamName: firehoseLogStream.name },
                },
                tags: args.tags,
            },
            { parent: this, dependsOn: [firehosePolicy] },
        );
        return firehose;
    }
}
