/**
 * A trained model as files: `model.onnx` and `model.json` (with the ONNX file's SHA-256), and
 * the content-addressed keys under which the artifacts bucket keeps them. Pure.
 */
import { sha256Hex, type ModelInfo } from "./format";
import { graphBytes } from "./window-model";

/** Model names become S3 key segments and file names. */
export const MODEL_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

export function modelNameProblem(name: string): string | undefined {
    return MODEL_NAME.test(name)
        ? undefined
        : `model name ${JSON.stringify(name)} must be 1-63 lower-case letters, digits and dashes, starting with a letter or digit`;
}

export interface ModelFiles {
    info: ModelInfo;
    onnx: Uint8Array;
    json: string;
}

/** model.onnx and model.json of a trained model. */
export function modelFiles(trained: Omit<ModelInfo, "sha256" | "bytes">): ModelFiles {
    const onnx = graphBytes(trained);
    const info: ModelInfo = { ...trained, sha256: sha256Hex(onnx), bytes: onnx.length };
    return { info, onnx, json: `${JSON.stringify(info, null, 2)}\n` };
}

/** Artifacts-bucket keys: versions are content-addressed and never overwritten; `current.json` points at one. */
export const modelKeys = {
    prefix: (model: string) => `models/${model}/`,
    onnx: (model: string, sha256: string) => `models/${model}/${sha256}/model.onnx`,
    json: (model: string, sha256: string) => `models/${model}/${sha256}/model.json`,
    sagemaker: (model: string, sha256: string) => `models/${model}/${sha256}/model.tar.gz`,
    current: (model: string) => `models/${model}/current.json`,
};

/** The `current.json` pointer. */
export interface CurrentPointer {
    model: string;
    sha256: string;
    onnxKey: string;
    jsonKey: string;
    promotedAt: string;
    sensors: string[];
}

export function currentPointer(info: ModelInfo, promotedAt: string): CurrentPointer {
    return {
        model: info.name,
        sha256: info.sha256,
        onnxKey: modelKeys.onnx(info.name, info.sha256),
        jsonKey: modelKeys.json(info.name, info.sha256),
        promotedAt,
        sensors: info.sensors,
    };
}

export function checkPointer(raw: unknown, where: string): CurrentPointer {
    const p = raw as Partial<CurrentPointer> | null;
    const problems: string[] = [];
    if (typeof p !== "object" || p === null) throw new Error(`${where}: expected a JSON object`);
    if (typeof p.model !== "string" || modelNameProblem(p.model)) problems.push(`model: ${JSON.stringify(p.model)} is not a model name`);
    if (typeof p.sha256 !== "string" || !/^[0-9a-f]{64}$/.test(p.sha256)) problems.push(`sha256: expected 64 hex digits, got ${JSON.stringify(p.sha256)}`);
    if (typeof p.model === "string" && typeof p.sha256 === "string") {
        if (p.onnxKey !== modelKeys.onnx(p.model, p.sha256))
            problems.push(`onnxKey: expected ${modelKeys.onnx(p.model, p.sha256)}, got ${JSON.stringify(p.onnxKey)}`);
        if (p.jsonKey !== modelKeys.json(p.model, p.sha256))
            problems.push(`jsonKey: expected ${modelKeys.json(p.model, p.sha256)}, got ${JSON.stringify(p.jsonKey)}`);
    }
    if (!Array.isArray(p.sensors)) problems.push("sensors: expected a list of sensor names");
    if (problems.length > 0) throw new Error(`${where}: ${problems.join("; ")}`);
    return p as CurrentPointer;
}
