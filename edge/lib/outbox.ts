/**
 * The outbox of one channel: an on-disk segment log of the messages not yet confirmed by the uplink.
 *
 * Layout: `<dir>/seg-<firstSeq, 16 digits>.log`, each a sequence of frames
 * `[u32 LE payload length][u32 LE zlib.crc32(payload)][payload]`, the payload being the message JSON
 * (which carries its own `seq`). Seqs are consecutive across segments; a segment file is created at
 * rotation, named after the seq it will start with, so the newest file always tells the next seq.
 *
 * Durability (fsync policy): `append` writes to the OS; `sync` fsyncs the active segment (and, after a
 * rotation, the directory). Only synced messages are handed to the uplink (`next`), so a crash can
 * tear only never-sent messages: on open, the first frame that is short or fails its CRC ends the
 * segment and the file is truncated there. A bad frame in an OLDER segment (media error, tampering)
 * also truncates it, and the seqs between it and the next segment are declared lost.
 *
 * Acknowledgement: `ack(seq)` after the uplink confirmed (MQTT PUBACK, stream manager append);
 * a non-active segment whose every seq is acknowledged is deleted. The active segment is never
 * deleted, so seqs are never reused across restarts (only deleting the directory resets them).
 *
 * Budget: the files never exceed `budgetBytes`; an append that would exceed it drops the oldest
 * segments first, and every seq dropped before acknowledgement is reported as a gap.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as zlib from "node:zlib";

const HEADER = 8;
const NAME = /^seg-(\d{16})\.log$/;

export interface OutboxGap {
    fromSeq: number;
    toSeq: number;
    reason: "outbox-full" | "outbox-corrupt";
}

export interface OutboxOptions {
    dir: string;
    budgetBytes: number;
    /** Segment size; default min(1 MiB, budget / 4), at least 1 KiB; at most budget / 2. */
    segmentBytes?: number;
    /** fsync on sync() (default true; benchmarks measure both). */
    fsync?: boolean;
}

export interface OutboxEntry {
    seq: number;
    payload: Buffer;
}

export interface OutboxStats {
    bytes: number;
    budgetBytes: number;
    segments: number;
    /** Messages not yet acknowledged (dropped ones excluded). */
    unacked: number;
    nextSeq: number;
}

interface Segment {
    firstSeq: number;
    count: number;
    bytes: number;
    file: string;
}

export function frame(payload: Buffer): Buffer {
    const head = Buffer.allocUnsafe(HEADER);
    head.writeUInt32LE(payload.length, 0);
    head.writeUInt32LE(zlib.crc32(payload), 4);
    return Buffer.concat([head, payload]);
}

/** The valid frames at the start of `buf`, and where they end (the rest is torn or corrupt). */
export function parseFrames(buf: Buffer): { payloads: Buffer[]; validBytes: number } {
    const payloads: Buffer[] = [];
    let off = 0;
    while (off + HEADER <= buf.length) {
        const len = buf.readUInt32LE(off);
        if (off + HEADER + len > buf.length) break;
        const payload = buf.subarray(off + HEADER, off + HEADER + len);
        if (zlib.crc32(payload) !== buf.readUInt32LE(off + 4)) break;
        payloads.push(payload);
        off += HEADER + len;
    }
    return { payloads, validBytes: off };
}

const segName = (firstSeq: number) => `seg-${String(firstSeq).padStart(16, "0")}.log`;

export class Outbox {
    private segments: Segment[] = [];
    // Stryker disable next-line UnaryOperator: recover() opens the active segment in the constructor, before any use of fd
    private fd = -1;
    /** Payloads of the active segment, in memory (at most one segment). */
    // Stryker disable next-line ArrayDeclaration: recover() assigns it in the constructor
    private active: Buffer[] = [];
    private readCache: { firstSeq: number; payloads: Buffer[] } | undefined;
    private ackedUpTo = 0;
    private readonly ackedAbove = new Set<number>();
    private cursor = 1;
    private durableNext = 1;
    private dirty = false;
    private dirDirty = false;
    readonly segmentBytes: number;
    /** What open() found: truncated bytes and gaps from corrupt segments, for the status channel. */
    readonly recovery: { truncatedBytes: number; gaps: OutboxGap[]; ignoredFiles: string[] } = { truncatedBytes: 0, gaps: [], ignoredFiles: [] };

    constructor(private readonly opts: OutboxOptions) {
        if (!(opts.budgetBytes > 0)) throw new Error(`outbox ${opts.dir}: budget must be > 0 bytes`);
        this.segmentBytes = opts.segmentBytes ?? Math.max(1024, Math.min(1024 * 1024, Math.floor(opts.budgetBytes / 4)));
        if (this.segmentBytes > opts.budgetBytes / 2)
            throw new Error(`outbox ${opts.dir}: segments of ${this.segmentBytes} bytes need a budget of at least twice that`);
        fs.mkdirSync(opts.dir, { recursive: true });
        this.recover();
    }

