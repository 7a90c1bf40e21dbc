/** Shared by the model tests: one trained model and one ONNX Runtime session per test run (loading the runtime takes seconds). */
import { loadModel, type LoadedModel } from "../../src/models/runtime";
import { bySensor } from "../../src/models/readings";
import { makeSeries, type Series } from "../../src/models/synthetic";
import { train } from "../../src/models/train";
import { modelFiles, type ModelFiles } from "../../src/models/publish";

export const TRAINED_AT = "2026-12-06T00:00:00.000Z";

let cached: { files: ModelFiles; normal: Series } | undefined;

/** A model of the three default synthetic sensors, trained on 4,000 normal readings each (seed 11). */
export function trainedModel(): { files: ModelFiles; normal: Series } {
    if (!cached) {
        const normal = makeSeries({ readings: 4000, seed: 11 });
        const r = train(bySensor(normal.readings), { name: "press-line", trainedAt: TRAINED_AT });
        if (!r.ok) throw new Error(r.problems.join("\n"));
        cached = { files: modelFiles(r.info), normal };
    }
    return cached;
}

let session: Promise<LoadedModel> | undefined;

export function loadedModel(): Promise<LoadedModel> {
    const { files } = trainedModel();
    session ??= loadModel(files.json, files.onnx, { json: "model.json", onnx: "model.onnx" });
    return session;
}

type SendOwner = { prototype: { send: unknown } };

/**
 * aws-sdk-client-mock stubs `Client.prototype.send` for every instance, and other test files
 * install their stubs when mocha loads them. Save what is there now and put it back later, so a
 * test can use its own stub (or the real client) without breaking theirs.
 */
export function saveSend(clients: SendOwner[]): () => void {
    const saved = clients.map((c) => [c, c.prototype.send] as const);
    return () => {
        for (const [c, send] of saved) c.prototype.send = send;
    };
}

/** The real `send` of a client class, even while another test file's stub is installed. */
export function useRealSend(client: SendOwner): void {
    const send = client.prototype.send as { wrappedMethod?: unknown };
    if (typeof send.wrappedMethod === "function") client.prototype.send = send.wrappedMethod;
}
