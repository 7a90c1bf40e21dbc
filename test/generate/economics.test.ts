/**
 * The cost of growth, as resource counts (issue 8): a stack that grows with every sensor makes a
 * `pulumi up` that takes hours. Planned with planRegion on generated one-site fleets:
 * - fleet-claim: a site's resources do not depend on how many gateways or sensors it has;
 * - csr and aws-generated: at most 4 resources per gateway, none per sensor.
 * Counts only.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { writeFleet, type GenerateOptions } from "../../src/generate";
import { loadFleet } from "../../src/model/load";
import type { ProvisioningMode } from "../../src/model/types";
import { planRegion } from "../../src/plan/plan";

const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-economics-test-"));
let n = 0;

interface Counted {
    /** Resources under the Site component, the component included. */
    site: number;
    /** Every resource of the region's plan. */
    region: number;
    gateways: number;
    sensors: number;
}

/** Plan the one site of a generated fleet and count its resources. */
async function count(o: Omit<GenerateOptions, "sites">): Promise<Counted> {
    const dir = path.join(tmpRoot, `f${n++}`);
    writeFleet(dir, { ...o, sites: 1, regions: 1 });
    const loaded = loadFleet(dir);
    assert.equal(loaded.errors, 0, loaded.diagnostics.map((d) => d.message).join("\n"));
    const model = loaded.model!;
    const site = model.sites[0];
    const plan = await planRegion(model, site.region);
    return {
        site: plan.resources.filter((r) => r.site === site.name).length,
        region: plan.resources.length,
        gateways: site.gateways.length,
        sensors: site.sensors.length,
    };
}

const gateways = (mode: ProvisioningMode, g: number) => count({ provisioning: mode, gateways: g, equipment: 20, seed: 1 });
const sensors = (mode: ProvisioningMode, k: number) => count({ provisioning: mode, gateways: 4, equipment: 0, oneOffSensors: k, seed: 1 });

describe("resource economics of a site (planRegion on generated fleets)", function () {
    this.timeout(300_000);
    after(() => fs.rmSync(tmpRoot, { recursive: true, force: true }));

    // A fleet-claim gateway has no identity in the plan; its only resource is its copy of the site
    // manifest (manifests/things/<thing>.json), which the regional token-exchange role lets it read by
    // credentials-iot:ThingName (src/iam/token-exchange.ts).
    it("fleet-claim: one resource per gateway (its manifest copy), nothing else grows", async () => {
        const few = await gateways("fleet-claim", 2);
        const many = await gateways("fleet-claim", 200);
        assert.deepEqual([few.gateways, many.gateways], [2, 200]);
        assert.ok(few.site > 1, `the site plans resources (${few.site})`);
        assert.equal(many.site - few.site, 198, `site resources: ${few.site} with 2 gateways, ${many.site} with 200`);
        assert.equal(many.region - few.region, 198, `region resources: ${few.region} with 2 gateways, ${many.region} with 200`);
    });

    it("fleet-claim: the same resources for 10 and 1,000 sensors", async () => {
        const few = await sensors("fleet-claim", 10);
        const many = await sensors("fleet-claim", 1000);
        assert.deepEqual([few.sensors, many.sensors], [10, 1000]);
        assert.equal(many.site, few.site, `site resources: ${few.site} with 10 sensors, ${many.site} with 1,000`);
        assert.equal(many.region, few.region, `region resources: ${few.region} with 10 sensors, ${many.region} with 1,000`);
    });

    for (const mode of ["csr", "aws-generated"] as const) {
        it(`${mode}: at most 5 resources per gateway (identity and manifest copy)`, async () => {
            const few = await gateways(mode, 2);
            const many = await gateways(mode, 200);
            const perGateway = (many.site - few.site) / (many.gateways - few.gateways);
            assert.ok(perGateway > 0, `a ${mode} gateway has its own identity (${perGateway} resources per gateway)`);
            assert.ok(perGateway <= 5, `${perGateway} resources per gateway (${few.site} with 2 gateways, ${many.site} with 200)`);
            assert.equal(many.region - few.region, many.site - few.site, "gateways add resources only under their site");
        });

        it(`${mode}: the same resources for 10 and 1,000 sensors`, async () => {
            const few = await sensors(mode, 10);
            const many = await sensors(mode, 1000);
            assert.equal(many.site, few.site, `site resources: ${few.site} with 10 sensors, ${many.site} with 1,000`);
        });
    }
});
