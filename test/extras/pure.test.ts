import * as assert from "node:assert/strict";
import { parse } from "yaml";
import { POLICY_NAMES } from "../../policies/catalogue";
import { configRuleName, configRulesFor, inputParameters, MANAGED_CONFIG_RULES } from "../../src/region/config-rules";
import {
    AUDIT_CHECKS,
    auditCheckConfigurations,
    auditNotificationPolicy,
    configDeliveryPolicy,
    foundationalStandardArn,
    iotLoggingPolicy,
    iotLogLevel,
    SCHEDULED_AUDIT_CHECKS,
    tlsOnlyBucketPolicy,
} from "../../src/region/governance";
import { actionsOf, serviceTrust, toJson } from "../../src/iam";
import {
    classifyReportTask,
    cloudModels,
    comprehendDataAccessPolicy,
    DEFAULT_MODEL,
    endpointName,
    invokeEndpointTask,
    modelArchiveKey,
    modelOnnxKey,
    sagemakerExecutionPolicy,
    tritonImage,
} from "../../src/region/ml";
import { overlaps, parseCidr, type Cidr } from "../../src/model/cidr";
import { flowLogsPolicy, needsWorkloadNetwork, REGIONAL_BLOCKS, WORKLOAD_CIDR, workloadSubnets } from "../../src/region/workload-network";
import { decide, type User } from "../fidelity/iam-sim";
import { allOptionsFleet, exampleFleet, unknownActions } from "./helpers";

const scope = { partition: "aws", region: "eu-central-1", account: "123456789012" };
const KEY = "arn:aws:kms:eu-central-1:123456789012:key/k";
const BUCKET = "arn:aws:s3:::acme-artifacts";

describe("extras: AWS Config rules from the policy catalogue", () => {
    it("names every managed rule once, each mirroring a catalogue rule or saying why it is there", () => {
        const ids = MANAGED_CONFIG_RULES.map((r) => r.identifier);
        assert.equal(new Set(ids).size, ids.length);
        for (const r of MANAGED_CONFIG_RULES) {
            assert.match(r.identifier, /^[A-Z0-9_]+$/, r.identifier);
            if (r.policy === null) assert.ok(r.why && r.why.length > 10, `${r.identifier} needs a reason`);
            else assert.ok(POLICY_NAMES.includes(r.policy), `${r.identifier} mirrors unknown policy ${r.policy}`);
        }
    });

    it("covers the data-and-services baseline of the catalogue", () => {
        const mirrored = new Set(MANAGED_CONFIG_RULES.map((r) => r.policy));
        for (const p of [
            "s3-baseline",
            "kinesis-baseline",
            "dynamodb-baseline",
            "rds-baseline",
            "lambda-baseline",
            "sfn-logging",
            "sns-encrypted",
            "eks-baseline",
            "ot-default-deny",
            "nfw-protections-on",
        ]) {
            assert.ok(mirrored.has(p), `no Config rule mirrors ${p}`);
        }
    });

    it("selects the EKS, ECS and SageMaker rules only where the region runs them", () => {
        const none = configRulesFor({ eks: false, ecs: false, sagemaker: false }).map((r) => r.identifier);
        const all = configRulesFor({ eks: true, ecs: true, sagemaker: true }).map((r) => r.identifier);
        assert.equal(all.length, MANAGED_CONFIG_RULES.length);
        assert.deepEqual(all.filter((id) => !none.includes(id)).sort(), [
            "ECS_CONTAINER_INSIGHTS_ENABLED",
            "EKS_CLUSTER_LOGGING_ENABLED",
            "EKS_ENDPOINT_NO_PUBLIC_ACCESS",
            "EKS_SECRETS_ENCRYPTED",
            "SAGEMAKER_ENDPOINT_CONFIGURATION_KMS_KEY_CONFIGURED",
            "SAGEMAKER_MODEL_IN_VPC",
        ]);
        assert.ok(configRulesFor({ eks: true, ecs: false, sagemaker: false }).some((r) => r.identifier === "EKS_SECRETS_ENCRYPTED"));
        assert.ok(!configRulesFor({ eks: true, ecs: false, sagemaker: false }).some((r) => r.identifier === "ECS_CONTAINER_INSIGHTS_ENABLED"));
    });

    it("derives rule names and parameters", () => {
        assert.equal(configRuleName("acme", "S3_BUCKET_SSL_REQUESTS_ONLY"), "acme-s3-bucket-ssl-requests-only");
        assert.throws(() => configRuleName("x".repeat(100), "S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED"), /longer than 128 characters; shorten the fleet name/);
        const retention = MANAGED_CONFIG_RULES.find((r) => r.identifier === "KINESIS_STREAM_BACKUP_RETENTION_CHECK")!;
        assert.equal(inputParameters(retention), '{"minimumBackupRetentionPeriod":"168"}');
        assert.equal(inputParameters(MANAGED_CONFIG_RULES.find((r) => r.identifier === "SNS_ENCRYPTED_KMS")!), undefined);
    });
});

