/**
 * The deployed anomaly scorer runs ONNX Runtime from its own zip: the zip (functionZip, the files
 * FleetFunction's archive holds) is unpacked by Info-ZIP's unzip into an empty directory outside
 * the repository, and a Node process started there (NODE_PATH unset) loads the handler, reads a
 * real model through the current.json pointer and scores windows; the scores equal the in-repo
 * runtime's within 1e-6. The AWS SDK, which the Lambda runtime provides, is replaced by in-memory
 * clients in that process; nothing else comes from outside the zip.
 */
import * as assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { codeArchive } from "../../components/region/fleet-function";
import { functionFiles, functionZip, bundleFunction, repoRoot } from "../../src/analytics/bundle";
import { currentPointer, modelKeys } from "../../src/models/publish";
import { runBatch } from "../../src/models/runtime";
import { WindowStream } from "../../src/models/stream";
import { makeSeries } from "../../src/models/synthetic";
import { loadedModel, trainedModel } from "./helpers";

/** What onnxruntime-web 1.31.1 reads in Node (traced with strace while a model loads and scores; see docs/models.md). */
const ORT_FILES = [
    ...[
        "backend-impl",
        "backend",
        "env-impl",
        "env",
        "index",
        "inference-session-impl",
        "inference-session",
        "lora-adapter-impl",
        "lora-adapter",
        "onnx-model",
        "onnx-value",
    ].map((f) => `node_modules/onnxruntime-common/dist/cjs/${f}.js`),
    "node_modules/onnxruntime-common/dist/cjs/package.json",
    ...[
        "tensor-conversion-impl",
        "tensor-conversion",
        "tensor-factory-impl",
        "tensor-factory",
        "tensor-impl-type-mapping",
        "tensor-impl",
        "tensor-utils-impl",
        "tensor",
        "trace",
        "version",
    ].map((f) => `node_modules/onnxruntime-common/dist/cjs/${f}.js`),
    "node_modules/onnxruntime-common/package.json",
    "node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.mjs",
    "node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.wasm",
    "node_modules/onnxruntime-web/dist/ort.node.min.js",
    "node_modules/onnxruntime-web/package.json",
];

/** Lambda quotas (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html): 50 MB zipped (direct upload), 250 MB unzipped. */
const LAMBDA_ZIPPED_MAX = 50 * 1024 * 1024;
const LAMBDA_UNZIPPED_MAX = 250 * 1024 * 1024;

/** The process started in the unpacked zip: in-memory AWS SDK clients (what the Lambda runtime provides), then the handler. */
const DRIVER = String.raw`
const Module = require("node:module");
const fs = require("node:fs");
const path = require("node:path");
const [task, work] = process.argv.slice(2);
const objects = JSON.parse(fs.readFileSync(path.join(work, "objects.json"), "utf8"));
const sent = [];
class Command { constructor(input) { this.input = input; } }
const sdk = {
    "@aws-sdk/client-s3": { GetObjectCommand: class extends Command {}, S3Client: class { async send(c) {
        const b = objects[c.input.Key]; if (!b) throw Object.assign(new Error("NoSuchKey"), { name: "NoSuchKey" });
        const bytes = Buffer.from(b, "base64");
        return { Body: { transformToString: async () => bytes.toString("utf8"), transformToByteArray: async () => new Uint8Array(bytes) } };
    } } },
    "@aws-sdk/client-dynamodb": { QueryCommand: class extends Command {}, DynamoDBClient: class { async send() { return { Items: [] }; } } },
    "@aws-sdk/client-eventbridge": { PutEventsCommand: class extends Command {}, EventBridgeClient: class { async send(c) {
        for (const e of c.input.Entries) sent.push(JSON.parse(e.Detail)); return { FailedEntryCount: 0, Entries: [] };
    } } },
};
const load = Module._load;
Module._load = function (request, parent, isMain) {
    if (request.startsWith("@aws-sdk/")) { if (!sdk[request]) throw new Error("no in-memory " + request); return sdk[request]; }
    return load.call(this, request, parent, isMain);
};
const where = {};
try { where.ort = require.resolve("onnxruntime-web", { paths: [task] }); } catch (e) { where.ort = "unresolved: " + e.code; }
try { where.esbuild = require.resolve("esbuild", { paths: [task] }); } catch (e) { where.esbuild = "unresolved: " + e.code; }
Object.assign(process.env, { REGISTRY_TABLE: "acme-registry", EVENT_BUS_NAME: "acme-fleet-events", ARTIFACTS_BUCKET: "acme-artifacts", ANOMALY_MODELS: "press-line" });
const handler = require(path.join(task, "index.js")).handler;
(async () => {
    const batches = JSON.parse(fs.readFileSync(path.join(work, "events.json"), "utf8"));
    for (const b of batches) await handler(b);
    fs.writeFileSync(path.join(work, "result.json"), JSON.stringify({ where, cwd: process.cwd(), nodePath: process.env.NODE_PATH ?? null, sent }));
})().catch((e) => { console.error(e); process.exit(1); });
`;

