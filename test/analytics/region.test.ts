/**
 * The regional analytics stack under Pulumi mocks (planRegion on the example fleet): each seed
 * box of architecture.md's region table that we provision, with its key security properties.
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import { bundleFunction, REGIONAL_FUNCTIONS } from "../../src/analytics/bundle";
import { loadFleet } from "../../src/model/load";
import type { FleetModel } from "../../src/model/types";
import { mockState } from "../../src/plan/mocks";
import { planRegion, type Plan, type PlannedResource } from "../../src/plan/plan";

const ROOT = path.resolve(__dirname, "..", "..", "..");

describe("analytics: regional stack plan (example fleet)", function () {
    this.timeout(180_000);
    let fleet: FleetModel;
    let eu: Plan;
    let us: Plan;
    let mine: PlannedResource[];

    before(async () => {
        const loaded = loadFleet(ROOT);
        assert.ok(loaded.model, "the example fleet loads");
        fleet = loaded.model;
        eu = await planRegion(fleet, "eu-central-1", { sites: [] });
        // us-east-2 as written, but without Grafana (fleet.yaml's `grafana: false`)
        const noGrafana = {
            ...fleet,
            regions: fleet.regions.map((r) => (r.name === "us-east-2" ? { ...r, analytics: { ...r.analytics, grafana: false } } : r)),
        };
        us = await planRegion(noGrafana, "us-east-2", { sites: [] });
        mine = eu.resources.filter((r) => isUnderAnalytics(eu, r));
    });

    /** Component types of the analytics stack; a resource is ours when one is in its URN or its parent's. */
    const OURS = [
        "RegionalAnalytics",
        "PlatformKey",
        "RegionalStorage",
        "SecureBucket",
        "DataNetwork",
        "DeadLetters",
        "Ingest",
        "TimeSeries",
        "FleetFunction",
        "EquipmentRegistry",
        "AnomalyDetection",
        "Alerting",
        "MaintenanceWorkflow",
        "PipelineAlarms",
        "Dashboards",
    ].map((t) => `fleet:region:${t}`);
    function isUnderAnalytics(_plan: Plan, r: PlannedResource): boolean {
        const chain = `${r.urn.split("::")[2] ?? ""}$${(r.parent ?? "").split("::")[2] ?? ""}`.split("$");
        return chain.some((t) => OURS.includes(t));
    }
    const ofType = (type: string, plan?: Plan) => (plan ? plan.resources.filter((r) => isUnderAnalytics(plan, r)) : mine).filter((r) => r.type === type);
    const one = (type: string, name?: string, plan?: Plan) => {
        const found = ofType(type, plan).filter((r) => name === undefined || r.name === name);
        assert.equal(found.length, 1, `expected one ${type}${name ? ` named ${name}` : ""}, found ${found.map((r) => r.name).join(", ") || "none"}`);
        return found[0];
    };
    const inputs = (r: PlannedResource) => r.inputs as Record<string, any>;
    // what the mock monitor answers for the platform key and the data VPC (src/plan/mocks.ts: AWS-shaped ids and ARNs)
    const KEY_ARN = String(mockState("aws:kms/key:Key", "platform-key", {}, "eu-central-1", false).state.arn);
    const mockId = (type: string, name: string) => mockState(type, name, {}, "eu-central-1", false).id;

    it("provisions no retired service (IoT Analytics, IoT Events, KDA SQL, Timestream LiveAnalytics, Forecast, App Mesh, Greengrass V1)", () => {
        const retired = /^aws:(iotanalytics|iotevents|kinesisanalytics\/application|timestreamwrite|forecast|appmesh|greengrass\/)/;
        assert.deepEqual(
            mine.filter((r) => retired.test(r.type)).map((r) => r.type),
            [],
        );
    });

    it("KMS: one customer key per region with rotation, protected, used by every store and topic", () => {
        const key = one("aws:kms/key:Key");
        assert.equal(inputs(key).enableKeyRotation, true);
        assert.equal(key.protect, true);
        const policy = JSON.parse(inputs(key).policy);
        assert.equal(policy.Statement[0].Principal.AWS, "arn:aws:iam::123456789012:root");
        assert.equal(one("aws:kms/alias:Alias").inputs.name, "alias/acme-platform");
    });

    it("S3: lake, artifacts and logs: SSE-KMS, versioning, public access blocked, TLS-only, owner enforced, access logs, lifecycle; protected", () => {
        const buckets = ofType("aws:s3/bucket:Bucket");
        assert.deepEqual(buckets.map((b) => b.name).sort(), ["artifacts", "lake", "logs"]);
        for (const b of buckets) {
            assert.equal(b.protect, true, b.name);
            const sse = one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", `${b.name}-encryption`);
            // the logs bucket receives server access logs: SSE-S3, the only encryption S3 delivers them to
            assert.deepEqual(
                inputs(sse).rules[0].applyServerSideEncryptionByDefault,
                b.name === "logs" ? { sseAlgorithm: "AES256" } : { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN },
            );
            assert.equal(inputs(one("aws:s3/bucketVersioning:BucketVersioning", `${b.name}-versioning`)).versioningConfiguration.status, "Enabled");
            const pab = inputs(one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", `${b.name}-public-access`));
            assert.deepEqual([pab.blockPublicAcls, pab.blockPublicPolicy, pab.ignorePublicAcls, pab.restrictPublicBuckets], [true, true, true, true]);
            assert.equal(
                inputs(one("aws:s3/bucketOwnershipControls:BucketOwnershipControls", `${b.name}-ownership`)).rule.objectOwnership,
                "BucketOwnerEnforced",
            );
            const policy = JSON.parse(inputs(one("aws:s3/bucketPolicy:BucketPolicy", `${b.name}-policy`)).policy);
            assert.deepEqual(policy.Statement[0].Condition, { Bool: { "aws:SecureTransport": "false" } });
            assert.equal(policy.Statement[0].Effect, "Deny");
            assert.ok(one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", `${b.name}-lifecycle`));
        }
        // access logs of artifacts and lake go to the logs bucket; the logs bucket does not log to itself
        assert.deepEqual(
            ofType("aws:s3/bucketLogging:BucketLogging").map((l) => [l.name, inputs(l).targetBucket, inputs(l).targetPrefix]),
            [
                ["artifacts-access-logging", "logs", "access-logs/artifacts/"],
                ["lake-access-logging", "logs", "access-logs/lake/"],
            ],
        );
        const lake = inputs(one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "lake-lifecycle"));
        assert.deepEqual(
            lake.rules
                .filter((r: any) => r.id.startsWith("site-"))
                .map((r: any) => [r.filter.prefix, r.transitions.map((t: any) => `${t.storageClass}@${t.days}`).join(" "), r.expiration.days]),
            [
                ["site=cork-fill-finish/", "STANDARD_IA@30 DEEP_ARCHIVE@365", 3650],
                ["site=stuttgart-body/", "INTELLIGENT_TIERING@7 DEEP_ARCHIVE@90", 2555],
            ],
        );
    });

    it("IoT Core → Kinesis: telemetry and alarm rules with error action; stream KMS-encrypted, 7 days, protected; mode from fleet.yaml", () => {
        const rules = ofType("aws:iot/topicRule:TopicRule");
        assert.deepEqual(
            rules.map((r) => [inputs(r).name, inputs(r).sql]),
            [
                [
                    "acme_telemetry",
                    "SELECT *, topic(2) AS site, topic(3) AS thing, 'telemetry' AS channel, timestamp() AS received_at FROM 'fleet/+/+/telemetry'",
                ],
                ["acme_alarm", "SELECT *, topic(2) AS site, topic(3) AS thing, 'alarm' AS channel, timestamp() AS received_at FROM 'fleet/+/+/alarm'"],
                // the anomaly channel goes to the fleet bus through a Lambda (test/models/platform.test.ts)
                ["acme_anomaly", "SELECT *, topic(2) AS topic_site, topic(3) AS topic_thing FROM 'fleet/+/+/anomaly'"],
            ],
        );
        for (const r of rules.filter((x) => inputs(x).name !== "acme_anomaly")) {
            assert.deepEqual(inputs(r).kineses[0].partitionKey, "${topic(2)}/${topic(3)}");
            assert.equal(inputs(r).errorAction.cloudwatchLogs.logGroupName, "/fleet/acme/iot-rule-errors");
        }
        const stream = one("aws:kinesis/stream:Stream");
        assert.equal(stream.protect, true);
        assert.deepEqual(
            {
                mode: inputs(stream).streamModeDetails.streamMode,
                enc: inputs(stream).encryptionType,
                key: inputs(stream).kmsKeyId,
                h: inputs(stream).retentionPeriod,
                shards: inputs(stream).shardCount,
            },
            { mode: "ON_DEMAND", enc: "KMS", key: KEY_ARN, h: 168, shards: undefined },
        );
        const usStream = one("aws:kinesis/stream:Stream", undefined, us);
        assert.deepEqual([inputs(usStream).streamModeDetails.streamMode, inputs(usStream).shardCount], ["PROVISIONED", 2]);
    });

    it("IoT Analytics replacement: Firehose → S3 lake partitioned by site and date, errors apart, SSE-KMS; Glue table with projection; Athena workgroup", () => {
        const fh = inputs(one("aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream"));
        assert.equal(fh.destination, "extended_s3");
        assert.equal(fh.kinesisSourceConfiguration.kinesisStreamArn, "arn:aws:kinesis:eu-central-1:123456789012:acme-telemetry");
        const s3 = fh.extendedS3Configuration;
        assert.deepEqual(
            { prefix: s3.prefix, errors: s3.errorOutputPrefix, kms: s3.kmsKeyArn, dyn: s3.dynamicPartitioningConfiguration.enabled, gz: s3.compressionFormat },
            {
                prefix: "site=!{partitionKeyFromQuery:site}/date=!{timestamp:yyyy-MM-dd}/",
                errors: "errors/!{firehose:error-output-type}/date=!{timestamp:yyyy-MM-dd}/",
                kms: KEY_ARN,
                dyn: true,
                gz: "GZIP",
            },
        );
        assert.equal(s3.processingConfiguration.processors[0].parameters[0].parameterValue, "{site: .site}");
        const table = inputs(one("aws:glue/catalogTable:CatalogTable"));
        assert.equal(table.databaseName, "acme_telemetry");
        assert.equal(table.parameters["projection.enabled"], "true");
        assert.equal(table.parameters["projection.site.values"], "cork-fill-finish,stuttgart-body");
        assert.deepEqual(
            table.partitionKeys.map((k: any) => k.name),
            ["site", "date"],
        );
        const wg = inputs(one("aws:athena/workgroup:Workgroup"));
        assert.deepEqual(wg.configuration.resultConfiguration.encryptionConfiguration, { encryptionOption: "SSE_KMS", kmsKeyArn: KEY_ARN });
        assert.equal(wg.configuration.enforceWorkgroupConfiguration, true);
    });

    it("Timestream for InfluxDB: private subnets of the data VPC, not public, credentials in a KMS secret (write-only), protected", () => {
        const db = one("aws:timestreaminfluxdb/dbInstance:DbInstance");
        assert.equal(db.protect, true);
        assert.equal(inputs(db).publiclyAccessible, false);
        assert.deepEqual(inputs(db).vpcSubnetIds, [mockId("aws:ec2/subnet:Subnet", "data-private-a"), mockId("aws:ec2/subnet:Subnet", "data-private-b")]);
        assert.deepEqual(db.secretInputs, ["password"]);
        assert.equal(inputs(db).password, "[secret]");
        assert.equal(inputs(db).deploymentType, "SINGLE_AZ");
        const secret = one("aws:secretsmanager/secret:Secret");
        assert.equal(inputs(secret).kmsKeyId, KEY_ARN);
        const version = one("aws:secretsmanager/secretVersion:SecretVersion");
        assert.deepEqual(version.secretInputs, ["secretStringWo"]);
        assert.equal(inputs(version).secretString, undefined);
        // the data VPC: two private subnets in two AZs, no internet or NAT gateway, no public IPs
        const subnets = ofType("aws:ec2/subnet:Subnet");
        assert.deepEqual(
            subnets.map((s) => [inputs(s).cidrBlock, inputs(s).availabilityZone, inputs(s).mapPublicIpOnLaunch]),
            [
                ["10.254.0.0/26", "eu-central-1a", false],
                ["10.254.0.64/26", "eu-central-1b", false],
            ],
        );
        assert.deepEqual(ofType("aws:ec2/internetGateway:InternetGateway").concat(ofType("aws:ec2/natGateway:NatGateway")), []);
        assert.deepEqual(
            ofType("aws:ec2/vpcEndpoint:VpcEndpoint")
                .map((e) => `${inputs(e).serviceName} ${inputs(e).vpcEndpointType}`)
                .sort(),
            [
                "com.amazonaws.eu-central-1.athena Interface",
                "com.amazonaws.eu-central-1.dynamodb Gateway",
                "com.amazonaws.eu-central-1.monitoring Interface",
                "com.amazonaws.eu-central-1.s3 Gateway",
                "com.amazonaws.eu-central-1.secretsmanager Interface",
                "com.amazonaws.eu-central-1.xray Interface",
            ],
        );
        const influxSg = one("aws:ec2/securityGroup:SecurityGroup", "data-influx");
        assert.deepEqual(
            inputs(influxSg).ingress.map((i: any) => [i.fromPort, i.securityGroups]),
            [[8086, [mockId("aws:ec2/securityGroup:SecurityGroup", "data-writer"), mockId("aws:ec2/securityGroup:SecurityGroup", "data-grafana")]]],
        );
        assert.deepEqual(inputs(one("aws:ec2/securityGroup:SecurityGroup", "data-aurora")).ingress, []);
    });

    it("DynamoDB registry: PITR, the platform key, deletion protection, protected; loaded by registry-sync on manifests/", () => {
        const t = one("aws:dynamodb/table:Table");
        assert.equal(t.protect, true);
        assert.deepEqual(
            [inputs(t).pointInTimeRecovery.enabled, inputs(t).serverSideEncryption, inputs(t).deletionProtectionEnabled],
            [true, { enabled: true, kmsKeyArn: KEY_ARN }, true],
        );
        const n = inputs(one("aws:s3/bucketNotification:BucketNotification"));
        assert.equal(n.bucket, "artifacts");
        assert.deepEqual([n.lambdaFunctions[0].filterPrefix, n.lambdaFunctions[0].events], ["manifests/", ["s3:ObjectCreated:*", "s3:ObjectRemoved:*"]]);
        const perm = inputs(one("aws:lambda/permission:Permission", "registry-s3-invoke"));
        assert.deepEqual(
            [perm.principal, perm.sourceArn, perm.sourceAccount],
            ["s3.amazonaws.com", "arn:aws:s3:eu-central-1:123456789012:artifacts", "123456789012"],
        );
    });

    it("Aurora PostgreSQL Serverless v2: Data API, IAM auth, managed password, encrypted, TLS forced, 7-day backups, deletion protection, private; schema migrated by the stack", () => {
        const c = one("aws:rds/cluster:Cluster");
        assert.equal(c.protect, true);
        const i = inputs(c);
        assert.deepEqual(
            [
                i.engine,
                i.engineMode,
                i.enableHttpEndpoint,
                i.iamDatabaseAuthenticationEnabled,
                i.manageMasterUserPassword,
                i.storageEncrypted,
                i.kmsKeyId,
                i.deletionProtection,
                i.backupRetentionPeriod,
                i.masterPassword,
            ],
            ["aurora-postgresql", "provisioned", true, true, true, true, KEY_ARN, true, 7, undefined],
        );
        assert.deepEqual(i.serverlessv2ScalingConfiguration, { minCapacity: 0, maxCapacity: 4, secondsUntilAutoPause: 3600 });
        assert.deepEqual(inputs(one("aws:rds/clusterParameterGroup:ClusterParameterGroup")).parameters, [
            { name: "rds.force_ssl", value: "1", applyMethod: "pending-reboot" },
        ]);
        const inst = one("aws:rds/clusterInstance:ClusterInstance");
        assert.deepEqual([inputs(inst).instanceClass, inputs(inst).publiclyAccessible, inst.protect], ["db.serverless", false, true]);
        const inv = one("aws:lambda/invocation:Invocation");
        assert.equal(inputs(inv).functionName, "acme-db-migrate");
        assert.match(inputs(inv).triggers.migrations, /^[0-9a-f]{64}$/);
        assert.ok(
            inv.dependsOn.some((d) => d.endsWith("::maintenance-db-writer")),
            "migrates only once the writer instance exists",
        );
    });

    it("Step Functions: logging ALL to a KMS log group, X-Ray, KMS encryption; started by the anomaly rule on the fleet bus", () => {
        const sm = inputs(one("aws:sfn/stateMachine:StateMachine", "maintenance-workflow"));
        assert.deepEqual(
            [sm.loggingConfiguration.level, sm.loggingConfiguration.includeExecutionData, sm.tracingConfiguration.enabled, sm.encryptionConfiguration.type],
            ["ALL", true, true, "CUSTOMER_MANAGED_KMS_KEY"],
        );
        const logs = ofType("aws:cloudwatch/logGroup:LogGroup").find((l) => inputs(l).name === "/aws/vendedlogs/states/acme-maintenance-workflow");
        assert.equal(logs && inputs(logs).kmsKeyId, KEY_ARN);
        const def = JSON.parse(sm.definition);
        assert.equal(def.States.WaitForAcknowledgment.Resource, "arn:aws:states:::lambda:invoke.waitForTaskToken");
        const rule = inputs(one("aws:cloudwatch/eventRule:EventRule"));
        assert.equal(rule.eventBusName, "acme-fleet-events");
        assert.deepEqual(JSON.parse(rule.eventPattern)["detail-type"], ["Equipment Anomaly"]);
        const target = inputs(one("aws:cloudwatch/eventTarget:EventTarget"));
        assert.equal(target.deadLetterConfig.arn, "arn:aws:sqs:eu-central-1:123456789012:dead-letters");
    });

    it("EventBridge bus: KMS-encrypted, its policy admits only this account (no open principal)", () => {
        const bus = inputs(one("aws:cloudwatch/eventBus:EventBus"));
        assert.equal(bus.kmsKeyIdentifier, KEY_ARN);
        const policy = JSON.parse(inputs(one("aws:cloudwatch/eventBusPolicy:EventBusPolicy")).policy);
        assert.deepEqual(
            policy.Statement.map((s: any) => [s.Effect, s.Principal, s.Action]),
            [["Allow", { AWS: "arn:aws:iam::123456789012:root" }, "events:PutEvents"]],
        );
    });

    it("SNS: a KMS topic per severity, no public publish; the region's emails (fleet.yaml) on every severity, unfiltered", () => {
        const topics = ofType("aws:sns/topic:Topic");
        assert.deepEqual(
            topics.map((t) => [inputs(t).name, inputs(t).kmsMasterKeyId]),
            [
                ["acme-alerts-critical", KEY_ARN],
                ["acme-alerts-warning", KEY_ARN],
                ["acme-alerts-info", KEY_ARN],
            ],
        );
        for (const p of ofType("aws:sns/topicPolicy:TopicPolicy")) {
            for (const s of JSON.parse(inputs(p).policy).Statement) if (s.Effect === "Allow") assert.notEqual(s.Principal, "*");
        }
        // Site subscribers are their site's (test/analytics/site-alerts.test.ts): none here, the plan has no site.
        const subs = ofType("aws:sns/topicSubscription:TopicSubscription");
        assert.deepEqual(
            subs.map((s) => [s.name, inputs(s).topic, inputs(s).protocol, inputs(s).endpoint, inputs(s).filterPolicy]).sort(),
            ["ot-oncall@acme.example", "ot-security@acme.example"].flatMap((email) =>
                ["critical", "info", "warning"].map((sev) => [
                    `alerts-region-${email}-${sev}`,
                    `arn:aws:sns:eu-central-1:123456789012:acme-alerts-${sev}`,
                    "email",
                    email,
                    undefined,
                ]),
            ),
        );
    });

    it("Lambda baseline: nodejs22.x, arm64, tracing, DLQ, KMS env, on-failure destinations and bisect on stream consumers; code bundled with its hash", () => {
        // RegionalRemediation's Lambda has its own DLQ and is checked in test/remediation.
        const fns = ofType("aws:lambda/function:Function").filter((f) => !f.urn.includes("RegionalRemediation"));
        assert.deepEqual(fns.map((f) => inputs(f).name).sort(), REGIONAL_FUNCTIONS.map((n) => `acme-${n}`).sort());
        for (const f of fns) {
            const i = inputs(f);
            assert.deepEqual(
                [i.runtime, i.architectures, i.tracingConfig.mode, i.deadLetterConfig.targetArn, i.kmsKeyArn, i.loggingConfig.logFormat],
                ["nodejs22.x", ["arm64"], "Active", "arn:aws:sqs:eu-central-1:123456789012:dead-letters", KEY_ARN, "JSON"],
                f.name,
            );
            assert.equal(i.environment.variables.FLEET_CODE_SHA256, bundleFunction(f.name).sha256, f.name);
        }
        assert.equal(inputs(fns.find((f) => f.name === "telemetry-writer")!).vpcConfig.subnetIds.length, 2);
        const esms = ofType("aws:lambda/eventSourceMapping:EventSourceMapping");
        assert.equal(esms.length, 2);
        for (const e of esms) {
            const i = inputs(e);
            assert.deepEqual(
                [i.bisectBatchOnFunctionError, i.destinationConfig.onFailure.destinationArn],
                [true, "arn:aws:sqs:eu-central-1:123456789012:dead-letters"],
            );
        }
        assert.deepEqual(
            ofType("aws:lambda/permission:Permission").filter((p) => inputs(p).principal === "*"),
            [],
        );
    });

    it("CloudWatch alarms on pipeline health notify the critical topic", () => {
        const alarms = ofType("aws:cloudwatch/metricAlarm:MetricAlarm");
        // 7 pipeline, 2 stream consumers, 8 function errors (6 + edge-anomaly, model-trainer), 2 workflow
        assert.equal(alarms.length, 7 + 2 + 8 + 2);
        for (const a of alarms) assert.deepEqual(inputs(a).alarmActions, ["arn:aws:sns:eu-central-1:123456789012:acme-alerts-critical"]);
        const byName = new Map(alarms.map((a) => [a.name, inputs(a)]));
        assert.deepEqual(byName.get("pipeline-alarms-stream-iterator-age")?.dimensions, { StreamName: "acme-telemetry" });
        assert.deepEqual(byName.get("pipeline-alarms-anomaly-scorer-iterator-age")?.dimensions, { FunctionName: "acme-anomaly-scorer" });
        assert.deepEqual(byName.get("pipeline-alarms-firehose-delivery-failures")?.dimensions, { DeliveryStreamName: "acme-telemetry-lake" });
        assert.equal(byName.get("pipeline-alarms-workflow-failed")?.metricName, "ExecutionsFailed");
    });

    it("Managed Grafana only where fleet.yaml asks for it: SSO, customer-managed least-privilege role, in the data VPC", () => {
        const ws = inputs(one("aws:grafana/workspace:Workspace"));
        assert.deepEqual(
            [ws.authenticationProviders, ws.permissionType, ws.accountAccessType, ws.vpcConfiguration.subnetIds.length],
            [["AWS_SSO"], "CUSTOMER_MANAGED", "CURRENT_ACCOUNT", 2],
        );
        const policy = JSON.parse(inputs(one("aws:iam/rolePolicy:RolePolicy", "dashboards-grafana")).policy);
        for (const s of policy.Statement) assert.ok(!(s.Action as string[]).some((a) => a.endsWith(":*") || a === "*"), s.Sid);
        assert.deepEqual(ofType("aws:grafana/workspace:Workspace", us), []);
    });

    it("stays small: region-level resources only (no resource per site, sensor or gateway)", () => {
        // RegionalRemediation (test/remediation) is region-level too; counted apart.
        const custom = mine.filter((r) => r.custom && !r.urn.includes("RegionalRemediation"));
        // 138 + 22: the anomaly channel (rule, permission, error log group, its role and policy; the edge-anomaly function's 4),
        // model retraining (the trainer's 4; state machine, its log group, role and policy; schedule, its role and policy) and 2 error alarms
        assert.equal(custom.length, 160);
        const usCustom = us.resources.filter((r) => r.custom && isUnderAnalytics(us, r) && !r.urn.includes("RegionalRemediation"));
        // us-east-2 without Grafana: no workspace, role, policy, security group, athena/monitoring endpoints; one contact, not two
        assert.equal(usCustom.length, 151);
        assert.deepEqual(
            usCustom.filter((r) => r.type.startsWith("aws:grafana") || r.name === "data-grafana" || r.name === "data-athena"),
            [],
        );
    });
});

describe("analytics: Lambda bundling", () => {
    it("bundles every regional function deterministically, with the AWS SDK left to the runtime", () => {
        for (const name of REGIONAL_FUNCTIONS) {
            const b = bundleFunction(name);
            assert.match(b.sha256, /^[0-9a-f]{64}$/);
            assert.match(b.code, /exports\.handler|handler: \(\) => handler/);
            assert.ok(!b.code.includes(ROOT), `${name} bundle holds an absolute path`);
            assert.match(b.code, /require\("@aws-sdk\/client-/);
            assert.ok(b.code.length < 60_000, `${name} is ${b.code.length} bytes`);
        }
        assert.equal(bundleFunction("anomaly-scorer"), bundleFunction("anomaly-scorer"), "cached per process");
    });

    it("names a missing function source", () => {
        assert.throws(
            () => bundleFunction("no-such-function"),
            /Lambda function "no-such-function" has no source: functions\/no-such-function\/index.ts is missing/,
        );
    });
});
