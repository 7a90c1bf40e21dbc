/** CSRs: made the way a device makes them, verified by openssl, checked by the loader. */
import * as assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { csrProblem, makeKeyAndCsr, parseCsr } from "../../src/edge/csr";
import { loadFleet } from "../../src/model/load";
import { ROOT, tmpRoot, writeFixtureFleet } from "./helpers";

const CLI = path.join(ROOT, "bin", "fleet.js");
const fleet = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });

describe("certificate signing requests", () => {
    it("`fleet certs csr` writes a CSR that openssl verifies, with the thing name as CN, and a 0600 key beside it", () => {
        const dir = tmpRoot();
        writeFixtureFleet(dir, { mode: "csr", gateways: 2, csrs: false });
        const r = fleet("certs", "csr", "lab", "gw-002", "--dir", dir);
        assert.equal(r.status, 0, r.stderr);
        const csr = path.join(dir, "certs", "lab", "gw-002.csr.pem");
        const key = path.join(dir, "certs", "lab", "gw-002.key.pem");
        const out = execFileSync("openssl", ["req", "-verify", "-noout", "-subject", "-nameopt", "RFC2253", "-in", csr], {
            encoding: "utf8",
            stdio: ["ignore", "pipe", "pipe"],
        });
        assert.equal(out.trim(), "subject=O=acme,CN=acme-lab-gw-002");
        assert.equal(fs.statSync(key).mode & 0o777, 0o600);
        const pub = execFileSync("openssl", ["req", "-noout", "-pubkey", "-in", csr], { encoding: "utf8" });
        const keyPub = execFileSync("openssl", ["pkey", "-pubout", "-in", key], { encoding: "utf8" });
        assert.equal(pub, keyPub, "the CSR is for the key written beside it");
        assert.match(execFileSync("openssl", ["req", "-noout", "-text", "-in", csr], { encoding: "utf8" }), /NIST CURVE: P-256/);
    });

    it("refuses to overwrite an existing key, and names an unknown gateway", () => {
        const dir = tmpRoot();
        writeFixtureFleet(dir, { mode: "csr", gateways: 1, csrs: false });
        assert.equal(fleet("certs", "csr", "lab", "gw-001", "--dir", dir).status, 0);
        const before = fs.readFileSync(path.join(dir, "certs", "lab", "gw-001.key.pem"), "utf8");
        const again = fleet("certs", "csr", "lab", "gw-001", "--dir", dir);
        assert.equal(again.status, 1);
        assert.match(again.stderr, /gw-001\.key\.pem already exists; refusing to replace a private key/);
        assert.equal(fs.readFileSync(path.join(dir, "certs", "lab", "gw-001.key.pem"), "utf8"), before);
        const unknown = fleet("certs", "csr", "lab", "gw-01", "--dir", dir);
        assert.equal(unknown.status, 1);
        assert.match(unknown.stderr, /sites\/lab\.yaml has no gateway "gw-01"; did you mean "gw-001"\?/);
    });

    it("`fleet certs claim` makes the site's claim key and CSR (CN <fleet>-<site>-claim)", () => {
        const dir = tmpRoot();
        writeFixtureFleet(dir, { mode: "fleet-claim", gateways: 1, csrs: false });
        assert.equal(fleet("certs", "claim", "lab", "--dir", dir).status, 0);
        const info = parseCsr(fs.readFileSync(path.join(dir, "certs", "lab", "claim.csr.pem"), "utf8"));
        assert.deepEqual(info, { commonName: "acme-lab-claim", keyAlgorithm: "EC", namedCurve: "P-256", signatureValid: true });
    });

    it("the committed example CSRs are usable for their gateways", () => {
        for (const g of ["gw-cork-01", "gw-cork-02"]) {
            assert.equal(
                csrProblem(fs.readFileSync(path.join(ROOT, "certs", "cork-fill-finish", `${g}.csr.pem`), "utf8"), `acme-cork-fill-finish-${g}`),
                undefined,
            );
        }
        assert.equal(csrProblem(fs.readFileSync(path.join(ROOT, "certs", "stuttgart-body", "claim.csr.pem"), "utf8"), "acme-stuttgart-body-claim"), undefined);
    });

    it("names what is wrong with a CSR: not PEM, not DER, tampered, wrong CN", () => {
        const good = makeKeyAndCsr("acme-lab-gw-001", "acme").csrPem;
        assert.equal(csrProblem("hello", "x"), "not a PEM certificate signing request (no BEGIN/END CERTIFICATE REQUEST lines)");
        assert.match(
            csrProblem("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n", "x")!,
            /^not a valid PKCS#10 certificate signing request/,
        );
        const der = Buffer.from(good.replace(/-----[^-]+-----|\s/g, ""), "base64");
        const cn = der.indexOf(Buffer.from("acme-lab-gw-001"));
        der[cn + 14] = "2".charCodeAt(0); // acme-lab-gw-002: the signature no longer matches
        const tampered = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString("base64")}\n-----END CERTIFICATE REQUEST-----\n`;
        assert.equal(csrProblem(tampered, "acme-lab-gw-002"), "its signature does not verify against its own public key");
        assert.equal(csrProblem(good, "acme-lab-gw-002"), 'its subject CN is "acme-lab-gw-001", expected "acme-lab-gw-002"');
        assert.equal(csrProblem(good, "acme-lab-gw-001"), undefined);
    });

    it("the loader reports a malformed or foreign CSR as an error naming the command", () => {
        const dir = tmpRoot();
        writeFixtureFleet(dir, { mode: "csr", gateways: 2 });
        fs.writeFileSync(path.join(dir, "certs", "lab", "gw-001.csr.pem"), "garbage\n");
        fs.copyFileSync(path.join(ROOT, "certs", "cork-fill-finish", "gw-cork-01.csr.pem"), path.join(dir, "certs", "lab", "gw-002.csr.pem"));
        const r = loadFleet(dir);
        const errors = r.diagnostics.filter((d) => d.level === "error").map((d) => `${d.file}:${d.line}: ${d.field}: ${d.message}`);
        assert.deepEqual(errors, [
            "sites/lab.yaml:15: gateways[0].name: certs/lab/gw-001.csr.pem is not a usable certificate signing request: not a PEM certificate signing request (no BEGIN/END CERTIFICATE REQUEST lines); make a new one with `fleet certs csr lab gw-001`",
            'sites/lab.yaml:16: gateways[1].name: certs/lab/gw-002.csr.pem is not a usable certificate signing request: its subject CN is "acme-cork-fill-finish-gw-cork-01", expected "acme-lab-gw-002"; make a new one with `fleet certs csr lab gw-002`',
        ]);
    });
});
