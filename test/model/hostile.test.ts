/**
 * Hostile input: every file of test/fixtures/hostile, loaded as a site file and as fleet.yaml,
 * gives its exact finding, never throws, and leaves Object.prototype alone. Mocha's timeout is
 * the hang guard; nothing here asserts a duration.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { formatDiagnostic } from "../../src/model/diagnostics";
import { loadFleet } from "../../src/model/load";
import { MAX_FILE_BYTES } from "../../src/model/yaml";
import { BASE, cleanup, edit, fleetDir, HOSTILE, readTree } from "./helpers";

type Role = "site" | "fleet";
const kindOf = (role: Role) => (role === "site" ? "Site" : "Fleet");
const fileOf = (role: Role) => (role === "site" ? "sites/hostile.yaml" : "fleet.yaml");
const depth = "nested deeper than 64 levels; fleet files need fewer than 10";
const reserved = "__proto__, constructor and prototype are reserved (they reach an object's prototype)";
const plain = "fleet files hold plain values (remove the tag)";
const shape = (role: Role) => `expected a map with apiVersion: fleet.iot/v1, kind: ${kindOf(role)}, metadata and spec`;

/** The findings each corpus file gives, by the role it plays. */
const CORPUS: Record<string, (f: string, role: Role) => string[]> = {
    "alias-bomb.yaml": (f) => [`${f}: aliases expand to more than 100000 values; this looks like a YAML alias bomb ("billion laughs"); write the values out`],
    "many-aliases.yaml": (f) => [`${f}: too many alias expansions (more than 100); this looks like a YAML alias bomb ("billion laughs"); write the values out`],
    "deep-flow-seq.yaml": (f) => [`${f}:1:65: ${depth}`],
    "deep-flow-map.yaml": (f) => [`${f}:1:257: ${depth}`],
    "deep-block-seq.yaml": (f) => [`${f}:1:20001: ${depth}`],
    "deep-block-map.yaml": (f) => [`${f}:258:258: ${depth}`],
    "deep-block-map-narrow.yaml": (f) => [`${f}:65:65: ${depth}`],
    "invalid-utf8.yaml": (f) => [`${f}:4:12: not valid UTF-8 (byte 0xc3 at offset 57); save the file as UTF-8`],
    "nul-byte.yaml": (f) => [`${f}:4:10: contains a NUL character (byte 0x00); a fleet file is UTF-8 text`],
    "duplicate-keys.yaml": (f) => [`${f}:6:3: metadata.name: duplicate key "name"; each key may appear once in a map`],
    "proto-key.yaml": (f) => [`${f}:6:5: metadata.labels.__proto__: key "__proto__" is not allowed; ${reserved}`],
    "constructor-key.yaml": (f) => [`${f}:3:1: constructor: key "constructor" is not allowed; ${reserved}`],
    "prototype-key.yaml": (f) => [`${f}:5:7: gateways[0].prototype: key "prototype" is not allowed; ${reserved}`],
    "list.yaml": (f, role) => [`${f}:1:1: file is a list; ${shape(role)}`],
    "scalar.yaml": (f, role) => [`${f}:1:1: file is a single string (starting "just some text"), not a map; ${shape(role)}`],
    "empty.yaml": (f, role) => [`${f}:1:1: file is empty (or only comments); ${shape(role)}`],
    "comments-only.yaml": (f, role) => [`${f}:1:1: file is empty (or only comments); ${shape(role)}`],
    "multiple-documents.yaml": (f) => [`${f}:3:1: more than one YAML document (a second \`---\`); a fleet file holds exactly one`],
    "js-function-tag.yaml": (f) => [`${f}:4:23: metadata.name: tag !!js/function is not supported; ${plain}`],
    "custom-tag.yaml": (f) => [`${f}:2:13: kind: tag !Site is not supported; ${plain}`],
    "binary-tag.yaml": (f) => [`${f}:3:20: metadata: tag !!binary is not supported; ${plain}`],
    "huge-numbers.yaml": (f, role) =>
        role === "site"
            ? [
                  `${f}:9:20: connectivity.bandwidthKbps: expected an integer (1 to 100000000), got Infinity (not a finite number)`,
                  `${f}:10:23: connectivity.offlineBufferMiB: 1.2345678901234568e+29 is out of range; accepted: 16 to 1048576`,
                  `${f}:15:20: segments[0].purdueLevel: NaN is not accepted; accepted: 0, 1, 2, 3, 3.5, 4, 5`,
              ]
            : [`${f}:2:7: kind: "Site" is not accepted in fleet.yaml; expected "Fleet" (a Site goes in sites/<name>.yaml)`],
    "complex-key.yaml": (f) => [`${f}:3:3: a key must be a plain name, not a list, a map or an alias`],
    "tab-indent.yaml": (f) => [`${f}:4:1: invalid YAML: Tabs are not allowed as indentation`],
    "unclosed-flow.yaml": (f) => [`${f}:4:1: invalid YAML: Flow map in block collection must be sufficiently indented and end with a }`],
};

/** A fleet directory of the base fixture with `content` as its site file or as its fleet.yaml. */
function withHostile(content: string | Buffer, role: Role): string {
    const base = readTree(BASE);
    return role === "site"
        ? fleetDir({ "sites/hostile.yaml": content, "sites/beta.yaml": null }, base)
        : fleetDir({ "fleet.yaml": content, "sites/beta.yaml": null }, base);
}

