/** `fleet check` and `fleet policies`, spawned as a user runs them. */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CATALOGUE } from "../../policies/catalogue";

const ROOT = path.resolve(__dirname, "../../..");
const FIX = path.join(ROOT, "test/fixtures/stack-exports");
const empty = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-nofleet-"));

function fleet(...args: string[]) {
    const r = spawnSync(process.execPath, [path.join(ROOT, "bin/fleet.js"), ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, CI: "true" } });
    return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("fleet check (CLI)", () => {
    it("fails a stack export with iot:* on *, an unencrypted stream and a pass-all firewall rule, naming the rules", () => {
        const r = fleet("check", "--stack-export", path.join(FIX, "insecure.json"), "--dir", empty);
        assert.equal(r.code, 1, r.err);
        for (const rule of ["iot-policy-no-wildcard-action", "iot-policy-no-wildcard-resource", "kinesis-baseline", "ot-conduit-explicit"]) {
            assert.match(r.out, new RegExp(`^mandatory +${rule}: urn:pulumi:`, "m"), rule);
        }
        assert.match(r.out, /pass rule 1 \(pass ip any any -> any any .*\) matches any source and any destination and any destination port/);
        assert.match(r.out, /the stream is not KMS-encrypted \(encryptionType "NONE", no kmsKeyId\)/);
        assert.match(r.err, /^fleet: unsuppressed mandatory policy violations/m);
    });

    it("passes the compliant export", () => {
        const r = fleet("check", "--stack-export", path.join(FIX, "compliant.json"), "--dir", empty);
        assert.equal(r.code, 0, r.out + r.err);
        assert.equal(r.out, "8 resources, 0 sites checked against 29 rules: 0 mandatory, 0 advisory, 0 not checkable before deployment, 0 suppressed\n");
    });

    it("prints JSON findings for a preview", () => {
        const r = fleet("check", "--preview-json", path.join(FIX, "preview.json"), "--dir", empty, "--format", "json");
        assert.equal(r.code, 1);
        const json = JSON.parse(r.out);
        assert.equal(json.resources, 6);
        assert.ok(json.findings.some((f: { rule: string }) => f.rule === "ot-conduit-explicit"));
        assert.equal(r.err, "");
    });

    it("writes SARIF to a file", () => {
        const out = path.join(empty, "check.sarif");
        const r = fleet("check", "--stack-export", path.join(FIX, "insecure.json"), "--dir", empty, "--format", "sarif", "--output", out);
        assert.equal(r.code, 1);
        const sarif = JSON.parse(fs.readFileSync(out, "utf8"));
        assert.equal(sarif.version, "2.1.0");
        assert.match(r.out, /mandatory/);
    });

    it("reports a malformed file as an error without a stack trace", () => {
        const bad = path.join(empty, "bad.json");
        fs.writeFileSync(bad, JSON.stringify({ version: 1 }));
        const r = fleet("check", "--stack-export", bad, "--dir", empty);
        assert.equal(r.code, 1);
        assert.equal(r.err, `fleet: ${bad}: has version 1; fleet check reads deployment version 3 (\`pulumi stack export\` of Pulumi 3)\n`);
    });

    it("exits 2 on usage errors", () => {
        assert.equal(fleet("check", "--format", "xml", "--dir", empty).code, 2);
        const both = fleet("check", "--stack-export", "a", "--preview-json", "b", "--dir", empty);
        assert.equal(both.code, 2);
        assert.equal(both.err, "fleet: give either --stack-export or --preview-json, not both\n");
        const region = fleet("check", "--region", "mars-1");
        assert.equal(region.code, 2);
        assert.match(region.err, /unknown region "mars-1"/);
    });
});

describe("fleet policies (CLI)", () => {
    it("lists every rule with its severity", () => {
        const r = fleet("policies");
        assert.equal(r.code, 0);
        const lines = r.out.trim().split("\n");
        assert.equal(lines.length, CATALOGUE.length);
        assert.match(lines[0], /^iot-policy-no-wildcard-action +mandatory +No Allow statement/);
    });
    it("prints docs/policies.md with --markdown", () => {
        const r = fleet("policies", "--markdown");
        assert.equal(r.code, 0);
        assert.equal(r.out, fs.readFileSync(path.join(ROOT, "docs/policies.md"), "utf8"));
    });
});
