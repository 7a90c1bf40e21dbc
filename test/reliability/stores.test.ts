/**
 * Data stores cannot disappear by accident: every stateful store of the plan is protected by the
 * stack and by the service's own deletion protection; a removed site's device identities are
 * retained unless the site is released (`fleet:releaseSites`); plan and diff say so.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { diffPlans } from "../../src/diff/plan-diff";
import { formatRetained, retainedRemovals } from "../../src/diff/retained";
import type { FleetModel } from "../../src/model/types";
import { planRegion, type PlannedResource } from "../../src/plan/plan";
import { formatPlanSummary } from "../../src/planview/summary";
import { identitiesRetained, releasedSites } from "../../src/program/retention";
import { load, planAll, ROOT } from "./helpers";

type Check = (r: PlannedResource, site?: FleetModel["sites"][number]) => string | undefined;

/** Every store type, and what protects it besides the stack (undefined: nothing more to check). */
const STORES: Record<string, Check> = {
    "aws:s3/bucket:Bucket": (r) => (r.inputs.forceDestroy === true ? "forceDestroy is true" : undefined),
    "aws:dynamodb/table:Table": (r) => (r.inputs.deletionProtectionEnabled === true ? undefined : "deletionProtectionEnabled is not true"),
    "aws:kinesis/stream:Stream": () => undefined, // Kinesis has no deletion protection of its own
    "aws:rds/cluster:Cluster": (r) =>
        r.inputs.deletionProtection !== true ? "deletionProtection is not true" : r.inputs.skipFinalSnapshot === true ? "skipFinalSnapshot is true" : undefined,
    "aws:rds/clusterInstance:ClusterInstance": () => undefined, // the cluster's deletionProtection covers its instances
    "aws:timestreaminfluxdb/dbInstance:DbInstance": () => undefined, // no deletion-protection flag in the API (checked below)
    "aws:secretsmanager/secret:Secret": (r) =>
        typeof r.inputs.recoveryWindowInDays === "number" && r.inputs.recoveryWindowInDays >= 7 ? undefined : "recoveryWindowInDays < 7",
    "aws:kms/key:Key": (r) =>
        typeof r.inputs.deletionWindowInDays === "number" && r.inputs.deletionWindowInDays >= 7 ? undefined : "deletionWindowInDays < 7",
};

/** Types that would be stores if anyone added them: each must then be listed in STORES. */
const STORE_LIKE =
    /^aws:(s3\/bucket(V2)?:|dynamodb\/table:|kinesis\/stream:|rds\/(cluster|instance|clusterInstance):|docdb\/cluster|timestream\w*\/(dbInstance|database|table)|efs\/fileSystem|opensearch\/domain|elasticache\/|secretsmanager\/secret:|kms\/key:|neptune\/cluster:|redshift\w*\/cluster|memorydb\/cluster)|^aws-native:(s3|dynamodb|kinesis|rds|timestream|kms|secretsmanager):/;

function storeProblems(resources: PlannedResource[], model: FleetModel): string[] {
    const problems: string[] = [];
    for (const r of resources.filter((x) => x.custom)) {
        const check = STORES[r.type];
        if (!check) {
            if (STORE_LIKE.test(r.type)) problems.push(`${r.urn}: a store type this test does not know; add it to STORES with its deletion protection`);
            continue;
        }
        if (!r.protect) problems.push(`${r.urn}: not protect`);
        if (r.deleteBeforeReplace) problems.push(`${r.urn}: deleteBeforeReplace`);
        const p = check(r);
        if (p) problems.push(`${r.urn}: ${p}`);
    }
    // Network Firewall: not a store, but its own delete protection must stay on.
    for (const r of resources.filter((x) => x.type === "aws:networkfirewall/firewall:Firewall")) {
        if (r.inputs.deleteProtection !== true) problems.push(`${r.urn}: deleteProtection is not true`);
    }
    // Device identities of sites: things (all modes with per-gateway things) and, in
    // aws-generated mode, certificates are kept in AWS when the site leaves the stack.
    for (const r of resources.filter((x) => x.site !== undefined)) {
        const site = model.sites.find((s) => s.name === r.site)!;
        const identity = r.type === "aws:iot/thing:Thing" || (r.type === "aws:iot/certificate:Certificate" && site.provisioning.mode === "aws-generated");
        if (identity && !r.retainOnDelete) problems.push(`${r.urn}: device identity not retainOnDelete`);
        if (r.type === "aws:iot/certificate:Certificate" && site.provisioning.mode !== "aws-generated" && r.retainOnDelete) {
            problems.push(`${r.urn}: a csr/claim certificate must not be retained (a rotated-out certificate would stay active)`);
        }
    }
    return problems;
}

