import * as assert from "node:assert/strict";
import { bucketOf, capacityFor, CAPACITY_TIERS, SID_MAX, SID_MIN, sidOf } from "../../src/network";

describe("network: sids from stable keys", () => {
    it("gives the same sid for the same keys, every time", () => {
        assert.equal(sidOf("stuttgart-body", "gateways-to-cloud", "tcp", "8883"), sidOf("stuttgart-body", "gateways-to-cloud", "tcp", "8883"));
        // Pinned: a change of the derivation would renumber every deployed rule.
        assert.equal(sidOf("stuttgart-body", "gateways-to-cloud", "tcp", "8883"), 1797354718);
    });

    it("separates keys so that joined names cannot collide", () => {
        assert.notEqual(sidOf("a-b", "c"), sidOf("a", "b-c"));
        assert.notEqual(sidOf("site", "c", "tcp", "53"), sidOf("site", "c", "udp", "53"));
    });

    it("stays in the reserved range and spreads over it", () => {
        const sids = new Set<number>();
        for (let i = 0; i < 5000; i++) {
            const s = sidOf("site", `conduit-${i}`, "tcp", "443");
            assert.ok(Number.isInteger(s) && s >= SID_MIN && s <= SID_MAX, `sid ${s} out of range`);
            sids.add(s);
        }
        assert.equal(sids.size, 5000);
    });

    it("buckets by key alone", () => {
        assert.equal(bucketOf("plant-07", 19), bucketOf("plant-07", 19));
        for (let i = 0; i < 200; i++) {
            const b = bucketOf(`site-${i}`, 19);
            assert.ok(b >= 0 && b < 19);
        }
    });
});

describe("network: rule-group capacity", () => {
    it("is the smallest tier holding twice the rules", () => {
        const table: [number, number][] = [
            [0, 50],
            [1, 50],
            [25, 50],
            [26, 100],
            [50, 100],
            [51, 250],
            [125, 250],
            [126, 500],
            [2_500, 5_000],
            [10_000, 20_000],
            [15_000, 30_000],
        ];
        for (const [rules, capacity] of table) assert.deepEqual(capacityFor(rules), { capacity, headroom: true }, `${rules} rules`);
    });

    it("uses the maximum without headroom when twice the rules exceed it", () => {
        assert.deepEqual(capacityFor(15_001), { capacity: 30_000, headroom: false });
        assert.deepEqual(capacityFor(30_000), { capacity: 30_000, headroom: false });
    });

    it("refuses more rules than a group can hold, and nonsense counts", () => {
        assert.deepEqual(capacityFor(30_001), { error: "30001 rules exceed the 30000 capacity of one Network Firewall rule group" });
        assert.deepEqual(capacityFor(-1), { error: "rule count must be a whole number, got -1" });
        assert.deepEqual(capacityFor(1.5), { error: "rule count must be a whole number, got 1.5" });
    });

    it("has ascending tiers ending at the AWS maximum", () => {
        assert.deepEqual(
            [...CAPACITY_TIERS].sort((a, b) => a - b),
            [...CAPACITY_TIERS],
        );
        assert.equal(CAPACITY_TIERS[CAPACITY_TIERS.length - 1], 30_000);
    });
});
