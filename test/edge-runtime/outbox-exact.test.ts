/**
 * The outbox and the message contract at their boundaries, with exact values (the mutation tests of
 * edge/lib: stryker.edge.conf.json): frame parsing at the edges, segment sizes and rotation, the
 * budget's exact drop points and merged gaps, acknowledgement bounds, fsync calls, recovery of a
 * healthy and of a corrupt directory, file names, and I/O errors during an append.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { CHANNELS, MAX_MESSAGE_BYTES, readingMessage, statusMessage, topicFor } from "../../edge/lib/contract";
import { frame, Outbox, parseFrames } from "../../edge/lib/outbox";

const fsm = require("node:fs") as Record<string, unknown>;
const seqOf = (b: Buffer) => JSON.parse(b.toString()).seq as number;
/** A message whose frame is exactly `framed` bytes (8 bytes of header + JSON padded to size). */
const sized = (framed: number) => (seq: number) => {
    const base = JSON.stringify({ seq, p: "" });
    return Buffer.from(JSON.stringify({ seq, p: "x".repeat(framed - 8 - base.length) }));
};
const files = (dir: string) => fs.readdirSync(dir).sort();
const seg = (n: number) => `seg-${String(n).padStart(16, "0")}.log`;

/** Replace fs[name] while `body` runs, recording its calls. */
function spy<T>(name: "fsyncSync" | "openSync" | "closeSync" | "writeSync", body: (calls: unknown[][]) => T, impl?: (...a: unknown[]) => unknown): T {
    const real = fsm[name] as (...a: unknown[]) => unknown;
    const calls: unknown[][] = [];
    fsm[name] = (...a: unknown[]) => {
        calls.push(a);
        return (impl ?? real)(...a);
    };
    try {
        return body(calls);
    } finally {
        fsm[name] = real;
    }
}

describe("edge contract: exact values", () => {
    const env = { site: "s", thing: "t", channel: "telemetry" as const, seq: 7 };
    it("channels, topic, size limit, and the three message shapes", () => {
        assert.deepEqual(CHANNELS, ["telemetry", "alarm", "status"]);
        assert.equal(topicFor("lab", "lab-gw", "alarm"), "fleet/lab/lab-gw/alarm");
        assert.equal(MAX_MESSAGE_BYTES, 98_304);
        assert.throws(() => readingMessage(env, []), { message: "readingMessage: no records" });
        assert.deepEqual(readingMessage(env, [{ sensor: "a", ts: 1, value: 2 }]), {
            site: "s",
            thing: "t",
            channel: "telemetry",
            seq: 7,
            sensor: "a",
            ts: 1,
            value: 2,
        });
        const two = [
            { sensor: "a", ts: 1, value: 2 },
            { sensor: "b", ts: 1, value: 3 },
        ];
        assert.deepEqual(readingMessage(env, two), { site: "s", thing: "t", channel: "telemetry", seq: 7, records: two });
        assert.deepEqual(statusMessage({ ...env, channel: "status" }, { type: "gap", fromSeq: 1 }), {
            site: "s",
            thing: "t",
            channel: "status",
            seq: 7,
            type: "gap",
            fromSeq: 1,
        });
    });
});

