/**
 * A minimal protocol-buffers writer (proto3 wire format): varints, length-delimited fields,
 * packed repeated floats and int64s. Enough to serialise the subset of ONNX that the window
 * model uses; the encoding follows https://protobuf.dev/programming-guides/encoding/.
 * Pure: bytes in, bytes out.
 */

const WIRE_VARINT = 0;
const WIRE_LEN = 2;

export class ProtoWriter {
    private chunks: number[] = [];

    /** An unsigned varint (the value must be a non-negative safe integer). */
    varint(value: number): this {
        if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`protobuf varint needs a non-negative safe integer, got ${value}`);
        let v = value;
        while (v >= 0x80) {
            this.chunks.push((v % 0x80) | 0x80);
            v = Math.floor(v / 0x80);
        }
        this.chunks.push(v);
        return this;
    }

    /** A signed int64 as a varint (negative values take ten bytes, two's complement). */
    int64(value: number): this {
        if (!Number.isSafeInteger(value)) throw new RangeError(`protobuf int64 needs a safe integer, got ${value}`);
        if (value >= 0) return this.varint(value);
        let v = BigInt.asUintN(64, BigInt(value));
        while (v >= 0x80n) {
            this.chunks.push(Number(v & 0x7fn) | 0x80);
            v >>= 7n;
        }
        this.chunks.push(Number(v));
        return this;
    }

    private tag(field: number, wire: number): this {
        return this.varint(field * 8 + wire);
    }

    /** Field `field` as a varint-encoded integer (int32, int64, enum). */
    intField(field: number, value: number): this {
        return this.tag(field, WIRE_VARINT).int64(value);
    }

    /** Field `field` as bytes. */
    bytesField(field: number, bytes: Uint8Array): this {
        this.tag(field, WIRE_LEN).varint(bytes.length);
        for (const b of bytes) this.chunks.push(b);
        return this;
    }

    /** Field `field` as a UTF-8 string. */
    stringField(field: number, text: string): this {
        return this.bytesField(field, new TextEncoder().encode(text));
    }

    /** Field `field` as an embedded message. */
    messageField(field: number, message: ProtoWriter): this {
        return this.bytesField(field, message.finish());
    }

    /** A packed `repeated float` field (little-endian IEEE 754 single precision). */
    packedFloats(field: number, values: ArrayLike<number>): this {
        const buf = new Uint8Array(values.length * 4);
        const view = new DataView(buf.buffer);
        for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
        return this.bytesField(field, buf);
    }

    /** A packed `repeated int64` field. */
    packedInts(field: number, values: readonly number[]): this {
        const inner = new ProtoWriter();
        for (const v of values) inner.int64(v);
        return this.bytesField(field, inner.finish());
    }

    /** A single float field (wire type 5, fixed32). */
    floatField(field: number, value: number): this {
        this.tag(field, 5);
        const buf = new Uint8Array(4);
        new DataView(buf.buffer).setFloat32(0, value, true);
        for (const b of buf) this.chunks.push(b);
        return this;
    }

    finish(): Uint8Array {
        return Uint8Array.from(this.chunks);
    }
}
