/**
 * Cloud and edge run one model artifact: under Pulumi mocks (planRegion), the Greengrass
 * deployment points each inferring gateway at `s3://<artifacts>/models/<model>/model.onnx`, the
 * site's token-exchange role may read exactly those objects, and SageMaker serves the Triton
 * archive of the same model next to it (`models/<model>/model.tar.gz`).
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
            it(`${s}: the deployment's edge inference reads models/vibration-anomaly/model.onnx for ${gateway}`, () => {
                const rs = region === "eu" ? eu : us;
                const config = deploymentConfigs(rs, s)[`com.acme.fleet.${s}.EdgeInference`] as { modelUriPattern: string };
                // the example sites are large: their gateways' entries are in the manifest
                assert.deepEqual(config, { gatewaysFrom: "manifest", modelUriPattern: "s3://artifacts/models/{model}/model.onnx" });
                const manifest = JSON.parse(one(rs, s, "aws:s3/bucketObjectv2:BucketObjectv2").inputs.content as string) as {
                    gateways: { name: string; edgeInference?: { model: string } }[];
                };
                const inferring = manifest.gateways
                    .filter((g) => g.edgeInference)
                    .map((g) => [g.name, config.modelUriPattern.replace("{model}", g.edgeInference!.model)]);
                assert.deepEqual(inferring, [[gateway, "s3://artifacts/models/vibration-anomaly/model.onnx"]]);
            });

            it(`${s}: the token-exchange role reads exactly models/vibration-anomaly/model.onnx of models/`, () => {
                const rs = region === "eu" ? eu : us;
                // the mocks give the bucket the ARN arn:aws:s3:<region>:123456789012:artifacts
                const bucketArn = `arn:aws:s3:${region === "eu" ? "eu-central-1" : "us-east-2"}:123456789012:artifacts`;
                assert.deepEqual(modelStatements(rs, s), [
                    { Sid: "ReadEdgeModels", Effect: "Allow", Action: "s3:GetObject", Resource: [`${bucketArn}/models/vibration-anomaly/model.onnx`] },
                ]);
            });
        }

        it("cork-fill-finish: no gateway infers, so no inference component and no model statement", () => {
            assert.deepEqual(Object.keys(deploymentConfigs(eu, "cork-fill-finish")), [
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

    it("a small site (inline map): two models, one run by two gateways, each gateway's exact modelUri and each model read once", async () => {
        const model = writeFixtureFleet(tmpRoot(), {
            mode: "csr",
            gateways: 3,
            inference: [0, 1, 2],
            models: { 0: "vibration-anomaly", 1: "bearing-wear", 2: "vibration-anomaly" },
        });
        const rs = (await planRegion(model, "eu-central-1")).resources;
        assert.deepEqual(deploymentConfigs(rs, "lab")["com.acme.fleet.lab.EdgeInference"], {
            gateways: {
                "acme-lab-gw-001": { model: "vibration-anomaly", modelUri: "s3://artifacts/models/vibration-anomaly/model.onnx" },
                "acme-lab-gw-002": { model: "bearing-wear", modelUri: "s3://artifacts/models/bearing-wear/model.onnx" },
                "acme-lab-gw-003": { model: "vibration-anomaly", modelUri: "s3://artifacts/models/vibration-anomaly/model.onnx" },
            },
        });
        assert.deepEqual(modelStatements(rs, "lab"), [
            {
                Sid: "ReadEdgeModels",
                Effect: "Allow",
                Action: "s3:GetObject",
                Resource: [
                    "arn:aws:s3:eu-central-1:123456789012:artifacts/models/bearing-wear/model.onnx",
                    "arn:aws:s3:eu-central-1:123456789012:artifacts/models/vibration-anomaly/model.onnx",
                ],
            },
        ]);
    });

    it("with SageMaker on (all-options fixture), the endpoint's archive and the gateways' ONNX file share models/<model>/", async () => {
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
                const config = deploymentConfigs(rs, g.s)[`com.acme.fleet.${g.s}.EdgeInference`] as {
                    modelUriPattern?: string;
                    gateways?: Record<string, { modelUri: string }>;
                };
                const uri = config.gateways ? config.gateways[g.thing].modelUri : config.modelUriPattern!.replace("{model}", g.model);
                assert.equal(uri, `s3://artifacts/models/${g.model}/model.onnx`);
                assert.ok(
                    archives.includes(uri.replace(/model\.onnx$/, "model.tar.gz")),
                    `${region.name}: SageMaker serves ${g.model} from ${archives.join(", ")}`,
                );
            }
        }
    });
});
