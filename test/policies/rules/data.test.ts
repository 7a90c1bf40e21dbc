import * as assert from "node:assert/strict";
import { assertClean, assertUnknown, assertViolation, check, checkStack, res, UNKNOWN } from "../helpers";

const KEY = "arn:aws:kms:eu-central-1:123456789012:key/platform";
const TAGS = { "fleet:name": "acme", "fleet:region": "eu-central-1", "cost-center": "ot-platform" };

describe("policies: data and services", () => {
    describe("s3-baseline", () => {
        const bucket = res("aws:s3/bucket:Bucket", "lake", { bucketPrefix: "acme-lake-", tags: TAGS }, { protect: true });
        const tlsPolicy = JSON.stringify({
            Statement: [
                {
                    Effect: "Deny",
                    Principal: "*",
                    Action: "s3:*",
                    Resource: ["arn:aws:s3:::x", "arn:aws:s3:::x/*"],
                    Condition: { Bool: { "aws:SecureTransport": "false" } },
                },
            ],
        });
        const parts = {
            pab: res("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "lake-pab", {
                bucket: "lake-id",
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            }),
            policy: res("aws:s3/bucketPolicy:BucketPolicy", "lake-policy", { bucket: "lake-id", policy: tlsPolicy }),
            sse: res("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "lake-sse", {
                bucket: "lake-id",
                rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY }, bucketKeyEnabled: true }],
            }),
            versioning: res("aws:s3/bucketVersioning:BucketVersioning", "lake-versioning", {
                bucket: "lake-id",
                versioningConfiguration: { status: "Enabled" },
            }),
            lifecycle: res("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "lake-lifecycle", {
                bucket: "lake-id",
                rules: [{ id: "tiers", status: "Enabled" }],
            }),
            logging: res("aws:s3/bucketLogging:BucketLogging", "lake-logging", {
                bucket: "lake-id",
                targetBucket: "acme-logs",
                targetPrefix: "access-logs/lake/",
            }),
        };
        const all = () => [bucket, ...Object.values(parts)];
        const without = (k: keyof typeof parts, replacement?: ReturnType<typeof res>) => [
            bucket,
            ...Object.entries(parts)
                .filter(([x]) => x !== k)
                .map(([, r]) => r),
            ...(replacement ? [replacement] : []),
        ];
        it("accepts a bucket with all six settings", () => assertClean(checkStack("s3-baseline", all())));
        it("fails without server access logging", () => assertViolation(checkStack("s3-baseline", without("logging")), "has no server access logging"));
        it("the log sink itself needs no access logging; other buckets do", () => {
            const sink = res(bucket.type, "logs", { bucket: "acme-logs" }, { protect: true });
            // The sink receives access logs, so it must use SSE-S3 (S3 delivers no access log to an SSE-KMS bucket).
            const sseS3 = { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] };
            const sinkParts = Object.entries(parts)
                .filter(([k]) => k !== "logging")
                .map(([k, p]) => res(p.type, `logs-${p.name}`, { ...p.props, ...(k === "sse" ? sseS3 : {}), bucket: "acme-logs" }));
            assertClean(checkStack("s3-baseline", [...all(), sink, ...sinkParts]));
            const other = res(bucket.type, "other", { bucket: "acme-other" }, { protect: true });
            const otherParts = Object.entries(parts)
                .filter(([k]) => k !== "logging")
                .map(([, p]) => res(p.type, `other-${p.name}`, { ...p.props, bucket: "acme-other" }));
            assertViolation(checkStack("s3-baseline", [...all(), sink, ...sinkParts, other, ...otherParts]), "bucket other has no server access logging");
        });
        it("fails without a public access block", () => assertViolation(checkStack("s3-baseline", without("pab")), "has no public access block"));
        it("fails a public access block with one setting off", () =>
            assertViolation(
                checkStack("s3-baseline", without("pab", res(parts.pab.type, "p", { ...parts.pab.props, restrictPublicBuckets: false }))),
                "has no public access block",
            ));
        it("fails a policy that does not deny plain HTTP", () =>
            assertViolation(
                checkStack("s3-baseline", without("policy", res(parts.policy.type, "p", { bucket: "lake-id", policy: JSON.stringify({ Statement: [] }) }))),
                "has no TLS-only bucket policy",
            ));
        it("fails SSE-S3 instead of SSE-KMS", () =>
            assertViolation(
                checkStack(
                    "s3-baseline",
                    without(
                        "sse",
                        res(parts.sse.type, "s", { bucket: "lake-id", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] }),
                    ),
                ),
                "has no SSE-KMS encryption",
            ));
        it("wants SSE-S3, not SSE-KMS, on a bucket that receives server access logs (S3 delivers none to SSE-KMS)", () => {
            const logging = res("aws:s3/bucketLogging:BucketLogging", "src-logging", { bucket: "other", targetBucket: "lake-id", targetPrefix: "x/" });
            assertViolation(checkStack("s3-baseline", [...all(), logging]), "has no SSE-S3 encryption (it receives server access logs); give it");
            const sseS3 = res(parts.sse.type, "s", { bucket: "lake-id", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] });
            assertClean(checkStack("s3-baseline", [...without("sse", sseS3), logging]));
        });
        it("fails suspended versioning", () =>
            assertViolation(
                checkStack(
                    "s3-baseline",
                    without("versioning", res(parts.versioning.type, "v", { bucket: "lake-id", versioningConfiguration: { status: "Suspended" } })),
                ),
                "has no versioning",
            ));
        it("fails without a lifecycle", () => assertViolation(checkStack("s3-baseline", without("lifecycle")), "has no lifecycle"));
        it("follows settings by bucket name too", () =>
            assertClean(
                checkStack("s3-baseline", [
                    res(bucket.type, "data", { bucket: "acme-data" }),
                    ...Object.values(parts).map((p) => res(p.type, p.name, { ...p.props, bucket: "acme-data" })),
                ]),
            ));
        it("cannot check a setting whose bucket reference is unknown", () => {
            const f = checkStack("s3-baseline", without("sse", res(parts.sse.type, "s", { ...parts.sse.props, bucket: UNKNOWN })));
            assertUnknown(f);
            assert.match(f[0].message, /SSE-KMS encryption of bucket lake is unknown/);
        });
    });

    describe("kinesis-baseline", () => {
        const stream = (p: Record<string, unknown>) =>
            res("aws:kinesis/stream:Stream", "telemetry", {
                encryptionType: "KMS",
                kmsKeyId: KEY,
                retentionPeriod: 168,
                streamModeDetails: { streamMode: "ON_DEMAND" },
                ...p,
            });
        it("accepts a KMS stream keeping a week", () => assertClean(check("kinesis-baseline", stream({}))));
        it("fails an unencrypted stream", () => assertViolation(check("kinesis-baseline", stream({ encryptionType: "NONE" })), "not KMS-encrypted"));
        it("fails KMS without a key", () => assertViolation(check("kinesis-baseline", stream({ kmsKeyId: undefined })), "no kmsKeyId"));
        it("fails the default 24 h retention", () =>
            assertViolation(check("kinesis-baseline", stream({ retentionPeriod: undefined })), "retention is 24 hours"));
        it("cannot check an unknown key type", () => assertUnknown(check("kinesis-baseline", stream({ encryptionType: UNKNOWN }))));
        it("reads aws-native streams", () =>
            assertViolation(
                check(
                    "kinesis-baseline",
                    res("aws-native:kinesis:Stream", "s", { streamEncryption: { encryptionType: "KMS", keyId: KEY }, retentionPeriodHours: 24 }),
                ),
                "retention is 24 hours",
            ));
    });

    describe("dynamodb-baseline", () => {
        const table = (p: Record<string, unknown>) =>
            res("aws:dynamodb/table:Table", "registry", {
                pointInTimeRecovery: { enabled: true },
                serverSideEncryption: { enabled: true, kmsKeyArn: KEY },
                deletionProtectionEnabled: true,
                ...p,
            });
        it("accepts a protected table", () => assertClean(check("dynamodb-baseline", table({}))));
        it("fails without point-in-time recovery", () =>
            assertViolation(check("dynamodb-baseline", table({ pointInTimeRecovery: { enabled: false } })), "no point-in-time recovery"));
        it("fails without KMS", () => assertViolation(check("dynamodb-baseline", table({ serverSideEncryption: undefined })), "no KMS encryption"));
        it("fails without deletion protection", () =>
            assertViolation(check("dynamodb-baseline", table({ deletionProtectionEnabled: false })), "no deletion protection"));
        it("cannot check unknown recovery", () => assertUnknown(check("dynamodb-baseline", table({ pointInTimeRecovery: { enabled: UNKNOWN } }))));
    });

    describe("rds-baseline", () => {
        const cluster = (p: Record<string, unknown> = {}) =>
            res("aws:rds/cluster:Cluster", "workorders", {
                engine: "aurora-postgresql",
                storageEncrypted: true,
                kmsKeyId: KEY,
                deletionProtection: true,
                backupRetentionPeriod: 14,
                iamDatabaseAuthenticationEnabled: true,
                dbClusterParameterGroupName: "acme-workorders",
                ...p,
            });
        const params = (value: string) =>
            res("aws:rds/clusterParameterGroup:ClusterParameterGroup", "workorders-params", {
                name: "acme-workorders",
                family: "aurora-postgresql16",
                parameters: [{ name: "rds.force_ssl", value }],
            });
        it("accepts an encrypted, protected cluster", () => assertClean(check("rds-baseline", cluster())));
        it("fails unencrypted storage", () => assertViolation(check("rds-baseline", cluster({ storageEncrypted: false })), "storage encryption is off"));
        it("fails without deletion protection", () =>
            assertViolation(check("rds-baseline", cluster({ deletionProtection: undefined })), "deletion protection is off"));
        it("fails without IAM authentication", () =>
            assertViolation(check("rds-baseline", cluster({ iamDatabaseAuthenticationEnabled: false })), "IAM database authentication is off"));
        it("fails 1-day backups", () => assertViolation(check("rds-baseline", cluster({ backupRetentionPeriod: 1 })), "backups are kept 1 day"));
        it("fails a public instance", () =>
            assertViolation(
                check(
                    "rds-baseline",
                    res("aws:rds/clusterInstance:ClusterInstance", "w-1", {
                        clusterIdentifier: "c",
                        engine: "aurora-postgresql",
                        instanceClass: "db.serverless",
                        publiclyAccessible: true,
                    }),
                ),
                "publiclyAccessible is true",
            ));
        it("cannot check unknown backups", () => assertUnknown(check("rds-baseline", cluster({ backupRetentionPeriod: UNKNOWN }))));
        it("accepts TLS forced by the parameter group", () => assertClean(checkStack("rds-baseline", [cluster(), params("1")])));
        it("fails a parameter group that does not force TLS", () => assertViolation(checkStack("rds-baseline", [cluster(), params("0")]), "TLS is not forced"));
        it("fails a cluster without parameter group", () =>
            assertViolation(checkStack("rds-baseline", [cluster({ dbClusterParameterGroupName: undefined })]), "no parameter group"));
    });

    describe("lambda-baseline", () => {
        const fn = (p: Record<string, unknown> = {}) =>
            res("aws:lambda/function:Function", "scorer", {
                name: "acme-scorer",
                runtime: "nodejs22.x",
                role: "arn:aws:iam::1:role/r",
                handler: "index.handler",
                tracingConfig: { mode: "Active" },
                ...p,
            });
        it("accepts a supported runtime", () => assertClean(check("lambda-baseline", fn())));
        it("fails a deprecated runtime", () =>
            assertViolation(check("lambda-baseline", fn({ runtime: "nodejs20.x" })), 'runtime "nodejs20.x" is not supported'));
        it("accepts container images", () => assertClean(check("lambda-baseline", fn({ runtime: undefined, packageType: "Image" }))));
        it("cannot check an unknown runtime", () => assertUnknown(check("lambda-baseline", fn({ runtime: UNKNOWN }))));
        it("fails a public invoke permission", () =>
            assertViolation(
                check(
                    "lambda-baseline",
                    res("aws:lambda/permission:Permission", "p", { action: "lambda:InvokeFunction", function: "acme-scorer", principal: "*" }),
                ),
                "lets anyone invoke",
            ));
        it("accepts a service permission with a source", () =>
            assertClean(
                check(
                    "lambda-baseline",
                    res("aws:lambda/permission:Permission", "p", {
                        action: "lambda:InvokeFunction",
                        function: "acme-scorer",
                        principal: "iot.amazonaws.com",
                        sourceArn: "arn:aws:iot:eu-central-1:1:rule/x",
                    }),
                ),
            ));
        it("fails a function URL without auth", () =>
            assertViolation(
                check("lambda-baseline", res("aws:lambda/functionUrl:FunctionUrl", "u", { functionName: "acme-scorer", authorizationType: "NONE" })),
                "authorizationType NONE",
            ));
        const esm = (p: Record<string, unknown> = {}) =>
            res("aws:lambda/eventSourceMapping:EventSourceMapping", "scorer-source", {
                functionName: "acme-scorer",
                eventSourceArn: "arn:aws:kinesis:eu-central-1:123456789012:stream/acme-telemetry",
                startingPosition: "LATEST",
                destinationConfig: { onFailure: { destinationArn: "arn:aws:sqs:eu-central-1:1:dlq" } },
                ...p,
            });
        it("accepts a stream consumer with an on-failure destination", () => assertClean(checkStack("lambda-baseline", [fn(), esm()])));
        it("fails a stream consumer without one", () =>
            assertViolation(checkStack("lambda-baseline", [fn(), esm({ destinationConfig: undefined })]), "has no on-failure destination"));
        it("cannot check a consumer whose source is unknown", () =>
            assertUnknown(checkStack("lambda-baseline", [fn(), esm({ destinationConfig: undefined, eventSourceArn: UNKNOWN })])));
        const rule = res("aws:iot/topicRule:TopicRule", "alarms", {
            enabled: true,
            sql: "SELECT * FROM 'x'",
            sqlVersion: "2016-03-23",
            lambdas: [{ functionArn: "arn:aws:lambda:eu-central-1:123456789012:function:acme-scorer" }],
        });
        it("fails an asynchronously invoked function without a dead-letter target", () =>
            assertViolation(checkStack("lambda-baseline", [fn(), rule]), "invoked asynchronously"));
        it("accepts it with a dead-letter queue", () =>
            assertClean(checkStack("lambda-baseline", [fn({ deadLetterConfig: { targetArn: "arn:aws:sqs:eu-central-1:1:dlq" } }), rule])));
        it("accepts it with an on-failure destination", () =>
            assertClean(
                checkStack("lambda-baseline", [
                    fn(),
                    rule,
                    res("aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig", "c", {
                        functionName: "acme-scorer",
                        destinationConfig: { onFailure: { destination: "arn:aws:sqs:eu-central-1:1:dlq" } },
                    }),
                ]),
            ));
    });

    describe("sfn-logging", () => {
        const sm = (p: Record<string, unknown>) =>
            res("aws:sfn/stateMachine:StateMachine", "maintenance", {
                definition: "{}",
                roleArn: "r",
                loggingConfiguration: { level: "ERROR", includeExecutionData: false, logDestination: "arn:aws:logs:eu-central-1:1:log-group:/sfn:*" },
                ...p,
            });
        it("accepts ERROR with a destination", () => assertClean(check("sfn-logging", sm({}))));
        it("fails OFF", () =>
            assertViolation(check("sfn-logging", sm({ loggingConfiguration: { level: "OFF", logDestination: "arn:x:*" } })), 'level is "OFF"'));
        it("fails no destination", () => assertViolation(check("sfn-logging", sm({ loggingConfiguration: { level: "ALL" } })), "no logDestination"));
        it("cannot check an unknown level", () =>
            assertUnknown(check("sfn-logging", sm({ loggingConfiguration: { level: UNKNOWN, logDestination: "arn:x:*" } }))));
    });

    describe("sns-encrypted", () => {
        const topic = (p: Record<string, unknown>) => res("aws:sns/topic:Topic", "critical", { name: "acme-critical", kmsMasterKeyId: KEY, ...p });
        const open = JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "SNS:Publish", Resource: "*" }] });
        it("accepts an encrypted topic", () => assertClean(check("sns-encrypted", topic({}))));
        it("fails an unencrypted topic", () => assertViolation(check("sns-encrypted", topic({ kmsMasterKeyId: undefined })), "not encrypted"));
        it("fails a topic policy open to everyone", () =>
            assertViolation(
                check("sns-encrypted", res("aws:sns/topicPolicy:TopicPolicy", "p", { arn: "arn:aws:sns:eu-central-1:1:acme-critical", policy: open })),
                "to everyone",
            ));
        it("accepts an open principal with a source condition", () =>
            assertClean(
                check(
                    "sns-encrypted",
                    res("aws:sns/topicPolicy:TopicPolicy", "p", {
                        arn: "a",
                        policy: JSON.stringify({
                            Statement: [
                                {
                                    Effect: "Allow",
                                    Principal: { AWS: "*" },
                                    Action: "SNS:Publish",
                                    Resource: "*",
                                    Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
                                },
                            ],
                        }),
                    }),
                ),
            ));
        it("cannot check an unknown key", () => assertUnknown(check("sns-encrypted", topic({ kmsMasterKeyId: UNKNOWN }))));
    });
});
