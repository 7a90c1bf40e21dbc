/**
 * The stack layout's programs against today's region program (src/program/stacks.ts): a site
 * stack registers exactly the site's resources of the region stack, with the same URNs but for the
 * stack name, the same parents and options; the platform stack registers the rest. That is what
 * makes the migration a state move and not a replacement.
 */
import assert from "node:assert/strict";
import { diffPlans } from "../../src/diff/plan-diff";
import { planRegion, type PlannedResource } from "../../src/plan/plan";
import { planStack, standInSiteRefs } from "../../src/plan/stack-plan";
import { stackLayout } from "../../src/stacks/layout";
import { loadForSiteStack, siteOfStackName } from "../../src/program/partial-load";
import { exampleModel, ROOT } from "./helpers";

/** URN with the stack part replaced, so URNs of two stacks compare. */
const inStack = (urn: string, stack: string) => urn.replace(/^urn:pulumi:[^:]+::/, `urn:pulumi:${stack}::`);

/** What a state move must keep: identity, parent and options (URNs in the stack's own name). */
function identity(r: PlannedResource, stack: string) {
    return {
        urn: inStack(r.urn, stack),
        type: r.type,
        name: r.name,
        parent: r.parent ? inStack(r.parent, stack) : undefined,
        protect: r.protect,
        retainOnDelete: r.retainOnDelete,
        deleteBeforeReplace: r.deleteBeforeReplace,
        // Aliases name URNs (in their stack) inside a JSON spec: compare them in the stack's own name too.
        aliases: r.aliases.map((a) => a.replace(/urn:pulumi:[^:"]+::/g, `urn:pulumi:${stack}::`)),
        custom: r.custom,
    };
}

describe("stacks: site and platform stack programs keep today's URNs", function () {
    this.timeout(120_000);
    const model = exampleModel();
    const region = model.sites[0].region;
    const layout = stackLayout(model);
    let combined: PlannedResource[];

    before(async () => {
        combined = (await planRegion(model, region)).resources;
    });

    it("the region plan names, per resource, the stack that will hold it", () => {
        for (const r of combined) assert.equal(r.stack, r.site ? `${region}.${r.site}` : region, r.urn);
    });

    for (const site of exampleModel().sites.filter((s, _, all) => s.region === all[0].region)) {
        it(`site stack ${site.region}.${site.name}: the site's resources of the region stack, same identities and options, and nothing else`, async () => {
            const stack = layout.find((s) => s.name === `${site.region}.${site.name}`)!;
            const plan = await planStack(model, stack);
            const mine = plan.resources.map((r) => identity(r, stack.name));
            const before = combined.filter((r) => r.site === site.name || r.type.startsWith("pulumi:providers:")).map((r) => identity(r, stack.name));
            const sort = (xs: { urn: string }[]) => [...xs].sort((a, b) => (a.urn < b.urn ? -1 : 1));
            assert.deepEqual(sort(mine), sort(before));
            assert.ok(
                plan.resources.every((r) => r.stack === stack.name),
                "every resource carries its stack",
            );
            assert.ok(mine.length > 20, `${mine.length} resources`);
        });
    }

    it(`platform stack ${region}: every resource of the region stack that belongs to no site, and the providers`, async () => {
        const stack = layout.find((s) => s.name === region)!;
        const plan = await planStack(model, stack);
        const urns = plan.resources.map((r) => r.urn).sort();
        const expected = combined
            .filter((r) => !r.site)
            .map((r) => r.urn)
            .sort();
        assert.deepEqual(urns, expected);
    });

    it("a site stack's program loads fleet.yaml and its own site file only, and plans exactly what the whole fleet's model plans for it", async () => {
        const site = model.sites[0];
        const name = `${site.region}.${site.name}`;
        const partial = loadForSiteStack(ROOT, name);
        assert.ok(partial?.model, JSON.stringify(partial?.diagnostics));
        assert.deepEqual(
            partial.model.sites.map((s) => s.name),
            [site.name],
        );
        assert.equal(partial.model.dir, ROOT, "the real fleet directory (CSRs are read from it)");
        const stack = layout.find((s) => s.name === name)!;
        const strip = (rs: PlannedResource[]) => rs.map((r) => JSON.stringify({ urn: r.urn, inputs: r.inputs, parent: r.parent, aliases: r.aliases })).sort();
        assert.deepEqual(strip((await planStack(partial.model, stack)).resources), strip((await planStack(model, stack)).resources));
        assert.equal(loadForSiteStack(ROOT, site.region), undefined, "a platform stack loads the whole fleet");
        assert.equal(loadForSiteStack(ROOT, `${site.region}.no-such-site`), undefined);
        assert.deepEqual(siteOfStackName("eu-west-1.plant-b", ["eu-west-1", "eu-west"]), { region: "eu-west-1", site: "plant-b" });
        assert.equal(siteOfStackName("eu-west-1.Plant_B", ["eu-west-1"]), undefined);
    });

    it("fleet diff: a site moved from the region stack to its own stack is no change; the same URNs in another region are changes", () => {
        const site = model.sites[0];
        const moved = combined.map((r) =>
            r.site === site.name
                ? {
                      ...r,
                      urn: inStack(r.urn, `${region}.${site.name}`),
                      parent: r.parent && inStack(r.parent, `${region}.${site.name}`),
                      stack: `${region}.${site.name}`,
                  }
                : r,
        );
        assert.deepEqual(diffPlans(combined, moved).changes, []);
        const elsewhere = moved.map((r) => (r.site === site.name ? { ...r, region: "eu-west-3" } : r));
        const n = combined.filter((r) => r.site === site.name).length;
        assert.equal(diffPlans(combined, elsewhere).changes.length, n, "each of the site's resources is reported");
    });

    it("the stand-in references have the shape the site program reads (a missing key would fail the plan)", () => {
        const refs = standInSiteRefs("acme", "eu-west-1", "eu-west-1") as { network: Record<string, unknown>; alertTopicArns: Record<string, string> };
        assert.deepEqual(Object.keys(refs.network).sort(), [
            "availabilityZones",
            "flowLogGroupArn",
            "flowLogRoleArn",
            "inspectionRouteTableId",
            "spokeRouteTableId",
            "transitGatewayId",
            "vpnLogGroupArn",
        ]);
        assert.deepEqual(Object.keys(refs.alertTopicArns).sort(), ["critical", "info", "warning"]);
    });
});
