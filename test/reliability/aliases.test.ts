/** answersTo (src/plan/aliases.ts): the URNs a planned resource answers to, as the engine resolves aliases. */
import * as assert from "node:assert/strict";
import { answersTo, splitUrn } from "../../src/plan/aliases";
import type { PlannedResource } from "../../src/plan/plan";

const P = "urn:pulumi:r::fleet::";
function res(urn: string, opts: { parent?: string; aliases?: object[] | string[] } = {}): PlannedResource {
    const { qualifiedType, name } = splitUrn(urn);
    return {
        urn,
        type: qualifiedType.split("$").pop()!,
        name,
        inputs: {},
        region: "r",
        parent: opts.parent,
        custom: false,
        protect: false,
        retainOnDelete: false,
        deleteBeforeReplace: false,
        aliases: (opts.aliases ?? []).map((a) => (typeof a === "string" ? a : JSON.stringify({ spec: a }))),
        dependsOn: [],
        secretInputs: [],
    };
}

describe("reliability: answersTo mirrors the engine's alias resolution", () => {
    const site = res(`${P}fleet:site:Site::new`, { aliases: [{ name: "old" }] });
    const edge = res(`${P}fleet:site:Site$fleet:site:SiteEdge::new-edge`, { parent: site.urn });
    const manifest = res(`${P}fleet:site:Site$fleet:site:SiteEdge$fleet:site:SiteManifest::new-manifest`, { parent: edge.urn });
    const aliased = res(`${P}fleet:site:Site$fleet:site:SiteEdge$fleet:site:SiteIdentity::new-identity`, {
        parent: edge.urn,
        aliases: [{ name: "old-identity" }],
    });

    it("splitUrn splits the four parts, names with :: kept whole", () => {
        assert.deepEqual(splitUrn(`${P}a:b:C$d:e:F::n::x`), { stack: "r", project: "fleet", qualifiedType: "a:b:C$d:e:F", name: "n::x" });
    });

    it("own URN first, then the component's previous name", () => {
        const a = answersTo([site]);
        assert.deepEqual(a.get(site.urn), [site.urn, `${P}fleet:site:Site::old`]);
    });

    it("a child named <parent>-x inherits the parent's old name with the prefix swapped", () => {
        const a = answersTo([site, edge]);
        assert.ok(a.get(edge.urn)!.includes(`${P}fleet:site:Site$fleet:site:SiteEdge::old-edge`));
    });

    it("a grandchild whose name does not start with its parent's name gets no swap: it needs its own alias", () => {
        const a = answersTo([site, edge, manifest, aliased]);
        assert.deepEqual(a.get(manifest.urn), [manifest.urn]);
        assert.ok(!a.get(manifest.urn)!.includes(`${P}fleet:site:Site$fleet:site:SiteEdge$fleet:site:SiteManifest::old-manifest`));
        assert.ok(a.get(aliased.urn)!.includes(`${P}fleet:site:Site$fleet:site:SiteEdge$fleet:site:SiteIdentity::old-identity`));
    });

    it("a spec as plans record it (protobuf `parenturn`) naming another parent: the resource moved there from that parent", () => {
        const platform = res(`${P}fleet:region:RegionalPlatform::platform`);
        const alerting = res(`${P}fleet:region:RegionalPlatform$fleet:region:Alerting::alerts`, { parent: platform.urn });
        const group = res(`${P}fleet:site:Site$fleet:site:SiteAlerts::new-alerts`, { parent: site.urn });
        const sub = res(`${P}fleet:site:Site$fleet:site:SiteAlerts$aws:sns/topicSubscription:TopicSubscription::new-alerts-m-critical`, { parent: group.urn });
        sub.aliases = [JSON.stringify({ spec: { name: "alerts-old-m-critical", type: "", stack: "", project: "", parenturn: alerting.urn } })];
        const a = answersTo([platform, alerting, site, group, sub]);
        assert.deepEqual(a.get(sub.urn), [
            sub.urn,
            `${P}fleet:region:RegionalPlatform$fleet:region:Alerting$aws:sns/topicSubscription:TopicSubscription::alerts-old-m-critical`,
            // Inherited from the renamed Site through SiteAlerts (the name starts with the parent's).
            `${P}fleet:site:Site$fleet:site:SiteAlerts$aws:sns/topicSubscription:TopicSubscription::old-alerts-m-critical`,
        ]);
        // Not under its current parent: that name never was there.
        assert.ok(!a.get(sub.urn)!.includes(`${P}fleet:site:Site$fleet:site:SiteAlerts$aws:sns/topicSubscription:TopicSubscription::alerts-old-m-critical`));
    });

    it("a recorded spec whose parent is the mock runtime's short URN of the resource's own parent is about the current parent", () => {
        const deep = res(`${P}fleet:site:Site$fleet:site:SiteEdge$fleet:site:SiteManifest$aws:s3/bucketObjectv2:BucketObjectv2::new-manifest-object`, {
            parent: manifest.urn,
        });
        // The mock URN of the manifest keeps only its parent's type: SiteEdge$SiteManifest.
        deep.aliases = [JSON.stringify({ spec: { name: "old-manifest-object", parenturn: `${P}fleet:site:SiteEdge$fleet:site:SiteManifest::new-manifest` } })];
        const a = answersTo([site, edge, manifest, deep]);
        assert.deepEqual(a.get(deep.urn), [
            deep.urn,
            `${P}fleet:site:Site$fleet:site:SiteEdge$fleet:site:SiteManifest$aws:s3/bucketObjectv2:BucketObjectv2::old-manifest-object`,
        ]);
    });

    it("full-URN aliases and noParent specs", () => {
        const r = res(`${P}fleet:site:Site$aws:iot/thing:Thing::t`, { parent: site.urn, aliases: [`${P}aws:iot/thing:Thing::legacy`] });
        const n = res(`${P}fleet:site:Site$aws:iot/thing:Thing::u`, { parent: site.urn, aliases: [{ name: "top", noParent: true }] });
        const a = answersTo([site, r, n]);
        assert.ok(a.get(r.urn)!.includes(`${P}aws:iot/thing:Thing::legacy`));
        assert.ok(a.get(n.urn)!.includes(`${P}aws:iot/thing:Thing::top`));
        // No alias, no other URN (besides the inherited parent name, which does not prefix "u").
        assert.deepEqual(
            answersTo([site, res(`${P}fleet:site:Site$aws:iot/thing:Thing::v`, { parent: site.urn })]).get(`${P}fleet:site:Site$aws:iot/thing:Thing::v`),
            [`${P}fleet:site:Site$aws:iot/thing:Thing::v`],
        );
    });
});