function count(resources: PlannedResource[], type: string, pred: (r: PlannedResource) => boolean = () => true): number {
    return resources.filter((r) => r.type === type && pred(r)).length;
}

describe("reliability: data stores cannot disappear by accident", function () {
    this.timeout(600_000);
    let model: FleetModel;
    let plan: PlannedResource[];
    before(async () => {
        model = load(ROOT);
        plan = await planAll(model);
    });

    it("every store of the example fleet is protected, with the service's own deletion protection", () => {
        assert.deepEqual(storeProblems(plan, model), []);
        // The test sees the stores it claims to check (both regions have the full platform).
        for (const type of Object.keys(STORES)) assert.ok(count(plan, type) >= 2, `${type}: expected the store in both regions, found ${count(plan, type)}`);
        assert.equal(count(plan, "aws:networkfirewall/firewall:Firewall"), 1);
    });

    it("device identities: 4 things and 2 aws-generated certificates are retained; csr and claim certificates are not", () => {
        assert.equal(
            count(plan, "aws:iot/thing:Thing", (r) => r.retainOnDelete),
            4,
        );
        assert.equal(
            count(plan, "aws:iot/thing:Thing", (r) => !r.retainOnDelete),
            0,
        );
        assert.equal(
            count(plan, "aws:iot/certificate:Certificate", (r) => r.retainOnDelete && r.site === "austin-smt"),
            2,
        );
        assert.deepEqual(
            plan
                .filter((r) => r.type === "aws:iot/certificate:Certificate" && !r.retainOnDelete)
                .map((r) => r.name)
                .sort(),
            ["cork-fill-finish-gw-cork-01-cert", "cork-fill-finish-gw-cork-02-cert", "stuttgart-body-claim-cert"],
        );
    });

    it("the check finds a gap when one is made (mutations of the plan)", () => {
        const mutate = (type: string, f: (r: PlannedResource) => PlannedResource) => {
            const i = plan.findIndex((r) => r.type === type);
            return plan.map((r, j) => (j === i ? f(r) : r));
        };
        // one gap per case: each mutation alone is exactly one problem
        const gaps: [string, (r: PlannedResource) => PlannedResource][] = [
            ["aws:s3/bucket:Bucket", (r) => ({ ...r, protect: false })],
            ["aws:s3/bucket:Bucket", (r) => ({ ...r, inputs: { ...r.inputs, forceDestroy: true } })],
            ["aws:dynamodb/table:Table", (r) => ({ ...r, inputs: { ...r.inputs, deletionProtectionEnabled: false } })],
            ["aws:kms/key:Key", (r) => ({ ...r, inputs: { ...r.inputs, deletionWindowInDays: 0 } })],
            ["aws:rds/cluster:Cluster", (r) => ({ ...r, inputs: { ...r.inputs, skipFinalSnapshot: true } })],
            ["aws:networkfirewall/firewall:Firewall", (r) => ({ ...r, inputs: { ...r.inputs, deleteProtection: false } })],
            ["aws:iot/thing:Thing", (r) => ({ ...r, retainOnDelete: false })],
        ];
        for (const [type, gap] of gaps) assert.equal(storeProblems(mutate(type, gap), model).length, 1, type);
        const unknownStore = [...plan, { ...plan[0], urn: "urn:x", type: "aws:efs/fileSystem:FileSystem", custom: true }];
        assert.match(storeProblems(unknownStore, model).join("\n"), /urn:x: a store type this test does not know/);
    });

    it("InfluxDB instances have no deletion-protection flag to set (the SDK type has none), so the stack's protect is the guard", () => {
        const dts = fs.readFileSync(path.join(ROOT, "node_modules", "@pulumi", "aws", "timestreaminfluxdb", "dbInstance.d.ts"), "utf8");
        assert.doesNotMatch(dts, /deletionProtection|deleteProtection/i);
        const fw = fs.readFileSync(path.join(ROOT, "node_modules", "@pulumi", "aws", "networkfirewall", "firewall.d.ts"), "utf8");
        assert.match(fw, /deleteProtection\?: pulumi\.Input<boolean/);
    });

    it("the all-options fixture fleet: every store protected too", async () => {
        const all = load(path.join(ROOT, "test", "fixtures", "fleets", "all-options"));
        const resources = await planAll(all);
        assert.ok(resources.length > 100);
        assert.deepEqual(storeProblems(resources, all), []);
    });

    it("fleet:releaseSites is a JSON list of site names; a released site's identities are not retained", async () => {
        assert.deepEqual(releasedSites({ get: () => undefined }), []);
        assert.deepEqual(releasedSites({ get: () => '["b","a","a"]' }), ["a", "b"]);
        assert.throws(() => releasedSites({ get: () => "cork" }), /fleet:releaseSites must be a JSON list of site names/);
        assert.throws(() => releasedSites({ get: () => "[1]" }), /must be a JSON list of site names/);
        assert.equal(identitiesRetained("a", ["b"]), true);
        assert.equal(identitiesRetained("b", ["b"]), false);

        pulumi.runtime.setConfig("fleet:releaseSites", JSON.stringify(["austin-smt"]));
        try {
            const released = (await planRegion(model, "us-east-2")).resources;
            assert.equal(
                count(released, "aws:iot/thing:Thing", (r) => r.site === "austin-smt" && !r.retainOnDelete),
                2,
            );
            assert.equal(
                count(released, "aws:iot/certificate:Certificate", (r) => r.site === "austin-smt" && !r.retainOnDelete),
                2,
            );
            assert.equal(
                count(released, "aws:iot/thing:Thing", (r) => r.retainOnDelete),
                0,
            );
            // Stores of the platform stay protected whatever is released.
            assert.deepEqual(
                storeProblems(
                    released.filter((r) => r.site === undefined),
                    model,
                ),
                [],
            );
        } finally {
            pulumi.runtime.setConfig("fleet:releaseSites", "[]");
        }
    });

    it("removing a site keeps every store, and diff names the retained identities with the steps to delete them", async () => {
        const head = { ...model, sites: model.sites.filter((s) => s.name !== "austin-smt") };
        const before = plan.filter((r) => r.region === "us-east-2");
        const after = (await planRegion(head, "us-east-2")).resources;
        const afterUrns = new Set(after.map((r) => r.urn));
        // Every store of the region is still planned, with the same inputs.
        for (const r of before.filter((x) => STORES[x.type])) {
            const same = after.find((x) => x.urn === r.urn);
            assert.ok(same, `${r.urn} disappeared`);
            assert.deepEqual(same.inputs, r.inputs, `${r.urn} inputs changed`);
        }
        // What goes is the site's, and only the site's.
        const removed = before.filter((r) => !afterUrns.has(r.urn));
        assert.ok(removed.length > 10);
        // Nothing outside the site goes (its alert subscriptions are the site's, components/site/alerts.ts).
        assert.deepEqual(
            removed.filter((r) => r.site !== "austin-smt").map((r) => r.urn),
            [],
        );
        assert.equal(removed.filter((r) => r.type === "aws:sns/topicSubscription:TopicSubscription").length, 4);
        const retained = retainedRemovals(before, after);
        assert.deepEqual(
            retained.map((g) => [g.region, g.site, g.siteRemoved, g.resources.map((r) => r.name)]),
            [
                [
                    "us-east-2",
                    "austin-smt",
                    true,
                    ["austin-smt-gw-austin-01-cert", "austin-smt-gw-austin-02-cert", "austin-smt-gw-austin-01-thing", "austin-smt-gw-austin-02-thing"],
                ],
            ],
        );
        const text = formatRetained(retained).join("\n");
        assert.match(text, /^!!! RETAINED, NOT DELETED: site austin-smt is removed from the fleet, but 4 resources stay in AWS \(retainOnDelete\):$/m);
        assert.match(text, /!!!   KEEP aws:iot\/thing:Thing austin-smt-gw-austin-01-thing/);
        assert.match(text, /fleet up --region us-east-2 --release-site austin-smt/);
        // The plan diff reports the removals as critical (device identity) deletions.
        const diff = diffPlans(before, after);
        assert.ok(diff.changes.some((c) => c.kind === "remove" && c.name === "austin-smt-gw-austin-01-thing" && c.critical === "device identity"));
        // Nothing retained when nothing is removed.
        assert.deepEqual(retainedRemovals(before, before), []);
    });

    it("fleet plan shows protected and retained counts per scope", async () => {
        const p = await planRegion(model, "us-east-2");
        const text = formatPlanSummary([p]);
        const protectedPlatform = p.resources.filter((r) => r.site === undefined && r.custom && r.protect).length;
        assert.ok(protectedPlatform >= 8);
        assert.match(text, new RegExp(`^ {4}\\(${protectedPlatform} protected from deletion, 0 kept in AWS when removed from the stack\\)$`, "m"));
        assert.match(text, /site austin-smt +\d+\n {4}\(0 protected from deletion, 4 kept in AWS when removed from the stack\)/);
    });
});