describe("model: hostile input", function () {
    // The hang guard: generous, because CI machines are slow and shared. No test asserts a time.
    this.timeout(60_000);
    afterEach(cleanup);

    const protoBefore = Object.getOwnPropertyNames(Object.prototype).sort();
    const checkPrototype = () => {
        assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), protoBefore);
        assert.equal(({} as Record<string, unknown>).polluted, undefined);
        assert.equal((Object.prototype as Record<string, unknown>).polluted, undefined);
    };

    it("every file of the corpus has a case", () => {
        const files = fs
            .readdirSync(HOSTILE)
            .filter((f) => f.endsWith(".yaml"))
            .sort();
        assert.deepEqual(files, Object.keys(CORPUS).sort());
    });

    for (const [name, expect] of Object.entries(CORPUS)) {
        for (const role of ["site", "fleet"] as Role[]) {
            it(`${name} as ${role === "site" ? "a site file" : "fleet.yaml"}`, () => {
                const dir = withHostile(fs.readFileSync(path.join(HOSTILE, name)), role);
                const result = loadFleet(dir);
                assert.deepEqual(result.diagnostics.map(formatDiagnostic), expect(fileOf(role), role));
                assert.equal(result.model, undefined);
                checkPrototype();
            });
        }
    }

    describe("generated", () => {
        for (const role of ["site", "fleet"] as Role[]) {
            const f = fileOf(role);
            it(`a file over the size limit as ${role}, refused before it is read`, () => {
                const big = Buffer.alloc(MAX_FILE_BYTES + 1, "#");
                assert.deepEqual(loadFleet(withHostile(big, role)).diagnostics.map(formatDiagnostic), [
                    `${f}: file is ${MAX_FILE_BYTES + 1} bytes; the limit is ${MAX_FILE_BYTES} bytes (4 MiB); split the site or remove generated content`,
                ]);
            });

            it(`a 2 MB line in ${role === "site" ? "a site file" : "fleet.yaml"} is just a long comment`, () => {
                const rel = role === "site" ? "sites/alpha.yaml" : "fleet.yaml";
                const result = loadFleet(fleetDir({ [rel]: (t: string) => `# ${"=".repeat(2_000_000)}\n${t}` }));
                assert.deepEqual(result.diagnostics.map(formatDiagnostic), []);
                assert.ok(result.model);
            });
        }

        it("a 1 MB string", () => {
            const dir = fleetDir({ "sites/alpha.yaml": edit(["spec:\n", `spec:\n  location:\n    city: ${"x".repeat(1_000_000)}\n`]) });
            assert.deepEqual(loadFleet(dir).diagnostics.map(formatDiagnostic), [
                `sites/alpha.yaml:10:11: location.city: "${"x".repeat(77)}..." is too long (1000000 characters); at most 128`,
            ]);
        });

        it("a 1,000-character key", () => {
            const key = "k".repeat(1000);
            const dir = fleetDir({ "sites/alpha.yaml": edit(["spec:\n", `spec:\n  ${key}: 1\n`]) });
            assert.deepEqual(loadFleet(dir).diagnostics.map(formatDiagnostic), [
                `sites/alpha.yaml:9:3: ${key}: unknown field "${"k".repeat(77)}..."; accepted: location, connectivity, cloudNetwork, provisioning, segments, conduits, gateways, plcs, equipment, sensors, alerts, retention, suppressions`,
            ]);
        });

        it("a 100 kB key (YAML allows 1,024 characters for a plain key)", () => {
            const dir = fleetDir({ "sites/alpha.yaml": edit(["spec:\n", `spec:\n  ${"k".repeat(100_000)}: 1\n`]) });
            const found = loadFleet(dir).diagnostics.map(formatDiagnostic);
            assert.deepEqual(found, [
                "sites/alpha.yaml:9:3: invalid YAML: The : indicator must be at most 1024 chars after the start of an implicit block mapping key",
            ]);
        });

        it("a wide alias (one large anchor used 99 times)", () => {
            const text = `apiVersion: fleet.iot/v1\nkind: Site\nmetadata:\n  labels: &big {${Array.from({ length: 2000 }, (_, i) => `k${i}: v`).join(", ")}}\nspec:\n  x: [${Array(99).fill("*big").join(", ")}]\n`;
            assert.deepEqual(loadFleet(withHostile(text, "site")).diagnostics.map(formatDiagnostic), [
                `sites/hostile.yaml: aliases expand to more than 100000 values; this looks like a YAML alias bomb ("billion laughs"); write the values out`,
            ]);
        });

        it("fleet.yaml that is a directory", () => {
            const dir = fleetDir({ "fleet.yaml": null });
            fs.mkdirSync(path.join(dir, "fleet.yaml"));
            assert.deepEqual(loadFleet(dir).diagnostics.map(formatDiagnostic), ["fleet.yaml: is not a regular file; a fleet file is a YAML text file"]);
        });

        it("a byte-order mark and CRLF line ends are fine", () => {
            const text = `\uFEFF${readTree(BASE)["sites/alpha.yaml"].replace(/\n/g, "\r\n")}`;
            const result = loadFleet(fleetDir({ "sites/alpha.yaml": text }));
            assert.deepEqual(result.diagnostics, []);
            assert.deepEqual(result.model?.sites[0].gateways[0].at, { file: "sites/alpha.yaml", line: 34, col: 7 });
        });
    });
});
