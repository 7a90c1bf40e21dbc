import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { CATALOGUE } from "../../policies/catalogue";
import { evaluate } from "../../src/check/engine";
import { formatSarif, webUrlOf } from "../../src/check/report";
import { RULES } from "../../policies/registry";
import { docsUrl, locator } from "../../src/check/run";
import { readStackExport } from "../../src/check/sources";
import type { SiteModel } from "../../src/model/types";

const ROOT = path.resolve(__dirname, "../../..");
const DOCS = "https://git.example.com/acme/fleet/blob/main/docs/policies.md";

/** The official OASIS schema (test/fixtures/sarif/README.md), read by ajv as draft-07. */
function sarifValidator() {
    const text = fs.readFileSync(path.join(ROOT, "test/fixtures/sarif/sarif-schema-2.1.0.json"), "utf8");
    assert.equal(text.length, 112768, "the schema file is the official one, unchanged");
    const schema = JSON.parse(text) as Record<string, unknown>;
    schema.$id = schema.id;
    delete schema.id;
    delete schema.$schema;
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    return ajv.compile(schema);
}

const at = (line: number) => ({ file: "sites/plant-a.yaml", line, col: 7 });
const site = {
    name: "plant-a",
    file: "sites/plant-a.yaml",
    region: "eu-central-1",
    segments: [],
    conduits: [],
    gateways: [{ name: "gw-1", at: at(20) }],
    plcs: [],
    equipment: [],
    sensors: [],
    suppressions: [{ policy: "kinesis-baseline", target: "site/plant-a", reason: "stream moves to KMS in CHG-9", at: at(90) }],
} as unknown as SiteModel;

function sampleResult() {
    const resources = readStackExport(path.join(ROOT, "test/fixtures/stack-exports/insecure.json"));
    const stream = resources.find((r) => r.name === "telemetry")!;
    stream.site = "plant-a";
    const result = evaluate({ resources, sites: [], suppressionSites: [site] });
    // A finding from the site files, as model rules produce them.
    result.findings.push({
        rule: "ot-no-control-to-cloud",
        severity: "mandatory",
        kind: "violation",
        message: "conduit c goes from Purdue level 1 (cell) straight to cloud",
        site: "plant-a",
        target: "conduit/c",
        at: at(44),
    });
    result.findings.push({
        rule: "kinesis-baseline",
        severity: "mandatory",
        kind: "unknown",
        message: "the encryption type is unknown until the deployment runs; cannot be checked at preview",
        urn: stream.urn,
        name: stream.name,
        type: stream.type,
    });
    return result;
}

