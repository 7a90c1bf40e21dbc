/** `fleet init site` picks free ranges: two starter sites next to the example fleet, in one region, validate and plan. */
import { strict as assert } from "node:assert";
import { freeSegmentPrefix } from "../../src/scaffold";
import { copyExampleFleet, fleet, rm } from "./helpers";

describe("cli: starter sites", function () {
    this.timeout(300_000);

    it("freeSegmentPrefix skips every prefix whose starter segments overlap a used range", () => {
        assert.equal(freeSegmentPrefix([]), "172.16");
        assert.equal(freeSegmentPrefix(["172.16.35.0/24"]), "172.17");
        assert.equal(freeSegmentPrefix(["172.16.0.0/12"]), "172.16", "nothing free: the first, and validate says why");
        assert.equal(freeSegmentPrefix(["172.16.0.0/16", "172.17.20.0/24", "not a cidr"]), "172.18");
        assert.equal(freeSegmentPrefix(["172.16.11.0/24"]), "172.16", "a neighbouring range does not count");
    });

    it("two `fleet init site` starters in the example fleet's region pass validate --strict and plan", () => {
        const dir = copyExampleFleet("fleet-starters-");
        try {
            for (const name of ["leipzig-paint", "dresden-press"]) {
                const r = fleet(["init", "site", name, "--region", "eu-central-1", "--dir", dir]);
                assert.equal(r.code, 0, r.stderr);
            }
            const v = fleet(["validate", "--dir", dir, "-o", "json"]);
            const json = JSON.parse(v.stdout) as { valid: boolean; errors: number; diagnostics: unknown[] };
            assert.equal(json.errors, 0, JSON.stringify(json.diagnostics, null, 2));
            const p = fleet(["plan", "--region", "eu-central-1", "--dir", dir, "-o", "json"]);
            assert.equal(p.code, 0, p.stderr);
            const sites = new Set((JSON.parse(p.stdout) as { resources: { site: string | null }[] }).resources.map((r) => r.site));
            assert.ok(sites.has("leipzig-paint") && sites.has("dresden-press"), [...sites].join(", "));
        } finally {
            rm(dir);
        }
    });
});
