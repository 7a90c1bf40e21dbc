/**
 * The project's own ONNX writer: exact protobuf bytes for the encodings it relies on, and the
 * outside truth: ONNX Runtime loads what it writes and computes what the float64 reference does.
 */
import * as assert from "node:assert/strict";
import { encodeModel, DataType } from "../../src/models/onnx";
import { ProtoWriter } from "../../src/models/protobuf";
import { loadModel, runBatch, ModelError } from "../../src/models/runtime";
import { WindowStream } from "../../src/models/stream";
import { makeSeries } from "../../src/models/synthetic";
import { scoreWindow } from "../../src/models/window-model";
import { sha256Hex } from "../../src/models/format";
import { loadedModel, trainedModel } from "./helpers";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

describe("models: protobuf writer", () => {
    it("encodes varints, negative int64s, strings, floats and packed fields as the protobuf spec says", () => {
        assert.equal(hex(new ProtoWriter().varint(1).finish()), "01");
        assert.equal(hex(new ProtoWriter().varint(300).finish()), "ac02");
        assert.equal(hex(new ProtoWriter().varint(2 ** 40).finish()), "8080808080" + "20");
        assert.equal(hex(new ProtoWriter().intField(1, -1).finish()), "08ffffffffffffffffff01");
        assert.equal(hex(new ProtoWriter().stringField(2, "testing").finish()), "120774657374696e67");
        assert.equal(hex(new ProtoWriter().floatField(2, 1).finish()), "150000803f");
        assert.equal(hex(new ProtoWriter().packedInts(4, [3, 270, 86942]).finish()), "2206038e029ea705");
        assert.equal(hex(new ProtoWriter().packedFloats(4, [1, -2]).finish()), "22080000803f000000c0");
        assert.throws(() => new ProtoWriter().varint(-1), /non-negative safe integer, got -1/);
        assert.throws(() => new ProtoWriter().int64(0.5), /safe integer, got 0.5/);
    });
});

describe("models: ONNX graphs in ONNX Runtime", () => {
    it("a hand-made graph (y = x * w + b, bool output) runs with the expected values", async () => {
        const bytes = encodeModel({
            graphName: "tiny",
            producer: "test",
            producerVersion: "1",
            opset: 17,
            inputs: [
                { name: "window", type: DataType.FLOAT, shape: ["N", 2] },
                { name: "sensor", type: DataType.INT64, shape: ["N"] },
            ],
            outputs: [
                { name: "score", type: DataType.FLOAT, shape: ["N"] },
                { name: "anomaly", type: DataType.BOOL, shape: ["N"] },
            ],
            initializers: [
                { name: "w", dims: [2, 1], type: "float", values: [2, -1] },
                { name: "axes", dims: [1], type: "int64", values: [1] },
                { name: "one", dims: [], type: "float", values: [1] },
            ],
            nodes: [
                { op: "MatMul", inputs: ["window", "w"], outputs: ["y2"] },
                { op: "Squeeze", inputs: ["y2", "axes"], outputs: ["score"] },
                { op: "Greater", inputs: ["score", "one"], outputs: ["anomaly"] },
            ],
            metadata: {},
        });
        const info = {
            format: "fleet-window-model",
            formatVersion: 1,
            name: "tiny",
            window: 2,
            order: 1,
            burstLength: 1,
            gapFactor: 3,
            sensors: ["a"],
            models: [],
            scoreThreshold: 1,
            sha256: sha256Hex(bytes),
            bytes: bytes.length,
        };
        const m = await loadModel(JSON.stringify(info), bytes, { json: "tiny.json", onnx: "tiny.onnx" });
        const out = await runBatch(m, Float32Array.from([1, 0, 3, 5.5, 0.25, 0.25]), [0, 0, 0]);
        assert.deepEqual(Array.from(out.score), [2, 0.5, 0.25]);
        assert.deepEqual(out.anomaly, [true, false, false]);
    });

    it("the trained model's graph computes the float64 reference scores (relative error < 1e-4) and loads with its contract", async () => {
        const m = await loadedModel();
        assert.deepEqual([...m.session.inputNames].sort(), ["sensor", "window"]);
        assert.deepEqual([...m.session.outputNames].sort(), ["anomaly", "parts", "score"]);
        const test = makeSeries({ readings: 600, seed: 3, eventsPerSensor: 2 });
        const stream = new WindowStream(m.info);
        const windows: { index: number; window: Float32Array }[] = [];
        for (const r of test.readings) {
            const w = stream.push(r.sensor, r.ts, r.value);
            if (w.ok) windows.push(w);
        }
        assert.equal(windows.length, 3 * (600 - m.info.window + 1));
        const flat = new Float32Array(windows.length * m.info.window);
        windows.forEach((w, i) => flat.set(w.window, i * m.info.window));
        const out = await runBatch(
            m,
            flat,
            windows.map((w) => w.index),
        );
        let worst = 0;
        let flagged = 0;
        windows.forEach((w, i) => {
            const ref = scoreWindow(m.info, m.info.models[w.index], Array.from(w.window));
            worst = Math.max(worst, Math.abs(ref.score - out.score[i]) / Math.max(1, ref.score));
            for (let k = 0; k < 3; k++) assert.ok(Math.abs(ref.parts[k] - out.parts![i * 3 + k]) / Math.max(1, ref.parts[k]) < 1e-4, `part ${k}`);
            assert.equal(out.anomaly[i], out.score[i] > 1);
            if (out.anomaly[i]) flagged++;
        });
        assert.ok(worst < 1e-4, `worst relative difference ${worst}`);
        assert.ok(flagged > 0 && flagged < windows.length / 2, `flagged ${flagged} of ${windows.length}`);
    });

    it("refuses a truncated model, a SHA-256 mismatch and a graph that breaks the contract, naming the file", async () => {
        const { files } = trainedModel();
        const cut = files.onnx.subarray(0, files.onnx.length - 10);
        await assert.rejects(
            loadModel(files.json, cut, { json: "m/model.json", onnx: "m/model.onnx" }),
            (e: Error) =>
                e instanceof ModelError &&
                e.message === `m/model.onnx: ${cut.length} bytes, model.json says ${files.onnx.length} (truncated or replaced file); copy the model again`,
        );
        const flipped = Uint8Array.from(files.onnx);
        flipped[100] ^= 1;
        await assert.rejects(
            loadModel(files.json, flipped, { json: "m/model.json", onnx: "m/model.onnx" }),
            /m\/model.onnx: SHA-256 [0-9a-f]{64} does not match model.json \([0-9a-f]{64}\); copy the model again/,
        );
        const garbage = new TextEncoder().encode("not an onnx file at all");
        const info = { ...files.info, sha256: sha256Hex(garbage), bytes: garbage.length };
        await assert.rejects(
            loadModel(JSON.stringify(info), garbage, { json: "g.json", onnx: "g.onnx" }),
            /^ModelError: g.onnx: ONNX Runtime cannot load the model/,
        );
        await assert.rejects(loadModel("{", files.onnx, { json: "bad.json", onnx: "x" }), /bad.json: not valid JSON/);
        await assert.rejects(
            loadModel(JSON.stringify({ ...files.info, sensors: [], window: 0 }), files.onnx, { json: "b.json", onnx: "x" }),
            (e: Error) => e.message === "b.json: window: expected a positive integer, got 0; sensors: expected a non-empty list of sensor names",
        );
    });
});
