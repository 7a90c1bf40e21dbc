/**
 * Components raise only `pulumi.ResourceError(message, this)`, and only for invariants the loader
 * already guarantees: a model that skipped the loader's checks is refused with the exact message,
 * naming the component.
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { SiteNetwork } from "../../components/site/network";
import { Site } from "../../components/site/site";
import type { PackagedArtifact } from "../../src/edge/artifacts";
import type { SiteModel } from "../../src/model/types";
import { exampleFleet } from "../helpers/fleets";

/**
 * Any property is an output of its own name: region references the checks run before using.
 * The region's resources a site waits for (`edgeArtifacts`, `fleetIndexing`) are absent, as in a
 * site stack: an output standing in for one is refused by Pulumi's `dependsOn` ("'dependsOn' was
 * passed a value that was not a Resource") inside the registration, which then never settles.
 */
const ABSENT = new Set<PropertyKey>(["then", "edgeArtifacts", "fleetIndexing"]);
const anyRefs = (): any => new Proxy({}, { get: (_, key) => (ABSENT.has(key) ? undefined : key === "network" ? anyRefs() : pulumi.output(String(key))) });

/** One zip per gateway architecture: a site's recipes need them (collectorRecipe throws on none, inside an apply). */
const artifacts = (component: string): PackagedArtifact[] =>
    (["x86_64", "aarch64", "armv7l"] as const).map((arch) => ({ arch, sha256: "0".repeat(64), key: `${component}/${arch}`, file: "/dev/null" }));

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

    // The components built before each refusal register under the mocks, and every registration must
    // settle: an input that rejects (inside an apply, or a `dependsOn` that is no resource) is only an
    // unhandled rejection, silent under mocha, and leaves Pulumi's RPCs pending, so the process would
    // exit 1 on Pulumi's leaked-promise check. The hook names the rejection here instead.
    const rejections: string[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason instanceof Error ? reason.message : String(reason));
    before(() => {
        process.on("unhandledRejection", onRejection);
        pulumi.runtime.setMocks({ newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs }), call: () => ({}) }, "fleet", "invariants", false);
    });
    after(async () => {
        const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };
        let timer: NodeJS.Timeout | undefined;
        const settled = await Promise.race([
            settings.waitForRPCs().then(() => true),
            new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 5_000))),
        ]);
        clearTimeout(timer);
        process.off("unhandledRejection", onRejection);
        assert.deepEqual(rejections, []);
        assert.equal(settled, true, "Pulumi registrations still pending 5 s after the last test");
    });

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
                    // stuttgart-body's gateways run edge inference: both components' artifacts are given, so the region is the only broken invariant
                    collectorArtifacts: artifacts("collector"),
                    inferenceArtifacts: artifacts("inference"),
                }),
            "Site",
            "site stuttgart-body: region eu-central-1 is not in the fleet model",
        );
    });
});
