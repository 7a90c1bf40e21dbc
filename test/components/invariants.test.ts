/**
 * Components raise only `pulumi.ResourceError(message, this)`, and only for invariants the loader
 * already guarantees: a model that skipped the loader's checks is refused with the exact message,
 * naming the component.
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { SiteNetwork } from "../../components/site/network";
import { Site } from "../../components/site/site";
import type { SiteModel } from "../../src/model/types";
import { exampleFleet } from "../helpers/fleets";

/** Any property is an output of its own name: region references the checks run before using. */
const anyRefs = (): any => new Proxy({}, { get: (_, key) => (key === "then" ? undefined : key === "network" ? anyRefs() : pulumi.output(String(key))) });

function refused(run: () => unknown, component: string, message: string): void {
    assert.throws(run, (e: unknown) => {
        assert.ok(e instanceof pulumi.ResourceError, String(e));
        assert.equal(e.message, message);
        assert.equal((e as any).resource?.constructor?.name, component);
        return true;
    });
}

describe("components: broken invariants are ResourceErrors", function () {
    this.timeout(120_000);

    before(() => pulumi.runtime.setMocks({ newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs }), call: () => ({}) }, "fleet", "invariants", false));

    const attached = (): { fleet: ReturnType<typeof exampleFleet>; site: SiteModel } => {
        const fleet = exampleFleet();
        const site = fleet.sites.find((s) => s.name === "stuttgart-body")!;
        return { fleet, site };
    };

    /** stuttgart-body's SiteNetwork after `breakModel` changed its site model: refused with `message`. */
    const networkRefused = (breakModel: (site: SiteModel) => void, message: string) => {
        const { fleet, site } = attached();
        breakModel(site);
        refused(() => new SiteNetwork("stuttgart-body-network", { fleet, site, region: anyRefs(), tags: {}, collectorArtifacts: [] }), "SiteNetwork", message);
    };

    it("SiteNetwork: a landing range too small for two subnets", () => {
        networkRefused(
            // its own landing VPC (stuttgart-body's region is `shared` in the example fleet)
            (site) => (site.cloudNetwork = { cidr: "10.100.1.0/28" }),
            "sites/stuttgart-body.yaml: cloudNetwork.cidr: 10.100.1.0/28 is too small for the site's landing VPC: it needs /27 or larger (two /28 subnets, one per Availability Zone)",
        );
    });

    it("SiteNetwork: a VPN peer that is not an IPv4 address", () => {
        networkRefused((site) => {
            site.connectivity.uplink = "vpn";
            site.connectivity.vpn = { peerIp: "203.0.113" };
        }, 'sites/stuttgart-body.yaml: connectivity.vpn.peerIp: "203.0.113" is not an IPv4 address');
    });

    it("Site: a site whose region is not in the fleet model", () => {
        const { fleet, site } = attached();
        site.connectivity.uplink = "internet";
        refused(
            () =>
                new Site("stuttgart-body", {
                    fleet: { ...fleet, regions: [] },
                    site,
                    region: anyRefs(),
                    tags: {},
                    collectorArtifacts: [],
                    // stuttgart-body's gateways run edge inference: its artifacts are given, so the region is the only broken invariant
                    inferenceArtifacts: (["x86_64", "aarch64", "armv7l"] as const).map((arch) => ({
                        arch,
                        sha256: "0".repeat(64),
                        key: `k/${arch}`,
                        file: "/dev/null",
                    })),
                }),
            "Site",
            "site stuttgart-body: region eu-central-1 is not in the fleet model",
        );
    });
});