describe("edge outbox: exact values", () => {
    const dirs: string[] = [];
    const dir = () => {
        const d = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-outbox-x-"));
        dirs.push(d);
        return d;
    };
    after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
    /** An outbox of 1 KiB segments in a fresh directory, holding `frames` frames of 256 bytes (seqs 1..frames). */
    const filled = (frames: number, budgetBytes = 8192) => {
        const d = dir();
        const box = new Outbox({ dir: d, budgetBytes, segmentBytes: 1024 });
        for (let i = 0; i < frames; i++) box.append(sized(256));
        return { d, box };
    };

    it("parses an empty payload, and refuses a frame whose length runs past the buffer even when its CRC fits the bytes there", () => {
        assert.deepEqual(parseFrames(frame(Buffer.alloc(0))), { payloads: [Buffer.alloc(0)], validBytes: 8 });
        const body = Buffer.from("abcde");
        const head = Buffer.alloc(8);
        head.writeUInt32LE(10, 0);
        head.writeUInt32LE(zlib.crc32(body), 4);
        assert.deepEqual(parseFrames(Buffer.concat([frame(Buffer.from("ok")), head, body])), { payloads: [Buffer.from("ok")], validBytes: 10 });
        assert.deepEqual(parseFrames(Buffer.alloc(7)), { payloads: [], validBytes: 0 });
    });

    it("checks the budget and sizes segments: min(1 MiB, budget/4), at least 1 KiB, at most budget/2", () => {
        const d = dir();
        for (const bad of [0, -1, NaN]) assert.throws(() => new Outbox({ dir: d, budgetBytes: bad }), { message: `outbox ${d}: budget must be > 0 bytes` });
        const sizes = [2048, 65_536, 8 * 1024 * 1024].map((b) => {
            const box = new Outbox({ dir: dir(), budgetBytes: b });
            box.close();
            return box.segmentBytes;
        });
        assert.deepEqual(sizes, [1024, 16_384, 1_048_576]);
        const half = new Outbox({ dir: dir(), budgetBytes: 2048, segmentBytes: 1024 });
        assert.equal(half.segmentBytes, 1024);
        half.close();
    });

    it("rotates only when a frame would pass the segment size, and a first frame larger than a segment stays in it", () => {
        const { d, box } = filled(4);
        assert.deepEqual(files(d), [seg(1)]);
        assert.equal(box.bytes, 1024);
        box.append(sized(256));
        assert.deepEqual(files(d), [seg(1), seg(5)]);
        box.close();

        const e = dir();
        const big = new Outbox({ dir: e, budgetBytes: 4096, segmentBytes: 1024 });
        assert.deepEqual(big.append(sized(2048)), { seq: 1, gaps: [] }); // exactly half the budget is accepted
        assert.deepEqual(big.stats(), { bytes: 2048, budgetBytes: 4096, segments: 1, unacked: 1, nextSeq: 2 });
        assert.throws(() => big.append(sized(2049)), { message: `outbox ${e}: a message of 2049 bytes is more than half the budget (4096 bytes)` });
        big.close();
    });

    it("drops the oldest segment exactly when the budget would be passed, and merges the gaps of one append", () => {
        const d = dir();
        const box = new Outbox({ dir: d, budgetBytes: 4096, segmentBytes: 1024 });
        const gaps = [];
        for (let i = 0; i < 16; i++) gaps.push(box.append(sized(256)).gaps);
        assert.deepEqual(gaps.flat(), []); // 4096 bytes: exactly the budget
        assert.equal(box.bytes, 4096);
        box.sync();
        box.ack(6); // acknowledged inside the second segment: not lost when it goes
        assert.deepEqual(box.append(sized(256)).gaps, [{ fromSeq: 1, toSeq: 4, reason: "outbox-full" }]);
        assert.deepEqual(files(d), [seg(5), seg(9), seg(13), seg(17)]);
        assert.deepEqual(box.stats(), { bytes: 3328, budgetBytes: 4096, segments: 4, unacked: 12, nextSeq: 18 });
        box.sync();
        assert.deepEqual(
            box.next(100).map((e) => e.seq),
            [5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17],
        );
        // a 2048-byte frame needs two more segments: 5..8 (6 acknowledged) and 9..12 go, one append, two gaps
        assert.deepEqual(box.append(sized(2048)).gaps, [
            { fromSeq: 5, toSeq: 5, reason: "outbox-full" },
            { fromSeq: 7, toSeq: 12, reason: "outbox-full" },
        ]);
        assert.deepEqual(files(d), [seg(13), seg(17), seg(18)]);
        assert.deepEqual(box.stats(), { bytes: 3328, budgetBytes: 4096, segments: 3, unacked: 6, nextSeq: 19 });
        box.sync();
        assert.deepEqual(
            box.next(100).map((e) => [e.seq, seqOf(e.payload)]),
            [[18, 18]],
            "only the new message: the cursor stays past what was handed out",
        );
        box.rewind();
        assert.deepEqual(
            box.next(100).map((e) => [e.seq, seqOf(e.payload)]),
            [13, 14, 15, 16, 17, 18].map((s) => [s, s]),
        );
        // contiguous drops of one append merge into one gap
        const m = dir();
        const merged = new Outbox({ dir: m, budgetBytes: 4096, segmentBytes: 1024 });
        for (let i = 0; i < 16; i++) merged.append(sized(256));
        merged.sync();
        merged.ack(1);
        merged.ack(9); // acknowledged right after the segments that go
        assert.deepEqual(merged.append(sized(2048)).gaps, [{ fromSeq: 2, toSeq: 8, reason: "outbox-full" }]);
        assert.deepEqual(merged.stats(), { bytes: 4096, budgetBytes: 4096, segments: 3, unacked: 8, nextSeq: 18 });
        merged.close();
        box.close();
    });

    it("ack: ignores seqs already acknowledged and seqs not yet appended; removes a segment once all of it is acknowledged", () => {
        const { d, box } = filled(6);
        box.sync();
        for (const s of [0, 7, 99]) box.ack(s);
        assert.equal(box.stats().unacked, 6);
        box.ack(1);
        box.ack(1);
        assert.equal(box.stats().unacked, 5);
        box.ack(3);
        box.ack(2);
        box.ack(2);
        assert.equal(box.stats().unacked, 3);
        assert.deepEqual(files(d), [seg(1), seg(5)]);
        box.ack(4);
        assert.deepEqual(files(d), [seg(5)]);
        assert.deepEqual(box.stats(), { bytes: 512, budgetBytes: 8192, segments: 1, unacked: 2, nextSeq: 7 });
        // acknowledged past the cursor: next skips them
        assert.deepEqual(
            box.next(100).map((e) => e.seq),
            [5, 6],
        );
        box.close();
        const e = dir();
        const ahead = new Outbox({ dir: e, budgetBytes: 8192 });
        for (let i = 0; i < 4; i++) ahead.append(sized(64));
        ahead.sync();
        assert.deepEqual(
            ahead.next(1).map((x) => x.seq),
            [1],
        );
        for (const s of [1, 2, 3]) ahead.ack(s);
        assert.deepEqual(
            ahead.next(10).map((x) => x.seq),
            [4],
        );
        ahead.close();
    });

    it("a segment already gone from the disk is no error when acknowledged", () => {
        const { d, box } = filled(5);
        box.sync();
        fs.rmSync(path.join(d, seg(1)));
        for (const s of [1, 2, 3, 4]) box.ack(s);
        assert.deepEqual(files(d), [seg(5)]);
        box.close();
    });

    it("fsync: the active segment once per sync with new data, the directory after a rotation or a removal, nothing with fsync: false", () => {
        const d = dir();
        const box = new Outbox({ dir: d, budgetBytes: 8192, segmentBytes: 1024 });
        const dirOpens = (calls: unknown[][]) => calls.filter((c) => c[0] === d).length;
        spy("openSync", (opens) =>
            spy("fsyncSync", (calls) => {
                box.sync();
                assert.equal(calls.length, 0, "nothing appended");
                box.append(sized(256));
                box.sync();
                assert.equal(calls.length, 1);
                box.sync();
                assert.equal(calls.length, 1, "nothing new");
                for (let i = 0; i < 4; i++) box.append(sized(256)); // the 5th frame rotates: the old segment is synced first
                assert.equal(calls.length, 2);
                assert.equal(dirOpens(opens), 0);
                box.sync();
                assert.equal(calls.length, 4, "the new segment and the directory");
                assert.equal(dirOpens(opens), 1);
                box.ack(1);
                box.ack(2);
                box.ack(3);
                box.ack(4);
                box.sync();
                assert.equal(calls.length, 5, "the directory, after the first segment went");
                assert.equal(dirOpens(opens), 2);
            }),
        );
        // the directory descriptor is closed again
        const closes = spy("closeSync", (calls) => {
            box.append(sized(256));
            box.append(sized(256));
            box.append(sized(256));
            box.append(sized(256)); // rotation: closes the old segment's descriptor
            box.sync(); // opens, syncs and closes the directory
            return calls.length;
        });
        assert.equal(closes, 2);
        box.close();

        const quiet = new Outbox({ dir: dir(), budgetBytes: 8192, segmentBytes: 1024, fsync: false });
        spy("fsyncSync", (calls) => {
            for (let i = 0; i < 6; i++) quiet.append(sized(256));
            quiet.sync();
            assert.equal(calls.length, 0);
        });
        quiet.close();
    });

    it("close: syncs and closes the segment once; a second close does nothing", () => {
        const box = new Outbox({ dir: dir(), budgetBytes: 8192 });
        box.append(sized(64));
        const fd = (box as unknown as { fd: number }).fd;
        spy("fsyncSync", (syncs) =>
            spy("closeSync", (closes) => {
                box.close();
                box.close();
                assert.deepEqual(closes, [[fd]]);
                assert.deepEqual(syncs, [[fd]]);
            }),
        );
    });

    it("recovery: a healthy multi-segment outbox has no gaps and keeps seq order; a lost first frame is a gap from 1", () => {
        const { d, box } = filled(30, 64 * 1024);
        box.close();
        fs.writeFileSync(path.join(d, `x${seg(99)}`), "");
        fs.writeFileSync(path.join(d, `${seg(98)}.bak`), "");
        const again = new Outbox({ dir: d, budgetBytes: 64 * 1024, segmentBytes: 1024 });
        assert.deepEqual(again.recovery, { truncatedBytes: 0, gaps: [], ignoredFiles: [`${seg(98)}.bak`, `x${seg(99)}`] });
        assert.deepEqual(
            again.next(100).map((e) => [e.seq, seqOf(e.payload)]),
            Array.from({ length: 30 }, (_, i) => [i + 1, i + 1]),
        );
        assert.deepEqual(again.stats(), { bytes: 7680, budgetBytes: 65_536, segments: 8, unacked: 30, nextSeq: 31 });
        again.close();

        /** Ten frames written and closed, the byte at `offset` of the first segment flipped, then reopened. */
        const reopenedWithFlip = (offset: number) => {
            const { d: c, box: first } = filled(10, 64 * 1024);
            first.close();
            const f = path.join(c, seg(1));
            const buf = fs.readFileSync(f);
            buf[offset] ^= 0xff;
            fs.writeFileSync(f, buf);
            return new Outbox({ dir: c, budgetBytes: 64 * 1024, segmentBytes: 1024 });
        };
        const rec = reopenedWithFlip(20); // the first frame of the first segment
        assert.deepEqual(rec.recovery, { truncatedBytes: 1024, gaps: [{ fromSeq: 1, toSeq: 4, reason: "outbox-corrupt" }], ignoredFiles: [] });
        assert.deepEqual(rec.stats(), { bytes: 1536, budgetBytes: 65_536, segments: 3, unacked: 6, nextSeq: 11 });
        assert.deepEqual(
            rec.next(100).map((e) => e.seq),
            [5, 6, 7, 8, 9, 10],
        );
        rec.close();

        const mr = reopenedWithFlip(3 * 256 + 20); // the 4th frame: one seq lost
        assert.deepEqual(mr.recovery.gaps, [{ fromSeq: 4, toSeq: 4, reason: "outbox-corrupt" }]);
        assert.deepEqual(mr.stats(), { bytes: 2304, budgetBytes: 65_536, segments: 3, unacked: 9, nextSeq: 11 });
        mr.close();
    });

    it("an I/O error or a short write during an append cuts the partial frame, keeps the seq free and says so", () => {
        const d = dir();
        const box = new Outbox({ dir: d, budgetBytes: 8192 });
        box.append(sized(64));
        const real = fs.writeSync;
        const partial = (fd: unknown, buf: unknown) => real(fd as number, (buf as Buffer).subarray(0, 5));
        assert.throws(
            () =>
                spy(
                    "writeSync",
                    () => box.append(sized(64)),
                    (fd, buf) => {
                        partial(fd, buf);
                        throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
                    },
                ),
            { message: "ENOSPC: no space left on device, write" },
        );
        assert.equal(fs.statSync(path.join(d, seg(1))).size, 64);
        assert.throws(() => spy("writeSync", () => box.append(sized(64)), partial), { message: "short write: 5 of 64 bytes" });
        assert.equal(fs.statSync(path.join(d, seg(1))).size, 64);
        assert.deepEqual(box.append(sized(64)), { seq: 2, gaps: [] });
        box.sync();
        assert.deepEqual(
            box.next(10).map((e) => seqOf(e.payload)),
            [1, 2],
        );
        box.close();
    });
});
