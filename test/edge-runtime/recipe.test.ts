import * as assert from "node:assert/strict";
import * as childProcess from "node:child_process";
import Ajv from "ajv";
import { LOCAL_READINGS_TOPIC, collectorRecipe, inferenceRecipe } from "../../src/edge/greengrass";
import { READINGS_TOPIC } from "../../edge/lib/bus";
import { anomalyTopic } from "../../edge/inference/bus";
import { nodeCheckScript, nodeComponentRecipe } from "../../src/edge/node-recipe";
import { RECIPE_SCHEMA } from "../../src/edge/recipe-schema";

const validate = new Ajv({ allErrors: true, strict: true }).compile(RECIPE_SCHEMA);
const errors = (r: unknown) => (validate(r) ? [] : validate.errors!.map((e) => `${e.instancePath} ${e.message}`));

const spec = {
    componentName: "com.acme.fleet.lab.Collector",
    componentVersion: "1.0.7",
    description: "reads sensors",
    publisher: "acme fleet",
    artifact: "collector",
    artifactUris: {
        x86_64: `s3://acme-artifacts/artifacts/lab/collector/${"a".repeat(64)}/collector.zip`,
        armv7l: `s3://acme-artifacts/artifacts/lab/collector/${"b".repeat(64)}/collector.zip`,
    },
    args: "--greengrass --thing {iot:thingName} --state-dir {work:path}/state",
    defaultConfiguration: { site: "lab" },
};

describe("edge component recipes against a strict schema of the recipe format", () => {
    it("a Node component has one manifest per architecture with its own artifact, a Node check and the run line", () => {
        const r = nodeComponentRecipe(spec);
        assert.deepEqual(errors(r), []);
        assert.deepEqual(
            r.Manifests.map((m) => [m.Platform.architecture, m.Artifacts[0].Uri.split("/")[6].slice(0, 1)]),
            [
                ["arm", "b"],
                ["amd64", "a"],
            ],
        );
        assert.equal(
            r.Manifests[0].Lifecycle.Run,
            "node {artifacts:decompressedPath}/collector/collector.js --greengrass --thing {iot:thingName} --state-dir {work:path}/state",
        );
        assert.throws(() => nodeComponentRecipe({ ...spec, artifactUris: {} }), /component com.acme.fleet.lab.Collector: no artifact for any architecture/);
    });

    it("the Install step passes on this Node and fails, saying why, on an older one", () => {
        const script = nodeCheckScript("collector");
        assert.equal(childProcess.spawnSync("sh", ["-c", script]).status, 0);
        const old = childProcess.spawnSync("sh", ["-c", script.replace(">= 20 ? 0 : 1", ">= 99 ? 0 : 1")], { encoding: "utf8" });
        assert.equal(old.status, 1);
        assert.match(old.stderr, /^collector: Node.js >= 20 is required on the gateway \(found: v\d+\./);
    });

    it("rejects what Greengrass would reject or silently ignore: a misspelled lifecycle step, an unknown key, a bad version, a bad architecture", () => {
        const r = nodeComponentRecipe(spec);
        const bad = (mutate: (x: any) => void) => {
            const copy = JSON.parse(JSON.stringify(r));
            mutate(copy);
            return errors(copy);
        };
        assert.deepEqual(
            bad((x) => (x.Manifests[0].Lifecycle.run = "x")),
            ["/Manifests/0/Lifecycle must NOT have additional properties"],
        );
        assert.deepEqual(
            bad((x) => (x.Manifest = [])),
            [" must NOT have additional properties"],
        );
        assert.deepEqual(
            bad((x) => (x.ComponentVersion = "1.0")),
            ['/ComponentVersion must match pattern "^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)$"'],
        );
        assert.deepEqual(
            bad((x) => (x.Manifests[0].Platform.architecture = "armv7l")),
            ["/Manifests/0/Platform/architecture must be equal to one of the allowed values"],
        );
        assert.deepEqual(
            bad((x) => (x.Manifests[0].Artifacts[0].Unarchive = "zip")),
            ["/Manifests/0/Artifacts/0/Unarchive must be equal to one of the allowed values"],
        );
    });

    it("the site recipes the plan creates follow the format", () => {
        const arts = (["x86_64", "aarch64", "armv7l"] as const).map((arch, i) => ({ arch, key: `collector/${String(i + 1).repeat(64)}/collector.zip` }));
        const collector = collectorRecipe("acme", "stuttgart-body", "acme-artifacts", arts);
        assert.deepEqual(errors(collector), []);
        assert.deepEqual(
            collector.Manifests.map((m) => [m.Platform.architecture, m.Artifacts[0].Uri]),
            [
                ["aarch64", `s3://acme-artifacts/artifacts/shared/collector/${"2".repeat(64)}/collector.zip`],
                ["arm", `s3://acme-artifacts/artifacts/shared/collector/${"3".repeat(64)}/collector.zip`],
                ["amd64", `s3://acme-artifacts/artifacts/shared/collector/${"1".repeat(64)}/collector.zip`],
            ],
        );
        const infArts = (["x86_64", "aarch64", "armv7l"] as const).map((arch, i) => ({
            arch,
            key: `edge-inference/${String(i + 4).repeat(64)}/edge-inference.zip`,
        }));
        const inference = inferenceRecipe("acme", "stuttgart-body", "acme-artifacts", infArts);
        assert.deepEqual(errors(inference), []);
        assert.deepEqual(
            inference.Manifests.map((m) => [m.Platform.architecture, m.Artifacts[0].Uri, m.Lifecycle.Run]),
            (
                [
                    ["aarch64", "5"],
                    ["arm", "6"],
                    ["amd64", "4"],
                ] as const
            ).map(([arch, d]) => [
                arch,
                `s3://acme-artifacts/artifacts/shared/edge-inference/${d.repeat(64)}/edge-inference.zip`,
                "node {artifacts:decompressedPath}/edge-inference/edge-inference.js --greengrass --thing {iot:thingName} --cache-dir {work:path}",
            ]),
        );
        assert.deepEqual(inference.Manifests[0].Lifecycle.Install, { Script: nodeCheckScript("edge-inference"), Timeout: 60 });
        // IPC: subscribe to the collector's local bus topic, publish on the gateway's anomaly topic; nothing else
        assert.deepEqual(inference.ComponentConfiguration.DefaultConfiguration.accessControl, {
            "aws.greengrass.ipc.pubsub": {
                "com.acme.fleet.stuttgart-body.EdgeInference:pubsub:1": {
                    policyDescription: "Receive the collector's reading batches on the local bus.",
                    operations: ["aws.greengrass#SubscribeToTopic"],
                    resources: [READINGS_TOPIC],
                },
            },
            "aws.greengrass.ipc.mqttproxy": {
                "com.acme.fleet.stuttgart-body.EdgeInference:mqttproxy:1": {
                    policyDescription: "Publish anomaly events on the gateway's own anomaly topic only.",
                    operations: ["aws.greengrass#PublishToIoTCore"],
                    resources: ["fleet/stuttgart-body/{iot:thingName}/anomaly"],
                },
            },
        });
        assert.equal(LOCAL_READINGS_TOPIC, READINGS_TOPIC);
        assert.equal(anomalyTopic("stuttgart-body", "{iot:thingName}"), "fleet/stuttgart-body/{iot:thingName}/anomaly");
    });
});
