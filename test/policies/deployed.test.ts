/**
 * Checks on what is deployed: a stack export's outputs (live state) are judged as well as its
 * inputs, and what only the outputs show is reported as drift; the preview-unknown marker means
 * "unknown" in previews only, never in a deployed stack.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { evaluate } from "../../src/check/engine";
import { readPreviewJson, readStackExport } from "../../src/check/sources";
import { UNKNOWN } from "../../policies/lib/values";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-deployed-"));
const write = (name: string, doc: unknown) => {
    const f = path.join(tmp, name);
    fs.writeFileSync(f, JSON.stringify(doc));
    return f;
};
const URN = "urn:pulumi:eu-central-1::fleet::aws:iot/policy:Policy::gw";
const good = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "iot:Connect", Resource: "arn:aws:iot:eu-central-1:123456789012:client/${iot:Connection.Thing.ThingName}" }],
});
const bad = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "iot:*", Resource: "*" }] });
const stack = (inputs: unknown, outputs: unknown) =>
    write(`s-${Math.random().toString(36).slice(2)}.json`, {
        version: 3,
        deployment: { resources: [{ urn: URN, type: "aws:iot/policy:Policy", custom: true, protect: false, inputs, outputs }] },
    });
const findings = (file: string, rule: string) =>
    evaluate({ resources: readStackExport(file), sites: [] })
        .findings.filter((f) => f.rule === rule)
        .map((f) => `${f.kind}: ${f.message}`);

describe("fleet check: deployed stacks", () => {
    it("reports drift: inputs are fine, the live policy grants iot:* on *", () => {
        const f = findings(stack({ policy: good }, { policy: bad }), "iot-policy-no-wildcard-action");
        assert.deepEqual(f, [
            'violation: the deployed state (outputs) drifted from the inputs: Statement[0] allows action "iot:*", which grants every action of iot; list the actions the devices need (iot:Connect, iot:Publish, iot:Subscribe, iot:Receive)',
        ]);
        assert.equal(findings(stack({ policy: good }, { policy: bad }), "iot-policy-no-wildcard-resource").length, 1);
    });

    it("no drift finding when outputs match inputs, or when the inputs already fail", () => {
        assert.deepEqual(findings(stack({ policy: good }, { policy: good }), "iot-policy-no-wildcard-action"), []);
        const both = findings(stack({ policy: bad }, { policy: bad }), "iot-policy-no-wildcard-action");
        assert.equal(both.length, 1);
        assert.ok(!both[0].includes("drifted"));
    });

    it("a planted preview-unknown marker in a stack export is literal text, judged (not skipped as unknown)", () => {
        const f = findings(stack({ policy: UNKNOWN }, { policy: UNKNOWN }), "iot-policy-no-wildcard-action");
        assert.equal(f.length, 1);
        assert.match(f[0], /^violation: the policy document is not valid JSON/);
        const inside = JSON.stringify({ Statement: [{ Effect: "Allow", Action: "iot:Connect", Resource: `arn:aws:iot:eu-central-1:1:client/${UNKNOWN}*` }] });
        const g = findings(stack({ policy: inside }, {}), "iot-policy-connect-scoped");
        assert.equal(g.length, 1);
        assert.match(g[0], /^violation: .*preview-unknown marker 04da6b54 in deployed state/);
    });

    it("the same marker in a preview stays unknown", () => {
        const f = write("preview.json", {
            steps: [{ op: "create", urn: URN, newState: { urn: URN, type: "aws:iot/policy:Policy", custom: true, inputs: { policy: UNKNOWN } } }],
        });
        const r = evaluate({ resources: readPreviewJson(f), sites: [] }).findings.filter((x) => x.rule === "iot-policy-no-wildcard-action");
        assert.deepEqual(
            r.map((x) => x.kind),
            ["unknown"],
        );
    });
});

describe("fleet check: drift and rules that read outputs themselves", () => {
    it("iot-private-key-secret judges outputs itself: a key in the outputs is reported once, not again as drift", () => {
        const urn = "urn:pulumi:eu-central-1::fleet::aws:iot/certificate:Certificate::gw-cert";
        const f = write("cert.json", {
            version: 3,
            deployment: {
                resources: [
                    {
                        urn,
                        type: "aws:iot/certificate:Certificate",
                        custom: true,
                        inputs: { active: true, privateKey: "" },
                        outputs: { active: true, privateKey: "-----BEGIN RSA PRIVATE KEY-----\nAAA" },
                    },
                ],
            },
        });
        const r = evaluate({ resources: readStackExport(f), sites: [] }).findings.filter((x) => x.rule === "iot-private-key-secret");
        assert.deepEqual(
            r.map((x) => x.message),
            [
                "outputs privateKey holds a PEM private key in plain text; make it a secret (pulumi.secret, additionalSecretOutputs) or keep the key on the device (csr mode)",
            ],
        );
    });
});
