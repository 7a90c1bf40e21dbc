/**
 * The model format: `model.json` beside `model.onnx`. model.json says which sensors the graph
 * covers (their index is the graph's `sensor` input), the window length, the thresholds, what
 * the model was trained on, and the SHA-256 of model.onnx; readers refuse a model whose file
 * does not match it. Pure (types, validation, hashing of bytes).
 */
import { createHash } from "node:crypto";

export const MODEL_FORMAT = "fleet-window-model";
export const MODEL_FORMAT_VERSION = 1;
/** The graph's contract (docs/models.md, "Bring your own model"). */
export const INPUT_WINDOW = "window";
export const INPUT_SENSOR = "sensor";
export const OUTPUT_SCORE = "score";
export const OUTPUT_ANOMALY = "anomaly";
export const OUTPUT_PARTS = "parts";
/** The order of the `parts` output's columns. */
export const PARTS = ["burst", "spike", "level"] as const;
export type Part = (typeof PARTS)[number];

export interface Thresholds {
    /** Root mean square of the last `burstLength` prediction residuals, in residual standard deviations. */
    burst: number;
    /** The latest reading's prediction residual, in residual standard deviations. */
    spike: number;
    /** The window mean's distance from the training mean, in standard deviations of the window mean. */
    level: number;
}

export interface TrainingSummary {
    readings: number;
    from: number;
    to: number;
    min: number;
    max: number;
    mean: number;
    sd: number;
    /** Median sampling interval, ms. */
    intervalMs: number;
    /** Pauses longer than `gapFactor` sampling intervals: windows never span them. */
    gaps: number;
    /** Windows the thresholds were calibrated on. */
    windows: number;
    /** Share of those windows the model flags (its false-alarm rate on its own training data). */
    trainingAlarmRate: number;
}

export interface SensorModel {
    name: string;
    /** Readings that the level feature averages (≤ the model's window). */
    window: number;
    /** Dominant cycle found in the training data, in readings (null: none). */
    period: number | null;
    center: number;
    scale: number;
    /** Autoregressive coefficients a1..ap on normalised values (x_t ≈ intercept + Σ a_i x_{t-i}). */
    ar: number[];
    intercept: number;
    residualSd: number;
    levelMean: number;
    levelSd: number;
    thresholds: Thresholds;
    training: TrainingSummary;
}

export interface ModelInfo {
    format: typeof MODEL_FORMAT;
    formatVersion: number;
    name: string;
    /** Readings per window: the graph's `window` input is [N, window]. */
    window: number;
    order: number;
    burstLength: number;
    /** A pause longer than gapFactor × the sensor's sampling interval starts a new window. */
    gapFactor: number;
    /** Sensor names in graph index order. */
    sensors: string[];
    models: SensorModel[];
    /** An anomaly is a window whose score exceeds this (1: thresholds are folded into the graph). */
    scoreThreshold: number;
    trainedAt: string;
    producer: string;
    /** SHA-256 (hex) of model.onnx. */
    sha256: string;
    /** Bytes of model.onnx. */
    bytes: number;
}

export function sha256Hex(bytes: Uint8Array): string {
    return createHash("sha256").update(bytes).digest("hex");
}

const isNum = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

/** Problems with a parsed model.json, each naming the field and what is accepted. Empty when valid. */
export function checkModelInfo(raw: unknown): string[] {
    const problems: string[] = [];
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return ["model.json must hold a JSON object"];
    const m = raw as Record<string, unknown>;
    if (m.format !== MODEL_FORMAT) problems.push(`format: expected "${MODEL_FORMAT}", got ${JSON.stringify(m.format)}`);
    if (m.formatVersion !== MODEL_FORMAT_VERSION) problems.push(`formatVersion: expected ${MODEL_FORMAT_VERSION}, got ${JSON.stringify(m.formatVersion)}`);
    if (typeof m.name !== "string" || !m.name) problems.push("name: expected a non-empty string");
    for (const k of ["window", "order", "burstLength", "bytes"] as const) {
        if (!Number.isInteger(m[k]) || (m[k] as number) < 1) problems.push(`${k}: expected a positive integer, got ${JSON.stringify(m[k])}`);
    }
    for (const k of ["gapFactor", "scoreThreshold"] as const) if (!isNum(m[k])) problems.push(`${k}: expected a number, got ${JSON.stringify(m[k])}`);
    if (typeof m.sha256 !== "string" || !/^[0-9a-f]{64}$/.test(m.sha256))
        problems.push(`sha256: expected 64 lower-case hex digits, got ${JSON.stringify(m.sha256)}`);
    if (!Array.isArray(m.sensors) || m.sensors.length === 0 || !m.sensors.every((s) => typeof s === "string" && s)) {
        problems.push("sensors: expected a non-empty list of sensor names");
    } else if (new Set(m.sensors).size !== m.sensors.length) {
        problems.push("sensors: names must be unique");
    }
    if (m.models !== undefined && !Array.isArray(m.models)) problems.push("models: expected a list");
    return problems;
}

/** Check model.onnx's bytes against model.json: a truncated or replaced file is refused. */
export function verifyModelBytes(info: Pick<ModelInfo, "sha256" | "bytes">, bytes: Uint8Array, where: string): string | undefined {
    if (bytes.length !== info.bytes) return `${where}: ${bytes.length} bytes, model.json says ${info.bytes} (truncated or replaced file); copy the model again`;
    const got = sha256Hex(bytes);
    if (got !== info.sha256) return `${where}: SHA-256 ${got} does not match model.json (${info.sha256}); copy the model again`;
    return undefined;
}
