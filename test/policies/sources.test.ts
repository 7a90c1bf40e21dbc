import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { evaluate, targetOfResource } from "../../src/check/engine";
import { MAX_INPUT_BYTES, readPreviewJson, readStackExport } from "../../src/check/sources";
import { FleetError } from "../../src/model/diagnostics";
import type { SiteModel } from "../../src/model/types";
import { UNKNOWN } from "../../policies/lib/values";

const FIX = path.resolve(__dirname, "../../../test/fixtures/stack-exports");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-check-"));
function write(name: string, text: string): string {
    const f = path.join(tmp, name);
    fs.writeFileSync(f, text);
    return f;
}
function fleetError(fn: () => unknown, message: string): void {
    assert.throws(fn, (e: unknown) => {
        assert.ok(e instanceof FleetError, String(e));
        assert.equal(e.message, message);
        assert.equal(e.exitCode, 1);
        return true;
    });
}

describe("fleet check: reading stacks", () => {
    it("reads a stack export: skips providers, keeps the stack, derives sites, merges outputs, tracks secrets", () => {
        const rs = readStackExport(path.join(FIX, "insecure.json"));
        assert.deepEqual(
            rs.map((r) => r.type),
            [
                "pulumi:pulumi:Stack",
                "fleet:site:Site",
                "aws:kms/key:Key",
                "aws:iot/policy:Policy",
                "aws:kinesis/stream:Stream",
                "aws:networkfirewall/ruleGroup:RuleGroup",
                "aws:iot/certificate:Certificate",
            ],
        );
        const stream = rs.find((r) => r.name === "telemetry")!;
        assert.equal(stream.props.encryptionType, "NONE", "outputs fill in what inputs lack");
        assert.equal(stream.protect, true);
        const cert = rs.find((r) => r.name === "plant-a-gw-1-cert")!;
        assert.equal(cert.site, "plant-a");
        assert.equal(cert.outputs!.privateKey, "[secret]");
        assert.deepEqual([...cert.secretProps!].sort(), ["certificatePem", "privateKey"]);
    });

    it("reads a preview: the new state of every step but deletes, unknowns kept", () => {
        const rs = readPreviewJson(path.join(FIX, "preview.json"));
        assert.equal(rs.length, 6);
        assert.ok(!rs.some((r) => r.name === "old"));
        assert.equal(rs.find((r) => r.name === "telemetry")!.props.kmsKeyId, UNKNOWN);
    });

    it("reports a missing file", () =>
        fleetError(() => readStackExport(path.join(tmp, "nope.json")), `${path.join(tmp, "nope.json")}: cannot read the stack export: no such file`));
    it("reports a file that is not JSON", () => {
        const f = write("bad.json", "{ version: 3");
        assert.throws(
            () => readStackExport(f),
            (e: unknown) =>
                e instanceof FleetError && e.message.startsWith(`${f}: is not JSON (`) && e.message.endsWith("expected the output of `pulumi stack export`"),
        );
    });
    it("reports another deployment version", () => {
        const f = write("v2.json", JSON.stringify({ version: 2, deployment: { resources: [] } }));
        fleetError(() => readStackExport(f), `${f}: has version 2; fleet check reads deployment version 3 (\`pulumi stack export\` of Pulumi 3)`);
    });
    it("reports a missing deployment", () => {
        const f = write("nodep.json", JSON.stringify({ version: 3 }));
        fleetError(() => readStackExport(f), `${f}: has no deployment object; expected { version: 3, deployment: { resources: [...] } }`);
    });
    it("reports a resource without a URN, with its position", () => {
        const f = write("nourn.json", JSON.stringify({ version: 3, deployment: { resources: [{ type: "aws:s3/bucket:Bucket", urn: "bucket" }] } }));
        fleetError(
            () => readStackExport(f),
            `${f}: deployment.resources[0].urn is "bucket"; expected a Pulumi URN (urn:pulumi:<stack>::<project>::<type>::<name>)`,
        );
    });
    it("reports inputs that are not an object", () => {
        const f = write(
            "inputs.json",
            JSON.stringify({
                version: 3,
                deployment: { resources: [{ type: "aws:s3/bucket:Bucket", urn: "urn:pulumi:s::p::aws:s3/bucket:Bucket::b", inputs: [] }] },
            }),
        );
        fleetError(() => readStackExport(f), `${f}: deployment.resources[0].inputs is not an object`);
    });
    it("reports a stack export given as a preview", () =>
        fleetError(
            () => readPreviewJson(path.join(FIX, "insecure.json")),
            `${path.join(FIX, "insecure.json")}: has neither steps nor changeSummary; expected the output of \`pulumi preview --json\``,
        ));
    it("reports a step without op", () => {
        const f = write("noop.json", JSON.stringify({ steps: [{ urn: "x" }] }));
        fleetError(() => readPreviewJson(f), `${f}: steps[0].op is missing; expected create, update, same, replace, delete, ...`);
    });
    it("refuses files over the size limit before reading them", () => {
        const f = path.join(tmp, "big.json");
        const fd = fs.openSync(f, "w");
        fs.ftruncateSync(fd, MAX_INPUT_BYTES + 1);
        fs.closeSync(fd);
        fleetError(() => readStackExport(f), `${f}: the stack export is ${MAX_INPUT_BYTES + 1} bytes; fleet check reads at most ${MAX_INPUT_BYTES} bytes`);
        fs.unlinkSync(f);
    });
});

