/**
 * Rules carry their metadata (defineRule), and everything that lists rules derives from them;
 * shared values the pack judges by come from one module (the Lambda runtimes).
 */
import * as assert from "node:assert/strict";
import { LAMBDA_RUNTIME, SUPPORTED_LAMBDA_RUNTIMES } from "../../src/analytics/lambda-runtime";
import { LAMBDA_RUNTIME as BUNDLE_RUNTIME } from "../../src/analytics/bundle";
import { MANAGED_CONFIG_RULES } from "../../src/region/config-rules";
import { HOOK_RUNTIME } from "../../components/site/provisioning";
import { CATALOGUE, POLICY_NAMES, policyInfo } from "../../policies/catalogue";
import { defineRule } from "../../policies/lib/define";
import { RULES } from "../../policies/registry";
import { SUPPORTED_RUNTIMES } from "../../policies/rules/lambda-baseline";
import { check, res, violations } from "./helpers";

const meta = {
    name: "x-y-z",
    severity: "advisory" as const,
    securitySeverity: 3.5,
    description: "Checks x.",
    mirrors: "nothing",
    details: "Checks x, in detail.",
};
const noop = { types: ["t"], check: () => [] };

describe("policies: defineRule", () => {
    it("derives the scope from the parts a rule has", () => {
        assert.equal(defineRule({ ...meta, resource: noop }).scope, "resource");
        assert.equal(defineRule({ ...meta, stack: noop }).scope, "resource");
        assert.equal(defineRule({ ...meta, model: () => [] }).scope, "model");
        assert.equal(defineRule({ ...meta, model: () => [], stack: noop }).scope, "both");
        assert.equal(defineRule({ ...meta, model: () => [], resource: noop }).scope, "both");
    });

    it("keeps the metadata and the checks as given", () => {
        const r = defineRule({ ...meta, resource: noop });
        assert.deepEqual(
            { name: r.name, severity: r.severity, securitySeverity: r.securitySeverity, description: r.description, mirrors: r.mirrors, details: r.details },
            meta,
        );
        assert.equal(r.resource, noop);
    });

    it("refuses metadata a reviewer could not use, naming every problem", () => {
        assert.throws(
            () => defineRule({ name: "Bad_Name", severity: "blocking" as "advisory", securitySeverity: 11, description: " ", mirrors: "", details: "" }),
            {
                message:
                    'rule Bad_Name: name "Bad_Name" is not kebab-case; severity "blocking" is not mandatory or advisory; securitySeverity 11 is not a score from 0.1 to 10 with one decimal; description is empty; mirrors is empty; details is empty; it has no resource, stack or model check',
            },
        );
        for (const bad of [0, 7.25, Number.NaN, undefined as unknown as number])
            assert.throws(
                () => defineRule({ ...meta, securitySeverity: bad, stack: noop }),
                /securitySeverity .* is not a score from 0\.1 to 10 with one decimal/,
            );
        assert.throws(() => defineRule({ ...meta, severity: "mandatory", securitySeverity: 3.9, stack: noop }), {
            message: "rule x-y-z: securitySeverity 3.9 is below 4.0 (medium) for a mandatory rule",
        });
        assert.doesNotThrow(() => defineRule({ ...meta, severity: "mandatory", securitySeverity: 4, stack: noop }));
        assert.doesNotThrow(() => defineRule({ ...meta, securitySeverity: 10, stack: noop }));
        assert.doesNotThrow(() => defineRule({ ...meta, name: "s3-baseline2", stack: noop }));
    });
});

describe("policies: the catalogue is derived from the rules", () => {
    it("lists every rule of the registry, in order, with the rule's own metadata", () => {
        assert.deepEqual(
            CATALOGUE,
            RULES.map((r) => ({
                name: r.name,
                severity: r.severity,
                securitySeverity: r.securitySeverity,
                scope: r.scope,
                description: r.description,
                mirrors: r.mirrors,
            })),
        );
        assert.deepEqual(
            POLICY_NAMES,
            RULES.map((r) => r.name),
        );
        assert.equal(policyInfo("lambda-baseline")?.mirrors, "Security Hub Lambda.1, Lambda.2");
        assert.equal(policyInfo("no-such-rule"), undefined);
    });

    it("scopes: the zone-and-conduit rules judge the site files, the rest resources", () => {
        const scopes = Object.fromEntries(CATALOGUE.filter((p) => p.scope !== "resource").map((p) => [p.name, p.scope]));
        assert.deepEqual(scopes, {
            "ot-conduit-explicit": "both",
            "ot-no-control-to-cloud": "model",
            "ot-cleartext-protocol-contained": "model",
            "ot-purdue-adjacent-levels": "model",
            "ot-remote-access-via-jump-host": "model",
            "ot-segment-private": "model",
            "ot-sensor-flow-has-conduit": "model",
        });
    });

    it("every rule has details of its own beyond the one-line description", () => {
        for (const r of RULES) assert.ok(r.details.length >= r.description.length / 2 && r.details.endsWith("."), r.name);
    });
});

describe("Lambda runtime: one source", () => {
    it("the fleet's runtime is one the pack accepts, and every component uses it", () => {
        assert.ok(SUPPORTED_LAMBDA_RUNTIMES.includes(LAMBDA_RUNTIME));
        assert.equal(BUNDLE_RUNTIME, LAMBDA_RUNTIME);
        assert.equal(HOOK_RUNTIME, LAMBDA_RUNTIME);
    });

    it("the pack accepts exactly the list, and rejects deprecated runtimes", () => {
        assert.deepEqual([...SUPPORTED_RUNTIMES], [...SUPPORTED_LAMBDA_RUNTIMES]);
        const fn = (runtime: string) => res("aws:lambda/function:Function", "f", { runtime, tracingConfig: { mode: "Active" } });
        assert.deepEqual(violations(check("lambda-baseline", fn("nodejs24.x"))), []);
        assert.equal(violations(check("lambda-baseline", fn("nodejs20.x"))).length, 1);
        assert.equal(violations(check("lambda-baseline", fn("nodejs18.x"))).length, 1);
    });

    it("the AWS Config rule mirroring lambda-baseline accepts what the pack accepts: nodejs24.x yes, nodejs20.x no", () => {
        const settings = MANAGED_CONFIG_RULES.find((r) => r.identifier === "LAMBDA_FUNCTION_SETTINGS_CHECK");
        assert.equal(settings?.policy, "lambda-baseline");
        const runtimes = settings?.parameters?.runtime.split(",") ?? [];
        assert.deepEqual(runtimes, [...SUPPORTED_RUNTIMES]);
        assert.ok(runtimes.includes("nodejs24.x"));
        assert.ok(!runtimes.includes("nodejs20.x"));
    });
});
