import * as assert from "node:assert/strict";
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
});
