/**
 * The per-sensor window model as numbers, as a reference scorer in float64, and as an ONNX graph.
 *
 * A window is the last `W` readings of one sensor, oldest first. Every feature is linear in the
 * normalised window, so the whole model is one matrix per sensor: `features = ((x - center) /
 * scale) · M[s] + C[s]`, whose columns are
 *   - `burstLength` one-step prediction residuals of an autoregressive model (the last readings),
 *     scaled so that the root of their sum of squares is the burst part;
 *   - the latest reading's residual, scaled so that its magnitude is the spike part;
 *   - the window mean (over the sensor's own window, one process cycle when there is one), scaled
 *     so that its distance from the training mean is the level part.
 * Each part is divided by its threshold, so `score = max(parts)` and an anomaly is `score > 1`.
 * Pure.
 */
import { encodeModel, DataType, type OnnxModel, type OnnxNode } from "./onnx";
import { INPUT_SENSOR, INPUT_WINDOW, OUTPUT_ANOMALY, OUTPUT_PARTS, OUTPUT_SCORE, type ModelInfo, type SensorModel } from "./format";

export const OPSET = 17;

/** Column weights (W × F, row-major) and bias (F) of one sensor's feature matrix. */
export function featureMatrix(s: SensorModel, window: number, burstLength: number): { weights: Float64Array; bias: Float64Array } {
    const F = burstLength + 2;
    const weights = new Float64Array(window * F);
    const bias = new Float64Array(F);
    const p = s.ar.length;
    const residualColumn = (col: number, t: number, factor: number) => {
        // r_t = x_t - intercept - Σ a_i x_{t-i}
        weights[t * F + col] += factor;
        for (let i = 1; i <= p; i++) weights[(t - i) * F + col] -= factor * s.ar[i - 1];
        bias[col] = -factor * s.intercept;
    };
    const burstFactor = 1 / (s.residualSd * s.thresholds.burst * Math.sqrt(burstLength));
    for (let j = 0; j < burstLength; j++) residualColumn(j, window - burstLength + j, burstFactor);
    residualColumn(burstLength, window - 1, 1 / (s.residualSd * s.thresholds.spike));
    const levelFactor = 1 / (s.window * s.levelSd * s.thresholds.level);
    for (let t = window - s.window; t < window; t++) weights[t * F + burstLength + 1] = levelFactor;
    bias[burstLength + 1] = -s.levelMean / (s.levelSd * s.thresholds.level);
    return { weights, bias };
}

export interface Scored {
    score: number;
    /** burst, spike, level: each part over its threshold. */
    parts: [number, number, number];
}

/** Score one window (float64 reference; the ONNX graph computes the same in float32). */
export function scoreWindow(
    info: Pick<ModelInfo, "window" | "burstLength">,
    s: SensorModel,
    values: ArrayLike<number>,
    matrix = featureMatrix(s, info.window, info.burstLength),
): Scored {
    if (values.length !== info.window) throw new RangeError(`window of ${values.length} readings; the model takes ${info.window}`);
    const { weights, bias } = matrix;
    const F = info.burstLength + 2;
    const f = Float64Array.from(bias);
    for (let t = 0; t < info.window; t++) {
        const x = (values[t] - s.center) / s.scale;
        if (x === 0) continue;
        for (let j = 0; j < F; j++) f[j] += x * weights[t * F + j];
    }
    let ss = 0;
    for (let j = 0; j < info.burstLength; j++) ss += f[j] * f[j];
    const parts: [number, number, number] = [Math.sqrt(ss), Math.abs(f[info.burstLength]), Math.abs(f[info.burstLength + 1])];
    return { score: Math.max(...parts), parts };
}