function kinesisEvent(records: unknown[], from: number): unknown {
    return {
        Records: records.map((r, i) => ({
            eventSource: "aws:kinesis",
            eventID: `shardId-000:${from + i}`,
            kinesis: { partitionKey: "lab/gw", sequenceNumber: String(1000 + from + i), data: Buffer.from(JSON.stringify(r)).toString("base64") },
        })),
    };
}

/** Run the driver with the unpacked zip `task` as cwd, NODE_PATH unset; returns its result and output. */
function runUnpacked(
    task: string,
    work: string,
): { result?: { where: Record<string, string>; cwd: string; nodePath: string | null; sent: Record<string, any>[] }; out: string } {
    const env = { ...process.env };
    delete env.NODE_PATH;
    delete env.NODE_OPTIONS;
    fs.rmSync(path.join(work, "result.json"), { force: true });
    const r = spawnSync(process.execPath, [path.join(work, "driver.js"), task, work], { cwd: task, env, encoding: "utf8", timeout: 120_000 });
    const out = `${r.stdout}${r.stderr}`;
    assert.equal(r.status, 0, out);
    const file = path.join(work, "result.json");
    return { result: fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : undefined, out };
}

/** Every directory from `dir` up to / : none may hold a node_modules the unpacked handler could resolve from. */
function ancestorsWithNodeModules(dir: string): string[] {
    const found: string[] = [];
    for (let d = path.dirname(dir); ; d = path.dirname(d)) {
        if (fs.existsSync(path.join(d, "node_modules"))) found.push(d);
        if (path.dirname(d) === d) return found;
    }
}

