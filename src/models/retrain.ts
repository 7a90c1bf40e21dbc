/**
 * Retraining (docs/models.md, "Retraining"): train a candidate on the last days of readings,
 * evaluate it and the current model on held-back readings with injected events of each kind
 * (scaled to each sensor's spread), and promote the candidate only if it is not worse. The same
 * code runs in the scheduled job and on a workstation. Pure except for ONNX Runtime.
 */
import { evaluate, type Evaluation, type LabelledEvent } from "./evaluate";
import { modelFiles, type ModelFiles } from "./publish";
import { bySensor, type Reading } from "./readings";
import { loadModel, scoreReadings, type LoadedModel } from "./runtime";
import { rng, gaussian, EVENT_KINDS } from "./synthetic";
import { train, type TrainOptions } from "./train";

/** Tolerances of "not worse": recall may drop by 1 point, the false-alarm rate rise by 0.1 point. */
export const NOT_WORSE = { recall: 0.01, falseAlarmRate: 0.001 };

export interface Decision {
    promote: boolean;
    reasons: string[];
}

export function decide(candidate: Evaluation, current: Evaluation | undefined): Decision {
    if (!current) return { promote: true, reasons: ["no current model"] };
    const reasons: string[] = [];
    if (candidate.recall < current.recall - NOT_WORSE.recall)
        reasons.push(`recall ${candidate.recall.toFixed(4)} < current ${current.recall.toFixed(4)} - ${NOT_WORSE.recall}`);
    if (candidate.falseAlarmRate > current.falseAlarmRate + NOT_WORSE.falseAlarmRate) {
        reasons.push(`false-alarm rate ${candidate.falseAlarmRate.toFixed(5)} > current ${current.falseAlarmRate.toFixed(5)} + ${NOT_WORSE.falseAlarmRate}`);
    }
    return reasons.length > 0 ? { promote: false, reasons } : { promote: true, reasons: ["not worse than the current model on held-back data"] };
}

/** Copies of held-back readings with events injected per sensor (every `spacing` readings, kinds in turn). */
export function injectEvents(readings: readonly Reading[], seed: number, spacing = 400): { readings: Reading[]; events: LabelledEvent[] } {
    const noise = gaussian(rng(seed));
    const out = readings.map((r) => ({ ...r }));
    const events: LabelledEvent[] = [];
    for (const [sensor, rs] of bySensor(out)) {
        const values = rs.map((r) => r.value);
        const mu = values.reduce((a, b) => a + b, 0) / values.length;
        const sd = Math.sqrt(values.reduce((a, b) => a + (b - mu) ** 2, 0) / Math.max(1, values.length - 1));
        // Sized against the spread of the first differences: the noise, not the cycle.
        const dsd = Math.sqrt(rs.slice(1).reduce((a, r, i) => a + (r.value - rs[i].value) ** 2, 0) / Math.max(1, rs.length - 1) / 2) || sd;
        let k = 0;
        for (let at = spacing; at + 160 < rs.length; at += spacing, k++) {
            const kind = EVENT_KINDS[k % EVENT_KINDS.length];
            const len = kind === "spike" ? 1 : kind === "drift" ? 150 : 40;
            for (let t = at; t < at + len; t++) {
                if (kind === "spike") rs[t].value += 6 * dsd;
                else if (kind === "shift") rs[t].value += 2 * dsd;
                else if (kind === "burst") rs[t].value += Math.sqrt(3) * dsd * noise();
                else rs[t].value += 3 * dsd * ((t - at + 1) / len);
            }
            events.push({ sensor, from: rs[at].ts, to: rs[at + len - 1].ts });
        }
    }
    return { readings: out, events };
}

export interface RetrainResult {
    candidate: ModelFiles;
    candidateEvaluation: Evaluation;
    currentEvaluation?: Evaluation;
    decision: Decision;
    warnings: string[];
}

/** Train on `training`, compare with `current` on `heldBack`; throws with every training problem. */
export async function retrain(
    training: Map<string, Reading[]>,
    heldBack: readonly Reading[],
    current: LoadedModel | undefined,
    options: Partial<TrainOptions> & Pick<TrainOptions, "name" | "trainedAt">,
    seed = 1,
): Promise<RetrainResult> {
    const t = train(training, options);
    if (!t.ok) throw new Error(`training ${options.name} failed:\n  ${t.problems.join("\n  ")}`);
    const candidate = modelFiles(t.info);
    const loaded = await loadModel(candidate.json, candidate.onnx, { json: "candidate/model.json", onnx: "candidate/model.onnx" });
    const test = injectEvents(heldBack, seed);
    const on = async (m: LoadedModel) => evaluate(await scoreReadings(m, test.readings), test.events, m.info.window);
    const candidateEvaluation = await on(loaded);
    const currentEvaluation = current ? await on(current) : undefined;
    return { candidate, candidateEvaluation, currentEvaluation, decision: decide(candidateEvaluation, currentEvaluation), warnings: t.warnings };
}