/** The ONNX graph of a trained model (inputs `window` [N,W] float, `sensor` [N] int64). */
export function buildGraph(info: Omit<ModelInfo, "sha256" | "bytes">): OnnxModel {
    const W = info.window;
    const F = info.burstLength + 2;
    const S = info.models.length;
    const M = new Float64Array(S * W * F);
    const C = new Float64Array(S * F);
    info.models.forEach((s, i) => {
        const { weights, bias } = featureMatrix(s, W, info.burstLength);
        M.set(weights, i * W * F);
        C.set(bias, i * F);
    });
    const n = (op: string, inputs: string[], outputs: string[], attributes?: OnnxNode["attributes"]): OnnxNode => ({
        op,
        inputs,
        outputs,
        name: outputs[0],
        attributes,
    });
    const nodes: OnnxNode[] = [
        n("Gather", ["center", INPUT_SENSOR], ["center_n"], [{ name: "axis", int: 0 }]),
        n("Gather", ["inv_scale", INPUT_SENSOR], ["inv_scale_n"], [{ name: "axis", int: 0 }]),
        n("Unsqueeze", ["center_n", "axis1"], ["center_n1"]),
        n("Unsqueeze", ["inv_scale_n", "axis1"], ["inv_scale_n1"]),
        n("Sub", [INPUT_WINDOW, "center_n1"], ["centered"]),
        n("Mul", ["centered", "inv_scale_n1"], ["normalised"]),
        n("Unsqueeze", ["normalised", "axis1"], ["normalised3"]),
        n("Gather", ["weights", INPUT_SENSOR], ["weights_n"], [{ name: "axis", int: 0 }]),
        n("MatMul", ["normalised3", "weights_n"], ["features3"]),
        n("Squeeze", ["features3", "axis1"], ["features_raw"]),
        n("Gather", ["bias", INPUT_SENSOR], ["bias_n"], [{ name: "axis", int: 0 }]),
        n("Add", ["features_raw", "bias_n"], ["features"]),
        n("Slice", ["features", "burst_start", "burst_end", "axis1"], ["burst_terms"]),
        n("Mul", ["burst_terms", "burst_terms"], ["burst_squares"]),
        n("ReduceSum", ["burst_squares", "axis1"], ["burst_sum"], [{ name: "keepdims", int: 1 }]),
        n("Sqrt", ["burst_sum"], ["burst"]),
        n("Slice", ["features", "burst_end", "features_end", "axis1"], ["point_terms"]),
        n("Abs", ["point_terms"], ["spike_level"]),
        n("Concat", ["burst", "spike_level"], [OUTPUT_PARTS], [{ name: "axis", int: 1 }]),
        n(
            "ReduceMax",
            [OUTPUT_PARTS],
            [OUTPUT_SCORE],
            [
                { name: "axes", ints: [1] },
                { name: "keepdims", int: 0 },
            ],
        ),
        n("Greater", [OUTPUT_SCORE, "score_threshold"], [OUTPUT_ANOMALY]),
    ];
    return {
        graphName: `fleet-window-model-${info.name}`,
        producer: info.producer,
        producerVersion: String(info.formatVersion),
        opset: OPSET,
        docString: "fleet per-sensor window model: score = max(burst, spike, level) over thresholds; anomaly = score > 1 (docs/models.md)",
        inputs: [
            { name: INPUT_WINDOW, type: DataType.FLOAT, shape: ["N", W] },
            { name: INPUT_SENSOR, type: DataType.INT64, shape: ["N"] },
        ],
        outputs: [
            { name: OUTPUT_SCORE, type: DataType.FLOAT, shape: ["N"] },
            { name: OUTPUT_ANOMALY, type: DataType.BOOL, shape: ["N"] },
            { name: OUTPUT_PARTS, type: DataType.FLOAT, shape: ["N", 3] },
        ],
        initializers: [
            { name: "center", dims: [S], type: "float", values: info.models.map((s) => s.center) },
            { name: "inv_scale", dims: [S], type: "float", values: info.models.map((s) => 1 / s.scale) },
            { name: "weights", dims: [S, W, F], type: "float", values: M },
            { name: "bias", dims: [S, F], type: "float", values: C },
            { name: "axis1", dims: [1], type: "int64", values: [1] },
            { name: "burst_start", dims: [1], type: "int64", values: [0] },
            { name: "burst_end", dims: [1], type: "int64", values: [info.burstLength] },
            { name: "features_end", dims: [1], type: "int64", values: [F] },
            { name: "score_threshold", dims: [], type: "float", values: [info.scoreThreshold] },
        ],
        nodes,
        metadata: { "fleet.model": info.name, "fleet.sensors": info.sensors.join(","), "fleet.window": String(W) },
    };
}

export function graphBytes(info: Omit<ModelInfo, "sha256" | "bytes">): Uint8Array {
    return encodeModel(buildGraph(info));
}
