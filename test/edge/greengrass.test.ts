/** Greengrass V2: recipes, the collector's configuration and the site deployment, and their size. */
import * as assert from "node:assert/strict";
import {
    collectorConfiguration,
    collectorRecipe,
    contentVersion,
    DEPLOYMENT_BUDGET_BYTES,
    inferenceConfiguration,
    inferenceRecipe,
    siteDeployment,
    siteModels,
    streamManagerConfiguration,
} from "../../src/edge/greengrass";
import { siteTags } from "../../src/tags";
import { exampleFleet, matchSnapshot, site, tmpRoot, writeFixtureFleet } from "./helpers";

const inputs = {
    artifactsBucket: "acme-artifacts",
    telemetryStreamName: "acme-telemetry",
    manifestSha256: "0".repeat(64),
    collectorVersion: "1.0.1",
    inferenceVersion: "1.0.2",
};
/** The collector's zips as the plan passes them: a fixed SHA-256 per architecture. */
const ARTS = (["x86_64", "aarch64", "armv7l"] as const).map((arch, i) => ({ arch, key: `collector/${String(i + 1).repeat(64)}/collector.zip` }));
const INF_ARTS = (["x86_64", "aarch64", "armv7l"] as const).map((arch, i) => ({
    arch,
    key: `edge-inference/${String(i + 4).repeat(64)}/edge-inference.zip`,
}));
const target = (s: string) => `arn:aws:iot:eu-central-1:123456789012:thinggroup/acme-${s}`;

