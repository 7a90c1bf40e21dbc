/**
 * `fleet bootstrap`: install.sh refuses placeholder endpoints and downloads it cannot check
 * (nucleus SHA-256, Amazon Root CA 1 fingerprint), the README names stack outputs the program
 * exports, and --out never overwrites without --force.
 */
import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { AMAZON_ROOT_CA1_SHA256, CLAIM_CERT_OUTPUT, GATEWAY_CERTS_OUTPUT, NUCLEUS_SHA256, nucleusUrl, sha256Problem } from "../../src/edge/bootstrap";
import { siteOutputs } from "../../src/program/build";
import { zipSync } from "fflate";
import { copyExampleFleet, editOnce, fleet, rm, ROOT } from "./helpers";

const NUCLEUS_BYTES = "not really a nucleus archive\n";
const NUCLEUS_SHA = createHash("sha256").update(NUCLEUS_BYTES).digest("hex");

describe("cli: fleet bootstrap and its install.sh", function () {
    this.timeout(60_000);
    let tmp: string;
    beforeEach(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-bootstrap-"))));
    afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

    /** Run install.sh in `dir` with stand-ins for curl (writes NUCLEUS_BYTES to -o) and unzip (exit 42: the checks passed). */
    function install(dir: string, env: Record<string, string> = {}): { status: number | null; stderr: string; calls: string } {
        const bin = path.join(tmp, "bin");
        fs.mkdirSync(bin, { recursive: true });
        const log = path.join(tmp, "calls.log");
        fs.writeFileSync(
            path.join(bin, "curl"),
            `#!/bin/sh\necho "curl $*" >> ${log}\nwhile [ $# -gt 0 ]; do [ "$1" = -o ] && printf '${NUCLEUS_BYTES.replace(/\n/g, "\\n")}' > "$2"; shift; done\n`,
            { mode: 0o755 },
        );
        fs.writeFileSync(path.join(bin, "unzip"), `#!/bin/sh\necho "unzip $*" >> ${log}\nexit 42\n`, { mode: 0o755 });
        const r = spawnSync("/bin/sh", ["./install.sh"], { cwd: dir, encoding: "utf8", env: { PATH: `${bin}:/usr/bin:/bin`, ...env } });
        return { status: r.status, stderr: r.stderr, calls: fs.existsSync(log) ? fs.readFileSync(log, "utf8") : "" };
    }

    const bootstrap = (out: string, ...extra: string[]) => fleet(["bootstrap", "stuttgart-body", "gw-body-02", "--out", out, "--dir", ROOT, ...extra]);

    it("install.sh stops at an endpoint placeholder before downloading anything", () => {
        const out = path.join(tmp, "gw");
        const r = bootstrap(out);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(
            r.stderr,
            "note: config.yaml holds endpoint placeholders; install.sh refuses to run until they are filled (or pass --data-endpoint and --cred-endpoint)\n",
        );
        const run = install(out, { NUCLEUS_SHA256: NUCLEUS_SHA });
        assert.equal(run.status, 1);
        assert.match(run.stderr, /^config\.yaml still holds an endpoint placeholder \(<iot-\.\.\.>\)/);
        assert.equal(run.calls, "");
    });

    it("install.sh checks the nucleus archive's SHA-256: none recorded, a wrong one, the right one", () => {
        const out = path.join(tmp, "gw");
        const endpoints = ["--data-endpoint", "abc-ats.iot.eu-central-1.amazonaws.com", "--cred-endpoint", "abc.credentials.iot.eu-central-1.amazonaws.com"];
        assert.equal(bootstrap(out, ...endpoints).code, 0);
        assert.deepEqual(NUCLEUS_SHA256, {}, "no hash is recorded that was not computed from the archive");
        const none = install(out);
        assert.equal(none.status, 1);
        assert.match(none.stderr, /^no SHA-256 for greengrass-nucleus\.zip: set NUCLEUS_SHA256/);
        assert.match(none.calls, /^curl -fsS https:\/\/d2s8p88vqu9w66\.cloudfront\.net\/releases\/greengrass-2\.14\.3\.zip -o greengrass-nucleus\.zip\n$/);
        const wrong = install(out, { NUCLEUS_SHA256: "0".repeat(64) });
        assert.equal(wrong.status, 1);
        assert.equal(wrong.stderr.trim().split("\n").pop(), `greengrass-nucleus.zip does not have the SHA-256 ${"0".repeat(64)}; not installing it`);
        assert.doesNotMatch(wrong.calls, /unzip/);
        const right = install(out, { NUCLEUS_SHA256: NUCLEUS_SHA });
        assert.equal(right.status, 42, `${right.stderr}: the check passed and unzip ran`);
        // Pinned at bootstrap time: the script carries the hash itself.
        const pinned = path.join(tmp, "pinned");
        assert.equal(bootstrap(pinned, ...endpoints, "--nucleus-sha256", NUCLEUS_SHA).code, 0);
        assert.match(fs.readFileSync(path.join(pinned, "install.sh"), "utf8"), new RegExp(`NUCLEUS_SHA256="\\$\\{NUCLEUS_SHA256:-${NUCLEUS_SHA}\\}"`));
        assert.equal(install(pinned).status, 42);
        assert.match(fs.readFileSync(path.join(pinned, "README.txt"), "utf8"), new RegExp(`only if the archive has\\nSHA-256 ${NUCLEUS_SHA}\\.`));
    });

    it("a SHA-256 flag that is not 64 hex digits is a usage error (exit 2), nothing written", () => {
        const out = path.join(tmp, "gw");
        const r = bootstrap(out, "--nucleus-sha256", "abc", "--plugin-sha256", "Z".repeat(64));
        assert.equal(r.code, 2);
        assert.equal(
            r.stderr,
            'fleet: --nucleus-sha256 "abc" is not a SHA-256: 64 lower-case hexadecimal digits, as sha256sum prints them\n' +
                `--plugin-sha256 "${"Z".repeat(64)}" is not a SHA-256: 64 lower-case hexadecimal digits, as sha256sum prints them\n`,
        );
        assert.equal(fs.existsSync(out), false);
        assert.equal(sha256Problem("--x", NUCLEUS_SHA), undefined);
    });

    it("the root CA fingerprint install.sh checks is Amazon Root CA 1's, recomputed by openssl from Mozilla's store", () => {
        const ca = "/usr/share/ca-certificates/mozilla/Amazon_Root_CA_1.crt";
        const r = spawnSync("openssl", ["x509", "-noout", "-fingerprint", "-sha256", "-subject", "-in", ca], { encoding: "utf8" });
        assert.equal(r.status, 0, r.stderr);
        assert.equal(r.stdout, `sha256 Fingerprint=${AMAZON_ROOT_CA1_SHA256}\nsubject=C = US, O = Amazon, CN = Amazon Root CA 1\n`);
    });

    it("--out refuses to overwrite what is there (nothing written) unless --force", () => {
        const out = path.join(tmp, "gw");
        fs.mkdirSync(out);
        fs.writeFileSync(path.join(out, "install.sh"), "# edited by hand\n");
        const r = bootstrap(out, "-o", "json");
        assert.equal(r.code, 1);
        assert.equal(
            r.stderr,
            `fleet: ${path.relative(os.tmpdir(), path.join(out, "install.sh"))} already exists; nothing was written. Pass --force to replace it, or choose another --out\n`,
        );
        assert.deepEqual(fs.readdirSync(out), ["install.sh"]);
        assert.equal(fs.readFileSync(path.join(out, "install.sh"), "utf8"), "# edited by hand\n");
        const forced = bootstrap(out, "--force", "-o", "json");
        assert.equal(forced.code, 0, forced.stderr);
        const printed = JSON.parse(forced.stdout) as { thingName: string; mode: string; files: string[] };
        assert.deepEqual(
            [printed.thingName, printed.mode, printed.files.map((f) => path.basename(f))],
            ["acme-stuttgart-body-gw-body-02", "fleet-claim", ["config.yaml", "install.sh", "README.txt"]],
        );
        assert.match(fs.readFileSync(path.join(out, "install.sh"), "utf8"), /^#!\/bin\/sh\n/);
    });

    it("the README names the stack outputs the program exports: claimCertificatePem (fleet-claim), gatewayCertificates (csr)", async () => {
        const claim = bootstrap(path.join(tmp, "claim"));
        assert.equal(claim.code, 0);
        const claimReadme = fs.readFileSync(path.join(tmp, "claim", "README.txt"), "utf8");
        assert.match(
            claimReadme,
            /stack output claimCertificatePem \(not secret\), to \/greengrass\/v2\/claim-certs\/claim\.pem\.crt:\n {2}pulumi stack output --stack eu-central-1\.stuttgart-body claimCertificatePem\n/,
        );
        const csr = fleet(["bootstrap", "cork-fill-finish", "gw-cork-01", "--out", path.join(tmp, "csr"), "--dir", ROOT]);
        assert.equal(csr.code, 0, csr.stderr);
        assert.match(
            fs.readFileSync(path.join(tmp, "csr", "README.txt"), "utf8"),
            /pulumi stack output --stack eu-central-1\.cork-fill-finish gatewayCertificates --json \| jq -r '\."acme-cork-fill-finish-gw-cork-01"'/,
        );
        // The same names in what the program exports for a site, from the components' own fields.
        const pem = pulumi.output("-----BEGIN CERTIFICATE-----");
        const fleetClaim = siteOutputs({ edge: { provisioning: { claimCertificatePem: pem, gateways: [] } } } as never);
        assert.equal(fleetClaim[CLAIM_CERT_OUTPUT], pem);
        assert.equal(fleetClaim[GATEWAY_CERTS_OUTPUT], undefined);
        const perGateway = siteOutputs({
            edge: { provisioning: { gateways: [{ thingName: "acme-cork-fill-finish-gw-cork-01", certificatePem: pem }] } },
        } as never);
        assert.deepEqual(perGateway[GATEWAY_CERTS_OUTPUT], { "acme-cork-fill-finish-gw-cork-01": pem });
        assert.equal(perGateway[CLAIM_CERT_OUTPUT], undefined);
    });

    describe("the nucleus pin in fleet.yaml (defaults.greengrass.nucleusSha256)", () => {
        const endpoints = ["--data-endpoint", "abc-ats.iot.eu-central-1.amazonaws.com", "--cred-endpoint", "abc.credentials.iot.eu-central-1.amazonaws.com"];
        let dir: string;
        beforeEach(() => (dir = copyExampleFleet("fleet-nucleus-")));
        afterEach(() => rm(dir));
        const pin = (value: string) => editOnce(path.join(dir, "fleet.yaml"), "nucleusSha256: at-install", `nucleusSha256: ${value}`);
        const boot = (out: string, site: string, gateway: string, ...extra: string[]) =>
            fleet(["bootstrap", site, gateway, "--out", out, "--dir", dir, ...endpoints, ...extra]);

        /** A nucleus archive served from a file:// URL (NUCLEUS_URL), fetched by the real curl and opened by the real unzip. */
        function zipFixture(): { url: string; sha: string } {
            const zip = zipSync({ "lib/Greengrass.jar": new TextEncoder().encode("stand-in jar\n") });
            const file = path.join(tmp, "greengrass-2.14.3.zip");
            fs.writeFileSync(file, zip);
            return { url: `file://${file}`, sha: createHash("sha256").update(zip).digest("hex") };
        }

        /** Run install.sh with the system's curl and unzip; a stand-in mkdir (exit 42) stops it before it touches /greengrass or the network. */
        function realInstall(out: string, env: Record<string, string>): { status: number | null; stderr: string } {
            const bin = path.join(tmp, "stop");
            fs.mkdirSync(bin, { recursive: true });
            fs.writeFileSync(path.join(bin, "mkdir"), "#!/bin/sh\nexit 42\n", { mode: 0o755 });
            const r = spawnSync("/bin/sh", ["./install.sh"], { cwd: out, encoding: "utf8", env: { PATH: `${bin}:/usr/bin:/bin`, ...env } });
            return { status: r.status, stderr: r.stderr };
        }

        it("validate warns at fleet.yaml:line:col when no SHA-256 is pinned, naming the command that computes it; a pin or at-install is quiet; a bad value is an error", () => {
            const json = (r: { stdout: string }) =>
                JSON.parse(r.stdout) as { diagnostics: { level: string; file: string; line: number; col: number; field: string; message: string }[] };
            assert.deepEqual(json(fleet(["validate", "--dir", dir, "-o", "json"])).diagnostics, []);
            editOnce(path.join(dir, "fleet.yaml"), ", nucleusSha256: at-install }", " }");
            const warned = fleet(["validate", "--dir", dir, "-o", "json"]);
            assert.equal(warned.code, 0);
            assert.deepEqual(json(warned).diagnostics, [
                {
                    level: "warning",
                    file: "fleet.yaml",
                    line: 27,
                    col: 17,
                    field: "defaults.greengrass.nucleusSha256",
                    message: `no SHA-256 pinned for nucleus 2.14.3: the install.sh of fleet bootstrap refuses to install it until NUCLEUS_SHA256 is set on the gateway. Compute it once on a trusted workstation (\`curl -fsSO ${nucleusUrl("2.14.3")} && sha256sum greengrass-2.14.3.zip\`) and set nucleusSha256 to it, or set nucleusSha256: at-install`,
                },
            ]);
            assert.equal(fleet(["validate", "--strict", "--dir", dir]).code, 1);
            editOnce(path.join(dir, "fleet.yaml"), "nucleusVersion: 2.14.3 }", `nucleusVersion: 2.14.3, nucleusSha256: ${NUCLEUS_SHA} }`);
            assert.equal(fleet(["validate", "--strict", "--dir", dir]).code, 0);
            editOnce(path.join(dir, "fleet.yaml"), `nucleusSha256: ${NUCLEUS_SHA}`, `nucleusSha256: ${NUCLEUS_SHA.toUpperCase()}`);
            const bad = fleet(["validate", "--dir", dir]);
            assert.equal(bad.code, 1);
            assert.match(
                bad.stderr,
                /^fleet\.yaml:27:58: defaults\.greengrass\.nucleusSha256: "[0-9A-F]{64}" is not valid; expected 64 lower-case hexadecimal digits as sha256sum prints them, or at-install$/m,
            );
        });

        it("bootstrap writes the pinned SHA-256 into install.sh and the README; at-install leaves it to the environment; a different --nucleus-sha256 is refused", () => {
            const atInstall = path.join(tmp, "at-install");
            assert.equal(boot(atInstall, "stuttgart-body", "gw-body-02").code, 0);
            assert.match(fs.readFileSync(path.join(atInstall, "install.sh"), "utf8"), /\nNUCLEUS_SHA256="\$\{NUCLEUS_SHA256:-\}"\n/);
            const none = install(atInstall);
            assert.equal(none.status, 1);
            assert.match(
                none.stderr,
                /or run fleet bootstrap with --nucleus-sha256 \(or pin it in fleet\.yaml: spec\.defaults\.greengrass\.nucleusSha256\)\n$/,
            );
            pin(NUCLEUS_SHA);
            for (const [site, gateway] of [
                ["stuttgart-body", "gw-body-02"],
                ["cork-fill-finish", "gw-cork-01"],
                ["austin-smt", "gw-austin-01"],
            ]) {
                const out = path.join(tmp, site);
                const r = boot(out, site, gateway);
                assert.equal(r.code, 0, r.stderr);
                const script = fs.readFileSync(path.join(out, "install.sh"), "utf8");
                assert.match(script, new RegExp(`\\nNUCLEUS_SHA256="\\$\\{NUCLEUS_SHA256:-${NUCLEUS_SHA}\\}"\\n`));
                for (const shell of ["sh", "bash"]) {
                    const syntax = spawnSync(shell, ["-n", path.join(out, "install.sh")], { encoding: "utf8" });
                    assert.equal(syntax.status, 0, `${shell} -n ${site}: ${syntax.stderr}`);
                }
                assert.match(fs.readFileSync(path.join(out, "README.txt"), "utf8"), new RegExp(`only if the archive has\\nSHA-256 ${NUCLEUS_SHA}\\.`));
            }
            assert.equal(install(path.join(tmp, "stuttgart-body")).status, 42, "the pinned hash matches the stand-in archive: unzip ran");
            const same = boot(path.join(tmp, "same"), "stuttgart-body", "gw-body-02", "--nucleus-sha256", NUCLEUS_SHA);
            assert.equal(same.code, 0, same.stderr);
            const other = boot(path.join(tmp, "other"), "stuttgart-body", "gw-body-02", "--nucleus-sha256", "1".repeat(64));
            assert.equal(other.code, 2);
            assert.equal(
                other.stderr,
                `fleet: --nucleus-sha256 ${"1".repeat(64)} differs from fleet.yaml's defaults.greengrass.nucleusSha256 ${NUCLEUS_SHA}: one of them is not the archive's; recompute it (sha256sum of the archive) and keep the right one\n`,
            );
            assert.equal(fs.existsSync(path.join(tmp, "other")), false);
        });

        it("install.sh with the system's curl and unzip: an archive with the pinned SHA-256 is unpacked, any other is refused before unzip", () => {
            const served = zipFixture();
            pin(served.sha);
            const good = path.join(tmp, "good");
            assert.equal(boot(good, "austin-smt", "gw-austin-01").code, 0);
            const ok = realInstall(good, { NUCLEUS_URL: served.url });
            assert.equal(ok.status, 42, `stopped at mkdir "$ROOT" after unpacking: ${ok.stderr}`);
            assert.equal(fs.readFileSync(path.join(good, "GreengrassInstaller", "lib", "Greengrass.jar"), "utf8"), "stand-in jar\n");
            editOnce(path.join(dir, "fleet.yaml"), `nucleusSha256: ${served.sha}`, `nucleusSha256: ${"f".repeat(64)}`);
            const bad = path.join(tmp, "bad");
            assert.equal(boot(bad, "austin-smt", "gw-austin-01").code, 0);
            const refused = realInstall(bad, { NUCLEUS_URL: served.url });
            assert.equal(refused.status, 1);
            assert.equal(
                refused.stderr,
                `sha256sum: WARNING: 1 computed checksum did NOT match\ngreengrass-nucleus.zip does not have the SHA-256 ${"f".repeat(64)}; not installing it\n`,
            );
            assert.equal(fs.existsSync(path.join(bad, "GreengrassInstaller")), false);
            assert.equal(fs.readFileSync(path.join(bad, "greengrass-nucleus.zip")).length, fs.statSync(served.url.slice(7)).size, "the real curl fetched it");
        });
    });
});
