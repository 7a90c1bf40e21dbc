import * as assert from "node:assert/strict";
import fc from "fast-check";
import { planFirewallRules, renderCsv, renderNftables } from "../../src/network";
import { exampleFleet, manySites } from "./helpers";

/** A permutation of `items` from a list of random keys. */
function permute<T>(items: T[], keys: number[]): T[] {
    return items
        .map((item, i) => ({ item, k: keys[i % keys.length] * 1000 + i }))
        .sort((a, b) => a.k - b.k)
        .map((x) => x.item);
}

describe("network: order of the YAML lists never matters (property)", () => {
    const model = exampleFleet();
    const sites = [...model.sites.filter((s) => s.region === "eu-central-1"), ...manySites(model, 24)];
    const reference = planFirewallRules("acme", "eu-central-1", sites);
    const referenceText = sites.map((s) => renderNftables(model, s) + renderCsv(s));

    it("gives the same groups, names, priorities, sids and exports for any order of sites, conduits, segments and ports", () => {
        fc.assert(
            fc.property(fc.array(fc.nat(1000), { minLength: 1, maxLength: 40 }), (keys) => {
                const shuffled = permute(structuredClone(sites), keys).map((s) => {
                    s.conduits = permute(s.conduits, keys.slice(1).concat(keys[0])).map((c) => ({ ...c, ports: permute(c.ports, keys) }));
                    s.segments = permute(s.segments, keys.slice().reverse());
                    return s;
                });
                const plan = planFirewallRules("acme", "eu-central-1", shuffled);
                assert.deepEqual(
                    plan.groups.map((g) => [g.logicalName, g.name, g.priority, g.capacity, g.sites, g.rulesString]),
                    reference.groups.map((g) => [g.logicalName, g.name, g.priority, g.capacity, g.sites, g.rulesString]),
                );
                const byName = new Map(shuffled.map((s) => [s.name, s]));
                assert.deepEqual(
                    sites.map((s) => renderNftables(model, byName.get(s.name)!) + renderCsv(byName.get(s.name)!)),
                    referenceText,
                );
            }),
            { numRuns: 50, seed: 4242 },
        );
    });
});