describe("models: the deployed anomaly scorer carries ONNX Runtime in its zip", function () {
    this.timeout(180_000);
    const root = repoRoot();
    let base: string;
    let zip: ReturnType<typeof functionZip>;
    before(() => {
        base = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-lambda-ort-"));
        zip = functionZip("anomaly-scorer", root);
    });
    after(() => fs.rmSync(base, { recursive: true, force: true }));

    it("holds index.js and exactly onnxruntime-web's run-time files, sorted, deterministic, far under Lambda's quotas", () => {
        assert.deepEqual(zip.paths, ["index.js", ...ORT_FILES]);
        assert.deepEqual(
            functionFiles(bundleFunction("model-trainer", root), root).map((f) => f.path),
            ORT_FILES,
            "the trainer carries the same files",
        );
        assert.deepEqual(functionFiles(bundleFunction("edge-anomaly", root), root), [], "a function without ONNX Runtime carries index.js only");
        // measured 4,026,709 bytes (onnxruntime-web 1.31.1, level 9); the bound leaves ~5% for code changes
        assert.ok(zip.zip.length > 3_800_000 && zip.zip.length < 4_250_000, `zip is ${zip.zip.length} bytes`);
        assert.ok(zip.zip.length < LAMBDA_ZIPPED_MAX);
        const file = path.join(base, "anomaly-scorer.zip");
        fs.writeFileSync(file, zip.zip);
        // Info-ZIP lists the entries in the zip's order, all at the fixed time 1980-01-01 00:00
        const listing = execFileSync("zipinfo", ["-T", file], { encoding: "utf8" })
            .split("\n")
            .filter((l) => l.startsWith("-"));
        assert.deepEqual(
            listing.map((l) => l.split(/\s+/).pop()),
            [...zip.paths].sort(),
        );
        for (const l of listing) assert.match(l, / 19800101\.000000 /, l);
        const unzipped = listing.reduce((n, l) => n + Number(l.split(/\s+/)[3]), 0);
        assert.ok(unzipped > 14_000_000 && unzipped < 16_000_000 && unzipped < LAMBDA_UNZIPPED_MAX, `unzipped ${unzipped} bytes`);
        assert.equal(functionZip("anomaly-scorer", root).sha256, zip.sha256, "the same sources give the same bytes");
    });

    it("FleetFunction's archive holds the same files as the zip, read from the installed package", async () => {
        const bundle = bundleFunction("anomaly-scorer", root);
        const files = functionFiles(bundle, root);
        const flat: Record<string, string> = {};
        const walk = async (a: pulumi.asset.AssetArchive, prefix: string): Promise<void> => {
            for (const [k, v] of Object.entries(await a.assets)) {
                if (v instanceof pulumi.asset.AssetArchive) await walk(v, `${prefix}${k}/`);
                else if (v instanceof pulumi.asset.FileAsset) flat[`${prefix}${k}`] = `file ${await v.path}`;
                else if (v instanceof pulumi.asset.StringAsset) flat[`${prefix}${k}`] = (await v.text) === bundle.code ? "bundle" : "other text";
                else flat[`${prefix}${k}`] = "unexpected";
            }
        };
        await walk(codeArchive(bundle.code, files), "");
        assert.deepEqual(Object.keys(flat).sort(), zip.paths);
        assert.equal(flat["index.js"], "bundle");
        for (const f of files) assert.equal(flat[f.path], `file ${path.join(root, f.path)}`);
    });

    it("scores windows from an unpacked zip outside the repository like the in-repo runtime (|Δscore| ≤ 1e-6)", async () => {
        const task = path.join(base, "task");
        const work = path.join(base, "work");
        fs.mkdirSync(task);
        fs.mkdirSync(work);
        assert.ok(path.relative(root, base).startsWith(".."), `${base} is outside ${root}`);
        assert.deepEqual(ancestorsWithNodeModules(task), [], "no node_modules above the unpacked zip");
        fs.writeFileSync(path.join(base, "anomaly-scorer.zip"), zip.zip);
        execFileSync("unzip", ["-q", path.join(base, "anomaly-scorer.zip"), "-d", task]);

        const { files } = trainedModel();
        const objects = {
            [modelKeys.current("press-line")]: Buffer.from(JSON.stringify(currentPointer(files.info, "2026-12-06T00:00:00Z"))).toString("base64"),
            [modelKeys.json("press-line", files.info.sha256)]: Buffer.from(files.json).toString("base64"),
            [modelKeys.onnx("press-line", files.info.sha256)]: Buffer.from(files.onnx).toString("base64"),
        };
        const test = makeSeries({ readings: 900, seed: 41, eventsPerSensor: 3 });
        const records = test.readings.map((r) => ({ site: "lab", thing: "acme-lab-gw1", channel: "telemetry", sensor: r.sensor, ts: r.ts, value: r.value }));
        const batches = [];
        for (let i = 0; i < records.length; i += 400) batches.push(kinesisEvent(records.slice(i, i + 400), i));
        fs.writeFileSync(path.join(work, "objects.json"), JSON.stringify(objects));
        fs.writeFileSync(path.join(work, "events.json"), JSON.stringify(batches));
        fs.writeFileSync(path.join(work, "driver.js"), DRIVER);

        const { result, out } = runUnpacked(task, work);
        assert.ok(result, out);
        assert.equal(result.where.ort, path.join(fs.realpathSync(task), "node_modules", "onnxruntime-web", "dist", "ort.node.min.js"));
        assert.equal(result.where.esbuild, "unresolved: MODULE_NOT_FOUND", "the repository's node_modules is out of reach");
        assert.equal(result.nodePath, null);
        assert.equal(result.cwd, fs.realpathSync(task));
        assert.match(out, /loaded anomaly model/);
        assert.doesNotMatch(out, /not loaded/);

        // The in-repo runtime over the same readings, window by window
        const model = await loadedModel();
        const stream = new WindowStream(model.info);
        const windows: { key: string; index: number; window: Float32Array }[] = [];
        for (const r of records) {
            const w = stream.push(r.sensor, r.ts, r.value);
            if (w.ok) windows.push({ key: `${r.sensor} ${new Date(r.ts).toISOString()}`, index: w.index, window: w.window });
        }
        const W = model.info.window;
        const flat = new Float32Array(windows.length * W);
        windows.forEach((w, i) => flat.set(w.window, i * W));
        const ref = await runBatch(
            model,
            flat,
            windows.map((w) => w.index),
        );
        const flagged = windows.filter((_, i) => ref.anomaly[i]).map((w) => w.key);
        const byModel = result.sent.filter((d) => d.model === "press-line");
        assert.ok(byModel.length > 10, `${byModel.length} model events`);
        assert.deepEqual(
            byModel.map((d) => `${d.sensor} ${d.observedAt}`),
            flagged,
            "the same windows are anomalous",
        );
        for (const d of byModel) {
            const i = windows.findIndex((w) => w.key === `${d.sensor} ${d.observedAt}`);
            assert.ok(Math.abs(d.score - ref.score[i]) <= 1e-6, `${d.sensor} ${d.observedAt}: zip ${d.score}, repo ${ref.score[i]}`);
            assert.equal(d.modelSha256, files.info.sha256);
        }

        // Without the node_modules of the zip (the zip as it was before), the same process cannot load ONNX Runtime
        fs.rmSync(path.join(task, "node_modules"), { recursive: true });
        const bare = runUnpacked(task, work);
        assert.equal(bare.result?.where.ort, "unresolved: MODULE_NOT_FOUND");
        assert.match(bare.out, /anomaly model not loaded; its sensors use the EWMA chart/);
        assert.match(bare.out, /Cannot find module 'onnxruntime-web'/);
        assert.equal(bare.result?.sent.filter((d) => d.model === "press-line").length, 0);
    });
});
