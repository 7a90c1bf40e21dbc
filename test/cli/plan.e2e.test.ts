/** `fleet plan` end to end: the built CLI on the example fleet and on broken fleets. */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { planRegion, type Plan } from "../../src/plan/plan";
import { isCloudResource, toJsonPlan } from "../../src/planview/summary";
import { copyExampleFleet, editOnce, fleet, ROOT, rm, type RunResult } from "./helpers";
import { exampleFleet } from "../helpers/fleets";

describe("cli e2e: fleet plan", function () {
    this.timeout(600_000);
    let plans: Plan[];
    let jsonRun: RunResult;
    let textRun: RunResult;

    before(async () => {
        const model = exampleFleet();
        plans = [];
        for (const r of model.regions) plans.push(await planRegion(model, r.name));
        jsonRun = fleet(["plan", "--json", "--dir", ROOT]);
        textRun = fleet(["plan", "--dir", ROOT], { cwd: "/" });
    });

    it("--json prints exactly the resources of the in-process plan, with exactly the documented keys", () => {
        const r = jsonRun;
        assert.equal(r.code, 0, r.stderr);
        const json = JSON.parse(r.stdout) as { resources: Record<string, unknown>[] };
        assert.deepEqual(Object.keys(json), ["resources"]);
        for (const res of json.resources) assert.deepEqual(Object.keys(res), ["urn", "type", "name", "inputs", "region", "stack", "site", "options"]);
        // Every resource names the stack of the layout that holds it: the site's own stack, else the region's platform.
        for (const res of json.resources)
            assert.equal(res.stack, res.site === null ? res.region : `${res.region as string}.${res.site as string}`, res.urn as string);
        assert.deepEqual(json, JSON.parse(JSON.stringify(toJsonPlan(plans))));
        assert.ok(json.resources.some((x) => x.type === "fleet:site:Site" && x.site === "stuttgart-body"));
        assert.ok(json.resources.filter((x) => x.site === null).length > 0, "regional resources have site null");
    });

    it("--json masks secrets: secret inputs read [secret] and no secret value appears", async () => {
        const model = exampleFleet();
        const json = JSON.parse(jsonRun.stdout) as { resources: { urn: string; inputs: Record<string, unknown> }[] };
        const byUrn = new Map(json.resources.map((x) => [x.urn, x]));
        const leaves = (v: unknown): string[] =>
            typeof v === "string" ? [v] : Array.isArray(v) ? v.flatMap(leaves) : v && typeof v === "object" ? Object.values(v).flatMap(leaves) : [];
        let secrets = 0;
        for (const r of model.regions) {
            const revealed = await planRegion(model, r.name, { revealSecrets: true });
            for (const res of revealed.resources) {
                for (const k of res.secretInputs) {
                    secrets++;
                    assert.ok(JSON.stringify(byUrn.get(res.urn)!.inputs[k]).includes("[secret]"), `${res.urn} ${k}`);
                    for (const value of leaves(res.inputs[k]).filter((v) => v.length >= 8)) assert.ok(!jsonRun.stdout.includes(value), `${res.urn} ${k} leaks`);
                }
            }
        }
        assert.ok(secrets > 0, "the example fleet's plan has secret inputs to mask");
    });

    it("prints per region and site the resources by type, with totals matching the plan, from any working directory", () => {
        const r = textRun;
        assert.equal(r.code, 0, r.stderr);
        for (const p of plans) {
            const total = p.resources.filter(isCloudResource).length;
            assert.match(r.stdout, new RegExp(`^region ${p.region}: ${total} resources? \\(`, "m"));
            for (const site of new Set(p.resources.map((x) => x.site).filter(Boolean))) {
                const n = p.resources.filter((x) => x.site === site && isCloudResource(x)).length;
                assert.match(r.stdout, new RegExp(`^  site ${site} +${n}$`, "m"));
            }
        }
        const all = plans.reduce((n, p) => n + p.resources.filter(isCloudResource).length, 0);
        assert.match(r.stdout, new RegExp(`^total: ${all} resources in 2 regions, 3 sites$`, "m"));
        assert.doesNotMatch(r.stderr, /planning/, "no progress output when not on a terminal");
    });

    it("--site plans one site and its region only; --detail lists inputs", () => {
        const r = fleet(["plan", "--site", "austin-smt", "--detail", "--dir", ROOT]);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /^region us-east-2: /m);
        assert.doesNotMatch(r.stdout, /eu-central-1:/);
        assert.match(r.stdout, /^  site austin-smt +\d+$/m);
        assert.match(r.stdout, /^      artifacts {2}\[protected\]$/m);
        assert.match(r.stdout, /^        tags\.fleet:region = "us-east-2"$/m);
    });

    it("unknown region or site: exit 2 with a did-you-mean", () => {
        const a = fleet(["plan", "--region", "eu-centrl-1", "--dir", ROOT]);
        assert.equal(a.code, 2);
        assert.equal(a.stderr.trim(), 'fleet: unknown region "eu-centrl-1"; did you mean "eu-central-1"? regions of fleet.yaml: eu-central-1, us-east-2');
        const b = fleet(["plan", "--site", "stutgart-body", "--dir", ROOT]);
        assert.equal(b.code, 2);
        assert.equal(
            b.stderr.trim(),
            'fleet: unknown site "stutgart-body"; did you mean "stuttgart-body"? sites: austin-smt, cork-fill-finish, stuttgart-body',
        );
        const c = fleet(["plan", "--site", "austin-smt", "--region", "eu-central-1", "--dir", ROOT]);
        assert.equal(c.code, 2);
        assert.equal(c.stderr.trim(), 'fleet: site "austin-smt" is in region us-east-2, not eu-central-1');
    });

    it("a broken fleet: exit 1, the findings on stderr, nothing on stdout", () => {
        const dir = copyExampleFleet();
        try {
            editOnce(
                path.join(dir, "sites", "austin-smt.yaml"),
                "    - name: gw-austin-01\n      segment: edge-dmz",
                "    - name: gw-austin-01\n      segment: edge-dm",
            );
            const r = fleet(["plan", "--dir", dir]);
            assert.equal(r.code, 1);
            assert.equal(r.stdout, "");
            assert.match(r.stderr, /^sites\/austin-smt\.yaml:\d+:\d+: gateways\[0\]\.segment: unknown segment "edge-dm"/m);
            assert.match(r.stderr, /^fleet: 1 error in the fleet files; run `fleet validate` for details$/m);
        } finally {
            rm(dir);
        }
    });

    it("a directory without fleet.yaml: exit 1 naming the file", () => {
        const dir = fs.mkdtempSync(path.join(require("node:os").tmpdir(), "fleet-empty-"));
        try {
            const r = fleet(["plan", "--dir", dir]);
            assert.equal(r.code, 1);
            assert.match(r.stderr, /fleet\.yaml/);
        } finally {
            rm(dir);
        }
    });
});
