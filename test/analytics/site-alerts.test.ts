/**
 * Site alert subscriptions are the site's (components/site/alerts.ts), on the region's topics;
 * the region keeps its topics and its own contacts (components/region/alerting.ts). Existing
 * stacks keep their subscriptions: every subscription the code planned before the move
 * (fixtures/subscriptions-before-move.json, recorded from that code) is answered by exactly one
 * subscription now, with the same inputs, also when the site is renamed in the same update.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { formerAlertingUrn } from "../../src/analytics/alerting";
import { diffPlans } from "../../src/diff/plan-diff";
import type { FleetModel } from "../../src/model/types";
import { answersTo, splitUrn } from "../../src/plan/aliases";
import { planRegion, type PlannedResource } from "../../src/plan/plan";
import { plainOptions } from "../helpers/planned";
import { copyFleet, editOnce, load, planAll, rm, ROOT } from "../reliability/helpers";

const SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription";
/** An alert contact's subscription (the remediation Lambda's subscription to the security topic is not one). */
const isAlertSubscription = (r: PlannedResource): boolean => r.type === SUBSCRIPTION && !r.urn.includes("fleet:region:RegionalRemediation");
const ALERTING = "urn:pulumi:us-east-2::fleet::fleet:region:RegionalPlatform$fleet:region:RegionalAnalytics$fleet:region:Alerting";
const SITE_ALERTS = "urn:pulumi:us-east-2::fleet::fleet:site:Site$fleet:site:SiteAlerts";

interface Before {
    urn: string;
    inputs: Record<string, unknown>;
}
const BEFORE: Before[] = (
    JSON.parse(fs.readFileSync(path.join(ROOT, "test", "analytics", "fixtures", "subscriptions-before-move.json"), "utf8")) as { resources: Before[] }
).resources;

/** The resources of `plan` that answer to `urn` (own URN or an alias). */
function answering(plan: PlannedResource[], urn: string): PlannedResource[] {
    const answers = answersTo(plan);
    return plan.filter((r) => answers.get(r.urn)!.includes(urn));
}

const spec = (alias: string) => (JSON.parse(alias) as { spec: Record<string, unknown> }).spec;