describe("fleet check: SARIF", () => {
    const validate = sarifValidator();

    it("validates against the SARIF 2.1.0 schema", () => {
        const sarif = JSON.parse(formatSarif(sampleResult(), { version: "0.1.0", sites: [site], docsUrl: DOCS }));
        assert.ok(validate(sarif), JSON.stringify(validate.errors, null, 2));
    });

    it("help links are https: from --docs-url, FLEET_DOCS_URL or the repository's web remote; file paths are refused", () => {
        assert.equal(webUrlOf("git@github.com:acme/fleet.git", "abc123", "docs/policies.md"), "https://github.com/acme/fleet/blob/abc123/docs/policies.md");
        assert.equal(
            webUrlOf("https://ci-token@gitlab.example.com/ot/fleet.git", "abc123", "docs/policies.md"),
            "https://gitlab.example.com/ot/fleet/-/blob/abc123/docs/policies.md",
        );
        assert.equal(webUrlOf("ssh://git@git.example.com:2222/ot/fleet", "c1", "d.md"), "https://git.example.com/ot/fleet/blob/c1/d.md");
        assert.equal(webUrlOf("/srv/git/fleet.git", "c1", "d.md"), undefined);
        assert.equal(docsUrl("https://docs.example.com/policies.md"), "https://docs.example.com/policies.md");
        assert.throws(() => docsUrl("file:///home/me/fleet/docs/policies.md"), /not an https address; give e\.g\. --docs-url https:/);
        assert.throws(
            () => formatSarif({ findings: [], resources: 0, sites: 0 }, { version: "0.1.0", sites: [], docsUrl: "file:///x/docs/policies.md" }),
            /must be https addresses/,
        );
    });

    it("every rule carries its own security-severity, from its defineRule metadata, and SARIF carries it", () => {
        const sarif = JSON.parse(formatSarif({ findings: [], resources: 0, sites: 0 }, { version: "0.1.0", sites: [], docsUrl: DOCS }));
        const rules = sarif.runs[0].tool.driver.rules as { id: string; properties: Record<string, string> }[];
        assert.deepEqual(
            rules.map((r) => r.id),
            RULES.map((r) => r.name),
        );
        for (const r of rules) {
            const rule = RULES.find((x) => x.name === r.id)!;
            assert.equal(typeof rule.securitySeverity, "number", `${r.id} states securitySeverity`);
            assert.equal(r.properties["security-severity"], rule.securitySeverity.toFixed(1), r.id);
            assert.match(r.properties["security-severity"], /^(10\.0|[0-9]\.[0-9])$/, r.id);
            if (rule.severity === "mandatory") assert.ok(rule.securitySeverity >= 4, `${r.id} is mandatory but scores ${rule.securitySeverity}`);
        }
        const score = (id: string) => rules.find((r) => r.id === id)?.properties["security-severity"];
        assert.equal(score("required-tags"), "2.0");
        assert.equal(score("iot-private-key-secret"), "9.4");
        assert.equal(score("aws-quotas"), undefined);
    });

    it("repository-relative paths, a line for every finding, fingerprints from the URN or site target", () => {
        const locator = { prefix: "plants/", lineOf: (file: string, name: string) => (file === "fleet.yaml" && name === "eu-central-1" ? 12 : 3) };
        const sarif = JSON.parse(formatSarif(sampleResult(), { version: "0.1.0", sites: [site], docsUrl: DOCS, locator }));
        const results = sarif.runs[0].results as Record<string, any>[];
        assert.ok(validate(sarif), JSON.stringify(validate.errors));
        for (const r of results) {
            const pl = r.locations[0].physicalLocation;
            assert.match(pl.artifactLocation.uri, /^plants\/(sites\/plant-a\.yaml|fleet\.yaml)$/);
            assert.equal(pl.artifactLocation.uriBaseId, "SRCROOT");
            assert.ok(pl.region.startLine >= 1, JSON.stringify(r));
            assert.match(r.partialFingerprints["fleetSubject/v1"], /^[0-9a-f]{32}$/);
        }
        const regional = results.find((r) => r.ruleId === "ot-conduit-explicit")!;
        assert.deepEqual(regional.locations[0].physicalLocation, {
            artifactLocation: { uri: "plants/fleet.yaml", uriBaseId: "SRCROOT" },
            region: { startLine: 12 },
        });
        // the same subject gives the same fingerprint in another run; another subject another one
        const again = JSON.parse(formatSarif(sampleResult(), { version: "0.1.0", sites: [site], docsUrl: DOCS })).runs[0].results as Record<string, any>[];
        assert.deepEqual(
            again.map((r) => r.partialFingerprints),
            results.map((r) => r.partialFingerprints),
        );
        const prints = new Set(results.map((r) => r.partialFingerprints["fleetSubject/v1"]));
        assert.equal(prints.size, results.length, "one fingerprint per finding");
    });

    it("the locator finds the line of a site or region name in its file", () => {
        const dir = fs.mkdtempSync(path.join(require("node:os").tmpdir(), "sarif-loc-"));
        try {
            fs.writeFileSync(path.join(dir, "fleet.yaml"), "name: acme\nregions:\n  - name: us-east-1\n  - name: eu-central-1 # main\n");
            const l = locator(dir);
            assert.equal(l.prefix, "");
            assert.equal(l.lineOf!("fleet.yaml", "eu-central-1"), 4);
            assert.equal(l.lineOf!("fleet.yaml", "eu-central"), 1, "a prefix is not a match");
            assert.equal(l.lineOf!("missing.yaml", "x"), 1);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("the validator rejects a broken log (the test can fail)", () => {
        const sarif = JSON.parse(formatSarif(sampleResult(), { version: "0.1.0", sites: [site], docsUrl: DOCS }));
        sarif.runs[0].results[0].level = "fatal";
        assert.equal(validate(sarif), false);
        delete sarif.version;
        assert.equal(validate(sarif), false);
    });

    it("describes every rule: id, name, description, help link, severity", () => {
        const sarif = JSON.parse(formatSarif({ findings: [], resources: 0, sites: 0 }, { version: "0.1.0", sites: [], docsUrl: DOCS }));
        const rules = sarif.runs[0].tool.driver.rules;
        assert.equal(rules.length, CATALOGUE.length);
        assert.deepEqual(rules[0], {
            id: "iot-policy-no-wildcard-action",
            name: "IotPolicyNoWildcardAction",
            shortDescription: { text: CATALOGUE[0].description },
            fullDescription: { text: `${CATALOGUE[0].description} Mirrors: ${CATALOGUE[0].mirrors}.` },
            helpUri: `${DOCS}#iot-policy-no-wildcard-action`,
            help: { text: `${CATALOGUE[0].description} Mirrors: ${CATALOGUE[0].mirrors}.` },
            defaultConfiguration: { level: "error" },
            properties: { severity: "mandatory", scope: "resource", mirrors: CATALOGUE[0].mirrors, tags: ["security", "iot"], "security-severity": "9.1" },
        });
        assert.equal(sarif.results, undefined);
        assert.deepEqual(sarif.runs[0].results, []);
        assert.ok(validate(sarif));
    });

    it("points site-file findings at their line, resource findings at their URN, suppressed ones with the reason", () => {
        const sarif = JSON.parse(formatSarif(sampleResult(), { version: "0.1.0", sites: [site], docsUrl: DOCS }));
        const results = sarif.runs[0].results as Record<string, any>[];
        const model = results.find((r) => r.ruleId === "ot-no-control-to-cloud")!;
        assert.deepEqual(model.locations[0].physicalLocation, {
            artifactLocation: { uri: "sites/plant-a.yaml", uriBaseId: "SRCROOT" },
            region: { startLine: 44, startColumn: 7 },
        });
        assert.equal(model.level, "error");
        const wildcard = results.find((r) => r.ruleId === "iot-policy-no-wildcard-action")!;
        assert.deepEqual(wildcard.locations[0].logicalLocations, [
            {
                name: "plant-a-gateway-policy",
                fullyQualifiedName: "urn:pulumi:eu-central-1::fleet::fleet:site:Site$aws:iot/policy:Policy::plant-a-gateway-policy",
                kind: "resource",
            },
        ]);
        assert.equal(wildcard.locations[0].physicalLocation.artifactLocation.uri, "sites/plant-a.yaml", "a site resource points at its site file");
        const suppressed = results.find((r) => r.ruleId === "kinesis-baseline" && r.kind === "fail")!;
        assert.deepEqual(suppressed.suppressions, [
            {
                kind: "inSource",
                status: "accepted",
                justification: "stream moves to KMS in CHG-9",
                location: {
                    physicalLocation: { artifactLocation: { uri: "sites/plant-a.yaml", uriBaseId: "SRCROOT" }, region: { startLine: 90, startColumn: 7 } },
                },
            },
        ]);
        const unknown = results.find((r) => r.ruleId === "kinesis-baseline" && r.kind === "review")!;
        assert.equal(unknown.level, "note");
        const regional = results.find((r) => r.ruleId === "ot-conduit-explicit")!;
        assert.equal(regional.locations[0].physicalLocation.artifactLocation.uri, "fleet.yaml");
    });
});
