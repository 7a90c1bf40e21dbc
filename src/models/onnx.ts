/**
 * Serialise a small ONNX model (ModelProto) from a plain description. Field numbers are those of
 * onnx/onnx.proto (https://github.com/onnx/onnx/blob/main/onnx/onnx.proto, IR version 8): only
 * what a graph of standard operators with float/int64 initializers needs. Pure.
 */
import { ProtoWriter } from "./protobuf";
import { cmp } from "../util/compare";

/** TensorProto.DataType values (onnx.proto). */
export const DataType = { FLOAT: 1, INT64: 7, BOOL: 9 } as const;
export type ElemType = (typeof DataType)[keyof typeof DataType];

export interface Initializer {
    name: string;
    dims: number[];
    type: "float" | "int64";
    values: ArrayLike<number>;
}

export type Attribute = { name: string; int: number } | { name: string; float: number } | { name: string; ints: number[] };

export interface OnnxNode {
    op: string;
    inputs: string[];
    outputs: string[];
    name?: string;
    attributes?: Attribute[];
}

export interface ValueInfo {
    name: string;
    type: ElemType;
    /** A number is a fixed dimension, a string a symbolic one (e.g. "N"). */
    shape: (number | string)[];
}

export interface OnnxModel {
    graphName: string;
    producer: string;
    producerVersion: string;
    /** Default-domain opset version. */
    opset: number;
    docString?: string;
    inputs: ValueInfo[];
    outputs: ValueInfo[];
    initializers: Initializer[];
    nodes: OnnxNode[];
    metadata: Record<string, string>;
}

/** IR version 8 goes with opsets up to 17 (onnx/docs/Versioning.md). */
export const IR_VERSION = 8;

function tensor(t: Initializer): ProtoWriter {
    const w = new ProtoWriter();
    w.packedInts(1, t.dims);
    w.intField(2, t.type === "float" ? DataType.FLOAT : DataType.INT64);
    const count = t.dims.reduce((a, b) => a * b, 1);
    if (count !== t.values.length) throw new RangeError(`initializer ${t.name}: dims ${JSON.stringify(t.dims)} hold ${count} values, got ${t.values.length}`);
    if (t.type === "float") w.packedFloats(4, t.values);
    else w.packedInts(7, Array.from(t.values));
    w.stringField(8, t.name);
    return w;
}

function attribute(a: Attribute): ProtoWriter {
    const w = new ProtoWriter().stringField(1, a.name);
    // AttributeProto.AttributeType: FLOAT 1, INT 2, INTS 7.
    if ("float" in a) return w.floatField(2, a.float).intField(20, 1);
    if ("int" in a) return w.intField(3, a.int).intField(20, 2);
    return w.packedInts(8, a.ints).intField(20, 7);
}

function node(n: OnnxNode): ProtoWriter {
    const w = new ProtoWriter();
    for (const i of n.inputs) w.stringField(1, i);
    for (const o of n.outputs) w.stringField(2, o);
    if (n.name) w.stringField(3, n.name);
    w.stringField(4, n.op);
    for (const a of n.attributes ?? []) w.messageField(5, attribute(a));
    return w;
}

function valueInfo(v: ValueInfo): ProtoWriter {
    const shape = new ProtoWriter();
    for (const d of v.shape) shape.messageField(1, typeof d === "number" ? new ProtoWriter().intField(1, d) : new ProtoWriter().stringField(2, d));
    const tensorType = new ProtoWriter().intField(1, v.type).messageField(2, shape);
    const type = new ProtoWriter().messageField(1, tensorType);
    return new ProtoWriter().stringField(1, v.name).messageField(2, type);
}

/** The serialised ModelProto. */
export function encodeModel(m: OnnxModel): Uint8Array {
    const graph = new ProtoWriter();
    for (const n of m.nodes) graph.messageField(1, node(n));
    graph.stringField(2, m.graphName);
    for (const t of m.initializers) graph.messageField(5, tensor(t));
    for (const i of m.inputs) graph.messageField(11, valueInfo(i));
    for (const o of m.outputs) graph.messageField(12, valueInfo(o));
    const model = new ProtoWriter();
    model.intField(1, IR_VERSION);
    model.stringField(2, m.producer);
    model.stringField(3, m.producerVersion);
    if (m.docString) model.stringField(6, m.docString);
    model.messageField(7, graph);
    model.messageField(8, new ProtoWriter().stringField(1, "").intField(2, m.opset));
    for (const [key, value] of Object.entries(m.metadata).sort(([a], [b]) => cmp(a, b))) {
        model.messageField(14, new ProtoWriter().stringField(1, key).stringField(2, value));
    }
    return model.finish();
}
