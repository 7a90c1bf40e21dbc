/**
 * One model for the gateway and the cloud: the regional anomaly scorer (Lambda handler, AWS
 * clients mocked) loads the model through its current.json pointer and scores with ONNX Runtime;
 * the gateway's edge inference scores the same readings; their scores of the same window agree
 * within 1e-6. Sensors the model does not cover stay with the EWMA chart.
 */
import * as assert from "node:assert/strict";
import { DynamoDBClient, QueryCommand } from "@aws-sdk/client-dynamodb";
import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { marshall } from "@aws-sdk/util-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import * as anomalyScorer from "../../functions/anomaly-scorer";
import { InferenceRunner, type AnomalyEvent } from "../../edge/inference/runner";
import { currentPointer, modelKeys } from "../../src/models/publish";
import { makeSeries } from "../../src/models/synthetic";
import { loadedModel, saveSend, trainedModel } from "./helpers";
import { kinesisEvent } from "../helpers/events";

describe("models: the cloud scorer runs the edge's model", () => {
    const env = { ...process.env };
    let restoreSend: () => void;
    let ddb: ReturnType<typeof mockClient>;
    let eb: ReturnType<typeof mockClient>;
    let s3: ReturnType<typeof mockClient>;
    before(() => {
        restoreSend = saveSend([DynamoDBClient, EventBridgeClient, S3Client]);
        ddb = mockClient(DynamoDBClient);
        eb = mockClient(EventBridgeClient);
        s3 = mockClient(S3Client);
        Object.assign(process.env, {
            REGISTRY_TABLE: "acme-registry",
            EVENT_BUS_NAME: "acme-fleet-events",
            ARTIFACTS_BUCKET: "acme-artifacts",
            ANOMALY_MODELS: "press-line",
        });
    });
    after(() => {
        for (const k of ["ARTIFACTS_BUCKET", "ANOMALY_MODELS"]) if (env[k] === undefined) delete process.env[k];
        Object.assign(process.env, env);
        for (const m of [ddb, eb, s3]) m.restore();
        restoreSend();
        anomalyScorer.reset();
    });

    it("scores the same windows as the gateway (|Δscore| ≤ 1e-6) and keeps the EWMA chart for other sensors", async () => {
        const { files } = trainedModel();
        const objects: Record<string, Uint8Array> = {
            [modelKeys.current("press-line")]: Buffer.from(JSON.stringify(currentPointer(files.info, "2026-12-06T00:00:00Z"))),
            [modelKeys.json("press-line", files.info.sha256)]: Buffer.from(files.json),
            [modelKeys.onnx("press-line", files.info.sha256)]: files.onnx,
        };
        s3.reset();
        s3.on(GetObjectCommand).callsFake((input: { Bucket: string; Key: string }) => {
            assert.equal(input.Bucket, "acme-artifacts");
            const b = objects[input.Key];
            if (!b) throw Object.assign(new Error("NoSuchKey"), { name: "NoSuchKey" });
            return { Body: { transformToString: async () => Buffer.from(b).toString("utf8"), transformToByteArray: async () => b } };
        });
        ddb.reset();
        ddb.on(QueryCommand).resolves({
            Items: [marshall({ pk: "SITE#lab", sk: "SENSOR#other", name: "other", equipment: "oven", warning: 50, direction: "above" })],
        });
        eb.reset();
        eb.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [] });
        anomalyScorer.reset();

        const test = makeSeries({ readings: 900, seed: 41, eventsPerSensor: 3 });
        const records = test.readings.map((r) => ({ site: "lab", thing: "acme-lab-gw1", channel: "telemetry", sensor: r.sensor, ts: r.ts, value: r.value }));
        records.push({ site: "lab", thing: "acme-lab-gw1", channel: "telemetry", sensor: "other", ts: test.readings[5].ts, value: 75 });
        for (let i = 0; i < records.length; i += 400)
            assert.deepEqual(await anomalyScorer.handler(kinesisEvent(records.slice(i, i + 400), "lab/gw")), { batchItemFailures: [] });
        const details = eb.commandCalls(PutEventsCommand).flatMap((c) => (c.args[0].input.Entries ?? []).map((e) => JSON.parse(e.Detail as string)));
        assert.equal(s3.commandCalls(GetObjectCommand).length, 3, "pointer, model.json and model.onnx, read once");
        const byModel = details.filter((d) => d.model === "press-line");
        assert.ok(byModel.length > 10, `${byModel.length} model events`);
        for (const d of byModel) {
            assert.match(d.reason, /^model-(burst|spike|level)$/);
            assert.equal(d.modelSha256, files.info.sha256);
        }
        assert.deepEqual(
            details.filter((d) => d.sensor === "other").map((d) => [d.reason, d.severity, d.value]),
            [["threshold", "warning", 75]],
        );

        // The gateway: the same readings through edge inference.
        const published: AnomalyEvent[] = [];
        const runner = new InferenceRunner(await loadedModel(), { publish: async (_t, p) => void published.push(JSON.parse(Buffer.from(p).toString("utf8"))) });
        for (let i = 0; i < test.readings.length; i += 50) {
            runner.accept({
                site: "lab",
                thing: "acme-lab-gw1",
                readings: test.readings.slice(i, i + 50).map(({ sensor, ts, value }) => ({ sensor, ts, value })),
            });
            await runner.idle();
        }
        assert.ok(published.length >= 3, `${published.length} edge events`);
        for (const e of published) {
            const cloud = byModel.find((d) => d.sensor === e.sensor && d.observedAt === new Date(e.ts).toISOString());
            assert.ok(cloud, `the cloud flags ${e.sensor} at ${e.ts} too`);
            assert.ok(Math.abs(cloud.score - e.score) <= 1e-6, `${e.sensor} ${e.ts}: edge ${e.score}, cloud ${cloud.score}`);
            for (const p of ["burst", "spike", "level"]) assert.ok(Math.abs(cloud.parts[p] - e.parts[p]) <= 1e-6);
        }
    });
});
