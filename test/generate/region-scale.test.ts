/**
 * The regional platform does not grow with the sites of its region (issue 8): planning one site
 * of a region (`fleet plan --site S`) registers the regional platform and site S, nothing of the
 * other sites; the platform registers the same resources for 1 site as for 6, apart from the
 * Network Firewall rule groups (one per attached site up to 19, then at most 19 shared
 * groups: src/network/rule-groups.ts), which the firewall policy needs for every site.
 * Planned with planRegion on a generated 12-site fleet in 2 regions and its first 2 sites.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { writeFleet } from "../../src/generate";
import { loadFleet } from "../../src/model/load";
import type { FleetModel } from "../../src/model/types";
import { planRegion, type PlannedResource } from "../../src/plan/plan";

const RULE_GROUP = "aws:networkfirewall/ruleGroup:RuleGroup";

/** The regional platform's resources: everything under RegionalPlatform and RegionalRemediation, and the region's providers. */
function isPlatform(r: PlannedResource): boolean {
    const chain = r.urn.split("::")[2] ?? "";
    return chain.startsWith("fleet:region:RegionalPlatform") || chain.startsWith("fleet:region:RegionalRemediation") || chain.startsWith("pulumi:providers:");
}

/** The resources of one Direct Connect group of the region (`dxgw-<n>`, its associations). */
function isDxGroup(r: PlannedResource): boolean {
    return /::dxgw-\d+(-[a-z-]+)?$/.test(r.urn);
}

function generated(dir: string, sites: number): FleetModel {
    writeFleet(dir, { sites, regions: 2, gateways: 3, equipment: 4, seed: 1 });
    const loaded = loadFleet(dir);
    assert.ok(loaded.model, loaded.diagnostics.map((d) => d.message).join("\n"));
    return loaded.model;
}

/** Type and inputs as the engine compares them, by URN. */
const fingerprints = (resources: PlannedResource[]) => new Map(resources.map((r) => [r.urn, JSON.stringify([r.type, r.inputs, r.parent, r.aliases])]));