describe("extras: governance data", () => {
    it("uses the real ARN of the AWS Foundational Security Best Practices standard", () => {
        assert.equal(
            foundationalStandardArn("aws", "eu-central-1"),
            "arn:aws:securityhub:eu-central-1::standards/aws-foundational-security-best-practices/v/1.0.0",
        );
        assert.equal(
            foundationalStandardArn("aws-us-gov", "us-gov-west-1"),
            "arn:aws-us-gov:securityhub:us-gov-west-1::standards/aws-foundational-security-best-practices/v/1.0.0",
        );
    });

    it("logs WARN in production and INFO elsewhere, never DISABLED", () => {
        assert.equal(iotLogLevel(true), "WARN");
        assert.equal(iotLogLevel(false), "INFO");
    });

    it("enables every Device Defender audit check with certificate thresholds", () => {
        const c = auditCheckConfigurations();
        assert.equal(Object.keys(c).length, 17);
        for (const prop of Object.values(AUDIT_CHECKS)) assert.equal((c[prop] as { enabled: boolean }).enabled, true, prop);
        assert.deepEqual(c.deviceCertificateAgeCheck, { enabled: true, configuration: { certAgeThresholdInDays: "365" } });
        assert.deepEqual(c.deviceCertificateExpiringCheck, { enabled: true, configuration: { certExpirationThresholdInDays: "30" } });
    });

    it("schedules only checks the account enables, including the catalogue's Device Defender mirrors", () => {
        for (const check of SCHEDULED_AUDIT_CHECKS) assert.ok(check in AUDIT_CHECKS, check);
        for (const mirrored of [
            "LOGGING_DISABLED_CHECK",
            "DEVICE_CERTIFICATE_SHARED_CHECK",
            "IOT_POLICY_OVERLY_PERMISSIVE_CHECK",
            "IOT_ROLE_ALIAS_OVERLY_PERMISSIVE_CHECK",
        ]) {
            assert.ok((SCHEDULED_AUDIT_CHECKS as readonly string[]).includes(mirrored), mirrored);
        }
    });

    it("scopes the IoT logging role to the AWSIotLogsV2 log group", () => {
        const p = iotLoggingPolicy("aws", "eu-central-1", "123456789012");
        assert.deepEqual(p.Statement[0].Resource, [
            "arn:aws:logs:eu-central-1:123456789012:log-group:AWSIotLogsV2",
            "arn:aws:logs:eu-central-1:123456789012:log-group:AWSIotLogsV2:*",
        ]);
        assert.ok(!JSON.stringify(p).includes('"*"'));
    });

    it("denies every request without TLS on governed buckets, and nothing else (IAM simulator)", async () => {
        const p = tlsOnlyBucketPolicy(BUCKET);
        assert.deepEqual(
            p.Statement.map((s) => s.Sid),
            ["DenyInsecureTransport"],
        );
        // a principal allowed everything on S3 by its own policy: only the bucket policy can deny
        const admin: User = {
            label: "admin",
            kind: "role",
            documents: [{ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:*"], Resource: ["*"] }] }],
            principalArn: "arn:aws:iam::123456789012:role/admin",
            allowed: [],
            denied: [],
        };
        const requests = [
            ["s3:GetObject", `${BUCKET}/a/b.json`],
            ["s3:PutObject", `${BUCKET}/a/b.json`],
            ["s3:ListBucket", BUCKET],
            ["s3:PutBucketPolicy", BUCKET],
        ];
        const verdicts = (tls: string) =>
            Promise.all(requests.map(([action, resource]) => decide(admin, { action, resource, context: { "aws:SecureTransport": tls }, why: "" }, p)));
        assert.deepEqual(await verdicts("false"), ["ExplicitlyDenied", "ExplicitlyDenied", "ExplicitlyDenied", "ExplicitlyDenied"]);
        assert.deepEqual(await verdicts("true"), ["Allowed", "Allowed", "Allowed", "Allowed"]);
    });

    it("trusts services only on behalf of this account", () => {
        const json = JSON.parse(toJson(serviceTrust("config.amazonaws.com", "123456789012")));
        assert.deepEqual(json, {
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Principal: { Service: "config.amazonaws.com" },
                    Action: ["sts:AssumeRole"],
                    Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
                },
            ],
        });
    });
});

