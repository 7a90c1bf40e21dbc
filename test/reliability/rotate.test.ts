/** `fleet certs csr --rotate`: a CSR is replaced only on purpose; the old key is kept once. */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { main } from "../../cli/index";
import { copyFleet, rm } from "./helpers";

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = "";
    let err = "";
    const code = await main(["node", "fleet", ...args], { out: (t) => void (out += `${t}\n`), err: (t) => void (err += `${t}\n`), isTTY: false });
    return { code, out, err };
}

describe("reliability: certificate rotation on the command line", function () {
    this.timeout(60_000);
    it("refuses to replace an existing CSR without --rotate; --rotate replaces it and keeps the old key once", async () => {
        const dir = copyFleet();
        try {
            const csr = path.join(dir, "certs", "cork-fill-finish", "gw-cork-01.csr.pem");
            const key = path.join(dir, "certs", "cork-fill-finish", "gw-cork-01.key.pem");
            const original = fs.readFileSync(csr, "utf8");
            const refused = await cli(["certs", "csr", "cork-fill-finish", "gw-cork-01", "--dir", dir]);
            assert.equal(refused.code, 1);
            assert.match(
                refused.err,
                /gw-cork-01\.csr\.pem already exists; replacing it rotates the certificate of acme-cork-fill-finish-gw-cork-01: pass --rotate if you mean that/,
            );
            assert.equal(fs.readFileSync(csr, "utf8"), original);

            const first = await cli(["certs", "csr", "cork-fill-finish", "gw-cork-01", "--rotate", "--dir", dir]);
            assert.equal(first.code, 0, first.err);
            const rotated = fs.readFileSync(csr, "utf8");
            assert.notEqual(rotated, original);
            assert.ok(fs.existsSync(key));
            const firstKey = fs.readFileSync(key, "utf8");

            const second = await cli(["certs", "csr", "cork-fill-finish", "gw-cork-01", "--rotate", "--dir", dir]);
            assert.equal(second.code, 0, second.err);
            assert.equal(fs.readFileSync(`${key}.previous`, "utf8"), firstKey);
            assert.notEqual(fs.readFileSync(key, "utf8"), firstKey);
            assert.notEqual(fs.readFileSync(csr, "utf8"), rotated);

            const third = await cli(["certs", "csr", "cork-fill-finish", "gw-cork-01", "--rotate", "--dir", dir]);
            assert.equal(third.code, 1);
            assert.match(third.err, /gw-cork-01\.key\.pem\.previous is still there from an earlier rotation/);
            // The loader accepts the rotated CSR (right CN, P-256).
            assert.equal((await cli(["validate", "--dir", dir])).code, 0);

            const none = await cli(["certs", "csr", "cork-fill-finish", "gw-cork-02", "--rotate", "--dir", copyFleetWithout(dir)]);
            assert.equal(none.code, 1);
            assert.match(none.err, /--rotate: there is no .*gw-cork-02\.csr\.pem to rotate/);
        } finally {
            rm(dir);
        }
    });
});

/** The same fleet with gw-cork-02's CSR removed (in place; the caller removes the directory). */
function copyFleetWithout(dir: string): string {
    fs.rmSync(path.join(dir, "certs", "cork-fill-finish", "gw-cork-02.csr.pem"));
    return dir;
}
