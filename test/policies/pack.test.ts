/**
 * The pack's inventory and how it is assembled. The PolicyPack itself is never constructed
 * (its constructor starts the engine's server): policies/pack.ts builds the policies, and the
 * tests call them with arguments built the way the engine builds them.
 */
type AnyFn = (...args: any[]) => any;
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { unknownCheckingProxy, UnknownValueError, type Policy, type ResourceValidationPolicy, type StackValidationPolicy } from "@pulumi/policy";
import { CATALOGUE, POLICY_NAMES } from "../../policies/catalogue";
import { buildPolicies } from "../../policies/pack";
import { RULES } from "../../policies/registry";
import { UNKNOWN } from "../../policies/lib/values";

const ROOT = path.resolve(__dirname, "../../..");

/** The inventory, pinned: adding, renaming or re-grading a rule is a reviewed change. */
const INVENTORY: [string, "mandatory" | "advisory"][] = [
    ["iot-policy-no-wildcard-action", "mandatory"],
    ["iot-policy-no-wildcard-resource", "mandatory"],
    ["iot-policy-connect-scoped", "mandatory"],
    ["iot-policy-topics-scoped", "mandatory"],
    ["iot-policy-no-mqtt-wildcards-in-deny", "advisory"],
    ["iot-role-alias-least-privilege", "mandatory"],
    ["iot-certificate-not-shared", "mandatory"],
    ["iot-private-key-secret", "mandatory"],
    ["iot-logging-enabled", "advisory"],
    ["iot-claim-certificate-provision-only", "mandatory"],
    ["ot-conduit-explicit", "mandatory"],
    ["ot-default-deny", "mandatory"],
    ["ot-no-control-to-cloud", "mandatory"],
    ["ot-cleartext-protocol-contained", "mandatory"],
    ["ot-purdue-adjacent-levels", "mandatory"],
    ["ot-remote-access-via-jump-host", "mandatory"],
    ["ot-segment-private", "mandatory"],
    ["ot-sensor-flow-has-conduit", "mandatory"],
    ["nfw-rule-group-valid", "mandatory"],
    ["nfw-protections-on", "mandatory"],
    ["s3-baseline", "mandatory"],
    ["kinesis-baseline", "mandatory"],
    ["dynamodb-baseline", "mandatory"],
    ["rds-baseline", "mandatory"],
    ["lambda-baseline", "mandatory"],
    ["sfn-logging", "mandatory"],
    ["sns-encrypted", "mandatory"],
    ["eks-baseline", "mandatory"],
    ["eventbridge-bus-not-open", "mandatory"],
    ["data-store-protected", "mandatory"],
    ["required-tags", "advisory"],
    ["no-retired-services", "mandatory"],
    ["iam-policy-no-admin-wildcard", "mandatory"],
    ["sg-no-world-open-ports", "mandatory"],
    ["kms-baseline", "mandatory"],
    ["db-not-public", "mandatory"],
    ["ec2-baseline", "mandatory"],
    ["elb-baseline", "mandatory"],
    ["config-rule-remediated", "mandatory"],
];

/** Engine-shaped validation arguments (server.js makeAnalyzeRpcFun): props behind the unknown-checking proxy. */
function resourceArgs(type: string, name: string, props: Record<string, unknown>, protect = false) {
    return {
        type,
        props: unknownCheckingProxy(props),
        urn: `urn:pulumi:eu-central-1::fleet::${type}::${name}`,
        name,
        opts: {
            protect,
            ignoreChanges: [],
            aliases: [],
            customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
            additionalSecretOutputs: [],
        },
        stackTags: new Map<string, string>(),
        isType: () => false,
        asType: () => undefined,
        getConfig: () => ({}),
        notApplicable: (reason?: string) => {
            throw new Error(reason);
        },
    };
}

function byName(policies: Policy[], name: string): Policy {
    const p = policies.find((x) => x.name === name);
    assert.ok(p, `no policy ${name}`);
    return p;
}

