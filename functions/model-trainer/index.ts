/**
 * model-trainer: one model of the scheduled retraining (src/models/retraining-workflow.ts). Input
 * `{model, csv: "s3://bucket/key.csv", heldBackDays}` from the Athena export; reads the readings,
 * holds back the last `heldBackDays` days, retrains with the same code as `fleet models train`
 * (src/models/retrain.ts), compares with the current version on the held-back readings, writes the
 * candidate content-addressed (model.onnx, model.json and SageMaker's model.tar.gz) and, only when
 * the candidate is not worse, moves `models/<model>/current.json` and copies its archive to the
 * key SageMaker's model reads (`models/<model>/model.tar.gz`).
 */
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { checkPointer, currentPointer, modelKeys, modelNameProblem } from "../../src/models/publish";
import { bySensor, parseReadings } from "../../src/models/readings";
import { retrain } from "../../src/models/retrain";
import { loadModel, type LoadedModel } from "../../src/models/runtime";
import { sagemakerArchive } from "../../src/models/sagemaker";
import { modelArchiveKey } from "../../src/region/ml";
import { log, requireEnv } from "../lib/kinesis";

const s3 = new S3Client({});
const DAY_MS = 24 * 3600 * 1000;

export interface TrainerInput {
    model: string;
    csv: string;
    heldBackDays?: number;
}

export interface TrainerOutput {
    model: string;
    sha256: string;
    promoted: boolean;
    reasons: string[];
    candidate: { recall: number; falseAlarmRate: number };
    current?: { recall: number; falseAlarmRate: number; sha256: string };
}

async function get(bucket: string, key: string): Promise<Uint8Array | undefined> {
    try {
        const res = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return res.Body ? await res.Body.transformToByteArray() : undefined;
    } catch (e) {
        if ((e as Error).name === "NoSuchKey") return undefined;
        throw e;
    }
}

async function put(bucket: string, key: string, body: Uint8Array | string, contentType: string): Promise<void> {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
}

async function currentModel(bucket: string, model: string): Promise<LoadedModel | undefined> {
    const raw = await get(bucket, modelKeys.current(model));
    if (!raw) return undefined;
    const pointer = checkPointer(JSON.parse(Buffer.from(raw).toString("utf8")), `s3://${bucket}/${modelKeys.current(model)}`);
    const [json, onnx] = await Promise.all([get(bucket, pointer.jsonKey), get(bucket, pointer.onnxKey)]);
    if (!json || !onnx) throw new Error(`s3://${bucket}/${modelKeys.current(model)} names a version that is not there (${pointer.sha256})`);
    return loadModel(Buffer.from(json).toString("utf8"), onnx, { json: pointer.jsonKey, onnx: pointer.onnxKey });
}

export async function handler(input: TrainerInput): Promise<TrainerOutput> {
    const bucket = requireEnv("ARTIFACTS_BUCKET");
    const bad = modelNameProblem(input.model);
    if (bad) throw new Error(bad);
    const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(input.csv);
    if (!m) throw new Error(`csv: expected s3://bucket/key, got ${JSON.stringify(input.csv)}`);
    const csv = await get(m[1], m[2]);
    if (!csv) throw new Error(`${input.csv}: not found`);
    const parsed = parseReadings(Buffer.from(csv).toString("utf8"), input.csv);
    if (parsed.problems.length > 0) log("WARN", "readings skipped", { problems: parsed.problems.slice(0, 10), count: parsed.problems.length });
    const end = Math.max(...parsed.readings.map((r) => r.ts));
    const cut = end - (input.heldBackDays ?? 1) * DAY_MS;
    const training = parsed.readings.filter((r) => r.ts <= cut);
    const heldBack = parsed.readings.filter((r) => r.ts > cut);
    const current = await currentModel(bucket, input.model);
    const now = new Date().toISOString();
    const r = await retrain(bySensor(training), heldBack, current, { name: input.model, trainedAt: now });
    const { info, onnx, json } = r.candidate;
    await put(bucket, modelKeys.onnx(input.model, info.sha256), onnx, "application/octet-stream");
    await put(bucket, modelKeys.json(input.model, info.sha256), json, "application/json");
    const archive = sagemakerArchive(input.model, info, onnx);
    await put(bucket, modelKeys.sagemaker(input.model, info.sha256), archive, "application/gzip");
    if (r.decision.promote) {
        // SageMaker's model reads the region's archive at a fixed key (src/region/ml.ts modelArchiveKey); an endpoint
        // created or updated after this run serves the promoted version
        await put(bucket, modelArchiveKey(input.model), archive, "application/gzip");
        await put(bucket, modelKeys.current(input.model), JSON.stringify(currentPointer(info, now)), "application/json");
    }
    const summary = (e: { recall: number; falseAlarmRate: number }) => ({ recall: e.recall, falseAlarmRate: e.falseAlarmRate });
    const out: TrainerOutput = {
        model: input.model,
        sha256: info.sha256,
        promoted: r.decision.promote,
        reasons: r.decision.reasons,
        candidate: summary(r.candidateEvaluation),
        ...(current && r.currentEvaluation ? { current: { ...summary(r.currentEvaluation), sha256: current.info.sha256 } } : {}),
    };
    log("INFO", r.decision.promote ? "promoted a retrained model" : "kept the current model", { ...out });
    return out;
}