describe("Greengrass recipes and deployment", () => {
    it("the collector and edge-inference recipes of stuttgart-body are exactly the snapshots", () => {
        matchSnapshot("collector-recipe.stuttgart-body.json", collectorRecipe("acme", "stuttgart-body", "acme-artifacts", ARTS));
        matchSnapshot("inference-recipe.stuttgart-body.json", inferenceRecipe("acme", "stuttgart-body", "acme-artifacts", INF_ARTS));
    });

    it("the deployment of every example site is exactly its snapshot", () => {
        const fleet = exampleFleet();
        for (const s of fleet.sites) {
            const d = siteDeployment(
                fleet,
                s,
                { ...inputs, inferenceVersion: s.gateways.some((g) => g.edgeInference) ? inputs.inferenceVersion : undefined },
                target(s.name),
                siteTags(fleet, s),
            );
            matchSnapshot(`deployment.${s.name}.json`, {
                placement: d.placement,
                bytes: d.bytes,
                spec: d.spec,
                configurations: Object.fromEntries(
                    Object.entries(d.spec.components).map(([k, v]) => [k, v.configurationUpdate?.merge ? JSON.parse(v.configurationUpdate.merge) : undefined]),
                ),
            });
        }
    });

    it("one deployment carries every component: nucleus, stream manager, collector, and inference only when a gateway asks", () => {
        const fleet = exampleFleet();
        const names = (s: string, withInference: boolean) =>
            Object.keys(
                siteDeployment(fleet, site(fleet, s), { ...inputs, inferenceVersion: withInference ? "1.0.2" : undefined }, target(s), {}).spec.components,
            );
        assert.deepEqual(names("stuttgart-body", true), [
            "aws.greengrass.Nucleus",
            "aws.greengrass.StreamManager",
            "aws.greengrass.LogManager",
            "com.acme.fleet.stuttgart-body.Collector",
            "com.acme.fleet.stuttgart-body.EdgeInference",
        ]);
        assert.deepEqual(names("cork-fill-finish", false), [
            "aws.greengrass.Nucleus",
            "aws.greengrass.StreamManager",
            "aws.greengrass.LogManager",
            "com.acme.fleet.cork-fill-finish.Collector",
        ]);
        const d = siteDeployment(fleet, site(fleet, "cork-fill-finish"), inputs, target("cork-fill-finish"), {}).spec;
        // LogManager uploads exactly our components' logs to the log groups the site identity creates
        const noInference = siteDeployment(
            fleet,
            site(fleet, "cork-fill-finish"),
            { ...inputs, inferenceVersion: undefined },
            target("cork-fill-finish"),
            {},
        ).spec;
        assert.deepEqual(JSON.parse(noInference.components["aws.greengrass.LogManager"].configurationUpdate!.merge!), {
            logsUploaderConfiguration: {
                systemLogsConfiguration: { uploadToCloudWatch: "false" },
                componentLogsConfigurationMap: {
                    "com.acme.fleet.cork-fill-finish.Collector": {
                        minimumLogLevel: "INFO",
                        diskSpaceLimit: "25",
                        diskSpaceLimitUnit: "MB",
                        deleteLogFileAfterCloudUpload: "false",
                    },
                },
            },
            periodicUploadIntervalSec: "300",
        });
        assert.equal(d.components["aws.greengrass.LogManager"].componentVersion, "2.3.7");
        assert.equal(d.components["aws.greengrass.Nucleus"].componentVersion, "2.14.3");
        assert.deepEqual(d.deploymentPolicies, {
            failureHandlingPolicy: "ROLLBACK",
            componentUpdatePolicy: { action: "NOTIFY_COMPONENTS", timeoutInSeconds: 120 },
            configurationValidationPolicy: { timeoutInSeconds: 60 },
        });
        assert.deepEqual(
            d.components["com.acme.fleet.cork-fill-finish.Collector"].configurationUpdate?.reset,
            [""],
            "reset first so removed sensors disappear",
        );
    });

    it("stream manager and the collector's buffer are sized from the site", () => {
        const s = site(exampleFleet(), "cork-fill-finish");
        assert.deepEqual(streamManagerConfiguration(s), {
            STREAM_MANAGER_AUTHENTICATE_CLIENT: "true",
            STREAM_MANAGER_EXPORTER_MAX_BANDWIDTH: "80000",
            LOG_LEVEL: "INFO",
        });
        const c = collectorConfiguration(s, inputs, "manifest") as any;
        assert.equal(c.telemetry.maxSizeBytes, 16384 * 1024 * 1024);
        assert.equal(c.telemetry.kinesisStream, "acme-telemetry");
    });

    it("a small site carries its sensor map inline, per gateway thing name, with sources, rates, transmit modes and thresholds", () => {
        const model = writeFixtureFleet(tmpRoot(), { mode: "csr", gateways: 2, inference: [1] });
        const s = model.sites[0];
        const d = siteDeployment(model, s, inputs, target(s.name), siteTags(model, s));
        assert.equal(d.placement, "inline");
        const c = JSON.parse(d.spec.components["com.acme.fleet.lab.Collector"].configurationUpdate!.merge!);
        assert.deepEqual(Object.keys(c.gateways), ["acme-lab-gw-001", "acme-lab-gw-002"]);
        assert.deepEqual(c.gateways["acme-lab-gw-001"], {
            gateway: "gw-001",
            topics: { telemetry: "fleet/lab/acme-lab-gw-001/telemetry", alarm: "fleet/lab/acme-lab-gw-001/alarm", status: "fleet/lab/acme-lab-gw-001/status" },
            sensors: {
                "comp-001-1-pressure": {
                    kind: "pressure",
                    unit: "bar",
                    sampleRateHz: 1,
                    transmit: { mode: "deadband", threshold: 0.1 },
                    thresholds: { warning: 8.5, critical: 9.5, direction: "above" },
                    equipment: "comp-001-1",
                    source: { protocol: "modbus-tcp", address: "10.8.0.11", register: 30001, plc: "plc-001", port: 502, dataType: "uint16", wordOrder: "big" },
                },
                "comp-001-1-temperature": {
                    kind: "temperature",
                    unit: "C",
                    sampleRateHz: 0.1,
                    transmit: { mode: "on-change" },
                    equipment: "comp-001-1",
                    source: { protocol: "modbus-tcp", address: "10.8.0.11", register: 30003, plc: "plc-001", port: 502, dataType: "uint16", wordOrder: "big" },
                },
            },
        });
        const inference = JSON.parse(d.spec.components["com.acme.fleet.lab.EdgeInference"].configurationUpdate!.merge!);
        assert.deepEqual(inference, { bucket: "acme-artifacts", gateways: { "acme-lab-gw-002": { model: "vibration-anomaly" } } });
    });

    it("edge inference gets the artifacts bucket and each asking gateway's model (it reads models/<model>/current.json itself)", () => {
        const model = writeFixtureFleet(tmpRoot(), {
            mode: "csr",
            gateways: 4,
            inference: [0, 1, 3],
            models: { 0: "vibration-anomaly", 1: "bearing-wear", 3: "vibration-anomaly" },
        });
        const s = model.sites[0];
        assert.deepEqual(inferenceConfiguration(s, "acme-artifacts"), {
            bucket: "acme-artifacts",
            gateways: {
                "acme-lab-gw-001": { model: "vibration-anomaly" },
                "acme-lab-gw-002": { model: "bearing-wear" },
                "acme-lab-gw-004": { model: "vibration-anomaly" },
            },
        });
        // no gateway asks: no entries (and the deployment carries no inference component at all)
        assert.deepEqual(inferenceConfiguration(writeFixtureFleet(tmpRoot(), { mode: "csr", gateways: 2 }).sites[0], "acme-artifacts"), {
            bucket: "acme-artifacts",
            gateways: {},
        });
    });

    it("siteModels: the distinct models of the site's inferring gateways, sorted", () => {
        const fixture = (inference: number[], models: Record<number, string>) =>
            writeFixtureFleet(tmpRoot(), { mode: "csr", gateways: 3, inference, models }).sites[0];
        assert.deepEqual(siteModels(fixture([], {})), []);
        assert.deepEqual(siteModels(fixture([2], { 2: "vibration-anomaly" })), ["vibration-anomaly"]);
        assert.deepEqual(siteModels(fixture([0, 1, 2], { 0: "vibration-anomaly", 1: "bearing-wear", 2: "vibration-anomaly" })), [
            "bearing-wear",
            "vibration-anomaly",
        ]);
        const fleet = exampleFleet();
        assert.deepEqual(Object.fromEntries(fleet.sites.map((x) => [x.name, siteModels(x)])), {
            "austin-smt": ["vibration-anomaly"],
            "cork-fill-finish": [],
            "stuttgart-body": ["vibration-anomaly"],
        });
    });

    it("the edge-inference recipe runs ONNX Runtime and fetches models with the token-exchange credentials", () => {
        const r = inferenceRecipe("acme", "lab", "acme-artifacts", INF_ARTS);
        assert.deepEqual(r.ComponentDependencies?.["aws.greengrass.TokenExchangeService"], { VersionRequirement: ">=2.0.0 <3.0.0", DependencyType: "HARD" });
        assert.deepEqual(
            r.Manifests.map((m) => m.Artifacts),
            [5, 6, 4].map((d) => [{ Uri: `s3://acme-artifacts/artifacts/shared/edge-inference/${String(d).repeat(64)}/edge-inference.zip`, Unarchive: "ZIP" }]),
            "only the code is a recipe artifact, one per architecture; models are per gateway",
        );
        assert.notEqual(inferenceRecipe("acme", "lab", "acme-artifacts", INF_ARTS.slice(1)).ComponentVersion, r.ComponentVersion, "new artifacts, new version");
        assert.match(r.ComponentDescription, /ONNX/);
        assert.ok(!JSON.stringify(r).includes("tar.gz") && !JSON.stringify(r).includes("models/"), "the recipe names no model archive");
    });

    it("a large site moves its sensor map to the manifest and stays within the budget, whatever its size", () => {
        for (const gateways of [30, 400]) {
            const model = writeFixtureFleet(tmpRoot(), { mode: "fleet-claim", gateways, machinesPerGateway: 3 });
            const s = model.sites[0];
            const d = siteDeployment(model, s, inputs, target(s.name), siteTags(model, s));
            assert.equal(d.placement, "manifest", `${gateways} gateways`);
            assert.ok(d.bytes <= DEPLOYMENT_BUDGET_BYTES, `${d.bytes} bytes`);
            const c = JSON.parse(d.spec.components["com.acme.fleet.lab.Collector"].configurationUpdate!.merge!);
            assert.equal(c.gateways, undefined);
            assert.deepEqual(c.manifest, { bucket: "acme-artifacts", key: "manifests/things/{iot:thingName}.json", sha256: "0".repeat(64) });
            assert.equal(c.topicPattern, "fleet/lab/{thingName}/{channel}");
        }
        // the example sites are large too: every one of them is over the budget inline
        for (const s of exampleFleet().sites) assert.equal(siteDeployment(exampleFleet(), s, inputs, target(s.name), {}).placement, "manifest", s.name);
    });

    it("a recipe change is a new component version; an unchanged recipe keeps its version", () => {
        const a = collectorRecipe("acme", "lab", "bucket-a", ARTS);
        assert.equal(collectorRecipe("acme", "lab", "bucket-a", ARTS).ComponentVersion, a.ComponentVersion);
        assert.notEqual(collectorRecipe("acme", "lab", "bucket-b", ARTS).ComponentVersion, a.ComponentVersion);
        // a new build (another SHA-256 for one architecture) is a new version
        const rebuilt = ARTS.map((x) => (x.arch === "armv7l" ? { ...x, key: `collector/${"f".repeat(64)}/collector.zip` } : x));
        assert.notEqual(collectorRecipe("acme", "lab", "bucket-a", rebuilt).ComponentVersion, a.ComponentVersion);
        assert.match(a.ComponentVersion, /^1\.0\.\d{1,6}$/);
        assert.equal(contentVersion("1.0", { x: 1 }), contentVersion("1.0", { x: 1 }));
    });

    it("the collector may publish over IPC only to its own gateway's alarm and status topics", () => {
        const r = collectorRecipe("acme", "lab", "bkt", ARTS);
        const acl = (r.ComponentConfiguration.DefaultConfiguration.accessControl as any)["aws.greengrass.ipc.mqttproxy"][
            "com.acme.fleet.lab.Collector:mqttproxy:1"
        ];
        assert.deepEqual(acl.resources, ["fleet/lab/{iot:thingName}/alarm", "fleet/lab/{iot:thingName}/status"]);
        assert.deepEqual(acl.operations, ["aws.greengrass#PublishToIoTCore"]);
    });
});
