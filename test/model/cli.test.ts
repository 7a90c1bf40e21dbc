/**
 * `fleet validate` and `fleet init site` as a user runs them: the built CLI (bin/fleet.js, which
 * runs dist/cli) in a child process, asserting exit codes, stdout and stderr exactly.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { formatDiagnostic } from "../../src/model/diagnostics";
import { loadFleet } from "../../src/model/load";
import { BASE, cleanup, edit, exampleCopy, type FileChange, fleetDir, readTree, REPO, tempDir } from "./helpers";
import { assertRefused } from "../cli/helpers";

const BIN = path.join(REPO, "bin", "fleet.js");
const VERSION = (JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as { version: string }).version;
/** The fixture fleet.yaml pins no nucleus SHA-256: validate warns (issue #19, install.sh refuses an unchecked nucleus). */
const NUCLEUS_WARNING =
    "fleet.yaml:10:5: warning: defaults.greengrass.nucleusSha256: no SHA-256 pinned for nucleus 2.14.3: the install.sh of fleet bootstrap refuses to install it until NUCLEUS_SHA256 is set on the gateway. Compute it once on a trusted workstation (`curl -fsSO https://d2s8p88vqu9w66.cloudfront.net/releases/greengrass-2.14.3.zip && sha256sum greengrass-2.14.3.zip`) and set nucleusSha256 to it, or set nucleusSha256: at-install\n";
const EXAMPLE_SUMMARY = "fleet acme: 2 regions, 3 sites, 8 gateways, 30 PLCs, 60 machines, 358 sensors; valid\n";

interface Run {
    code: number | null;
    stdout: string;
    stderr: string;
}

