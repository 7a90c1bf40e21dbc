/** The trainer function of the scheduled retraining, AWS clients mocked: versions are content-addressed, current.json moves only for a candidate that is not worse. */
import * as assert from "node:assert/strict";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { handler } from "../../functions/model-trainer";
import { modelKeys } from "../../src/models/publish";
import { makeSeries, toCsv, type SensorShape } from "../../src/models/synthetic";
import { saveSend } from "./helpers";

describe("functions: model-trainer", () => {
    const env = process.env.ARTIFACTS_BUCKET;
    let restoreSend: () => void;
    let s3: ReturnType<typeof mockClient>;
    before(() => {
        restoreSend = saveSend([S3Client]);
        s3 = mockClient(S3Client);
    });
    after(() => {
        if (env === undefined) delete process.env.ARTIFACTS_BUCKET;
        else process.env.ARTIFACTS_BUCKET = env;
        s3.restore();
        restoreSend();
    });

    it("first run: writes the version (onnx, json, SageMaker archive) and promotes it; a worse retrain keeps it", async function () {
        this.timeout(60_000);
        process.env.ARTIFACTS_BUCKET = "acme-artifacts";
        const store = new Map<string, Uint8Array>();
        s3.reset();
        s3.on(GetObjectCommand).callsFake((input: { Bucket: string; Key: string }) => {
            const b = store.get(`${input.Bucket}/${input.Key}`);
            if (!b) throw Object.assign(new Error("NoSuchKey"), { name: "NoSuchKey" });
            return { Body: { transformToByteArray: async () => b } };
        });
        s3.on(PutObjectCommand).callsFake((input: { Bucket: string; Key: string; Body: Uint8Array | string }) => {
            store.set(`${input.Bucket}/${input.Key}`, typeof input.Body === "string" ? Buffer.from(input.Body) : input.Body);
            return {};
        });
        const shape: SensorShape = { name: "spindle-load", level: 40, amplitude: 6, period: 45, noise: 0.6 };
        // 10 s sampling: 2 days of readings, the last one held back.
        const csv = (noise: number, seed: number) => toCsv(makeSeries({ readings: 17_280, intervalMs: 10_000, seed, sensors: [{ ...shape, noise }] }).readings);
        store.set("acme-athena/results/q1.csv", Buffer.from(csv(0.6, 71)));
        const first = await handler({ model: "spindle", csv: "s3://acme-athena/results/q1.csv" });
        assert.equal(first.promoted, true);
        assert.deepEqual(first.reasons, ["no current model"]);
        for (const key of [modelKeys.onnx("spindle", first.sha256), modelKeys.json("spindle", first.sha256), modelKeys.sagemaker("spindle", first.sha256)]) {
            assert.ok(store.has(`acme-artifacts/${key}`), key);
        }
        const pointer = JSON.parse(Buffer.from(store.get(`acme-artifacts/${modelKeys.current("spindle")}`)!).toString("utf8"));
        assert.equal(pointer.sha256, first.sha256);
        // SageMaker's fixed key holds the promoted version's archive, byte for byte
        assert.deepEqual(store.get("acme-artifacts/models/spindle/model.tar.gz"), store.get(`acme-artifacts/${modelKeys.sagemaker("spindle", first.sha256)}`));

        // The held-back day of the next export is normal (noise 0.6); the candidate learned a noisier process.
        const noisyTraining = makeSeries({ readings: 8_640, intervalMs: 10_000, seed: 72, sensors: [{ ...shape, noise: 2.5 }] }).readings;
        const normalDay = makeSeries({
            readings: 8_640,
            intervalMs: 10_000,
            seed: 73,
            sensors: [shape],
            start: noisyTraining[noisyTraining.length - 1].ts + 10_000,
        }).readings;
        store.set("acme-athena/results/q2.csv", Buffer.from(toCsv([...noisyTraining, ...normalDay])));
        const second = await handler({ model: "spindle", csv: "s3://acme-athena/results/q2.csv" });
        assert.equal(second.promoted, false, second.reasons.join("; "));
        assert.equal(second.current?.sha256, first.sha256);
        assert.notEqual(second.sha256, first.sha256);
        assert.ok(store.has(`acme-artifacts/${modelKeys.onnx("spindle", second.sha256)}`), "the candidate is kept for inspection");
        assert.equal(JSON.parse(Buffer.from(store.get(`acme-artifacts/${modelKeys.current("spindle")}`)!).toString("utf8")).sha256, first.sha256);
        assert.deepEqual(store.get("acme-artifacts/models/spindle/model.tar.gz"), store.get(`acme-artifacts/${modelKeys.sagemaker("spindle", first.sha256)}`));
        await assert.rejects(handler({ model: "Bad Name", csv: "s3://a/b" }), /model name "Bad Name" must be/);
        await assert.rejects(handler({ model: "spindle", csv: "https://x/y.csv" }), /csv: expected s3:\/\/bucket\/key, got "https:\/\/x\/y.csv"/);
    });
});