describe("fleet check: findings and suppressions", () => {
    const at = (line: number) => ({ file: "sites/plant-a.yaml", line, col: 7 });
    const site = {
        name: "plant-a",
        region: "eu-central-1",
        file: "sites/plant-a.yaml",
        segments: [{ name: "edge-dmz", purdueLevel: 3.5, cidr: "192.168.35.0/24", at: at(10) }],
        conduits: [],
        gateways: [
            { name: "gw-1", at: at(20) },
            { name: "gw-10", at: at(25) },
        ],
        plcs: [],
        equipment: [],
        sensors: [],
        suppressions: [] as SiteModel["suppressions"],
    } as unknown as SiteModel;

    it("maps resources to the site element they are named after, longest name first", () => {
        assert.deepEqual(targetOfResource("plant-a-gw-10-cert", site), { target: "gateway/gw-10", at: at(25) });
        assert.deepEqual(targetOfResource("plant-a-gw-1-cert", site), { target: "gateway/gw-1", at: at(20) });
        assert.deepEqual(targetOfResource("plant-a-gateway-policy", site), { target: "site/plant-a" });
        assert.deepEqual(targetOfResource("telemetry", site), { target: "site/plant-a" });
    });

    it("reports every rule of the insecure export, and nothing of the compliant one", () => {
        const insecure = evaluate({ resources: readStackExport(path.join(FIX, "insecure.json")), sites: [] });
        const blocking = insecure.findings.filter((f) => f.kind === "violation" && f.severity === "mandatory").map((f) => `${f.rule} ${f.name}`);
        assert.deepEqual(blocking, [
            "iot-policy-connect-scoped plant-a-gateway-policy",
            "iot-policy-no-wildcard-action plant-a-gateway-policy",
            "iot-policy-no-wildcard-resource plant-a-gateway-policy",
            "iot-policy-topics-scoped plant-a-gateway-policy",
            "iot-policy-topics-scoped plant-a-gateway-policy",
            "kinesis-baseline telemetry",
            "ot-conduit-explicit conduits",
        ]);
        const compliant = evaluate({ resources: readStackExport(path.join(FIX, "compliant.json")), sites: [] });
        assert.deepEqual(compliant.findings, []);
    });

    it("reports a value unknown at preview as unknown, not as a violation", () => {
        const r = evaluate({ resources: readPreviewJson(path.join(FIX, "preview.json")), sites: [] });
        const kinesis = r.findings.filter((f) => f.rule === "kinesis-baseline");
        assert.deepEqual(
            kinesis.map((f) => f.kind),
            [],
        );
        const stream = readPreviewJson(path.join(FIX, "preview.json")).find((x) => x.name === "telemetry")!;
        stream.props.encryptionType = UNKNOWN;
        const r2 = evaluate({ resources: [stream], sites: [] });
        assert.deepEqual(
            r2.findings.filter((f) => f.rule === "kinesis-baseline").map((f) => [f.kind, f.message]),
            [["unknown", "the encryption type is unknown until the deployment runs; cannot be checked at preview"]],
        );
    });

    it("marks a matching finding suppressed, with its reason, and keeps it", () => {
        const suppressed = {
            ...site,
            suppressions: [{ policy: "iot-policy-no-wildcard-action", target: "site/plant-a", reason: "vendor bootstrap policy until CHG-1", at: at(90) }],
        } as SiteModel;
        const r = evaluate({ resources: readStackExport(path.join(FIX, "insecure.json")), sites: [], suppressionSites: [suppressed] });
        const f = r.findings.find((x) => x.rule === "iot-policy-no-wildcard-action")!;
        assert.deepEqual(f.suppressed, { reason: "vendor bootstrap policy until CHG-1", at: at(90) });
        assert.equal(r.findings.find((x) => x.rule === "iot-policy-no-wildcard-resource")!.suppressed, undefined, "another rule is not suppressed");
    });

    it("places a resource finding that names its conduit at the conduit, and suppresses it by conduit", () => {
        const withConduit = {
            ...site,
            conduits: [{ name: "gateways-to-cloud", at: at(44) }],
            suppressions: [{ policy: "ot-conduit-explicit", target: "conduit/gateways-to-cloud", reason: "temporary during the cut-over", at: at(95) }],
        } as unknown as SiteModel;
        const group = readStackExport(path.join(FIX, "insecure.json")).find((x) => x.name === "conduits")!;
        assert.equal(group.site, undefined, "a regional rule group: the site comes from the rule's msg");
        (group.props.ruleGroup as { rulesSource: { rulesString: string } }).rulesSource.rulesString =
            'pass tcp 192.168.35.0/24 any -> 10.40.0.0/24 any (msg:"plant-a conduit gateways-to-cloud: mqtts"; sid:1; rev:1;)';
        const f = evaluate({ resources: [group], sites: [], suppressionSites: [withConduit] }).findings.filter((x) => x.rule === "ot-conduit-explicit");
        assert.deepEqual(
            f.map((x) => [x.target, x.at, x.suppressed?.reason]),
            [["conduit/gateways-to-cloud", at(44), "temporary during the cut-over"]],
        );
    });

    it("does not suppress a finding of another element", () => {
        const other = {
            ...site,
            suppressions: [{ policy: "iot-private-key-secret", target: "gateway/gw-10", reason: "the reason is long enough", at: at(90) }],
        } as SiteModel;
        const cert = readStackExport(path.join(FIX, "insecure.json")).find((x) => x.name === "plant-a-gw-1-cert")!;
        cert.outputs = { privateKey: "-----BEGIN PRIVATE KEY-----\nAAA" };
        cert.secretProps = [];
        const r = evaluate({ resources: [cert], sites: [], suppressionSites: [other] });
        assert.deepEqual(
            r.findings.map((f) => [f.rule, f.target, f.at, f.suppressed]),
            [
                // the suppression matches no finding: itself a finding at the suppression (suppression governance, issue #21)
                ["iot-private-key-secret", "gateway/gw-10", at(90), undefined],
                ["iot-private-key-secret", "gateway/gw-1", at(20), undefined],
            ],
        );
    });
});
