/**
 * Cloud and edge run one model artifact: under Pulumi mocks (planRegion), the Greengrass
 * deployment names each inferring gateway's model and the artifacts bucket (the component reads
 * `models/<model>/current.json` and the version it names), the region's token-exchange role may read
 * exactly those objects of the region's models (src/iam/token-exchange.ts), and SageMaker serves the Triton archive of the same model
 * (`models/<model>/model.tar.gz`).
 */
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { loadFleet } from "../../src/model/load";
import { planRegion, type PlannedResource } from "../../src/plan/plan";
import { exampleFleet, exampleRegionPlans, ROOT, tmpRoot, writeFixtureFleet } from "./helpers";

const of = (rs: readonly PlannedResource[], s: string, type: string, name?: string) =>
    rs.filter((r) => r.site === s && r.type === type && (name === undefined || r.name === name));
function one(rs: readonly PlannedResource[], s: string, type: string, name?: string): PlannedResource {
    const found = of(rs, s, type, name);
    assert.equal(found.length, 1, `${s}: ${found.length} ${type} ${name ?? ""}`);
    return found[0];
}
/** The merged configuration of each component of the site's deployment. */
function deploymentConfigs(rs: readonly PlannedResource[], s: string): Record<string, unknown> {
    const components = one(rs, s, "aws-native:greengrassv2:Deployment").inputs.components as Record<string, { configurationUpdate?: { merge?: string } }>;
    return Object.fromEntries(
        Object.entries(components).map(([k, v]) => [k, v.configurationUpdate?.merge ? JSON.parse(v.configurationUpdate.merge) : undefined]),
    );
}
/** The policy of the region's token-exchange role (components/region/edge-access.ts), which every site's role alias points at. */
function tesPolicy(rs: readonly PlannedResource[]): { Statement: { Sid: string; Resource: unknown }[] } {
    const found = rs.filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.urn.includes("fleet:region:RegionEdgeAccess$"));
    assert.equal(found.length, 1, `${found.length} token-exchange role policies`);
    return JSON.parse(found[0].inputs.policy as string) as { Statement: { Sid: string; Resource: unknown }[] };
}
const modelStatements = (rs: readonly PlannedResource[]) => tesPolicy(rs).Statement.filter((st) => JSON.stringify(st.Resource).includes("/models/"));
/** What the region's role reads of models/: the pointer and the versions' ONNX and info files of any model of the region. */
const regionModelStatement = (region: string) => ({
    Sid: "ReadRegionEdgeModels",
    Effect: "Allow",
    Action: "s3:GetObject",
    // the mocks give the bucket the ARN arn:aws:s3:<region>:123456789012:artifacts
    Resource: ["current.json", "*/model.onnx", "*/model.json"].map((k) => `arn:aws:s3:${region}:123456789012:artifacts/models/*/${k}`),
});