    get nextSeq(): number {
        const last = this.segments[this.segments.length - 1];
        return last.firstSeq + last.count;
    }

    get bytes(): number {
        return this.segments.reduce((n, s) => n + s.bytes, 0);
    }

    /** Append one message; `build(seq)` makes its bytes. Returns its seq and any gaps the budget forced. */
    append(build: (seq: number) => Buffer): { seq: number; gaps: OutboxGap[] } {
        const seq = this.nextSeq;
        const framed = frame(build(seq));
        if (framed.length > this.opts.budgetBytes / 2) {
            throw new Error(`outbox ${this.opts.dir}: a message of ${framed.length} bytes is more than half the budget (${this.opts.budgetBytes} bytes)`);
        }
        const gaps: OutboxGap[] = [];
        let seg = this.segments[this.segments.length - 1];
        if (seg.bytes > 0 && seg.bytes + framed.length > this.segmentBytes) seg = this.rotate();
        while (this.bytes + framed.length > this.opts.budgetBytes && this.segments.length > 1) gaps.push(...this.dropOldest());
        try {
            const written = fs.writeSync(this.fd, framed);
            if (written !== framed.length) throw new Error(`short write: ${written} of ${framed.length} bytes`);
        } catch (err) {
            // disk full or an I/O error: cut the partial frame, so later frames stay readable and the seq stays free
            fs.ftruncateSync(this.fd, seg.bytes);
            throw err;
        }
        seg.bytes += framed.length;
        seg.count++;
        this.active.push(framed.subarray(HEADER));
        this.dirty = true;
        return { seq, gaps: merge(gaps) };
    }

    /** Make every appended message durable, and so visible to `next`. */
    sync(): void {
        if (this.dirty && this.opts.fsync !== false) fs.fsyncSync(this.fd);
        if (this.dirDirty && this.opts.fsync !== false) fsyncDir(this.opts.dir);
        this.dirty = this.dirDirty = false;
        this.durableNext = this.nextSeq;
    }

    /** Up to `max` durable messages not yet handed out since the last rewind, in seq order. */
    next(max: number): OutboxEntry[] {
        const out: OutboxEntry[] = [];
        while (out.length < max && this.cursor < this.durableNext) {
            const seq = this.cursor++;
            if (seq <= this.ackedUpTo || this.ackedAbove.has(seq)) continue;
            const payload = this.payload(seq);
            // Stryker disable next-line ConditionalExpression: payload() is undefined only for seqs of gaps and dropped segments, which the line above already skips
            if (payload) out.push({ seq, payload });
        }
        return out;
    }

    /** Hand out every unacknowledged message again (after the uplink reconnected). */
    rewind(): void {
        // Stryker disable next-line ArithmeticOperator: next() skips every seq <= ackedUpTo, so a cursor further back hands out the same entries
        this.cursor = this.ackedUpTo + 1;
    }

    ack(seq: number): void {
        if (seq <= this.ackedUpTo || seq >= this.nextSeq) return;
        this.ackedAbove.add(seq);
        while (this.ackedAbove.delete(this.ackedUpTo + 1)) this.ackedUpTo++;
        while (this.segments.length > 1 && this.segments[0].firstSeq + this.segments[0].count - 1 <= this.ackedUpTo) this.unlink(this.segments.shift()!);
    }

    stats(): OutboxStats {
        return {
            bytes: this.bytes,
            budgetBytes: this.opts.budgetBytes,
            segments: this.segments.length,
            unacked: this.nextSeq - 1 - this.ackedUpTo - this.ackedAbove.size,
            nextSeq: this.nextSeq,
        };
    }

    close(): void {
        this.sync();
        // Stryker disable next-line EqualityOperator: descriptor 0 is stdin, never a segment's
        if (this.fd >= 0) fs.closeSync(this.fd);
        this.fd = -1;
    }

