/**
 * The SageMaker archive of a model, built from the same model.onnx: a Triton model repository
 * (`<model>/config.pbtxt`, `<model>/1/model.onnx`) as a gzip'd ustar archive (POSIX.1-1988 header
 * layout), byte-for-byte reproducible (mtime 0, fixed owner). Triton's model configuration:
 * https://github.com/triton-inference-server/server/blob/main/docs/user_guide/model_configuration.md
 * (max_batch_size 0: the dims include the batch dimension). Pure.
 */
import { gzipSync } from "node:zlib";
import type { ModelInfo } from "./format";

export function tritonConfig(name: string, info: Pick<ModelInfo, "window">): string {
    return [
        `name: "${name}"`,
        `backend: "onnxruntime"`,
        `max_batch_size: 0`,
        `input [`,
        `  { name: "window" data_type: TYPE_FP32 dims: [ -1, ${info.window} ] },`,
        `  { name: "sensor" data_type: TYPE_INT64 dims: [ -1 ] }`,
        `]`,
        `output [`,
        `  { name: "score" data_type: TYPE_FP32 dims: [ -1 ] },`,
        `  { name: "anomaly" data_type: TYPE_BOOL dims: [ -1 ] },`,
        `  { name: "parts" data_type: TYPE_FP32 dims: [ -1, 3 ] }`,
        `]`,
        "",
    ].join("\n");
}

function octal(n: number, width: number): string {
    return `${n.toString(8).padStart(width - 1, "0")}\0`;
}

function header(name: string, size: number, type: "0" | "5"): Uint8Array {
    if (Buffer.byteLength(name) > 100) throw new RangeError(`tar: name ${name} is longer than 100 bytes`);
    const h = Buffer.alloc(512);
    h.write(name, 0, "utf8");
    h.write(octal(type === "5" ? 0o755 : 0o644, 8), 100);
    h.write(octal(0, 8), 108);
    h.write(octal(0, 8), 116);
    h.write(octal(size, 12), 124);
    h.write(octal(0, 12), 136);
    h.write("        ", 148);
    h.write(type, 156);
    h.write("ustar\u000000", 257, "binary");
    let sum = 0;
    for (const b of h) sum += b;
    h.write(octal(sum, 7), 148);
    return h;
}

/** A ustar archive of directories and files, in the order given. */
export function tar(entries: { name: string; data?: Uint8Array }[]): Uint8Array {
    const parts: Uint8Array[] = [];
    for (const e of entries) {
        if (e.data === undefined) {
            parts.push(header(e.name.endsWith("/") ? e.name : `${e.name}/`, 0, "5"));
            continue;
        }
        parts.push(header(e.name, e.data.length, "0"), e.data);
        const pad = (512 - (e.data.length % 512)) % 512;
        if (pad) parts.push(new Uint8Array(pad));
    }
    parts.push(new Uint8Array(1024));
    return Buffer.concat(parts);
}

/** model.tar.gz for SageMaker's Triton container, from model.onnx. */
export function sagemakerArchive(name: string, info: Pick<ModelInfo, "window">, onnx: Uint8Array): Uint8Array {
    const archive = tar([
        { name: `${name}/` },
        { name: `${name}/config.pbtxt`, data: Buffer.from(tritonConfig(name, info), "utf8") },
        { name: `${name}/1/` },
        { name: `${name}/1/model.onnx`, data: onnx },
    ]);
    return gzipSync(archive, { level: 9 });
}