describe("extras: ML data", () => {
    it("serves the models the region's edge gateways run, else the default model", () => {
        const fleet = exampleFleet();
        assert.deepEqual(
            cloudModels(
                fleet,
                fleet.regions.find((r) => r.name === "eu-central-1")!,
            ),
            ["vibration-anomaly"],
        );
        assert.deepEqual(
            cloudModels(
                fleet,
                fleet.regions.find((r) => r.name === "us-east-2")!,
            ),
            ["vibration-anomaly"],
        );
        const bare = { ...fleet, sites: fleet.sites.map((s) => ({ ...s, gateways: s.gateways.map((g) => ({ ...g, edgeInference: undefined })) })) };
        assert.deepEqual(cloudModels(bare, fleet.regions[0]), [DEFAULT_MODEL]);
    });

    it("lays the shared artifact out for cloud and edge", () => {
        assert.equal(modelOnnxKey("vibration-anomaly"), "models/vibration-anomaly/model.onnx");
        assert.equal(modelArchiveKey("vibration-anomaly"), "models/vibration-anomaly/model.tar.gz");
    });

    it("checks endpoint names against the SageMaker limits", () => {
        assert.equal(endpointName("acme", "vibration-anomaly"), "acme-vibration-anomaly");
        assert.throws(() => endpointName("acme", "m".repeat(60)), /must be 1-63 letters, digits and single hyphens; shorten the model name/);
        assert.throws(() => endpointName("acme", "bad_model"), /shorten the model name "bad_model"/);
    });

    it("resolves the Triton image of a region and names what to do elsewhere", () => {
        assert.equal(tritonImage("eu-central-1"), "746233611703.dkr.ecr.eu-central-1.amazonaws.com/sagemaker-tritonserver:24.09-py3");
        assert.throws(() => tritonImage("mars-north-1"), /no SageMaker Triton image registry is known for region mars-north-1; .*set sagemaker: false/);
    });

    it("lets the SageMaker role read only its own model", () => {
        const p = sagemakerExecutionPolicy(scope, { bucketArn: BUCKET, kmsKeyArn: KEY, model: "vibration-anomaly", endpoint: "acme-vibration-anomaly" });
        const read = p.Statement.find((s) => s.Sid === "ReadModel")!;
        assert.deepEqual(read.Resource, [`${BUCKET}/models/vibration-anomaly/*`]);
        const pull = p.Statement.find((s) => s.Sid === "PullImage")!;
        assert.deepEqual(pull.Resource, ["arn:aws:ecr:eu-central-1:746233611703:repository/sagemaker-tritonserver"]);
        assert.ok(!p.Statement.some((s) => s.Action.some((a) => a.endsWith(":*"))));
    });

    it("lets Comprehend read only the training set and write only its output", () => {
        const p = comprehendDataAccessPolicy(scope, { bucketArn: BUCKET, kmsKeyArn: KEY });
        assert.deepEqual(p.Statement.find((s) => s.Sid === "ReadTrainingData")!.Resource, [`${BUCKET}/reports/training/labelled.csv`]);
        assert.deepEqual(p.Statement.find((s) => s.Sid === "WriteOutput")!.Resource, [`${BUCKET}/reports/output/*`]);
    });

    it("publishes only actions AWS knows", async () => {
        const docs = [
            sagemakerExecutionPolicy(scope, { bucketArn: BUCKET, kmsKeyArn: KEY, model: "m", endpoint: "acme-m" }),
            comprehendDataAccessPolicy(scope, { bucketArn: BUCKET, kmsKeyArn: KEY }),
            iotLoggingPolicy("aws", "eu-central-1", "123456789012"),
            auditNotificationPolicy("arn:aws:sns:eu-central-1:123456789012:t", KEY),
            configDeliveryPolicy(BUCKET, "123456789012", KEY),
            flowLogsPolicy("arn:aws:logs:eu-central-1:123456789012:log-group:/fleet/acme/workloads-vpc-flow-logs"),
        ];
        assert.deepEqual(await unknownActions(...docs), []);
        assert.ok(actionsOf(docs[0]).includes("ecr:BatchGetImage"));
    });

    it("gives the workflow valid Step Functions tasks for the endpoints", () => {
        const validator = require("asl-validator") as (d: unknown, o?: unknown) => { isValid: boolean; errors: unknown[] };
        const definition = {
            StartAt: "Predict",
            States: {
                Predict: invokeEndpointTask("acme-vibration-anomaly", "Classify"),
                Classify: classifyReportTask("arn:aws:comprehend:eu-central-1:123456789012:document-classifier-endpoint/acme-maintenance-reports", "Done"),
                Done: { Type: "Succeed" },
            },
        };
        const result = validator(definition);
        assert.deepEqual(result.errors, []);
        assert.equal(result.isValid, true);
        assert.equal((definition.States.Predict as { Resource: string }).Resource, "arn:aws:states:::aws-sdk:sagemakerruntime:invokeEndpoint");
    });
});

