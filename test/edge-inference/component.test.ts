/**
 * The packaged edge-inference component, run as the gateway runs it: the zip from
 * packageEdgeComponent unpacked into a directory with no node_modules, `node edge-inference.js`
 * spawned against a local S3-compatible server (s3rver), a container credentials endpoint and an
 * in-process MQTT broker (aedes), all on 127.0.0.1 and stopped by the tests.
 */
import * as assert from "node:assert/strict";
import * as childProcess from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { unzipSync } from "fflate";
import * as mqtt from "mqtt";
import { EDGE_ARCHITECTURES, packageEdgeComponent } from "../../src/edge/artifacts";
import { READINGS_TOPIC } from "../../edge/lib/bus";
import { currentPointer, modelKeys } from "../../src/models/publish";
import { makeSeries } from "../../src/models/synthetic";
import { startAedes, until } from "../edge-runtime/harness";
import { saveSend, trainedModel, useRealSend } from "../models/helpers";

const S3rver = require("s3rver") as new (o: Record<string, unknown>) => { run(): Promise<AddressInfo>; close(): Promise<void> };
const TOKEN = "tes-token-456";
const BUCKET = "fleet-artifacts";
const ZIP_FILES = ["build-info.json", "edge-inference.js", "ort-wasm-simd-threaded.mjs", "ort-wasm-simd-threaded.wasm"];

describe("edge-inference component: packaged zip run against local S3, credentials endpoint and MQTT broker", function () {
    this.timeout(120_000);
    let work: string;
    let dir: string;
    let s3: InstanceType<typeof S3rver>;
    let s3Url: string;
    let creds: http.Server;
    let credsUrl: string;
    let broker: Awaited<ReturnType<typeof startAedes>>;
    let restoreSend: () => void;

    before(async () => {
        restoreSend = saveSend([S3Client]);
        useRealSend(S3Client);
        work = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-edge-inference-component-"));
        const artifacts = packageEdgeComponent("edge-inference");
        assert.deepEqual(
            artifacts.map((a) => a.arch),
            [...EDGE_ARCHITECTURES],
        );
        const zip = fs.readFileSync(artifacts[0].file);
        const files = unzipSync(zip);
        assert.deepEqual(Object.keys(files).sort(), ZIP_FILES);
        dir = path.join(work, "edge-inference");
        fs.mkdirSync(dir);
        for (const [name, bytes] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), bytes);
        s3 = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: path.join(work, "s3"), configureBuckets: [{ name: BUCKET }] });
        s3Url = `http://127.0.0.1:${(await s3.run()).port}`;
        creds = http.createServer((req, res) => {
            if (req.headers.authorization !== TOKEN) return void res.writeHead(401).end("{}");
            const Expiration = new Date(Date.now() + 3600_000).toISOString();
            res.writeHead(200, { "content-type": "application/json" }).end(
                JSON.stringify({ AccessKeyId: "S3RVER", SecretAccessKey: "S3RVER", Token: "s", Expiration }),
            );
        });
        await new Promise<void>((r) => creds.listen(0, "127.0.0.1", r));
        credsUrl = `http://127.0.0.1:${(creds.address() as AddressInfo).port}/2016-11-01/credentialprovider/`;
        const { files: model } = trainedModel();
        const c = new S3Client({
            region: "eu-central-1",
            endpoint: s3Url,
            forcePathStyle: true,
            credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
        });
        const put = (Key: string, Body: string | Uint8Array) => c.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body }));
        await put(modelKeys.onnx("press-line", model.info.sha256), model.onnx);
        await put(modelKeys.json("press-line", model.info.sha256), model.json);
        await put(modelKeys.current("press-line"), JSON.stringify(currentPointer(model.info, "2026-12-06T00:00:00Z")));
        c.destroy();
        broker = await startAedes();
    });

    beforeEach(() => useRealSend(S3Client));

    after(async () => {
        restoreSend();
        await broker?.close();
        await s3?.close();
        await new Promise((r) => creds?.close(r));
        fs.rmSync(work, { recursive: true, force: true });
    });

    const spawn = (modelName: string) => {
        const p = childProcess.spawn(
            process.execPath,
            [
                path.join(dir, "edge-inference.js"),
                ...["--thing", "fleet-lab-gw1", "--cache-dir", path.join(work, "cache"), "--bucket", BUCKET, "--model", modelName],
                ...["--region", "eu-central-1", "--endpoint", s3Url, "--mqtt", `mqtt://127.0.0.1:${broker.port}`],
            ],
            {
                cwd: work,
                env: { PATH: process.env.PATH, AWS_CONTAINER_CREDENTIALS_FULL_URI: credsUrl, AWS_CONTAINER_AUTHORIZATION_TOKEN: TOKEN },
            },
        );
        const out = { stdout: "", stderr: "" };
        p.stdout.on("data", (d) => (out.stdout += d));
        p.stderr.on("data", (d) => (out.stderr += d));
        const exit = new Promise<number | null>((r) => p.on("exit", (code) => r(code)));
        return { p, out, exit };
    };

    it("downloads the model, scores the local bus readings and publishes anomaly events on fleet/<site>/<thing>/anomaly", async () => {
        const { files } = trainedModel();
        const run = spawn("press-line");
        await until("edge inference started", () => run.out.stdout.includes("edge inference fleet-lab-gw1 started"), 60_000);
        assert.match(run.out.stdout, new RegExp(`model press-line ${files.info.sha256} loaded from s3`));
        const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, { clientId: "test-bus" });
        const events: { topic: string; event: Record<string, unknown> }[] = [];
        client.on("message", (topic, payload) => events.push({ topic, event: JSON.parse(payload.toString("utf8")) }));
        await client.subscribeAsync("fleet/+/+/anomaly", { qos: 1 });
        await client.publishAsync(READINGS_TOPIC, Buffer.from("not json"));
        const test = makeSeries({ readings: 600, seed: 31, eventsPerSensor: 2 });
        const readings = test.readings.map(({ sensor, ts, value }) => ({ sensor, ts, value }));
        for (let i = 0; i < readings.length; i += 60) {
            await client.publishAsync(READINGS_TOPIC, JSON.stringify({ site: "lab", thing: "fleet-lab-gw1", readings: readings.slice(i, i + 60) }), { qos: 0 });
        }
        await until("anomaly events", () => events.length >= 2, 30_000);
        for (const e of events) {
            assert.equal(e.topic, "fleet/lab/fleet-lab-gw1/anomaly");
            assert.equal(e.event.modelSha256, files.info.sha256);
            assert.equal(e.event.source, "edge");
        }
        run.p.kill("SIGTERM");
        assert.equal(await run.exit, 0);
        assert.match(run.out.stderr, /fleet\/local\/readings: message not scored: local bus: message is not JSON/);
        await client.endAsync();
        const cached = path.join(work, "cache", "press-line", files.info.sha256, "model.onnx");
        assert.deepEqual(fs.readFileSync(cached), Buffer.from(files.onnx));
    });

    it("exits 1 naming the model and the cache when no verified model can be had", async () => {
        const run = spawn("other-model");
        assert.equal(await run.exit, 1);
        assert.match(
            run.out.stderr,
            /^edge-inference: model other-model: cannot get it from s3:\/\/fleet-artifacts\/models\/other-model\/ \(.*\) and no verified copy is cached in /m,
        );
    });
});