describe("analytics: site alert subscriptions belong to the site", function () {
    this.timeout(300_000);
    let model: FleetModel;
    let plan: PlannedResource[];
    const dirs: string[] = [];

    before(async () => {
        model = load(ROOT);
        plan = await planAll(model);
    });
    after(() => dirs.forEach(rm));

    it("the fixture is the code before the move: 25 subscriptions, 16 of them sites' under the regional Alerting", () => {
        assert.equal(BEFORE.length, 25);
        assert.equal(BEFORE.filter((b) => !splitUrn(b.urn).name.startsWith("alerts-region-")).length, 16);
        assert.ok(
            BEFORE.every(
                (b) => splitUrn(b.urn).qualifiedType === "fleet:region:RegionalPlatform$fleet:region:RegionalAnalytics$fleet:region:Alerting$" + SUBSCRIPTION,
            ),
        );
    });

    it("the region keeps its contacts' subscriptions as they were (same URN, same inputs); every other subscription is under a Site", () => {
        const regional = plan.filter((r) => isAlertSubscription(r) && r.site === undefined);
        const byUrn = (a: [string, unknown], b: [string, unknown]) => a[0].localeCompare(b[0]);
        assert.deepEqual(
            regional.map((r): [string, unknown] => [r.urn, r.inputs]).sort(byUrn),
            BEFORE.filter((b) => splitUrn(b.urn).name.startsWith("alerts-region-"))
                .map((b): [string, unknown] => [b.urn, b.inputs])
                .sort(byUrn),
        );
        assert.equal(regional.length, 9);
        for (const r of regional) assert.deepEqual(r.aliases, [], r.urn);
        const bySite = plan.filter((r) => isAlertSubscription(r) && r.site !== undefined);
        assert.equal(bySite.length, 16);
        for (const r of bySite) {
            assert.ok(r.name.startsWith(`${r.site}-alerts-`), r.name);
            assert.equal(splitUrn(r.urn).qualifiedType, `fleet:site:Site$fleet:site:SiteAlerts$${SUBSCRIPTION}`);
        }
    });

    it("nothing lost: each subscription planned before the move is answered by exactly one now, with the same inputs (no replacement, no new confirmation)", () => {
        for (const b of BEFORE) {
            const now = answering(plan, b.urn);
            assert.equal(now.length, 1, `${b.urn}: answered by ${now.map((r) => r.urn).join(", ") || "nothing"}`);
            assert.deepEqual(now[0].inputs, b.inputs, b.urn);
        }
        // And every subscription now answers to one of before: none is new.
        const answers = answersTo(plan);
        const before = new Set(BEFORE.map((b) => b.urn));
        assert.deepEqual(
            plan.filter((r) => isAlertSubscription(r) && !answers.get(r.urn)!.some((u) => before.has(u))).map((r) => r.urn),
            [],
        );
    });

    it("a moved subscription's alias: its former name under the regional Alerting component, exactly", () => {
        const r = plan.find((x) => x.name === "austin-smt-alerts-austin-maint@acme.example-critical")!;
        assert.deepEqual(
            { urn: r.urn, parent: r.parent, site: r.site, inputs: r.inputs, aliases: r.aliases.map(spec) },
            {
                urn: `${SITE_ALERTS}$${SUBSCRIPTION}::austin-smt-alerts-austin-maint@acme.example-critical`,
                parent: `${SITE_ALERTS}::austin-smt-alerts`,
                site: "austin-smt",
                inputs: {
                    topic: "arn:aws:sns:us-east-2:123456789012:acme-alerts-critical",
                    protocol: "email",
                    endpoint: "austin-maint@acme.example",
                    filterPolicy: '{"site":["austin-smt"]}',
                    filterPolicyScope: "MessageAttributes",
                },
                aliases: [{ name: "alerts-austin-smt-austin-maint@acme.example-critical", type: "", stack: "", project: "", parenturn: `${ALERTING}::alerts` }],
            },
        );
        assert.equal(formerAlertingUrn("us-east-2", "fleet"), `${ALERTING}::alerts`);
        // The former parent is the Alerting component the plan still has.
        assert.ok(plan.some((x) => x.urn === `${ALERTING}::alerts`));
    });

    it("fleet diff from the plan before the move: the sites' subscriptions are renames, nothing removed, added or replaced", () => {
        const moved = new Set(plan.filter((r) => isAlertSubscription(r) && r.site !== undefined).map((r) => r.urn));
        const siteAlerts = (r: PlannedResource) => r.type === "fleet:site:SiteAlerts";
        // The base: today's plan with the subscriptions where (and as) they were before.
        const base: PlannedResource[] = [
            ...plan.filter((r) => !moved.has(r.urn) && !siteAlerts(r) && !isAlertSubscription(r)),
            ...BEFORE.map((b) => {
                const { stack, name } = splitUrn(b.urn);
                return {
                    urn: b.urn,
                    type: SUBSCRIPTION,
                    name,
                    inputs: b.inputs,
                    region: stack,
                    parent: `urn:pulumi:${stack}::fleet::fleet:region:RegionalPlatform$fleet:region:RegionalAnalytics$fleet:region:Alerting::alerts`,
                    ...plainOptions(),
                };
            }),
        ];
        const diff = diffPlans(base, plan);
        assert.deepEqual(
            diff.changes.filter((c) => c.kind !== "rename").map((c) => [c.kind, c.name]),
            plan.filter(siteAlerts).map((r) => ["add", r.name]),
        );
        assert.equal(diff.counts.rename, 16);
        for (const c of diff.changes.filter((x) => x.kind === "rename")) assert.deepEqual(c.inputs, [], c.urn);
    });

    it("renaming a site in the same update keeps its subscriptions: they answer to the old name under the regional Alerting and under the old SiteAlerts", async () => {
        const dir = copyFleet(ROOT, "fleet-site-alerts-");
        dirs.push(dir);
        const from = path.join(dir, "sites", "austin-smt.yaml");
        editOnce(from, "  name: austin-smt\n", "  name: austin-pcb\n  previousNames: [austin-smt]\n");
        fs.renameSync(from, path.join(dir, "sites", "austin-pcb.yaml"));
        const head = (await planRegion(load(dir), "us-east-2")).resources;
        const r = head.find((x) => x.name === "austin-pcb-alerts-austin-maint@acme.example-critical")!;
        assert.equal(r.site, "austin-pcb");
        assert.deepEqual(r.aliases.map(spec), [
            // Before the move, renamed earlier (alerts-<current name>-...), or not renamed (alerts-<previous name>-...).
            { name: "alerts-austin-pcb-austin-maint@acme.example-critical", type: "", stack: "", project: "", parenturn: `${ALERTING}::alerts` },
            { name: "alerts-austin-smt-austin-maint@acme.example-critical", type: "", stack: "", project: "", parenturn: `${ALERTING}::alerts` },
            // After the move, before the rename (the Site's rename alias for every <site>- descendant).
            { name: "austin-smt-alerts-austin-maint@acme.example-critical", type: "", stack: "", project: "", parenturn: `${SITE_ALERTS}::austin-pcb-alerts` },
        ]);
        assert.deepEqual(answersTo(head).get(r.urn), [
            r.urn,
            `${ALERTING}$${SUBSCRIPTION}::alerts-austin-pcb-austin-maint@acme.example-critical`,
            `${ALERTING}$${SUBSCRIPTION}::alerts-austin-smt-austin-maint@acme.example-critical`,
            `${SITE_ALERTS}$${SUBSCRIPTION}::austin-smt-alerts-austin-maint@acme.example-critical`,
        ]);
        // Before the move: each of austin-smt's subscriptions answered by one, inputs changed only in the filter.
        const olds = BEFORE.filter((b) => splitUrn(b.urn).name.startsWith("alerts-austin-smt-"));
        assert.equal(olds.length, 4);
        for (const b of olds) {
            const now = answering(head, b.urn);
            assert.equal(now.length, 1, b.urn);
            assert.deepEqual(now[0].inputs, { ...b.inputs, filterPolicy: '{"site":["austin-pcb"]}' });
        }
        // After the move: today's austin-smt subscriptions, each answered by one.
        for (const old of plan.filter((x) => isAlertSubscription(x) && x.site === "austin-smt")) assert.equal(answering(head, old.urn).length, 1, old.urn);
        // Without aliases they would be deleted and created anew (new confirmation clicks).
        const noAlias = head.map((x) => ({ ...x, aliases: [] }));
        for (const b of olds) assert.equal(answering(noAlias, b.urn).length, 0, b.urn);
    });

    it("planning some sites plans their subscriptions only; the region's contacts always", async () => {
        const only = (await planRegion(model, "us-east-2", { sites: [] })).resources.filter((r) => isAlertSubscription(r));
        assert.deepEqual(only.map((r) => r.name).sort(), [
            "alerts-region-ot-oncall-us@acme.example-critical",
            "alerts-region-ot-oncall-us@acme.example-info",
            "alerts-region-ot-oncall-us@acme.example-warning",
        ]);
        const eu = (await planRegion(model, "eu-central-1", { sites: ["cork-fill-finish"] })).resources.filter(
            (r) => isAlertSubscription(r) && r.site !== undefined,
        );
        assert.deepEqual(eu.map((r) => r.name).sort(), [
            "cork-fill-finish-alerts-cork-engineering@acme.example-critical",
            "cork-fill-finish-alerts-cork-engineering@acme.example-info",
            "cork-fill-finish-alerts-cork-engineering@acme.example-warning",
            "cork-fill-finish-alerts-cork-maint@acme.example-critical",
            "cork-fill-finish-alerts-cork-maint@acme.example-warning",
            "cork-fill-finish-alerts-cork-qa-deviations@acme.example-critical",
        ]);
    });
});