describe("extras: workload network", () => {
    it("is needed only by EKS, ECS, SageMaker or Comprehend", () => {
        const fleet = exampleFleet();
        assert.equal(needsWorkloadNetwork(fleet.regions[0]), false);
        assert.equal(needsWorkloadNetwork(allOptionsFleet().regions[0]), true);
        const only = (k: string) => ({ ...fleet.regions[0], analytics: { ...fleet.regions[0].analytics, [k]: true } });
        for (const k of ["eks", "ecs", "sagemaker", "comprehend"]) assert.equal(needsWorkloadNetwork(only(k)), true, k);
        assert.equal(needsWorkloadNetwork(only("quicksight")), false);
    });

    it("plans two private subnets in two zones", () => {
        const fleet = allOptionsFleet();
        assert.deepEqual(workloadSubnets(fleet, fleet.regions[0]), [
            { key: "private-a", cidr: "10.253.0.0/21", zoneIndex: 0 },
            { key: "private-b", cidr: "10.253.8.0/21", zoneIndex: 1 },
        ]);
    });

    it("stays clear of the other regional VPCs", () => {
        const block = (parseCidr(WORKLOAD_CIDR) as { cidr: Cidr }).cidr;
        for (const other of REGIONAL_BLOCKS) assert.equal(overlaps(block, (parseCidr(other.cidr) as { cidr: Cidr }).cidr), false, other.owner);
    });

    it("refuses a site cloud network that overlaps it, naming the file", () => {
        const fleet = allOptionsFleet();
        const sites = fleet.sites.map((s) => (s.name === "stuttgart-body" ? { ...s, cloudNetwork: { cidr: "10.253.4.0/24" } } : s));
        assert.throws(
            () =>
                workloadSubnets(
                    { ...fleet, sites },
                    fleet.regions.find((r) => r.name === "eu-central-1")!,
                ),
            {
                message:
                    "sites/stuttgart-body.yaml: cloudNetwork.cidr 10.253.4.0/24 overlaps the regional workload network 10.253.0.0/20; pick a block outside it",
            },
        );
    });
});

void parse;
