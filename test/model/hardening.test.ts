/**
 * Issue #21 hardening of the model and its files: derived identities unique fleet-wide, site files
 * that lead out of the fleet directory refused unread, `sites/` problems reported, linear YAML
 * maps, bounded JSON nesting, private key files and directories.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { readJsonInput } from "../../src/check/sources";
import { makeKeyAndCsr } from "../../src/edge/csr";
import { excerpt } from "../../src/model/load";
import { parseYaml } from "../../src/model/yaml";
import { jsonTooDeep, parseJsonBounded } from "../../src/util/json";
import { cleanup, edit, fleetDir, load, messages, REPO, tempDir } from "./helpers";

const BETA_GW = (t: string) =>
    t
        .replace("  name: beta\n", "  name: beta-gw\n")
        .replace("cidr: 10.40.1.0/24", "cidr: 10.40.2.0/24")
        .replace("    - name: gw-1\n", "    - name: x1\n")
        .replace("serial: SN-2", "serial: SN-3");

describe("model: hardening (issue #21)", () => {
    afterEach(cleanup);

    describe("identity by construction", () => {
        it("site beta + gateway gw-x1 and site beta-gw + gateway x1 derive one thing name: an error at both, each naming the other", () => {
            const beta = fs.readFileSync(path.join(REPO, "test/fixtures/model/base/sites/beta.yaml"), "utf8");
            const dir = fleetDir({ "sites/beta.yaml": edit(["    - name: gw-1\n", "    - name: gw-x1\n"]), "sites/beta-gw.yaml": BETA_GW(beta) });
            const fix = "rename one gateway or site (site and gateway names are joined with '-', so the parts can shift between them)";
            assert.deepEqual(messages(dir), [
                `sites/beta-gw.yaml:24:13: gateways[0].name: IoT thing name and MQTT client id "acme-beta-gw-x1" of site "beta-gw" gateway "x1" is also derived by site "beta" gateway "gw-x1" (sites/beta.yaml:24); ${fix}`,
                `sites/beta.yaml:24:13: gateways[0].name: IoT thing name and MQTT client id "acme-beta-gw-x1" of site "beta" gateway "gw-x1" is also derived by site "beta-gw" gateway "x1" (sites/beta-gw.yaml:24); ${fix}`,
            ]);
            assert.equal(load(dir).model, undefined);
        });
        it("the same two sites with distinct derived names load clean (look-alike: dashes alone are no collision)", () => {
            const beta = fs.readFileSync(path.join(REPO, "test/fixtures/model/base/sites/beta.yaml"), "utf8");
            const dir = fleetDir({ "sites/beta.yaml": edit(["    - name: gw-1\n", "    - name: gw-x2\n"]), "sites/beta-gw.yaml": BETA_GW(beta) });
            assert.deepEqual(messages(dir), []);
            assert.deepEqual(
                load(dir).model!.sites.map((s) => s.gateways.map((g) => g.thingName)),
                [["acme-alpha-gw-1"], ["acme-beta-gw-x2"], ["acme-beta-gw-x1"]],
            );
        });
    });

    describe("identity by construction within one site (Pulumi names of the device identities and their aliases)", () => {
        /** alpha as an aws-generated site renamed from `alpha-q`, with gateways gw-1 and `second`. */
        const renamed = (second: string) =>
            edit(
                ["  region: eu-central-1\n", "  region: eu-central-1\n  previousNames: [alpha-q]\n"],
                ["  cloudNetwork:\n", "  provisioning:\n    mode: aws-generated\n  cloudNetwork:\n"],
                ["      serial: SN-1\n", `      serial: SN-1\n    - name: ${second}\n      segment: dmz\n      address: 192.168.35.11\n      serial: SN-9\n`],
            );
        const fix = "rename one gateway, or drop the previous name (a previous name keeps the old resource names as aliases)";
        const STEM = "Pulumi name stem of the device identity resources (thing, certificate and their attachments)";
        it("a site renamed from alpha-q with gateways gw-1 and q-gw-1: gw-1's alias alpha-q-gw-1 is q-gw-1's name; an error at both, file:line", () => {
            const dir = fleetDir({ "sites/alpha.yaml": renamed("q-gw-1") });
            assert.deepEqual(messages(dir), [
                `sites/alpha.yaml:8:19: metadata.previousNames[0]: ${STEM} "alpha-q-gw-1" of site "alpha" gateway "gw-1" (as its site previous name "alpha-q") is also derived by site "alpha" gateway "q-gw-1" (sites/alpha.yaml:41); ${fix}`,
                `sites/alpha.yaml:41:13: gateways[1].name: ${STEM} "alpha-q-gw-1" of site "alpha" gateway "q-gw-1" is also derived by site "alpha" gateway "gw-1" (as its site previous name "alpha-q") (sites/alpha.yaml:8); ${fix}`,
            ]);
            assert.equal(load(dir).model, undefined);
        });
        it("a gateway's previous name that is another gateway's stem with the site's previous name is reported at the previous name", () => {
            const dir = fleetDir({
                "sites/alpha.yaml": (t) => renamed("gw-2")(t).replace("      serial: SN-9\n", "      serial: SN-9\n      previousNames: [q-gw-1]\n"),
            });
            assert.deepEqual(messages(dir), [
                `sites/alpha.yaml:8:19: metadata.previousNames[0]: ${STEM} "alpha-q-gw-1" of site "alpha" gateway "gw-1" (as its site previous name "alpha-q") is also derived by site "alpha" gateway "gw-2" (as its gateway previous name "q-gw-1") (sites/alpha.yaml:45); ${fix}`,
                `sites/alpha.yaml:45:23: gateways[1].previousNames[0]: ${STEM} "alpha-q-gw-1" of site "alpha" gateway "gw-2" (as its gateway previous name "q-gw-1") is also derived by site "alpha" gateway "gw-1" (as its site previous name "alpha-q") (sites/alpha.yaml:8); ${fix}`,
            ]);
        });
        it("look-alikes: the renamed site with gateways gw-1 and q-gw-2, and a gateway whose own aliases coincide, load clean", () => {
            assert.deepEqual(messages(fleetDir({ "sites/alpha.yaml": renamed("q-gw-2") })), []);
            // gw-2 renamed from q-gw-2 in a site renamed from alpha-q: its own stems only (alpha-gw-2, alpha-q-gw-2, alpha-q-gw-2, alpha-q-q-gw-2).
            const own = fleetDir({
                "sites/alpha.yaml": (t) => renamed("gw-2")(t).replace("      serial: SN-9\n", "      serial: SN-9\n      previousNames: [q-gw-2]\n"),
            });
            assert.deepEqual(messages(own), []);
        });
        it("across sites: an aws-generated gateway x-claim of site beta is the claim certificate of the fleet-claim site beta-x (one Certificate URN)", () => {
            const beta = fs.readFileSync(path.join(REPO, "test/fixtures/model/base/sites/beta.yaml"), "utf8");
            const dir = fleetDir({
                "sites/beta.yaml": edit(
                    ["    - name: gw-1\n", "    - name: x-claim\n"],
                    ["  cloudNetwork:\n", "  provisioning:\n    mode: aws-generated\n  cloudNetwork:\n"],
                ),
                "sites/beta-x.yaml": BETA_GW(beta).replace("  name: beta-gw\n", "  name: beta-x\n"),
            });
            const rename = "rename one gateway or site (site and gateway names are joined with '-', so the parts can shift between them)";
            assert.deepEqual(messages(dir), [
                `sites/beta-x.yaml:6:9: metadata.name: ${STEM} "beta-x-claim" of site "beta-x" claim certificate is also derived by site "beta" gateway "x-claim" (sites/beta.yaml:26); ${rename}`,
                `sites/beta.yaml:26:13: gateways[0].name: ${STEM} "beta-x-claim" of site "beta" gateway "x-claim" is also derived by site "beta-x" claim certificate (sites/beta-x.yaml:6); ${rename}`,
            ]);
        });
    });

    describe("site files and sites/", () => {
        it("a site file linked out of the fleet directory is refused and never read (its content is in no message)", () => {
            const outside = tempDir("fleet-outside-");
            fs.writeFileSync(path.join(outside, "secret.yaml"), "TOP-SECRET-TOKEN-4711\n");
            const dir = fleetDir();
            fs.symlinkSync(path.join(outside, "secret.yaml"), path.join(dir, "sites", "gamma.yaml"));
            const out = messages(dir);
            assert.deepEqual(out, [
                "sites/gamma.yaml: is a symbolic link (or under one) that resolves outside the fleet directory; it was not read; put the file itself in the fleet directory",
            ]);
            assert.ok(!out.join("\n").includes("TOP-SECRET"));
        });
        it("a gateway CSR linked out of the fleet directory is refused and never read, like a site file", () => {
            const outside = tempDir("fleet-outside-");
            // A valid CSR for the gateway: were it read, the site would load clean.
            fs.writeFileSync(path.join(outside, "gw.csr.pem"), makeKeyAndCsr("acme-beta-gw-1", "acme").csrPem + "TOP-SECRET-TOKEN-4711\n");
            const dir = fleetDir({ "sites/beta.yaml": edit(["  cloudNetwork:\n", "  provisioning:\n    mode: csr\n  cloudNetwork:\n"]) });
            fs.mkdirSync(path.join(dir, "certs", "beta"), { recursive: true });
            fs.symlinkSync(path.join(outside, "gw.csr.pem"), path.join(dir, "certs", "beta", "gw-1.csr.pem"));
            const out = messages(dir);
            assert.deepEqual(out, [
                "sites/beta.yaml:26:13: gateways[0].name: certs/beta/gw-1.csr.pem is a symbolic link (or under one) that resolves outside the fleet directory; it was not read; put the file itself in the fleet directory",
            ]);
            assert.ok(!out.join("\n").includes("TOP-SECRET"));
            // Look-alike: the same CSR as a file in the fleet directory is read and put on the model.
            fs.rmSync(path.join(dir, "certs", "beta", "gw-1.csr.pem"));
            fs.copyFileSync(path.join(outside, "gw.csr.pem"), path.join(dir, "certs", "beta", "gw-1.csr.pem"));
            assert.deepEqual(messages(dir), []);
            assert.match(load(dir).model!.sites[1].gateways[0].csrPem ?? "", /^-----BEGIN CERTIFICATE REQUEST-----/);
        });
        it("a claim CSR under a certs/ directory linked out of the fleet directory is refused unread", () => {
            const outside = tempDir("fleet-outside-");
            fs.mkdirSync(path.join(outside, "beta"));
            fs.writeFileSync(path.join(outside, "beta", "claim.csr.pem"), makeKeyAndCsr("acme-beta-claim", "acme").csrPem);
            const dir = fleetDir();
            fs.symlinkSync(outside, path.join(dir, "certs"));
            assert.deepEqual(messages(dir), [
                "sites/beta.yaml:6:9: metadata.name: certs/beta/claim.csr.pem is a symbolic link (or under one) that resolves outside the fleet directory; it was not read; put the file itself in the fleet directory",
            ]);
            assert.equal(load(dir).model, undefined);
        });
        it("a link inside the fleet directory is followed (look-alike)", () => {
            const dir = fleetDir();
            fs.mkdirSync(path.join(dir, "shared"));
            fs.renameSync(path.join(dir, "sites", "beta.yaml"), path.join(dir, "shared", "beta.yaml"));
            fs.symlinkSync(path.join("..", "shared", "beta.yaml"), path.join(dir, "sites", "beta.yaml"));
            assert.deepEqual(messages(dir), []);
            assert.deepEqual(
                load(dir).model!.sites.map((s) => s.name),
                ["alpha", "beta"],
            );
        });
        it("a file that is not a fleet document is echoed only as a short escaped excerpt", () => {
            const key = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----\n";
            const dir = fleetDir({ "sites/gamma.yaml": key });
            const out = messages(dir);
            assert.deepEqual(out, [
                'sites/gamma.yaml:1:1: file is a single string (starting "-----BEGIN PRIVATE KEY--"…), not a map; expected a map with apiVersion: fleet.iot/v1, kind: Site, metadata and spec',
            ]);
            assert.ok(!out.join("\n").includes("MIIE"));
        });
        it("excerpt escapes control, invisible and bidirectional characters and marks a cut", () => {
            assert.equal(excerpt("a\u001b[31mb"), '"a\\u001b[31mb"');
            assert.equal(excerpt("x\u202ey\u200bz"), '"x\\u202ey\\u200bz"');
            assert.equal(excerpt("short"), '"short"');
            assert.equal(excerpt("abcdefghijklmnopqrstuvwxyz0123"), '"abcdefghijklmnopqrstuvwx"…');
            assert.equal(excerpt("one\ntwo"), '"one"…');
        });
        it("a `sites` that is a file is an error, not an empty fleet", () => {
            const dir = fleetDir();
            fs.rmSync(path.join(dir, "sites"), { recursive: true });
            fs.writeFileSync(path.join(dir, "sites"), "alpha\n");
            const r = load(dir);
            assert.deepEqual(messages(dir), ["sites: is not a directory; sites/ is a directory holding one <site>.yaml per site"]);
            assert.equal(r.errors, 1);
            assert.equal(r.model, undefined);
        });
        it("an unreadable `sites/` is an error, not an empty fleet", () => {
            const dir = fleetDir();
            fs.rmSync(path.join(dir, "sites"), { recursive: true });
            // A loop of links cannot be read by anyone (a mode of 000 does not stop root).
            fs.symlinkSync("sites", path.join(dir, "sites"));
            assert.deepEqual(messages(dir), ["sites: could not be read (ELOOP); fix its permissions (the fleet cannot be judged without its sites)"]);
            assert.equal(load(dir).model, undefined);
        });
        it("no sites/ at all is still only a warning (look-alike)", () => {
            const dir = fleetDir();
            fs.rmSync(path.join(dir, "sites"), { recursive: true });
            assert.deepEqual(messages(dir), ["sites: warning: no site files (sites/*.yaml); add one with `fleet init site NAME --region R`"]);
        });
        it("every ignored entry of sites/ is named in a warning", () => {
            const dir = fleetDir({ "sites/Gamma.YAML": "x: 1\n", "sites/old/delta.yaml": "x: 1\n", "sites/notes.txt": "n\n", "sites/.gitkeep": "" });
            const r = load(dir);
            assert.deepEqual(messages(dir), [
                "sites/Gamma.YAML: warning: was ignored: only names ending in lowercase .yaml or .yml are site files; rename it to Gamma.yaml",
                "sites/notes.txt: warning: was ignored: site files are named <site>.yaml (or .yml)",
                "sites/old: warning: is a directory and was ignored; site files sit directly in sites/ (sub-directories are not read)",
            ]);
            assert.deepEqual(r.files, ["fleet.yaml", "sites/alpha.yaml", "sites/beta.yaml"]);
            assert.ok(r.model);
        });
    });

    describe("linear YAML maps", () => {
        it("duplicate keys are still found, at each repeat, in a map of 20,000 keys", () => {
            let text = "a:\n";
            for (let i = 0; i < 20_000; i++) text += `  k${i}: v\n`;
            text += "  k7: again\n  k19999: again\n";
            const r = parseYaml("x.yaml", text);
            assert.deepEqual(
                r.diagnostics.map((d) => `${d.line}:${d.col}: ${d.field}: ${d.message}`),
                [
                    '20002:3: a.k7: duplicate key "k7"; each key may appear once in a map',
                    '20003:3: a.k19999: duplicate key "k19999"; each key may appear once in a map',
                ],
            );
            assert.equal(r.data, undefined);
        });
        it("the parser's own duplicate check (quadratic: each key compared with every earlier key of its map) is off; one set per map finds them", () => {
            // The ~10 s of a 20,000-key map came from the parser's uniqueKeys; no timing is asserted: what the parser is asked to do is.
            const yaml = require("yaml") as { parseDocument: (text: string, options?: Record<string, unknown>) => unknown };
            const original = yaml.parseDocument;
            const asked: unknown[] = [];
            yaml.parseDocument = (text, options) => {
                asked.push(options?.uniqueKeys);
                return original(text, options);
            };
            try {
                const r = parseYaml("x.yaml", "a:\n  k: 1\n  k: 2\n");
                assert.deepEqual(asked, [false]);
                assert.deepEqual(
                    r.diagnostics.map((d) => `${d.line}:${d.col}: ${d.message}`),
                    ['3:3: duplicate key "k"; each key may appear once in a map'],
                );
            } finally {
                yaml.parseDocument = original;
            }
        });
        it("keys that differ only in their YAML type are duplicates (1 and '1' are one property)", () => {
            const r = parseYaml("x.yaml", "a:\n  1: x\n  '1': y\n");
            assert.deepEqual(
                r.diagnostics.map((d) => `${d.line}:${d.col}: ${d.message}`),
                ['3:3: duplicate key "1"; each key may appear once in a map'],
            );
        });
        it("the same key in different maps is no duplicate (look-alike)", () => {
            const r = parseYaml("x.yaml", "a:\n  k: 1\nb:\n  k: 2\n");
            assert.deepEqual(r.diagnostics, []);
            assert.deepEqual(r.data, { a: { k: 1 }, b: { k: 2 } });
        });
    });

    describe("JSON nesting", () => {
        it("finds the first place nesting passes the limit, outside strings", () => {
            assert.deepEqual(jsonTooDeep("[[[1]]]", 2), { line: 1, col: 3 });
            assert.equal(jsonTooDeep("[[1]]", 2), undefined);
            assert.equal(jsonTooDeep('["[[[[[[", {"a": "{{{{"}]', 2), undefined);
            assert.equal(jsonTooDeep('["\\"[[[["]', 1), undefined);
            assert.deepEqual(jsonTooDeep('{\n "a": {\n  "b": [1]}}', 2), { line: 3, col: 8 });
            assert.throws(() => parseJsonBounded("[".repeat(600) + "]".repeat(600)), { message: "nested deeper than 512 levels (line 1, column 513)" });
            assert.deepEqual(parseJsonBounded("[".repeat(512) + "]".repeat(512)), JSON.parse("[".repeat(512) + "]".repeat(512)));
        });
        it("a deeply nested stack export is a clear error naming the file, not an internal error", () => {
            const dir = tempDir();
            const file = path.join(dir, "export.json");
            const resource = { urn: "urn:pulumi:s::p::aws:s3/bucket:Bucket::b", type: "aws:s3/bucket:Bucket", inputs: { x: "X" }, outputs: {} };
            const text = JSON.stringify({ version: 3, deployment: { manifest: {}, resources: [resource] } });
            fs.writeFileSync(file, text.replace('"X"', "[".repeat(100_000) + "]".repeat(100_000)));
            // Five levels lead to inputs.x; its 508th bracket is the 513th level.
            const col = text.indexOf('"X"') + 508;
            assert.equal(col, 656);
            assert.throws(() => readJsonInput(file, "stack export"), {
                message: `${file}: is nested deeper than 512 levels (line 1, column ${col}); a stack export is never that deep, so it is not read`,
            });
            fs.writeFileSync(file, text);
            assert.deepEqual(readJsonInput(file, "stack export"), JSON.parse(text));
        });
    });

    describe("private keys", () => {
        it("certs/ and certs/<site>/ are 0700, keys 0600 (rotated too) and git-ignored, with umask 000", function () {
            this.timeout(20_000);
            const dir = fleetDir();
            fs.mkdirSync(path.join(dir, "certs"), { mode: 0o777 });
            fs.chmodSync(path.join(dir, "certs"), 0o777);
            const run = (...args: string[]) =>
                spawnSync("sh", ["-c", `umask 000; exec "${process.execPath}" "${path.join(REPO, "bin/fleet.js")}" "$@"`, "sh", ...args, "--dir", dir], {
                    encoding: "utf8",
                });
            const first = run("certs", "csr", "alpha", "gw-1");
            assert.equal(first.status, 0, first.stderr);
            const second = run("certs", "csr", "alpha", "gw-1", "--rotate");
            assert.equal(second.status, 0, second.stderr);
            const mode = (rel: string) => (fs.statSync(path.join(dir, rel)).mode & 0o777).toString(8);
            assert.deepEqual(["certs", "certs/alpha", "certs/alpha/gw-1.key.pem", "certs/alpha/gw-1.key.pem.previous"].map(mode), ["700", "700", "600", "600"]);
            assert.equal(fs.readFileSync(path.join(dir, "certs/.gitignore"), "utf8").split("\n")[1], "*.key.pem*");
            // git itself says the keys (the rotated one too) are ignored and the CSR is not.
            spawnSync("git", ["init", "-q", dir]);
            const ignored = spawnSync(
                "git",
                ["-C", dir, "check-ignore", "certs/alpha/gw-1.key.pem", "certs/alpha/gw-1.key.pem.previous", "certs/alpha/gw-1.csr.pem"],
                {
                    encoding: "utf8",
                },
            );
            assert.deepEqual(ignored.stdout.trim().split("\n"), ["certs/alpha/gw-1.key.pem", "certs/alpha/gw-1.key.pem.previous"]);
        });
        it("the repository's .gitignore ignores rotated keys", () => {
            const ignored = spawnSync(
                "git",
                ["-C", REPO, "check-ignore", "--no-index", "certs/x/gw.key.pem.previous", "certs/x/gw.key.pem", "certs/x/gw.csr.pem"],
                {
                    encoding: "utf8",
                },
            );
            assert.deepEqual(ignored.stdout.trim().split("\n"), ["certs/x/gw.key.pem.previous", "certs/x/gw.key.pem"]);
        });
    });
});
