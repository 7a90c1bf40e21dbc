/**
 * Cloud and edge run one model artifact: under Pulumi mocks (planRegion), the Greengrass
 * deployment names each inferring gateway's model and the artifacts bucket (the component reads
 * `models/<model>/current.json` and the version it names), the site's token-exchange role may read
 * exactly those objects of those models, and SageMaker serves the Triton archive of the same model
 * (`models/<model>/model.tar.gz`).
 */
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { loadFleet } from "../../src/model/load";
import { planRegion, type PlannedResource } from "../../src/plan/plan";
import { exampleFleet, ROOT, tmpRoot, writeFixtureFleet } from "./helpers";

const of = (rs: PlannedResource[], s: string, type: string, name?: string) =>
    rs.filter((r) => r.site === s && r.type === type && (name === undefined || r.name === name));
function one(rs: PlannedResource[], s: string, type: string, name?: string): PlannedResource {
    const found = of(rs, s, type, name);
    assert.equal(found.length, 1, `${s}: ${found.length} ${type} ${name ?? ""}`);
    return found[0];
}
/** The merged configuration of each component of the site's deployment. */
function deploymentConfigs(rs: PlannedResource[], s: string): Record<string, unknown> {
    const components = one(rs, s, "aws-native:greengrassv2:Deployment").inputs.components as Record<string, { configurationUpdate?: { merge?: string } }>;
    return Object.fromEntries(
        Object.entries(components).map(([k, v]) => [k, v.configurationUpdate?.merge ? JSON.parse(v.configurationUpdate.merge) : undefined]),
    );
}
const tesPolicy = (rs: PlannedResource[], s: string) =>
    JSON.parse(one(rs, s, "aws:iam/rolePolicy:RolePolicy", `${s}-tes-policy`).inputs.policy as string) as { Statement: { Sid: string; Resource: unknown }[] };
const modelStatements = (rs: PlannedResource[], s: string) => tesPolicy(rs, s).Statement.filter((st) => JSON.stringify(st.Resource).includes("/models/"));

describe("one model artifact for cloud and edge (planRegion)", function () {
    this.timeout(600_000);

    describe("the example fleet", () => {
        let eu: PlannedResource[];
        let us: PlannedResource[];
        before(async () => {
            eu = (await planRegion(exampleFleet(), "eu-central-1")).resources;
            us = (await planRegion(exampleFleet(), "us-east-2")).resources;
        });

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

            it(`${s}: the token-exchange role reads exactly current.json and the versions of vibration-anomaly of models/`, () => {
                const rs = region === "eu" ? eu : us;
                // the mocks give the bucket the ARN arn:aws:s3:<region>:123456789012:artifacts
                const bucketArn = `arn:aws:s3:${region === "eu" ? "eu-central-1" : "us-east-2"}:123456789012:artifacts`;
                assert.deepEqual(modelStatements(rs, s), [
                    {
                        Sid: "ReadEdgeModels",
                        Effect: "Allow",
                        Action: "s3:GetObject",
                        Resource: ["current.json", "*/model.onnx", "*/model.json"].map((k) => `${bucketArn}/models/vibration-anomaly/${k}`),
                    },
                ]);
            });
        }

        it("cork-fill-finish: no gateway infers, so no inference component and no model statement", () => {
            assert.deepEqual(Object.keys(deploymentConfigs(eu, "cork-fill-finish")), [
                "aws.greengrass.LogManager",
                "aws.greengrass.Nucleus",
                "aws.greengrass.StreamManager",
                "com.acme.fleet.cork-fill-finish.Collector",
            ]);
            assert.deepEqual(modelStatements(eu, "cork-fill-finish"), []);
            assert.deepEqual(
                tesPolicy(eu, "cork-fill-finish").Statement.map((st) => st.Sid),
                ["ReadSiteArtifactsAndManifest", "LocateArtifactsBucket", "PutTelemetry", "UseRegionKeyThroughS3AndKinesisOnly", "WriteComponentLogs"],
            );
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
        assert.deepEqual(modelStatements(rs, "lab"), [
            {
                Sid: "ReadEdgeModels",
                Effect: "Allow",
                Action: "s3:GetObject",
                Resource: ["bearing-wear", "vibration-anomaly"].flatMap((m) =>
                    ["current.json", "*/model.onnx", "*/model.json"].map((k) => `arn:aws:s3:eu-central-1:123456789012:artifacts/models/${m}/${k}`),
                ),
            },
        ]);
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
