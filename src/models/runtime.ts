/**
 * Scoring with ONNX Runtime: the one code path the CLI, the gateway and the cloud scorer share, so
 * their scores agree. Uses onnxruntime-web's WebAssembly build (it runs in Node on x86_64,
 * aarch64 and armv7l; the .wasm ships in the npm package, nothing is downloaded at run time),
 * single-threaded: one scorer per core. Loads a model only after its bytes match model.json.
 */
import type * as ortTypes from "onnxruntime-web";
import { INPUT_SENSOR, INPUT_WINDOW, OUTPUT_ANOMALY, OUTPUT_PARTS, OUTPUT_SCORE, PARTS, checkModelInfo, verifyModelBytes, type ModelInfo } from "./format";
import { NOT_SCORED_TEXT, WindowStream, type NotScored } from "./stream";

type Ort = typeof ortTypes;
let ortModule: Ort | undefined;

function ort(): Ort {
    if (!ortModule) {
        ortModule = require("onnxruntime-web") as Ort;
        ortModule.env.wasm.numThreads = 1;
        ortModule.env.wasm.proxy = false;
        ortModule.env.logLevel = "error";
    }
    return ortModule;
}

export class ModelError extends Error {
    override name = "ModelError";
}

export interface Scoring {
    sensor: string;
    ts: number;
    value: number;
    /** null when not scored (see `reason`). */
    score: number | null;
    anomaly: boolean | null;
    /** burst, spike and level parts, each over its threshold. */
    parts?: [number, number, number];
    reason?: NotScored;
}

export interface LoadedModel {
    info: ModelInfo;
    session: ortTypes.InferenceSession;
    /** Milliseconds from the bytes to a ready session. */
    loadMs: number;
}

/** Parse and check model.json's text; throws ModelError naming the file and every problem. */
export function parseModelInfo(text: string, where: string): ModelInfo {
    let raw: unknown;
    try {
        raw = JSON.parse(text);
    } catch (e) {
        throw new ModelError(`${where}: not valid JSON (${(e as Error).message}); train the model again or copy it again`);
    }
    const problems = checkModelInfo(raw);
    if (problems.length > 0) throw new ModelError(`${where}: ${problems.join("; ")}`);
    return raw as ModelInfo;
}

/** Load a model from its model.json text and model.onnx bytes (SHA-256 checked first). */
export async function loadModel(infoText: string, bytes: Uint8Array, where: { json: string; onnx: string }): Promise<LoadedModel> {
    const info = parseModelInfo(infoText, where.json);
    const bad = verifyModelBytes(info, bytes, where.onnx);
    if (bad) throw new ModelError(bad);
    const start = performance.now();
    let session: ortTypes.InferenceSession;
    try {
        session = await ort().InferenceSession.create(bytes, { executionProviders: ["wasm"], graphOptimizationLevel: "all" });
    } catch (e) {
        throw new ModelError(`${where.onnx}: ONNX Runtime cannot load the model: ${(e as Error).message}`);
    }
    for (const name of [INPUT_WINDOW, INPUT_SENSOR]) {
        if (!session.inputNames.includes(name))
            throw new ModelError(`${where.onnx}: the graph has no input "${name}" (inputs: ${session.inputNames.join(", ")}); see docs/models.md`);
    }
    if (!session.outputNames.includes(OUTPUT_SCORE)) throw new ModelError(`${where.onnx}: the graph has no output "${OUTPUT_SCORE}"; see docs/models.md`);
    return { info, session, loadMs: performance.now() - start };
}

export interface BatchResult {
    score: Float32Array;
    anomaly: boolean[];
    /** `burst`, `spike`, `level` per window (row-major, PARTS order), when the graph has that output. */
    parts?: Float32Array;
}

/** Run the graph on a batch of windows (row-major, `window` values each). */
export async function runBatch(m: LoadedModel, windows: Float32Array, sensors: readonly number[]): Promise<BatchResult> {
    const o = ort();
    const n = sensors.length;
    const feeds = {
        [INPUT_WINDOW]: new o.Tensor("float32", windows, [n, m.info.window]),
        [INPUT_SENSOR]: new o.Tensor(
            "int64",
            BigInt64Array.from(sensors, (s) => BigInt(s)),
            [n],
        ),
    };
    const out = await m.session.run(feeds);
    const score = out[OUTPUT_SCORE].data as Float32Array;
    const threshold = m.info.scoreThreshold;
    const anomalyData = out[OUTPUT_ANOMALY]?.data as Uint8Array | boolean[] | undefined;
    const anomaly = Array.from(score, (s, i) => (anomalyData ? Boolean(anomalyData[i]) : s > threshold));
    const parts = out[OUTPUT_PARTS]?.data as Float32Array | undefined;
    return { score, anomaly, parts };
}

/** Run the graph on windows gathered one by one, each with its sensor index: one batch, results in their order. */
export async function runWindows(m: LoadedModel, items: readonly { index: number; window: Float32Array }[]): Promise<BatchResult> {
    const W = m.info.window;
    const windows = new Float32Array(items.length * W);
    items.forEach((x, i) => windows.set(x.window, i * W));
    return runBatch(
        m,
        windows,
        items.map((x) => x.index),
    );
}

/** Window `i`'s part scores by name (NaN without a `parts` output) and the reason of its anomaly: the largest part, else "score". */
export function anomalyParts(out: BatchResult, i: number): { parts: Record<string, number>; reason: string } {
    const parts: Record<string, number> = {};
    PARTS.forEach((p, k) => (parts[p] = out.parts ? out.parts[i * 3 + k] : NaN));
    const reason = out.parts ? PARTS.reduce((a, p) => (parts[p] > parts[a] ? p : a), PARTS[0]) : "score";
    return { parts, reason };
}

/**
 * Score readings in order (one pass, all sensors interleaved as they come); every reading gets a
 * result, scored or with the reason it was not.
 */
export async function scoreReadings(m: LoadedModel, readings: Iterable<{ sensor: string; ts: number; value: number }>, batchSize = 1024): Promise<Scoring[]> {
    const stream = new WindowStream(m.info);
    const results: Scoring[] = [];
    let pending: { at: number; index: number; window: Float32Array }[] = [];
    const flush = async () => {
        if (pending.length === 0) return;
        const out = await runWindows(m, pending);
        pending.forEach((p, i) => {
            const r = results[p.at];
            r.score = out.score[i];
            r.anomaly = out.anomaly[i];
            if (out.parts) r.parts = [out.parts[i * 3], out.parts[i * 3 + 1], out.parts[i * 3 + 2]];
        });
        pending = [];
    };
    for (const rd of readings) {
        const w = stream.push(rd.sensor, rd.ts, rd.value);
        const r: Scoring = { sensor: rd.sensor, ts: rd.ts, value: rd.value, score: null, anomaly: null };
        results.push(r);
        if (w.ok) pending.push({ at: results.length - 1, index: w.index, window: w.window });
        else r.reason = w.reason;
        if (pending.length >= batchSize) await flush();
    }
    await flush();
    return results;
}

export function notScoredText(reason: NotScored): string {
    return NOT_SCORED_TEXT[reason];
}
