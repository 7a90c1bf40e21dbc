/**
 * Modbus register addressing, batching and decoding. Pure.
 *
 * Register numbers use the Modicon convention the site files use: 4xxxx (40001-49999, or
 * 400001-465536) are holding registers, read with function code 3; 3xxxx (30001-39999, or
 * 300001-365536) are input registers, function code 4. Coils (0xxxx) and discrete inputs (1xxxx)
 * are not analog values and are rejected. Sensors of one PLC, unit id and function code are read
 * in runs of contiguous registers (small holes are read too), at most 125 registers per request
 * (Modbus Application Protocol V1.1b3, 6.3).
 */
import type { DataType } from "./config";

export const MAX_REGISTERS_PER_READ = 125;
/** A hole of up to this many unused registers is read rather than split into two requests. */
export const MAX_HOLE = 8;

export interface RegisterAddress {
    functionCode: 3 | 4;
    /** Zero-based offset in the PDU. */
    offset: number;
}

/** Map a Modicon register number to function code and offset; throws an Error naming what is accepted. */
export function registerAddress(register: number): RegisterAddress {
    if (Number.isInteger(register)) {
        if (register >= 400001 && register <= 465536) return { functionCode: 3, offset: register - 400001 };
        if (register >= 300001 && register <= 365536) return { functionCode: 4, offset: register - 300001 };
        if (register >= 40001 && register <= 49999) return { functionCode: 3, offset: register - 40001 };
        if (register >= 30001 && register <= 39999) return { functionCode: 4, offset: register - 30001 };
    }
    throw new Error(`register ${register}: expected a holding register 40001-49999 / 400001-465536 or an input register 30001-39999 / 300001-365536`);
}

export const WORDS: Record<DataType, number> = { int16: 1, uint16: 1, int32: 2, uint32: 2, float32: 2, float64: 4 };

/** How each data type reads from and writes to its big-endian bytes (the words in big-endian order). */
const CODECS: Record<DataType, { read: (b: Buffer) => number; write: (b: Buffer, v: number) => void }> = {
    int16: { read: (b) => b.readInt16BE(0), write: (b, v) => b.writeInt16BE(v, 0) },
    uint16: { read: (b) => b.readUInt16BE(0), write: (b, v) => b.writeUInt16BE(v, 0) },
    int32: { read: (b) => b.readInt32BE(0), write: (b, v) => b.writeInt32BE(v, 0) },
    uint32: { read: (b) => b.readUInt32BE(0), write: (b, v) => b.writeUInt32BE(v, 0) },
    float32: { read: (b) => b.readFloatBE(0), write: (b, v) => b.writeFloatBE(v, 0) },
    float64: { read: (b) => b.readDoubleBE(0), write: (b, v) => b.writeDoubleBE(v, 0) },
};

export interface RegisterItem {
    sensor: string;
    offset: number;
    words: number;
}

export interface RegisterRun {
    start: number;
    count: number;
    items: RegisterItem[];
}

/** Group items (one function code, one unit) into runs of at most MAX_REGISTERS_PER_READ registers. */
export function planRuns(items: readonly RegisterItem[]): RegisterRun[] {
    const sorted = [...items].sort((a, b) => a.offset - b.offset || a.sensor.localeCompare(b.sensor));
    const runs: RegisterRun[] = [];
    for (const item of sorted) {
        const run = runs[runs.length - 1];
        const end = item.offset + item.words;
        if (run && item.offset <= run.start + run.count + MAX_HOLE && end - run.start <= MAX_REGISTERS_PER_READ) {
            run.count = Math.max(run.count, end - run.start);
            run.items.push(item);
        } else {
            runs.push({ start: item.offset, count: item.words, items: [item] });
        }
    }
    return runs;
}

/**
 * Decode one value from big-endian register words (`buf` holds the run, `at` the register index in
 * it). `wordOrder: little` means the least significant word comes first (a common PLC layout).
 */
export function decodeValue(buf: Buffer, at: number, dataType: DataType, wordOrder: "big" | "little", scale: number): number {
    const words = WORDS[dataType];
    const bytes = Buffer.allocUnsafe(words * 2);
    for (let i = 0; i < words; i++) {
        const src = wordOrder === "big" ? i : words - 1 - i;
        bytes.writeUInt16BE(buf.readUInt16BE((at + src) * 2), i * 2);
    }
    return CODECS[dataType].read(bytes) * scale;
}

/** Encode a value into register words (the inverse of decodeValue, for simulators and tests). */
export function encodeValue(value: number, dataType: DataType, wordOrder: "big" | "little"): Buffer {
    const words = WORDS[dataType];
    const bytes = Buffer.alloc(words * 2);
    CODECS[dataType].write(bytes, value);
    if (wordOrder === "big") return bytes;
    const out = Buffer.alloc(words * 2);
    for (let i = 0; i < words; i++) bytes.copy(out, (words - 1 - i) * 2, i * 2, i * 2 + 2);
    return out;
}
