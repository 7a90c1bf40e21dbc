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