function fleet(args: string[], opts: { cwd?: string; preload?: string } = {}): Run {
    const r = spawnSync(process.execPath, [...(opts.preload ? ["-r", opts.preload] : []), BIN, ...args], {
        cwd: opts.cwd ?? REPO,
        encoding: "utf8",
        env: { ...process.env, CI: "true", NO_COLOR: "1", FORCE_COLOR: "0" },
        timeout: 120_000,
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const STACK = /^\s+at .+:\d+:\d+\)?$/m;

/** `fleet validate --json`: exit code, stderr and the report's verdict (its `summary` counts are left out). */
function verdict(r: Run) {
    const { valid, errors, warnings, files, diagnostics } = JSON.parse(r.stdout);
    return { code: r.code, stderr: r.stderr, valid, errors, warnings, files, diagnostics };
}

describe("cli: fleet validate and fleet init", function () {
    this.timeout(180_000);
    afterEach(cleanup);

    describe("fleet validate", () => {
        it("the example fleet: exit 0, the summary line on stdout, nothing on stderr", () => {
            assert.deepEqual(fleet(["validate"]), { code: 0, stdout: EXAMPLE_SUMMARY, stderr: "" });
        });

        it("a broken fleet: exit 1, each finding as file:line:col: field: message on stderr, no stack", () => {
            const dir = fleetDir({
                "sites/alpha.yaml": edit(["segment: dmz", "segment: dmx"], ["uplink: vpn", "uplink: vpn\n    offlineBufferMiB: 4"]),
                "sites/beta.yaml": edit(["serial: SN-2", "serial: SN-1"]),
            });
            const r = fleet(["validate", "--dir", dir]);
            assertRefused(r, 1, [
                "sites/alpha.yaml:11:23: connectivity.offlineBufferMiB: 4 is out of range; accepted: 16 to 1048576",
                "fleet: 1 error, 0 warnings",
            ]);
            assert.doesNotMatch(r.stderr, STACK);
        });

        it("errors of several files and a warning, in the order loadFleet sorts them", () => {
            const dir = fleetDir({
                "sites/alpha.yaml": edit(["segment: dmz", "segment: dmx"]),
                "sites/beta.yaml": edit(
                    ["serial: SN-2", "serial: SN-1"],
                    ["  conduits:\n    - name: gw-to-cloud\n      from: dmz\n      to: cloud\n      protocol: mqtts\n", ""],
                ),
            });
            const expected = loadFleet(dir).diagnostics.map(formatDiagnostic);
            assert.deepEqual(expected, [
                'sites/alpha.yaml:35:16: gateways[0].segment: unknown segment "dmx"; did you mean "dmz"? known: cell, scada, dmz',
                'sites/beta.yaml:20:16: warning: gateways[0].segment: gateway "gw-1" (segment dmz) has no conduit to cloud (protocol mqtts or https), so it cannot reach AWS IoT Core; add a conduit from dmz to cloud with protocol mqtts',
                'sites/beta.yaml:22:15: gateways[0].serial: serial "SN-1" is also listed for gateway "gw-1" of site "alpha"; a device can belong to one site only',
            ]);
            const r = fleet(["validate", "--dir", dir]);
            assert.deepEqual(r, { code: 1, stdout: "", stderr: [...expected, "fleet: 2 errors, 1 warning", ""].join("\n") });
        });

        it("--json on a valid fleet: {valid, errors, warnings, files, diagnostics} on stdout, exit 0", () => {
            assert.deepEqual(verdict(fleet(["validate", "--json"])), {
                code: 0,
                stderr: "",
                valid: true,
                errors: 0,
                warnings: 0,
                files: ["fleet.yaml", "sites/austin-smt.yaml", "sites/cork-fill-finish.yaml", "sites/stuttgart-body.yaml"],
                diagnostics: [],
            });
        });

        it("--json on a broken fleet: the findings as data, exit 1, nothing on stderr", () => {
            const dir = fleetDir({ "sites/alpha.yaml": edit(["segment: dmz", "segment: dmx"]) });
            assert.deepEqual(verdict(fleet(["validate", "--json", "--dir", dir])), {
                code: 1,
                stderr: "",
                valid: false,
                errors: 1,
                warnings: 0,
                files: ["fleet.yaml", "sites/alpha.yaml", "sites/beta.yaml"],
                diagnostics: [
                    {
                        level: "error",
                        file: "sites/alpha.yaml",
                        line: 35,
                        col: 16,
                        field: "gateways[0].segment",
                        message: 'unknown segment "dmx"; did you mean "dmz"? known: cell, scada, dmz',
                    },
                ],
            });
        });

        it("warnings pass; --strict fails on them (text and JSON)", () => {
            const dir = fleetDir({ "sites/alpha.yaml": null, "sites/plant-a.yaml": readTree(BASE)["sites/alpha.yaml"] });
            // The fixture's fleet-claim sites have no claim CSR: validate warns about that too (issue #19).
            const warning =
                NUCLEUS_WARNING +
                "sites/beta.yaml:9:3: warning: provisioning: no claim CSR at certs/beta/claim.csr.pem: the site plans without a claim certificate and its gateways cannot enroll; run `fleet certs claim beta`\n" +
                'sites/plant-a.yaml:6:9: warning: metadata.name: site "alpha" is in sites/plant-a.yaml; name the file sites/alpha.yaml so it is easy to find\n' +
                "sites/plant-a.yaml:9:3: warning: provisioning: no claim CSR at certs/alpha/claim.csr.pem: the site plans without a claim certificate and its gateways cannot enroll; run `fleet certs claim alpha`\n";
            const summary = "fleet acme: 2 regions, 2 sites, 2 gateways, 1 PLC, 1 machine, 3 sensors; 4 warnings";
            assert.deepEqual(fleet(["validate", "--dir", dir]), { code: 0, stdout: `${summary}; valid\n`, stderr: warning });
            assert.deepEqual(fleet(["validate", "--strict", "--dir", dir]), {
                code: 1,
                stdout: `${summary}\n`,
                stderr: `${warning}fleet: 4 warnings (--strict)\n`,
            });
            const json = fleet(["validate", "--strict", "--json", "--dir", dir]);
            assert.equal(json.code, 1);
            assert.equal(JSON.parse(json.stdout).valid, false);
        });

        it("--dir works from another working directory, absolute or relative", () => {
            const elsewhere = tempDir();
            assert.deepEqual(fleet(["validate", "--dir", REPO], { cwd: elsewhere }), { code: 0, stdout: EXAMPLE_SUMMARY, stderr: "" });
            assert.deepEqual(fleet(["validate", "--dir", ".."], { cwd: path.join(REPO, "sites") }), { code: 0, stdout: EXAMPLE_SUMMARY, stderr: "" });
        });

        it("outside a fleet directory: exit 1 with a hint, no stack", () => {
            const empty = tempDir();
            const r = fleet(["validate"], { cwd: empty });
            assert.deepEqual(r, {
                code: 1,
                stdout: "",
                stderr: `fleet.yaml: no fleet.yaml in ${empty}; run fleet in a fleet directory or pass --dir DIR\nfleet: 1 error, 0 warnings\n`,
            });
        });
    });

    describe("usage", () => {
        it("an unknown option: exit 2", () => {
            const r = fleet(["validate", "--bogus"]);
            assert.equal(r.code, 2);
            assert.equal(r.stdout, "");
            assert.match(r.stderr, /^error: unknown option '--bogus'/);
            assert.doesNotMatch(r.stderr, STACK);
        });

        it("an unknown command: exit 2, with a suggestion", () => {
            const r = fleet(["validat"]);
            assert.equal(r.code, 2);
            assert.match(r.stderr, /unknown command 'validat'/);
            assert.match(r.stderr, /Did you mean validate\?/);
        });

        it("--version and --help: exit 0", () => {
            assert.deepEqual(fleet(["--version"]), { code: 0, stdout: `${VERSION}\n`, stderr: "" });
            const help = fleet(["--help"]);
            assert.equal(help.code, 0);
            assert.match(help.stdout, /^Usage: fleet \[options\] \[command\]/);
            assert.match(help.stdout, /validate \[options\]/);
            assert.match(help.stdout, /init/);
            const sub = fleet(["validate", "--help"]);
            assert.equal(sub.code, 0);
            assert.match(sub.stdout, /--strict/);
            assert.match(sub.stdout, /--json/);
        });
    });

    describe("--debug", () => {
        /** A preload that makes loadFleet fail as a bug would. */
        const crashing = () => {
            const file = path.join(tempDir(), "crash.js");
            fs.writeFileSync(
                file,
                `require(${JSON.stringify(path.join(REPO, "dist", "src", "model", "load.js"))}).loadFleet = () => { throw new Error("boom"); };\n`,
            );
            return file;
        };

        it("an internal error: exit 70, a hint and no stack without --debug", () => {
            assert.deepEqual(fleet(["validate"], { preload: crashing() }), {
                code: 70,
                stdout: "",
                stderr: "fleet: internal error: boom (run with --debug for details)\n",
            });
        });

        it("an internal error with --debug: the stack", () => {
            const r = fleet(["--debug", "validate"], { preload: crashing() });
            assert.equal(r.code, 70);
            assert.match(r.stderr, /^fleet: internal error: boom\nError: boom\n/);
            assert.match(r.stderr, STACK);
        });

        it("findings with --debug: still no stack (they are not a failure of the program)", () => {
            const dir = fleetDir({ "sites/alpha.yaml": edit(["segment: dmz", "segment: dmx"]) });
            const r = fleet(["--debug", "validate", "--dir", dir]);
            assert.equal(r.code, 1);
            assert.doesNotMatch(r.stderr, STACK);
            assert.match(r.stderr, /\nfleet: 1 error, 0 warnings\n$/);
        });
    });

    describe("fleet init site", () => {
        it("writes a starter site that validates, twice in one fleet", () => {
            const dir = fleetDir();
            assert.deepEqual(fleet(["init", "site", "new-plant", "--region", "eu-central-1", "--dir", dir]), {
                code: 0,
                stdout: "wrote sites/new-plant.yaml; edit it, then run `fleet validate`\n",
                stderr: "",
            });
            assert.deepEqual(fleet(["init", "site", "other-plant", "--region", "us-east-2"], { cwd: dir }), {
                code: 0,
                stdout: "wrote sites/other-plant.yaml; edit it, then run `fleet validate`\n",
                stderr: "",
            });
            assert.deepEqual(fleet(["validate", "--dir", dir]), {
                code: 0,
                stdout: "fleet acme: 2 regions, 4 sites, 4 gateways, 3 PLCs, 1 machine, 5 sensors; 5 warnings; valid\n",
                // Starters are fleet-claim sites: validate says which claim CSRs are still to make.
                stderr: [
                    NUCLEUS_WARNING,
                    "sites/alpha.yaml:9:3: warning: provisioning: no claim CSR at certs/alpha/claim.csr.pem: the site plans without a claim certificate and its gateways cannot enroll; run `fleet certs claim alpha`\n",
                    "sites/beta.yaml:9:3: warning: provisioning: no claim CSR at certs/beta/claim.csr.pem: the site plans without a claim certificate and its gateways cannot enroll; run `fleet certs claim beta`\n",
                    "sites/new-plant.yaml:14:17: warning: provisioning: no claim CSR at certs/new-plant/claim.csr.pem: the site plans without a claim certificate and its gateways cannot enroll; run `fleet certs claim new-plant`\n",
                    "sites/other-plant.yaml:14:17: warning: provisioning: no claim CSR at certs/other-plant/claim.csr.pem: the site plans without a claim certificate and its gateways cannot enroll; run `fleet certs claim other-plant`\n",
                ].join(""),
            });
            const model = loadFleet(dir).model!;
            const cidrs = model.sites.map((s) => s.cloudNetwork.cidr);
            assert.equal(new Set(cidrs).size, cidrs.length, "each site its own cloud range");
        });

        it("writes a starter site that validates in the example fleet", () => {
            const dir = exampleCopy();
            assert.equal(fleet(["init", "site", "lyon-paint", "--region", "eu-central-1", "--dir", dir]).code, 0);
            assert.deepEqual(fleet(["validate", "--dir", dir]), {
                code: 0,
                stdout: "fleet acme: 2 regions, 4 sites, 9 gateways, 31 PLCs, 60 machines, 359 sensors; 1 warning; valid\n",
                stderr: "sites/lyon-paint.yaml:13:17: warning: provisioning: no claim CSR at certs/lyon-paint/claim.csr.pem: the site plans without a claim certificate and its gateways cannot enroll; run `fleet certs claim lyon-paint`\n",
            });
        });

        /** Refusals: exit `code`, `stderr` alone, and the fleet directory as it was (no temporary file left behind). */
        const refusals: { title: string; changes?: Record<string, FileChange>; name: string; region?: string; code: number; stderr: string }[] = [
            {
                title: "refuses to overwrite: exit 1, the file unchanged",
                name: "alpha",
                code: 1,
                stderr: "fleet: sites/alpha.yaml already exists; not overwriting it (delete it first, or pick another name)",
            },
            {
                title: "refuses a name a site of another file already has",
                changes: { "sites/alpha.yaml": null, "sites/plant-a.yaml": readTree(BASE)["sites/alpha.yaml"] },
                name: "alpha",
                code: 1,
                stderr: 'fleet: site "alpha" already exists in sites/plant-a.yaml; site names are unique in the fleet',
            },
            {
                title: "a bad name: exit 2 with a did-you-mean, nothing written",
                name: "Stuttgart_Body",
                code: 2,
                stderr: 'fleet: site name "Stuttgart_Body" is not valid; expected 2-31 characters of a-z, 0-9 and -, starting with a letter; did you mean "stuttgart-body"?',
            },
            {
                title: "an unknown region: exit 2 with a did-you-mean",
                name: "new-plant",
                region: "eu-centrl-1",
                code: 2,
                stderr: 'fleet: unknown region "eu-centrl-1"; did you mean "eu-central-1"? regions of fleet.yaml: eu-central-1, us-east-2',
            },
            {
                title: "a name too long for this fleet's prefix: exit 2",
                changes: { "fleet.yaml": edit(["name: acme", "name: abcdefghijklmnop"]) },
                name: "stuttgart-body-shop-line-four-a",
                code: 2,
                stderr: 'fleet: site name "stuttgart-body-shop-line-four-a" is too long for this fleet: IoT provisioning template name "abcdefghijklmnop-stuttgart-body-shop-line-four-a" is 48 characters; AWS allows at most 36; pick a shorter name',
            },
        ];
        for (const r of refusals) {
            it(r.title, () => {
                const dir = fleetDir(r.changes);
                const before = readTree(dir);
                assertRefused(fleet(["init", "site", r.name, "--region", r.region ?? "eu-central-1", "--dir", dir]), r.code, [r.stderr]);
                assert.deepEqual(readTree(dir), before);
            });
        }

        it("without --region: exit 2", () => {
            const r = fleet(["init", "site", "new-plant"]);
            assert.equal(r.code, 2);
            assert.match(r.stderr, /required option '--region <region>' not specified/);
        });

        it("outside a fleet directory: exit 1", () => {
            const empty = tempDir();
            const r = fleet(["init", "site", "new-plant", "--region", "eu-central-1", "--dir", empty]);
            assert.deepEqual(r, { code: 1, stdout: "", stderr: `fleet: no fleet.yaml in ${empty}; run in a fleet directory or pass --dir DIR\n` });
        });
    });
});
