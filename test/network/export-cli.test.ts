import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { exampleFleet, nftCheck, ROOT, site } from "./helpers";
import { renderCsv, renderNftables } from "../../src/network";

function fleet(...args: string[]) {
    const r = spawnSync(process.execPath, [path.join(ROOT, "bin/fleet.js"), ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, CI: "true" } });
    return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("network: fleet export conduits (CLI)", function () {
    this.timeout(60_000);

    it("prints the nftables ruleset of a site, which nft accepts", () => {
        const r = fleet("export", "conduits", "stuttgart-body");
        assert.equal(r.code, 0, r.err);
        const model = exampleFleet();
        assert.equal(r.out, renderNftables(model, site(model, "stuttgart-body")));
        assert.ok(nftCheck(r.out).ok);
    });

    it("writes the CSV to --out atomically", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-export-"));
        try {
            const out = path.join(dir, "cork.csv");
            const r = fleet("export", "conduits", "cork-fill-finish", "--format", "csv", "--out", out, "--dir", ROOT);
            assert.equal(r.code, 0, r.err);
            assert.equal(r.out, "");
            assert.equal(r.err, `wrote 14 conduits of site cork-fill-finish as csv to ${out}\n`);
            assert.equal(fs.readFileSync(out, "utf8"), renderCsv(site(exampleFleet(), "cork-fill-finish")));
            assert.deepEqual(fs.readdirSync(dir), ["cork.csv"]);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("says which sites exist when the name is wrong (exit 2)", () => {
        const r = fleet("export", "conduits", "stutgart-body");
        assert.equal(r.code, 2);
        assert.equal(r.out, "");
        assert.equal(r.err, 'fleet: unknown site "stutgart-body"; did you mean "stuttgart-body"? sites: austin-smt, cork-fill-finish, stuttgart-body\n');
    });

    it("refuses an unknown format (exit 2) before loading anything", () => {
        const r = fleet("export", "conduits", "stuttgart-body", "--format", "iptables", "--dir", "/nonexistent");
        assert.equal(r.code, 2);
        assert.equal(r.err, 'fleet: unknown output format "iptables"; did you mean "nftables"? formats: nftables, csv\n');
    });

    it("fails with exit 1 on a fleet that does not load", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-export-"));
        try {
            const r = fleet("export", "conduits", "x", "--dir", dir);
            assert.equal(r.code, 1);
            assert.match(r.err, /fleet\.yaml/);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