describe("policy pack", () => {
    it("pins every rule name and severity", () => {
        assert.deepEqual(
            CATALOGUE.map((p) => [p.name, p.severity]),
            INVENTORY,
        );
        assert.deepEqual(
            POLICY_NAMES,
            INVENTORY.map(([n]) => n),
        );
    });

    it("names every rule <area>-<subject>-<assertion>", () => {
        const areas = [
            "iot",
            "ot",
            "nfw",
            "s3",
            "kinesis",
            "dynamodb",
            "rds",
            "lambda",
            "sfn",
            "sns",
            "eks",
            "eventbridge",
            "data",
            "required",
            "no",
            "iam",
            "sg",
            "kms",
            "db",
            "ec2",
            "elb",
            "config",
        ];
        for (const { name } of CATALOGUE) {
            assert.match(name, /^[a-z0-9]+(-[a-z0-9]+)+$/, name);
            assert.ok(areas.includes(name.split("-")[0]), `${name}: unknown area`);
        }
    });

    it("has one rule file per rule, named after the rule, in catalogue order", () => {
        const files = fs
            .readdirSync(path.join(ROOT, "policies/rules"))
            .filter((f) => f.endsWith(".ts"))
            .map((f) => f.replace(/\.ts$/, ""))
            .sort();
        assert.deepEqual(files, [...POLICY_NAMES].sort());
        assert.deepEqual(
            RULES.map((r) => r.name),
            POLICY_NAMES,
        );
        for (const r of RULES) assert.ok(r.resource || r.stack || r.model, `${r.name} checks nothing`);
    });

    it("binds each policy's enforcement level from the catalogue", () => {
        const policies = buildPolicies();
        for (const p of policies) {
            const rule = p.name.replace(/-stack$/, "");
            assert.equal(p.enforcementLevel, CATALOGUE.find((c) => c.name === rule)?.severity, p.name);
        }
        assert.equal(new Set(policies.map((p) => p.name)).size, policies.length, "policy names are unique");
        // Every rule is in the pack once, plus a -stack policy for rules with both parts.
        const expected = RULES.flatMap((r) => (r.resource && (r.stack || r.model) ? [r.name, `${r.name}-stack`] : [r.name])).sort();
        assert.deepEqual(policies.map((p) => p.name).sort(), expected);
    });

    it("reports a violation through the engine's callback", async () => {
        const policy = byName(buildPolicies(), "kinesis-baseline") as ResourceValidationPolicy;
        const reported: string[] = [];
        const args = resourceArgs("aws:kinesis/stream:Stream", "telemetry", { encryptionType: "NONE", retentionPeriod: 168 });
        await (policy.validateResource as AnyFn)(args, (m: string) => reported.push(m));
        assert.deepEqual(reported, ['the stream is not KMS-encrypted (encryptionType "NONE", no kmsKeyId); set encryptionType "KMS" and kmsKeyId']);
    });

    it("passes a compliant resource and skips other types", async () => {
        const policy = byName(buildPolicies(), "kinesis-baseline") as ResourceValidationPolicy;
        const reported: string[] = [];
        await (policy.validateResource as AnyFn)(
            resourceArgs("aws:kinesis/stream:Stream", "t", { encryptionType: "KMS", kmsKeyId: "k", retentionPeriod: 168 }),
            (m: string) => reported.push(m),
        );
        await (policy.validateResource as AnyFn)(resourceArgs("aws:sns/topic:Topic", "t", {}), (m: string) => reported.push(m));
        assert.deepEqual(reported, []);
    });

    it("turns a value unknown at preview into the engine's UnknownValueError (an advisory), not a violation", async () => {
        const policy = byName(buildPolicies(), "iot-policy-no-wildcard-action") as ResourceValidationPolicy;
        const reported: string[] = [];
        const args = resourceArgs("aws:iot/policy:Policy", "gateway-policy", { policy: UNKNOWN });
        await assert.rejects(
            async () => (policy.validateResource as AnyFn)(args, (m: string) => reported.push(m)),
            (e: unknown) => e instanceof UnknownValueError && /cannot be checked at preview/.test((e as Error).message),
        );
        assert.deepEqual(reported, []);
    });

    it("reads options the engine passes (protect)", async () => {
        const policy = byName(buildPolicies(), "data-store-protected") as ResourceValidationPolicy;
        const reported: string[] = [];
        await (policy.validateResource as AnyFn)(resourceArgs("aws:dynamodb/table:Table", "registry", {}, true), (m: string) => reported.push(m));
        await (policy.validateResource as AnyFn)(resourceArgs("aws:dynamodb/table:Table", "registry", {}, false), (m: string) => reported.push(m));
        assert.deepEqual(reported, ["Table registry holds data but is not protected; create it with { protect: true } (or retainOnDelete: true)"]);
    });

    it("runs stack rules over the stack's resources", async () => {
        const policy = byName(buildPolicies(), "iot-certificate-not-shared") as StackValidationPolicy;
        const r = (type: string, name: string, props: Record<string, unknown>) => ({
            ...resourceArgs(type, name, props),
            dependencies: [],
            propertyDependencies: {},
        });
        const resources = [
            r("aws:iot/certificate:Certificate", "cert", { active: true }),
            r("aws:iot/thingPrincipalAttachment:ThingPrincipalAttachment", "a1", { principal: "arn:aws:iot:eu-central-1:1:cert/cert", thing: "t1" }),
            r("aws:iot/thingPrincipalAttachment:ThingPrincipalAttachment", "a2", { principal: "arn:aws:iot:eu-central-1:1:cert/cert", thing: "t2" }),
        ];
        const reported: [string, string | undefined][] = [];
        await (policy.validateStack as AnyFn)(
            { resources, getConfig: () => ({}), stackTags: new Map(), notApplicable: () => undefined },
            (m: string, urn?: string) => reported.push([m, urn]),
        );
        assert.deepEqual(reported, [
            [
                "certificate cert is attached to 2 things (t1, t2); give each device its own certificate",
                "urn:pulumi:eu-central-1::fleet::aws:iot/certificate:Certificate::cert",
            ],
        ]);
    });

    it("runs the site-design rules on the fleet files of the stack's region, honouring suppressions", async () => {
        const run = async (dir: string) => {
            const saved = process.env.FLEET_DIR;
            process.env.FLEET_DIR = dir;
            try {
                const policy = byName(buildPolicies(), "ot-cleartext-protocol-contained") as StackValidationPolicy;
                const resources = [
                    {
                        ...resourceArgs("aws:kinesis/stream:Stream", "telemetry", {}),
                        urn: "urn:pulumi:eu-central-1::fleet::aws:kinesis/stream:Stream::telemetry",
                        dependencies: [],
                        propertyDependencies: {},
                    },
                ];
                const reported: string[] = [];
                await (policy.validateStack as AnyFn)({ resources, getConfig: () => ({}), stackTags: new Map(), notApplicable: () => undefined }, (m: string) =>
                    reported.push(m),
                );
                return reported;
            } finally {
                if (saved === undefined) delete process.env.FLEET_DIR;
                else process.env.FLEET_DIR = saved;
            }
        };
        assert.deepEqual(await run(ROOT), [], "the example's only crossing conduit is suppressed");
        const copy = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-pack-"));
        fs.cpSync(path.join(ROOT, "fleet.yaml"), path.join(copy, "fleet.yaml"));
        for (const dir of ["sites", "certs"])
            if (fs.existsSync(path.join(ROOT, dir))) fs.cpSync(path.join(ROOT, dir), path.join(copy, dir), { recursive: true });
        const site = path.join(copy, "sites/stuttgart-body.yaml");
        const text = fs.readFileSync(site, "utf8");
        fs.writeFileSync(site, text.slice(0, text.indexOf("\n  suppressions:")) + "\n");
        // and fleet.yaml's approvals (suppression governance): they alone would still suppress the finding
        const fleetFile = path.join(copy, "fleet.yaml");
        const fleetText = fs.readFileSync(fleetFile, "utf8");
        fs.writeFileSync(fleetFile, fleetText.slice(0, fleetText.indexOf("\n  # Governed exceptions")) + "\n");
        const reported = await run(copy);
        assert.equal(reported.length, 1);
        assert.match(
            reported[0],
            /^sites\/stuttgart-body\.yaml:\d+:\d+: conduit legacy-modbus \(plant-it -> utilities-control\) carries cleartext modbus-tcp on port 502/,
        );
    });

    it("ships a PulumiPolicy.yaml and a package.json whose main is the compiled pack", () => {
        const yaml = fs.readFileSync(path.join(ROOT, "policies/PulumiPolicy.yaml"), "utf8");
        assert.match(yaml, /^runtime:\n  name: nodejs\n  options:\n    typescript: false$/m);
        const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "policies/package.json"), "utf8"));
        assert.equal(pkg.main, "dist/index.js"); // bundled into the pack by policies/build.js (self-contained)
        assert.ok(fs.existsSync(path.join(ROOT, "policies", pkg.main)), "npm run build writes the pack's main");
        const root = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
        assert.equal(pkg.dependencies["@pulumi/policy"], root.dependencies["@pulumi/policy"]);
        assert.equal(pkg.dependencies["@pulumi/pulumi"], root.dependencies["@pulumi/pulumi"]);
    });
});