    private recover(): void {
        const files: { firstSeq: number; file: string }[] = [];
        for (const f of fs.readdirSync(this.opts.dir).sort()) {
            const m = NAME.exec(f);
            if (m) files.push({ firstSeq: Number(m[1]), file: path.join(this.opts.dir, f) });
            else this.recovery.ignoredFiles.push(f);
        }
        let payloads: Buffer[] = [];
        files.forEach(({ firstSeq, file }, i) => {
            const buf = fs.readFileSync(file);
            const parsed = parseFrames(buf);
            // Stryker disable next-line ConditionalExpression,EqualityOperator: truncating a file to its own length changes nothing and adds 0 bytes
            if (parsed.validBytes < buf.length) {
                fs.truncateSync(file, parsed.validBytes);
                this.recovery.truncatedBytes += buf.length - parsed.validBytes;
            }
            const count = parsed.payloads.length;
            const nextFirst = files[i + 1]?.firstSeq;
            if (nextFirst !== undefined && firstSeq + count < nextFirst) {
                this.recovery.gaps.push({ fromSeq: firstSeq + count, toSeq: nextFirst - 1, reason: "outbox-corrupt" });
            }
            this.segments.push({ firstSeq, count, bytes: parsed.validBytes, file });
            payloads = parsed.payloads;
        });
        if (this.segments.length === 0) {
            const file = path.join(this.opts.dir, segName(1));
            fs.writeFileSync(file, "");
            this.segments.push({ firstSeq: 1, count: 0, bytes: 0, file });
        }
        this.active = payloads.map((p) => Buffer.from(p));
        this.ackedUpTo = this.segments[0].firstSeq - 1;
        for (const g of this.recovery.gaps) for (let s = g.fromSeq; s <= g.toSeq; s++) this.ackedAbove.add(s);
        // Stryker disable next-line ConditionalExpression: the acknowledged set is the same whether a leading run is in ackedUpTo or ackedAbove; nothing reads ackedUpTo alone before the next ack() advances it
        while (this.ackedAbove.delete(this.ackedUpTo + 1)) this.ackedUpTo++;
        // Stryker disable next-line ArithmeticOperator: next() skips every seq <= ackedUpTo, so a cursor further back hands out the same entries
        this.cursor = this.ackedUpTo + 1;
        this.durableNext = this.nextSeq;
        this.fd = fs.openSync(this.segments[this.segments.length - 1].file, "a");
    }

    private rotate(): Segment {
        this.sync();
        fs.closeSync(this.fd);
        const seg: Segment = { firstSeq: this.nextSeq, count: 0, bytes: 0, file: path.join(this.opts.dir, segName(this.nextSeq)) };
        this.fd = fs.openSync(seg.file, "a");
        this.segments.push(seg);
        this.active = [];
        this.dirDirty = true;
        return seg;
    }

    private dropOldest(): OutboxGap[] {
        const seg = this.segments.shift()!;
        this.unlink(seg);
        const last = seg.firstSeq + seg.count - 1;
        const gaps: OutboxGap[] = [];
        let from: number | undefined;
        for (let s = seg.firstSeq; s <= last + 1; s++) {
            const lost = s <= last && s > this.ackedUpTo && !this.ackedAbove.has(s);
            if (lost && from === undefined) from = s;
            if (!lost && from !== undefined) {
                gaps.push({ fromSeq: from, toSeq: s - 1, reason: "outbox-full" });
                from = undefined;
            }
        }
        // Stryker disable next-line ArithmeticOperator: seqs <= ackedUpTo are never in ackedAbove, so starting lower deletes nothing more
        for (let s = this.ackedUpTo + 1; s <= last; s++) this.ackedAbove.delete(s);
        this.ackedUpTo = Math.max(this.ackedUpTo, last);
        // Stryker disable next-line ConditionalExpression: the acknowledged set is the same whether a leading run is in ackedUpTo or ackedAbove; segments are removed by the next ack(), which advances it
        while (this.ackedAbove.delete(this.ackedUpTo + 1)) this.ackedUpTo++;
        // Stryker disable next-line ArithmeticOperator: next() skips every seq <= ackedUpTo, so a cursor further back hands out the same entries
        this.cursor = Math.max(this.cursor, this.ackedUpTo + 1);
        return gaps;
    }

    private unlink(seg: Segment): void {
        fs.rmSync(seg.file, { force: true });
        // Stryker disable next-line ConditionalExpression,EqualityOperator: a cache entry is keyed by a segment's first seq, which no later segment reuses; dropping it more often only re-reads the file
        if (this.readCache?.firstSeq === seg.firstSeq) this.readCache = undefined;
        this.dirDirty = true;
    }

    private payload(seq: number): Buffer | undefined {
        const last = this.segments[this.segments.length - 1];
        if (seq >= last.firstSeq) return this.active[seq - last.firstSeq];
        const seg = this.segments.find((s) => seq >= s.firstSeq && seq < s.firstSeq + s.count);
        // Stryker disable next-line ConditionalExpression: seqs outside every segment (gaps, dropped segments) are skipped by next() before payload() is asked
        if (!seg) return undefined;
        // Stryker disable next-line ConditionalExpression: re-reading the segment file gives the same (synced) frames; only slower
        if (this.readCache?.firstSeq !== seg.firstSeq) this.readCache = { firstSeq: seg.firstSeq, payloads: parseFrames(fs.readFileSync(seg.file)).payloads };
        return this.readCache.payloads[seq - seg.firstSeq];
    }
}

function merge(gaps: OutboxGap[]): OutboxGap[] {
    const out: OutboxGap[] = [];
    for (const g of gaps) {
        const prev = out[out.length - 1];
        if (prev && prev.reason === g.reason && prev.toSeq + 1 === g.fromSeq) prev.toSeq = g.toSeq;
        else out.push({ ...g });
    }
    return out;
}

function fsyncDir(dir: string): void {
    const fd = fs.openSync(dir, "r");
    try {
        fs.fsyncSync(fd);
    } finally {
        fs.closeSync(fd);
    }
}
