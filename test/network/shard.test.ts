import * as assert from "node:assert/strict";
import { lintRule, MAX_SITE_GROUPS, NFW_LIMITS, planFirewallRules } from "../../src/network";
import { exampleFleet, manySites } from "./helpers";

describe("network: sharding sites into at most 20 stateful rule groups", () => {
    it("gives each site its own group up to 19 attached sites, keeping one slot for egress", () => {
        const model = exampleFleet();
        const plan = planFirewallRules("acme", "eu-central-1", manySites(model, 19));
        assert.equal(plan.mode, "per-site");
        assert.deepEqual(plan.problems, []);
        assert.equal(plan.groups.length, 20);
        assert.deepEqual(plan.groups[0].sites, ["plant-01"]);
        assert.equal(plan.groups[0].name, "acme-plant-01-conduits-c50");
        assert.equal(plan.groups[19].key, "egress");
        assert.equal(MAX_SITE_GROUPS, 19);
    });

    it("packs a 45-site region into valid shared groups within every quota", () => {
        const model = exampleFleet();
        const sites = manySites(model, 45);
        const plan = planFirewallRules("acme", "eu-central-1", sites);
        assert.equal(plan.mode, "shared");
        assert.deepEqual(plan.problems, []);
        assert.ok(plan.groups.length <= NFW_LIMITS.statefulGroupsPerPolicy, `${plan.groups.length} groups`);
        const shards = plan.groups.filter((g) => g.key.startsWith("shard:"));
        assert.ok(shards.length <= MAX_SITE_GROUPS);
        // every site in exactly one shard, with all its rules
        const members = shards.flatMap((g) => g.sites).sort();
        assert.deepEqual(members, sites.map((s) => s.name).sort());
        for (const g of shards) assert.equal(g.rules.length, g.sites.length * 5, g.name);
        // valid: lint clean, capacity with headroom, unique priorities and sids, under the policy total
        const all = plan.groups.flatMap((g) => g.rulesString.split("\n").filter(Boolean));
        for (const r of all) assert.deepEqual(lintRule(r), []);
        for (const g of plan.groups) assert.ok(g.capacity >= 2 * g.rules.length, `${g.name}: capacity ${g.capacity} for ${g.rules.length} rules`);
        assert.equal(new Set(plan.groups.map((g) => g.priority)).size, plan.groups.length);
        const sids = plan.groups.flatMap((g) => g.rules.map((r) => r.sid));
        assert.equal(new Set(sids).size, sids.length);
        assert.ok(plan.groups.reduce((n, g) => n + g.capacity, 0) <= NFW_LIMITS.policyCapacity);
        assert.equal(all.length, 45 * 5 + 6);
        for (const g of shards) assert.match(g.name, /^acme-conduits-shard-\d\d-c\d+$/);
    });

    it("never moves another site when a site is added or removed", () => {
        const model = exampleFleet();
        const sites = manySites(model, 46);
        const shardOf = (plan: ReturnType<typeof planFirewallRules>) => new Map(plan.groups.flatMap((g) => g.sites.map((s) => [s, g.logicalName] as const)));
        const with45 = shardOf(planFirewallRules("acme", "eu-central-1", sites.slice(0, 45)));
        const with46 = shardOf(planFirewallRules("acme", "eu-central-1", sites));
        const without7 = shardOf(
            planFirewallRules(
                "acme",
                "eu-central-1",
                sites.slice(0, 45).filter((s) => s.name !== "plant-07"),
            ),
        );
        for (const [s, g] of with45) {
            assert.equal(with46.get(s), g, `${s} moved when plant-46 was added`);
            if (s !== "plant-07") assert.equal(without7.get(s), g, `${s} moved when plant-07 was removed`);
        }
    });

    it("keeps rule ids and group names when the sites are listed in another order", () => {
        const model = exampleFleet();
        const sites = manySites(model, 45);
        const a = planFirewallRules("acme", "eu-central-1", sites);
        const b = planFirewallRules("acme", "eu-central-1", [...sites].reverse());
        assert.deepEqual(
            b.groups.map((g) => [g.logicalName, g.name, g.rulesString]),
            a.groups.map((g) => [g.logicalName, g.name, g.rulesString]),
        );
    });

    it("reports a policy that cannot hold the rules", () => {
        const model = exampleFleet();
        const sites = manySites(model, 3);
        // 3 sites each with 6,000 cloud conduits (ports 1-6000): groups of 20,000 capacity overflow the policy
        for (const s of sites) {
            const c = s.conduits.find((x) => x.to === "cloud")!;
            c.ports = Array.from({ length: 6000 }, (_, i) => ({ port: i + 1, transport: "tcp" as const }));
        }
        const plan = planFirewallRules("acme", "eu-central-1", sites);
        assert.deepEqual(plan.problems, ["rule groups reserve 60050 capacity; a firewall policy holds at most 30000"]);
    });
});

describe("network: very large regions", () => {
    it("splits the egress sources so every rule stays within 8,192 characters (600 sites)", () => {
        const model = exampleFleet();
        const sites = Array.from({ length: 600 }, (_, k) => {
            const s = structuredClone(model.sites.find((x) => x.name === "stuttgart-body")!);
            s.name = `plant-${String(k).padStart(3, "0")}`;
            s.file = `sites/${s.name}.yaml`;
            s.cloudNetwork = { cidr: `10.${100 + Math.floor(k / 256)}.${k % 256}.0/24` };
            s.segments = s.segments.map((seg, n) => ({
                ...seg,
                cidr: `172.${16 + Math.floor(k / 64)}.${(k % 64) * 4 + (n % 4)}.${Math.floor(n / 4) * 128}/25`,
            }));
            return s;
        });
        const plan = planFirewallRules("acme", "eu-central-1", sites);
        assert.deepEqual(plan.problems, []);
        const egress = plan.groups.find((g) => g.key === "egress")!;
        assert.equal(egress.rules.length, 6 * 3); // 600 sources in 3 parts of at most 250
        for (const r of egress.rulesString.split("\n").filter(Boolean)) assert.ok(r.length <= NFW_LIMITS.ruleChars, `${r.length} characters`);
        assert.equal(new Set(egress.rules.map((r) => r.sid)).size, egress.rules.length);
        assert.ok(plan.groups.length <= NFW_LIMITS.statefulGroupsPerPolicy);
        // the first part keeps the sids a small region has
        const small = planFirewallRules("acme", "eu-central-1", sites.slice(0, 10)).groups.find((g) => g.key === "egress")!;
        assert.deepEqual(
            new Set(small.rules.map((r) => r.sid)),
            new Set(egress.rules.filter((r) => small.rules.some((x) => x.sid === r.sid)).map((r) => r.sid)),
        );
        assert.equal(small.rules.filter((r) => egress.rules.some((x) => x.sid === r.sid)).length, small.rules.length);
    });
});