describe("one model artifact for cloud and edge (planRegion)", function () {
    this.timeout(600_000);

    describe("the example fleet", () => {
        let eu: readonly PlannedResource[];
        let us: readonly PlannedResource[];
        before(async () => ({ eu, us } = await exampleRegionPlans()));

        // gw-body-01 (stuttgart-body) and gw-austin-01 (austin-smt) run vibration-anomaly; cork-fill-finish runs none
        for (const [region, s, gateway] of [
            ["eu", "stuttgart-body", "gw-body-01"],
            ["us", "austin-smt", "gw-austin-01"],
        ] as const) {
            it(`${s}: the deployment's edge inference runs vibration-anomaly on ${gateway} only`, () => {
                const rs = region === "eu" ? eu : us;
                const config = deploymentConfigs(rs, s)[`com.acme.fleet.${s}.EdgeInference`] as { gateways: Record<string, { model: string }> };
                const thing = exampleFleet()
                    .sites.find((x) => x.name === s)!
                    .gateways.find((g) => g.name === gateway)!.thingName;
                assert.deepEqual(config, { bucket: "artifacts", gateways: { [thing]: { model: "vibration-anomaly" } } });
            });

            it(`${s}: the region's token-exchange role reads current.json and the versions' model files of models/, nothing else there`, () => {
                const rs = region === "eu" ? eu : us;
                assert.deepEqual(modelStatements(rs), [regionModelStatement(region === "eu" ? "eu-central-1" : "us-east-2")]);
            });
        }

        it("cork-fill-finish: no gateway infers, so no inference component and no model statement", () => {
            assert.deepEqual(Object.keys(deploymentConfigs(eu, "cork-fill-finish")), [
                "aws.greengrass.LogManager",
                "aws.greengrass.Nucleus",
                "aws.greengrass.StreamManager",
                "com.acme.fleet.cork-fill-finish.Collector",
            ]);
            // its alias points at the region's role, whose model reads serve the region's inferring gateways
            const alias = one(eu, "cork-fill-finish", "aws:iot/roleAlias:RoleAlias");
            assert.equal(alias.inputs.roleArn, one(eu, "stuttgart-body", "aws:iot/roleAlias:RoleAlias").inputs.roleArn);
        });

        it("no planned input anywhere names a per-site model or hands the edge the Triton archive", () => {
            for (const r of [...eu, ...us]) {
                const text = JSON.stringify(r.inputs);
                assert.ok(!/artifacts\/[a-z0-9-]+\/models\//.test(text), `${r.type} ${r.name} names a per-site model path`);
                if (r.site) assert.ok(!text.includes("model.tar.gz"), `${r.type} ${r.name} names the SageMaker archive`);
            }
        });
    });

    it("a small site (inline map): two models, one run by two gateways, each gateway's model and each model read once", async () => {
        const model = writeFixtureFleet(tmpRoot(), {
            mode: "csr",
            gateways: 3,
            inference: [0, 1, 2],
            models: { 0: "vibration-anomaly", 1: "bearing-wear", 2: "vibration-anomaly" },
        });
        const rs = (await planRegion(model, "eu-central-1")).resources;
        assert.deepEqual(deploymentConfigs(rs, "lab")["com.acme.fleet.lab.EdgeInference"], {
            bucket: "artifacts",
            gateways: {
                "acme-lab-gw-001": { model: "vibration-anomaly" },
                "acme-lab-gw-002": { model: "bearing-wear" },
                "acme-lab-gw-003": { model: "vibration-anomaly" },
            },
        });
        assert.deepEqual(modelStatements(rs), [regionModelStatement("eu-central-1")]);
    });

    it("with SageMaker on (all-options fixture), the endpoint's archive and the gateways' model share models/<model>/", async () => {
        const r = loadFleet(path.join(ROOT, "test", "fixtures", "fleets", "all-options"));
        assert.ok(r.model, r.diagnostics.map((d) => d.message).join("; "));
        const fleet = r.model;
        const regions = fleet.regions.filter((x) => x.analytics.sagemaker);
        assert.ok(regions.length > 0, "the fixture turns SageMaker on");
        for (const region of regions) {
            const rs = (await planRegion(fleet, region.name)).resources;
            const archives = rs
                .filter((x) => x.type === "aws:sagemaker/model:Model")
                .map((x) => (x.inputs.primaryContainer as { modelDataUrl: string }).modelDataUrl)
                .sort();
            const edge: { s: string; thing: string; model: string }[] = fleet.sites
                .filter((s) => s.region === region.name)
                .flatMap((s) => s.gateways.filter((g) => g.edgeInference).map((g) => ({ s: s.name, thing: g.thingName, model: g.edgeInference!.model })));
            assert.ok(edge.length > 0, `${region.name}: the fixture has inferring gateways`);
            for (const g of edge) {
                const config = deploymentConfigs(rs, g.s)[`com.acme.fleet.${g.s}.EdgeInference`] as { gateways: Record<string, { model: string }> };
                assert.equal(config.gateways[g.thing].model, g.model);
                assert.ok(
                    archives.includes(`s3://artifacts/models/${g.model}/model.tar.gz`),
                    `${region.name}: SageMaker serves ${g.model} from ${archives.join(", ")}`,
                );
            }
        }
    });
});
