/**
 * Retraining: the promotion rule, a candidate promoted or kept back on held-back data with
 * injected events, the SageMaker archive of the same model.onnx (read back by the system's tar),
 * and the retraining state machine checked by asl-validator.
 */
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Evaluation } from "../../src/models/evaluate";
import { bySensor } from "../../src/models/readings";
import { decide, injectEvents, retrain } from "../../src/models/retrain";
import { retrainingInput, retrainingStateMachine } from "../../src/models/retraining-workflow";
import { loadModel } from "../../src/models/runtime";
import { sagemakerArchive, tritonConfig } from "../../src/models/sagemaker";
import { makeSeries, type SensorShape } from "../../src/models/synthetic";
import { train } from "../../src/models/train";
import { modelFiles } from "../../src/models/publish";
import { TRAINED_AT, trainedModel } from "./helpers";

const aslValidator = require("asl-validator") as (d: unknown) => { isValid: boolean; errorsText: (sep?: string) => string };

const ev = (recall: number, falseAlarmRate: number) => ({ recall, falseAlarmRate }) as Evaluation;

describe("models: retraining", () => {
    it("promotes only a candidate that is not worse (recall -1 point, false alarms +0.1 point at most)", () => {
        assert.deepEqual(decide(ev(0.9, 0.01), undefined), { promote: true, reasons: ["no current model"] });
        assert.deepEqual(decide(ev(0.945, 0.0019), ev(0.95, 0.001)), { promote: true, reasons: ["not worse than the current model on held-back data"] });
        assert.deepEqual(decide(ev(0.93, 0.0021), ev(0.95, 0.001)), {
            promote: false,
            reasons: ["recall 0.9300 < current 0.9500 - 0.01", "false-alarm rate 0.00210 > current 0.00100 + 0.001"],
        });
    });

    it("injects labelled events of every kind into held-back readings without touching the originals", () => {
        const base = makeSeries({ readings: 2000, seed: 51, sensors: [{ name: "s", level: 10, amplitude: 2, period: 40, noise: 0.2 }] }).readings;
        const copy = base.map((r) => r.value);
        const { readings, events } = injectEvents(base, 1);
        assert.deepEqual(
            base.map((r) => r.value),
            copy,
        );
        assert.equal(events.length, 4);
        assert.deepEqual(
            events.map((e) => (e.to - e.from) / 1000 + 1),
            [1, 40, 40, 150],
        );
        // 6 × the spread of first differences (noise 0.2 plus the cycle's own steps): between 6σ and 8σ of the noise.
        const spike = readings[400].value - base[400].value;
        assert.ok(spike > 6 * 0.2 && spike < 8 * 0.2, `spike ${spike}`);
        assert.equal(readings[399].value, base[399].value);
    });

    it("keeps the current model when the candidate learned a different process, promotes one that is as good", async function () {
        this.timeout(60_000);
        const shape: SensorShape = { name: "spindle-load", level: 40, amplitude: 6, period: 45, noise: 0.6 };
        const normal = makeSeries({ readings: 3000, seed: 61, sensors: [shape] }).readings;
        const heldBack = makeSeries({ readings: 2400, seed: 62, sensors: [shape], start: Date.UTC(2026, 1, 1) }).readings;
        const good = train(bySensor(normal), { name: "spindle", trainedAt: TRAINED_AT });
        assert.ok(good.ok);
        const goodFiles = modelFiles(good.info);
        const current = await loadModel(goodFiles.json, goodFiles.onnx, { json: "c.json", onnx: "c.onnx" });

        const again = await retrain(bySensor(makeSeries({ readings: 3000, seed: 63, sensors: [shape] }).readings), heldBack, current, {
            name: "spindle",
            trainedAt: TRAINED_AT,
        });
        assert.equal(again.decision.promote, true, again.decision.reasons.join("; "));
        assert.ok(again.candidateEvaluation.recall >= 0.8, `recall ${again.candidateEvaluation.recall}`);

        const noisy = makeSeries({ readings: 3000, seed: 64, sensors: [{ ...shape, noise: 2.5 }] }).readings;
        const worse = await retrain(bySensor(noisy), heldBack, current, { name: "spindle", trainedAt: TRAINED_AT });
        assert.equal(worse.decision.promote, false);
        assert.match(worse.decision.reasons.join("; "), /^recall \d\.\d{4} < current \d\.\d{4} - 0\.01/);
    });

    it("builds SageMaker's Triton archive from the same model.onnx, reproducibly (read back by tar)", () => {
        const { files } = trainedModel();
        const a = sagemakerArchive("press-line", files.info, files.onnx);
        assert.deepEqual(Buffer.from(sagemakerArchive("press-line", files.info, files.onnx)), Buffer.from(a));
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-archive-"));
        try {
            fs.writeFileSync(path.join(dir, "model.tar.gz"), a);
            assert.deepEqual(execFileSync("tar", ["-tzf", "model.tar.gz"], { cwd: dir, encoding: "utf8" }).trim().split("\n"), [
                "press-line/",
                "press-line/config.pbtxt",
                "press-line/1/",
                "press-line/1/model.onnx",
            ]);
            execFileSync("tar", ["-xzf", "model.tar.gz"], { cwd: dir });
            assert.deepEqual(fs.readFileSync(path.join(dir, "press-line", "1", "model.onnx")), Buffer.from(files.onnx));
            assert.equal(fs.readFileSync(path.join(dir, "press-line", "config.pbtxt"), "utf8"), tritonConfig("press-line", files.info));
            assert.match(tritonConfig("press-line", files.info), /name: "window" data_type: TYPE_FP32 dims: \[ -1, 120 \]/);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("the retraining state machine passes asl-validator, and a broken variant does not", () => {
        const def = retrainingStateMachine({
            workgroup: "acme-analytics",
            database: "acme_lake",
            table: "telemetry",
            trainerFunctionArn: "arn:aws:lambda:eu-central-1:123456789012:function:acme-model-trainer",
            models: ["press-line"],
            days: 14,
        }) as { States: Record<string, Record<string, unknown>> };
        const r = aslValidator(def);
        assert.equal(r.isValid, true, r.errorsText("\n"));
        assert.match(JSON.stringify(def), /interval '14' day/);
        const broken = JSON.parse(JSON.stringify(def));
        broken.States.ExportReadings.Next = "Nowhere";
        assert.equal(aslValidator(broken).isValid, false);
        assert.throws(
            () => retrainingStateMachine({ workgroup: "w", database: "d", table: "t", trainerFunctionArn: "x", models: [], days: 1 }),
            /days must be 2-90/,
        );
        assert.equal(retrainingInput({ models: ["b", "a"] }), '{"models":["a","b"]}');
    });
});
