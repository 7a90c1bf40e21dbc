import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { CATALOGUE } from "../../policies/catalogue";
import { evaluate } from "../../src/check/engine";
import { formatSarif } from "../../src/check/report";
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

    it("links the docs shipped with the tool by default, an absolute URI", () => {
        const saved = process.env.FLEET_DOCS_URL;
        delete process.env.FLEET_DOCS_URL;
        try {
            const sarif = JSON.parse(formatSarif({ findings: [], resources: 0, sites: 0 }, { version: "0.1.0", sites: [] }));
            assert.equal(sarif.runs[0].tool.driver.rules[0].helpUri, `file://${path.join(ROOT, "docs/policies.md")}#iot-policy-no-wildcard-action`);
            assert.ok(validate(sarif), JSON.stringify(validate.errors));
        } finally {
            if (saved !== undefined) process.env.FLEET_DOCS_URL = saved;
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
            properties: { severity: "mandatory", scope: "resource", mirrors: CATALOGUE[0].mirrors, tags: ["security", "iot"] },
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
            artifactLocation: { uri: "sites/plant-a.yaml", uriBaseId: "FLEETROOT" },
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
                    physicalLocation: { artifactLocation: { uri: "sites/plant-a.yaml", uriBaseId: "FLEETROOT" }, region: { startLine: 90, startColumn: 7 } },
                },
            },
        ]);
        const unknown = results.find((r) => r.ruleId === "kinesis-baseline" && r.kind === "review")!;
        assert.equal(unknown.level, "note");
        const regional = results.find((r) => r.ruleId === "ot-conduit-explicit")!;
        assert.equal(regional.locations[0].physicalLocation.artifactLocation.uri, "fleet.yaml");
    });
});
