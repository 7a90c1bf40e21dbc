/**
 * Edge inference against real local servers: an S3-compatible server (s3rver, signatures checked
 * with the credentials the endpoint hands out) and an HTTP endpoint speaking the container
 * credentials protocol, both on 127.0.0.1 and stopped by the tests. Then scoring from a local bus
 * and anomaly events on fleet/<site>/<thing>/anomaly.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { fetchModel, type ModelSourceConfig } from "../../edge/inference/model-source";
import { InferenceRunner, type AnomalyEvent } from "../../edge/inference/runner";
import type { ReadingBatch } from "../../edge/inference/bus";
import { currentPointer, modelKeys } from "../../src/models/publish";
import { loadModel } from "../../src/models/runtime";
import { makeSeries } from "../../src/models/synthetic";
import { saveSend, trainedModel, useRealSend } from "../models/helpers";
import { S3Client } from "@aws-sdk/client-s3";

const S3rver = require("s3rver") as new (o: Record<string, unknown>) => { run(): Promise<AddressInfo>; close(): Promise<void> };
const TOKEN = "tes-token-123";
const BUCKET = "fleet-artifacts";

describe("edge inference: model download (s3rver + container credentials endpoint)", () => {
    let work: string;
    let s3: InstanceType<typeof S3rver>;
    let s3Url: string;
    let creds: http.Server;
    let credsUrl: string;
    const credentialRequests: (string | undefined)[] = [];
    let config: ModelSourceConfig;
    let restoreSend: () => void;

    before(async () => {
        // Real requests to s3rver, even while another test file's S3 stub is installed.
        restoreSend = saveSend([S3Client]);
        useRealSend(S3Client);
        work = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-edge-inference-"));
        s3 = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: path.join(work, "s3"), configureBuckets: [{ name: BUCKET }] });
        const a = await s3.run();
        s3Url = `http://127.0.0.1:${a.port}`;
        creds = http.createServer((req, res) => {
            credentialRequests.push(req.headers.authorization);
            if (req.headers.authorization !== TOKEN) {
                res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ message: "bad token" }));
                return;
            }
            const Expiration = new Date(Date.now() + 3600_000).toISOString();
            // s3rver checks signatures made with its fixed key pair.
            res.writeHead(200, { "content-type": "application/json" }).end(
                JSON.stringify({ AccessKeyId: "S3RVER", SecretAccessKey: "S3RVER", Token: "session", Expiration }),
            );
        });
        await new Promise<void>((r) => creds.listen(0, "127.0.0.1", r));
        credsUrl = `http://127.0.0.1:${(creds.address() as AddressInfo).port}/2016-11-01/credentialprovider/`;
        config = {
            bucket: BUCKET,
            model: "press-line",
            region: "eu-central-1",
            cacheDir: path.join(work, "cache"),
            endpoint: s3Url,
            credentialsUri: credsUrl,
            authorizationToken: TOKEN,
            retries: 0,
        };
        const { files } = trainedModel();
        const put = (key: string, body: string | Uint8Array) => {
            const file = path.join(work, "put.bin");
            fs.writeFileSync(file, body);
            return uploadWithSdk(key, fs.readFileSync(file));
        };
        const uploadWithSdk = async (key: string, body: Uint8Array) => {
            const { PutObjectCommand } = await import("@aws-sdk/client-s3");
            const c = new S3Client({
                region: "eu-central-1",
                endpoint: s3Url,
                forcePathStyle: true,
                credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
            });
            await c.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
            c.destroy();
        };
        await put(modelKeys.onnx("press-line", files.info.sha256), files.onnx);
        await put(modelKeys.json("press-line", files.info.sha256), files.json);
        await put(modelKeys.current("press-line"), JSON.stringify(currentPointer(files.info, "2026-12-06T00:00:00Z")));
    });

    // test/analytics/functions.test.ts re-stubs S3Client in a root-level beforeEach (before every test of a run).
    beforeEach(() => useRealSend(S3Client));

    after(async () => {
        restoreSend();
        await s3.close();
        await new Promise((r) => creds.close(r));
        fs.rmSync(work, { recursive: true, force: true });
    });

    it("downloads the current version with the token-exchange credentials, verifies and caches it", async () => {
        const { files } = trainedModel();
        const got = await fetchModel(config);
        assert.equal(got.from, "s3");
        assert.equal(got.pointer.sha256, files.info.sha256);
        assert.deepEqual(Buffer.from(got.onnx), Buffer.from(files.onnx));
        assert.ok(credentialRequests.length > 0 && credentialRequests.every((h) => h === TOKEN));
        const cached = path.join(work, "cache", "press-line", files.info.sha256, "model.onnx");
        assert.deepEqual(fs.readFileSync(cached), Buffer.from(files.onnx));
        const again = await fetchModel(config);
        assert.equal(again.from, "cache");
        assert.equal(again.warning, undefined);
    });

    it("a wrong token fails at the credentials endpoint; the verified cache keeps the gateway running, and without it the error says why", async () => {
        const bad = await fetchModel({ ...config, authorizationToken: "wrong" });
        assert.equal(bad.from, "cache");
        assert.match(bad.warning ?? "", /^cannot get the current model from S3 \(.*\); running the cached version [0-9a-f]{64}$/);
        await assert.rejects(
            fetchModel({ ...config, authorizationToken: "wrong", cacheDir: path.join(work, "empty") }),
            (e: Error) =>
                e.name === "ModelSourceError" &&
                e.message.startsWith(`model press-line: cannot get it from s3://${BUCKET}/models/press-line/ (`) &&
                e.message.endsWith(`and no verified copy is cached in ${path.join(work, "empty")}`),
        );
    });

    it("never uses a cached file whose SHA-256 does not match: it downloads the version again", async () => {
        const { files } = trainedModel();
        const cached = path.join(work, "cache", "press-line", files.info.sha256, "model.onnx");
        fs.writeFileSync(cached, Buffer.from(files.onnx).subarray(0, 100));
        const got = await fetchModel(config);
        assert.equal(got.from, "s3");
        assert.deepEqual(fs.readFileSync(cached), Buffer.from(files.onnx));
    });
});

describe("edge inference: scoring the local bus", () => {
    it("publishes one event per anomalous episode on fleet/<site>/<thing>/anomaly and counts what it could not score", async () => {
        const { files } = trainedModel();
        const model = await loadModel(files.json, files.onnx, { json: "model.json", onnx: "model.onnx" });
        const published: { topic: string; event: AnomalyEvent }[] = [];
        const publisher = {
            publish: async (topic: string, payload: Uint8Array) => void published.push({ topic, event: JSON.parse(Buffer.from(payload).toString("utf8")) }),
        };
        let handler: ((b: ReadingBatch) => void) | undefined;
        const source = { subscribe: async (h: (b: ReadingBatch) => void) => ((handler = h), () => (handler = undefined)) };
        const runner = new InferenceRunner(model, publisher);
        await runner.start(source);
        const test = makeSeries({ readings: 1200, seed: 31, eventsPerSensor: 3 });
        const readings = test.readings.map(({ sensor, ts, value }) => ({ sensor, ts, value }));
        readings.push({ sensor: "unknown-sensor-x", ts: 1, value: 1 });
        // One batch per poll cycle, as the collector publishes them.
        for (let i = 0; i < readings.length; i += 30) {
            handler!({ site: "lab", thing: "fleet-lab-gw1", readings: readings.slice(i, i + 30) });
            await runner.idle();
        }
        await runner.stop();
        assert.equal(handler, undefined);
        assert.equal(runner.status.scored, 3 * (1200 - model.info.window + 1));
        assert.equal(runner.status.notScored["warming-up"], 3 * (model.info.window - 1));
        assert.equal(runner.status.notScored["unknown-sensor"], 1);
        assert.equal(runner.status.droppedBatches, 0);
        assert.ok(published.length >= 5, `events ${published.length}`);
        assert.ok(published.length < runner.status.anomalies, "one event per episode, not per anomalous reading");
        assert.equal(runner.status.events, published.length);
        for (const p of published) {
            assert.equal(p.topic, "fleet/lab/fleet-lab-gw1/anomaly");
            assert.equal(p.event.modelSha256, files.info.sha256);
            assert.ok(p.event.score > 1 && ["burst", "spike", "level"].includes(p.event.reason));
            assert.equal(p.event.parts[p.event.reason], Math.max(...Object.values(p.event.parts)));
        }
        const hit = test.events.filter((e) =>
            published.some((p) => p.event.sensor === e.sensor && p.event.ts >= e.from && p.event.ts <= e.to + model.info.window * 1000),
        );
        assert.ok(hit.length >= 7, `${hit.length} of ${test.events.length} events raised`);
    });

    it("says so when it falls behind instead of queueing without bound", async () => {
        const { files } = trainedModel();
        const model = await loadModel(files.json, files.onnx, { json: "model.json", onnx: "model.onnx" });
        const runner = new InferenceRunner(model, { publish: async () => undefined }, () => undefined, 2);
        const batch = { site: "lab", thing: "gw", readings: [{ sensor: "press-01-vibration", ts: 1, value: 1 }] };
        for (let i = 0; i < 5; i++) runner.accept({ ...batch, readings: [{ ...batch.readings[0], ts: i + 1 }] });
        await runner.idle();
        assert.equal(runner.status.droppedBatches, 3);
        assert.equal(runner.status.droppedReadings, 3);
        assert.equal(runner.status.notScored["warming-up"], 2);
    });
});
