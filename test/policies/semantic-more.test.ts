/** Bypass attempts and look-alikes for the rules whose values are enums and type tokens. */
import { check, res, table } from "./helpers";

const ARN = "arn:aws:iot:eu-central-1:123456789012";
const iotPolicy = (...Statement: Record<string, unknown>[]) => res("aws:iot/policy:Policy", "p", { policy: JSON.stringify({ Statement }) });
const deny = (Resource: unknown) => ({ Effect: "Deny", Action: "iot:Publish", Resource });

table(
    "iot-policy-no-mqtt-wildcards-in-deny",
    check,
    [
        ["# at the end", iotPolicy(deny(`${ARN}:topic/fleet/#`))],
        ["+ in the middle", iotPolicy(deny(`${ARN}:topicfilter/fleet/+/x`))],
        ["in a globbed-service ARN", iotPolicy(deny("arn:aws:i?t:eu-central-1:123456789012:topic/a/#"))],
    ],
    [
        ["* in a Deny", iotPolicy(deny(`${ARN}:topic/fleet/*`))],
        ["# in an Allow", iotPolicy({ Effect: "Allow", Action: "iot:Subscribe", Resource: `${ARN}:topicfilter/fleet/s/t/#` })],
        ["thing variable in a Deny", iotPolicy(deny(`${ARN}:topic/fleet/\${iot:Connection.Thing.ThingName}`))],
    ],
);

const table_ = (props: Record<string, unknown>) =>
    res("aws:dynamodb/table:Table", "t", {
        pointInTimeRecovery: { enabled: true },
        serverSideEncryption: { enabled: true, kmsKeyArn: "k" },
        deletionProtectionEnabled: true,
        ...props,
    });
table(
    "dynamodb-baseline",
    check,
    [
        ["PITR as a string", table_({ pointInTimeRecovery: { enabled: "true" } })],
        ["AWS-owned key", table_({ serverSideEncryption: undefined })],
        ["deletion protection off", table_({ deletionProtectionEnabled: false })],
        [
            "aws-native without SSE",
            res("aws-native:dynamodb:Table", "t", { pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true }, deletionProtectionEnabled: true }),
        ],
    ],
    [
        ["hardened", table_({})],
        ["hardened with extra settings", table_({ ttl: { attributeName: "expires", enabled: true }, billingMode: "PAY_PER_REQUEST" })],
        [
            "aws-native hardened",
            res("aws-native:dynamodb:Table", "t", {
                pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
                sseSpecification: { sseEnabled: true, sseType: "KMS" },
                deletionProtectionEnabled: true,
            }),
        ],
    ],
);

const sfn = (loggingConfiguration: unknown) => res("aws:sfn/stateMachine:StateMachine", "m", { loggingConfiguration });
table(
    "sfn-logging",
    check,
    [
        ["level OFF", sfn({ level: "OFF", logDestination: "arn:aws:logs:eu-central-1:1:log-group:x:*" })],
        ["FATAL only", sfn({ level: "FATAL", logDestination: "arn:aws:logs:eu-central-1:1:log-group:x:*" })],
        ["ERROR without destination", sfn({ level: "ERROR" })],
        ["no logging configuration", sfn(undefined)],
    ],
    [
        ["ERROR", sfn({ level: "ERROR", logDestination: "arn:aws:logs:eu-central-1:1:log-group:x:*" })],
        ["ALL", sfn({ level: "ALL", includeExecutionData: false, logDestination: "arn:aws:logs:eu-central-1:1:log-group:x:*" })],
        ["ALL with data", sfn({ level: "ALL", includeExecutionData: true, logDestination: "arn:aws:logs:eu-central-1:1:log-group:y:*" })],
    ],
);

table(
    "no-retired-services",
    check,
    [
        ["IoT Analytics channel", res("aws:iotanalytics/channel:Channel", "c", {})],
        ["Timestream LiveAnalytics table", res("aws:timestreamwrite/table:Table", "t", {})],
        ["a topic rule into IoT Events", res("aws:iot/topicRule:TopicRule", "r", { iotEvents: [{ inputName: "x", roleArn: "r" }] })],
        ["an error action into IoT Analytics", res("aws:iot/topicRule:TopicRule", "r", { errorAction: { iotAnalytics: { channelName: "c", roleArn: "r" } } })],
    ],
    [
        ["Managed Flink (kinesisanalyticsv2)", res("aws:kinesisanalyticsv2/application:Application", "a", {})],
        ["Timestream for InfluxDB", res("aws:timestreaminfluxdb/dbInstance:DbInstance", "d", {})],
        ["Greengrass V2", res("aws-native:greengrassv2:ComponentVersion", "c", {})],
        ["a topic rule into Kinesis", res("aws:iot/topicRule:TopicRule", "r", { kineses: [{ streamName: "s", roleArn: "r" }], iotEvents: [] })],
    ],
);

const logging = (props: Record<string, unknown>) => res("aws:iot/loggingOptions:LoggingOptions", "l", { roleArn: "r", ...props });
table(
    "iot-logging-enabled",
    check,
    [
        ["DISABLED", logging({ defaultLogLevel: "DISABLED" })],
        ["disabled in lower case", logging({ defaultLogLevel: "disabled" })],
        ["disableAllLogs with a level", logging({ defaultLogLevel: "INFO", disableAllLogs: true })],
        ["no level", logging({})],
    ],
    [
        ["ERROR", logging({ defaultLogLevel: "ERROR" })],
        ["INFO", logging({ defaultLogLevel: "INFO", disableAllLogs: false })],
        ["WARN", logging({ defaultLogLevel: "WARN" })],
    ],
);

const stream = (props: Record<string, unknown>) =>
    res("aws:kinesis/stream:Stream", "s", { encryptionType: "KMS", kmsKeyId: "k", retentionPeriod: 168, ...props });
table(
    "kinesis-baseline",
    check,
    [
        ["no encryption", stream({ encryptionType: "NONE" })],
        ["KMS without a key", stream({ kmsKeyId: undefined })],
        ["a day of retention", stream({ retentionPeriod: 24 })],
        ["retention as a string", stream({ retentionPeriod: "168" })],
    ],
    [
        ["a week", stream({})],
        ["a year", stream({ retentionPeriod: 8760 })],
        ["aws-native hardened", res("aws-native:kinesis:Stream", "s", { streamEncryption: { encryptionType: "KMS", keyId: "k" }, retentionPeriodHours: 168 })],
    ],
);

const db = (props: Record<string, unknown>) =>
    res("aws:rds/instance:Instance", "d", {
        publiclyAccessible: false,
        storageEncrypted: true,
        deletionProtection: true,
        iamDatabaseAuthenticationEnabled: true,
        backupRetentionPeriod: 7,
        ...props,
    });
table(
    "rds-baseline",
    check,
    [
        ["public", db({ publiclyAccessible: true })],
        ["unencrypted", db({ storageEncrypted: false })],
        ["six days of backups", db({ backupRetentionPeriod: 6 })],
        [
            "no IAM auth on an Aurora cluster",
            res("aws:rds/cluster:Cluster", "c", { storageEncrypted: true, deletionProtection: true, backupRetentionPeriod: 7 }),
        ],
    ],
    [
        ["hardened instance", db({})],
        ["35 days of backups", db({ backupRetentionPeriod: 35 })],
        ["private Aurora instance", res("aws:rds/clusterInstance:ClusterInstance", "i", { publiclyAccessible: false })],
    ],
);