describe("scale: the regional platform does not grow with the sites of its region", function () {
    this.timeout(300_000);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-region-scale-"));
    let twelve: FleetModel;
    let two: FleetModel;
    const full = new Map<string, PlannedResource[]>();

    before(async () => {
        twelve = generated(path.join(tmp, "twelve"), 12);
        two = generated(path.join(tmp, "two"), 2);
        for (const region of ["eu-central-1", "us-east-2"]) full.set(region, (await planRegion(twelve, region)).resources);
    });
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("the generated fleets: 6 sites a region, and their first site of each region in both", () => {
        const of = (m: FleetModel, region: string) => m.sites.filter((s) => s.region === region).map((s) => s.name);
        assert.deepEqual(of(twelve, "eu-central-1"), ["cork-00005", "cork-00011", "pilsen-00003", "pilsen-00009", "stuttgart-00001", "stuttgart-00007"]);
        assert.deepEqual(of(twelve, "us-east-2"), ["austin-00004", "austin-00010", "columbus-00002", "columbus-00008", "monterrey-00006", "monterrey-00012"]);
        assert.deepEqual([of(two, "eu-central-1"), of(two, "us-east-2")], [["stuttgart-00001"], ["columbus-00002"]]);
    });

    it("a full plan holds the platform and its sites, nothing else", () => {
        for (const [region, resources] of full) {
            const sites = new Set(twelve.sites.filter((s) => s.region === region).map((s) => s.name));
            assert.deepEqual(
                resources.filter((r) => !isPlatform(r) && !(r.site !== undefined && sites.has(r.site))).map((r) => r.urn),
                [],
                region,
            );
            assert.deepEqual(
                resources.filter((r) => isPlatform(r) && r.site !== undefined).map((r) => r.urn),
                [],
                region,
            );
        }
    });

    for (const site of ["cork-00005", "stuttgart-00007", "austin-00004", "monterrey-00012"]) {
        it(`planning ${site} alone: exactly the full plan's platform resources and ${site}'s, with the same inputs`, async () => {
            const region = twelve.sites.find((s) => s.name === site)!.region;
            const one = (await planRegion(twelve, region, { sites: [site] })).resources;
            const expected = full.get(region)!.filter((r) => isPlatform(r) || r.site === site);
            assert.deepEqual(one.map((r) => r.urn).sort(), expected.map((r) => r.urn).sort());
            assert.deepEqual(fingerprints(one), fingerprints(expected));
            // Nothing of the other sites, apart from their firewall rule groups (`conduits-<site>`).
            const others = twelve.sites.filter((s) => s.region === region && s.name !== site).map((s) => s.name);
            const mentions = one.filter((r) => others.some((o) => r.urn.includes(o)));
            assert.deepEqual(
                mentions.map((r) => r.type),
                mentions.map(() => RULE_GROUP),
                mentions.map((r) => r.urn).join("\n"),
            );
            assert.equal(mentions.length, others.filter((o) => twelve.sites.find((s) => s.name === o)!.connectivity.uplink !== "internet").length);
            // The other sites' share of the full plan is not small: this test would see them.
            assert.ok(full.get(region)!.length - one.length > 150, `${full.get(region)!.length} in the full plan, ${one.length} for ${site}`);
        });
    }

    it("the platform: the same resources for 1 site as for 6, apart from one firewall rule group per attached site and the Direct Connect groups in use", async () => {
        const counts: Record<string, [number, number]> = {};
        const withoutGroups = new Map<string, string[][]>();
        for (const region of ["eu-central-1", "us-east-2"]) {
            const small = (await planRegion(two, region)).resources.filter(isPlatform);
            const big = full.get(region)!.filter(isPlatform);
            const groups = (rs: PlannedResource[]) => rs.filter((r) => r.type === RULE_GROUP).length;
            // A Direct Connect gateway per group that has a direct-connect site (at most 4 a region: docs/network.md).
            const dxGroups = (rs: PlannedResource[]) => [...new Set(rs.filter(isDxGroup).map((r) => /::dxgw-(\d+)/.exec(r.urn)![1]))].sort();
            assert.ok(dxGroups(big).length <= 4, `${region}: ${dxGroups(big).join(",")}`);
            assert.ok(
                dxGroups(small).every((g) => dxGroups(big).includes(g)),
                `${region}: the groups of 1 site are among those of 6`,
            );
            // The shared pre-provisioning hook and provisioning role exist when a site of the region is fleet-claim.
            const claims = (m: FleetModel) => m.sites.some((x) => x.region === region && x.provisioning.mode === "fleet-claim");
            const hasProvisioning = (rs: PlannedResource[]) => rs.some((r) => r.urn.includes("fleet:region:RegionalProvisioning"));
            assert.deepEqual([hasProvisioning(small), hasProvisioning(big)], [claims(two), claims(twelve)], region);
            counts[region] = [small.length, big.length];
            assert.deepEqual(
                [groups(small), groups(big)],
                region === "eu-central-1" ? [2, 7] : [2, 6],
                `${region}: the egress group and one per attached site (monterrey-00012 is on the internet)`,
            );
            withoutGroups.set(
                region,
                [small, big].map((rs) =>
                    rs
                        .filter((r) => r.type !== RULE_GROUP && !isDxGroup(r) && !r.urn.includes("fleet:region:RegionalProvisioning"))
                        .map((r) => r.urn)
                        .sort(),
                ),
            );
            assert.deepEqual(withoutGroups.get(region)![1], withoutGroups.get(region)![0], region);
        }
        assert.deepEqual(counts, { "eu-central-1": [348, 356], "us-east-2": [339, 355] });
        assert.deepEqual(
            [...withoutGroups.values()].map(([small]) => small.length),
            [334, 334],
        );
    });
});
