/**
 * The region's anomaly models in the scorer: `ANOMALY_MODELS` names them, each read from the
 * artifacts bucket through its `models/<model>/current.json` pointer (re-read every few minutes, a
 * new version loaded when the pointer moves), SHA-256 checked, and scored with ONNX Runtime: the
 * same code as the gateway's edge inference (src/models/runtime). Sensors no model covers stay
 * with the EWMA chart. A model that cannot be loaded is logged and skipped (its sensors fall back
 * to the chart), never scored with a zero.
 */
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { checkPointer, modelKeys } from "../../src/models/publish";
import { loadModel, anomalyParts, runWindows, type LoadedModel } from "../../src/models/runtime";
import { WindowStream } from "../../src/models/stream";

const s3 = new S3Client({});
const POINTER_TTL_MS = 5 * 60 * 1000;

export interface ModelFinding {
    /** Position of the record in the batch. */
    at: number;
    model: string;
    modelSha256: string;
    score: number;
    reason: string;
    parts: Record<string, number>;
}

interface Slot {
    model: LoadedModel;
    /** Windows per site (sensor names are unique within a site). */
    streams: Map<string, WindowStream>;
}

async function text(bucket: string, key: string): Promise<string> {
    const res = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    if (!res.Body) throw new Error(`s3://${bucket}/${key}: empty`);
    return res.Body.transformToString();
}

async function bytes(bucket: string, key: string): Promise<Uint8Array> {
    const res = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    if (!res.Body) throw new Error(`s3://${bucket}/${key}: empty`);
    return res.Body.transformToByteArray();
}

export class RegionModels {
    private readonly slots = new Map<string, Slot>();
    private readonly bySensor = new Map<string, Slot>();
    private checkedAt = -Infinity;

    constructor(
        private readonly bucket: string,
        private readonly names: string[],
        private readonly log: (level: string, message: string, data?: Record<string, unknown>) => void,
    ) {}

    /** Re-read the pointers when they are older than the TTL; load versions that changed. */
    async refresh(now: number): Promise<void> {
        if (now - this.checkedAt < POINTER_TTL_MS) return;
        this.checkedAt = now;
        for (const name of this.names) {
            try {
                const where = `s3://${this.bucket}/${modelKeys.current(name)}`;
                const pointer = checkPointer(JSON.parse(await text(this.bucket, modelKeys.current(name))), where);
                if (this.slots.get(name)?.model.info.sha256 === pointer.sha256) continue;
                const model = await loadModel(await text(this.bucket, pointer.jsonKey), await bytes(this.bucket, pointer.onnxKey), {
                    json: `s3://${this.bucket}/${pointer.jsonKey}`,
                    onnx: `s3://${this.bucket}/${pointer.onnxKey}`,
                });
                if (model.info.sha256 !== pointer.sha256) throw new Error(`${where} names ${pointer.sha256}, model.json says ${model.info.sha256}`);
                this.slots.set(name, { model, streams: new Map() });
                this.log("INFO", "loaded anomaly model", {
                    model: name,
                    sha256: pointer.sha256,
                    sensors: model.info.sensors.length,
                    loadMs: Math.round(model.loadMs),
                });
            } catch (e) {
                this.log("ERROR", "anomaly model not loaded; its sensors use the EWMA chart", { model: name, error: (e as Error).message });
            }
        }
        this.bySensor.clear();
        for (const slot of this.slots.values()) for (const s of slot.model.info.sensors) if (!this.bySensor.has(s)) this.bySensor.set(s, slot);
    }

    covers(sensor: string): boolean {
        return this.bySensor.has(sensor);
    }

    /** Score telemetry records of covered sensors, in order; returns the anomalous ones. */
    async score(records: { at: number; site: string; sensor: string; ts: number; value: number }[]): Promise<ModelFinding[]> {
        const pending = new Map<Slot, { at: number; index: number; window: Float32Array }[]>();
        for (const r of records) {
            const slot = this.bySensor.get(r.sensor);
            if (!slot) continue;
            let stream = slot.streams.get(r.site);
            if (!stream) slot.streams.set(r.site, (stream = new WindowStream(slot.model.info)));
            const w = stream.push(r.sensor, r.ts, r.value);
            if (!w.ok) continue;
            const list = pending.get(slot) ?? [];
            list.push({ at: r.at, index: w.index, window: w.window });
            pending.set(slot, list);
        }
        const findings: ModelFinding[] = [];
        for (const [slot, list] of pending) {
            const out = await runWindows(slot.model, list);
            list.forEach((x, i) => {
                if (!out.anomaly[i]) return;
                const { parts, reason } = anomalyParts(out, i);
                findings.push({ at: x.at, model: slot.model.info.name, modelSha256: slot.model.info.sha256, score: out.score[i], reason, parts });
            });
        }
        return findings.sort((a, b) => a.at - b.at);
    }
}
