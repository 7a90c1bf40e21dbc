/**
 * Models in a local directory, as `fleet models train --out DIR` writes them (`DIR/<model>/model.json`
 * + `model.onnx`; DIR may also be one model's own directory): what `fleet edge run --models DIR` and
 * the edge-inference component's `--models DIR` read. Every problem is collected (a missing
 * directory, a model without its .onnx, a model.json that is not one, bytes whose SHA-256 or size
 * does not match model.json), each naming the file and the fix.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { checkModelInfo, verifyModelBytes, type ModelInfo } from "./format";

export interface LocalModel {
    dir: string;
    jsonFile: string;
    onnxFile: string;
    json: string;
    onnx: Uint8Array;
    info: ModelInfo;
}

const HOW = "fleet models train --out DIR writes DIR/<model>/model.json and model.onnx";

function readOne(dir: string, problems: string[]): LocalModel | undefined {
    const jsonFile = path.join(dir, "model.json");
    const onnxFile = path.join(dir, "model.onnx");
    if (!fs.existsSync(onnxFile)) {
        problems.push(`${onnxFile}: missing (model.json is there); copy the whole model directory (${HOW})`);
        return undefined;
    }
    const json = fs.readFileSync(jsonFile, "utf8");
    let raw: unknown;
    try {
        raw = JSON.parse(json);
    } catch (e) {
        problems.push(`${jsonFile}: not valid JSON (${(e as Error).message}); train the model again or copy it again`);
        return undefined;
    }
    const bad = checkModelInfo(raw);
    if (bad.length > 0) {
        problems.push(`${jsonFile}: ${bad.join("; ")}`);
        return undefined;
    }
    const info = raw as ModelInfo;
    const onnx = fs.readFileSync(onnxFile);
    const mismatch = verifyModelBytes(info, onnx, onnxFile);
    if (mismatch) {
        problems.push(mismatch);
        return undefined;
    }
    return { dir, jsonFile, onnxFile, json, onnx, info };
}

/** The models under `dir` (sorted by directory), or the problems that keep any of them from being used. */
export function readModelDir(dir: string): { models: LocalModel[]; problems: string[] } {
    const problems: string[] = [];
    let stat: fs.Stats | undefined;
    try {
        stat = fs.statSync(dir);
    } catch {
        return { models: [], problems: [`--models ${dir}: no such directory (${HOW})`] };
    }
    if (!stat.isDirectory()) return { models: [], problems: [`--models ${dir}: not a directory (${HOW})`] };
    const dirs = fs.existsSync(path.join(dir, "model.json"))
        ? [dir]
        : fs
              .readdirSync(dir, { withFileTypes: true })
              .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, "model.json")))
              .map((e) => path.join(dir, e.name))
              .sort();
    if (dirs.length === 0) return { models: [], problems: [`--models ${dir}: no model.json in it or in a folder under it (${HOW})`] };
    const models = dirs.map((d) => readOne(d, problems)).filter((m): m is LocalModel => m !== undefined);
    const seen = new Map<string, string>();
    for (const m of models) {
        const other = seen.get(m.info.name);
        if (other) problems.push(`${m.jsonFile}: model name ${JSON.stringify(m.info.name)} is also the name of ${other}; give each model its own name`);
        seen.set(m.info.name, m.jsonFile);
    }
    return { models, problems };
}

/** A problem for every sensor a model covers that is not one of `sensors` (the gateway's full sensor names). */
export function unknownSensors(models: readonly LocalModel[], sensors: readonly string[], where: string): string[] {
    const known = new Set(sensors);
    const problems: string[] = [];
    for (const m of models) {
        const unknown = m.info.sensors.filter((s) => !known.has(s));
        if (unknown.length === 0) continue;
        const list = sensors.length > 8 ? `${sensors.slice(0, 8).join(", ")}, ... (${sensors.length})` : sensors.join(", ");
        problems.push(
            `${m.jsonFile}: model ${JSON.stringify(m.info.name)} covers ${unknown.map((s) => JSON.stringify(s)).join(", ")}, which ${where} does not read (its sensors: ${list}); train it on this gateway's sensors`,
        );
    }
    return problems;
}
