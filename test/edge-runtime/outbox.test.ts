import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as fc from "fast-check";
import { frame, Outbox, type OutboxGap, parseFrames } from "../../edge/lib/outbox";

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "fleet-outbox-"));
const msg = (seq: number, pad = 0) => Buffer.from(JSON.stringify({ seq, pad: "x".repeat(pad) }));
const seqOf = (b: Buffer) => JSON.parse(b.toString()).seq as number;
const files = (dir: string) => fs.readdirSync(dir).sort();

/** Stand-in for a crash: the descriptor goes away without close() or sync(). */
function crash(box: Outbox): void {
    fs.closeSync((box as unknown as { fd: number }).fd);
}

describe("edge outbox", () => {
    const dirs: string[] = [];
    const dir = () => {
        const d = tmp();
        dirs.push(d);
        return d;
    };
    after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

    it("frames records with length and CRC-32, and stops at the first torn or corrupt frame", () => {
        const a = frame(Buffer.from("hello"));
        const b = frame(Buffer.from("world!"));
        assert.equal(a.length, 8 + 5);
        assert.deepEqual(parseFrames(Buffer.concat([a, b])).payloads.map(String), ["hello", "world!"]);
        assert.deepEqual(parseFrames(Buffer.concat([a, b.subarray(0, 9)])), { payloads: [Buffer.from("hello")], validBytes: 13 });
        const bad = Buffer.concat([a, b]);
        bad[bad.length - 1] ^= 1;
        assert.equal(parseFrames(bad).validBytes, 13);
    });

    it("hands out only synced messages, in order, removes them after ack, and never reuses a seq after a restart", () => {
        const d = dir();
        let box = new Outbox({ dir: d, budgetBytes: 64 * 1024 });
        for (let i = 0; i < 3; i++) box.append((seq) => msg(seq));
        assert.deepEqual(box.next(10), []);
        box.sync();
        assert.deepEqual(
            box.next(2).map((e) => e.seq),
            [1, 2],
        );
        assert.deepEqual(
            box.next(10).map((e) => seqOf(e.payload)),
            [3],
        );
        box.ack(2);
        assert.equal(box.stats().unacked, 2);
        box.rewind();
        assert.deepEqual(
            box.next(10).map((e) => e.seq),
            [1, 3],
        );
        box.ack(1);
        box.ack(3);
        assert.equal(box.stats().unacked, 0);
        box.close();
        box = new Outbox({ dir: d, budgetBytes: 64 * 1024 });
        assert.equal(box.nextSeq, 4);
        assert.equal(box.append((seq) => msg(seq)).seq, 4);
        box.close();
    });

    it("after a crash: unacknowledged messages come back, a torn tail is truncated and reported", () => {
        const d = dir();
        const box = new Outbox({ dir: d, budgetBytes: 64 * 1024 });
        for (let i = 0; i < 5; i++) box.append((seq) => msg(seq));
        box.sync();
        box.next(5).forEach((e) => e.seq <= 2 && box.ack(e.seq));
        crash(box);
        const seg = path.join(d, files(d)[0]);
        fs.appendFileSync(seg, frame(msg(6)).subarray(0, 10)); // a write torn by the crash
        const again = new Outbox({ dir: d, budgetBytes: 64 * 1024 });
        assert.equal(again.recovery.truncatedBytes, 10);
        assert.equal(again.nextSeq, 6);
        assert.deepEqual(
            again.next(10).map((e) => e.seq),
            [1, 2, 3, 4, 5],
        );
        again.close();
    });

    it("a corrupt older segment is truncated and the seqs it lost are declared as a gap", () => {
        const d = dir();
        const box = new Outbox({ dir: d, budgetBytes: 64 * 1024, segmentBytes: 200 });
        for (let i = 0; i < 12; i++) box.append((seq) => msg(seq, 20));
        box.close();
        const segs = files(d);
        assert.ok(segs.length >= 3, segs.join());
        const first = path.join(d, segs[0]);
        const buf = fs.readFileSync(first);
        buf[buf.length - 3] ^= 0xff;
        fs.writeFileSync(first, buf);
        fs.writeFileSync(path.join(d, "notes.txt"), "not a segment");
        const again = new Outbox({ dir: d, budgetBytes: 64 * 1024, segmentBytes: 200 });
        const secondFirst = Number(segs[1].slice(4, 20));
        assert.deepEqual(again.recovery.gaps, [{ fromSeq: secondFirst - 1, toSeq: secondFirst - 1, reason: "outbox-corrupt" }]);
        assert.deepEqual(again.recovery.ignoredFiles, ["notes.txt"]);
        assert.equal(again.nextSeq, 13);
        assert.ok(!again.next(20).some((e) => e.seq === secondFirst - 1));
        again.close();
    });

    it("the budget drops the oldest unacknowledged messages and says which", () => {
        const d = dir();
        const box = new Outbox({ dir: d, budgetBytes: 4096, segmentBytes: 1024 });
        const gaps: OutboxGap[] = [];
        for (let i = 0; i < 100; i++) gaps.push(...box.append((seq) => msg(seq, 80)).gaps);
        box.sync();
        assert.ok(box.bytes <= 4096, String(box.bytes));
        assert.ok(gaps.length > 0);
        assert.equal(gaps[0].fromSeq, 1);
        assert.equal(gaps[0].reason, "outbox-full");
        const lost = new Set(gaps.flatMap((g) => Array.from({ length: g.toSeq - g.fromSeq + 1 }, (_, i) => g.fromSeq + i)));
        const kept = box.next(1000).map((e) => e.seq);
        assert.deepEqual(
            [...lost, ...kept].sort((a, b) => a - b),
            Array.from({ length: 100 }, (_, i) => i + 1),
        );
        box.close();
    });

    it("refuses a message larger than half the budget, and a budget smaller than two segments", () => {
        const d = dir();
        assert.throws(() => new Outbox({ dir: d, budgetBytes: 1000, segmentBytes: 800 }), /segments of 800 bytes need a budget of at least twice that/);
        const box = new Outbox({ dir: d, budgetBytes: 4096 });
        assert.throws(() => box.append(() => Buffer.alloc(3000)), /a message of 3008 bytes is more than half the budget \(4096 bytes\)/);
        box.close();
    });

    it("property: under appends, acks, rewinds, crashes and a tiny budget, every seq is delivered or declared lost, exactly once in order of first delivery", () => {
        const op = fc.oneof(
            fc.record({ kind: fc.constant("append" as const), n: fc.integer({ min: 1, max: 6 }), pad: fc.integer({ min: 0, max: 300 }) }),
            fc.record({ kind: fc.constant("send" as const), n: fc.integer({ min: 1, max: 8 }), ackEvery: fc.integer({ min: 1, max: 3 }) }),
            fc.constant({ kind: "rewind" as const }),
            fc.constant({ kind: "crash" as const }),
        );
        fc.assert(
            fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
                const d = tmp();
                try {
                    const opts = { dir: d, budgetBytes: 4096, segmentBytes: 1024 };
                    let box = new Outbox(opts);
                    const delivered = new Set<number>();
                    const lost = new Set<number>();
                    let appended = 0;
                    const noteGaps = (gs: OutboxGap[]) => gs.forEach((g) => Array.from({ length: g.toSeq - g.fromSeq + 1 }, (_, i) => lost.add(g.fromSeq + i)));
                    for (const o of ops) {
                        if (o.kind === "append") {
                            for (let i = 0; i < o.n; i++) {
                                const r = box.append((seq) => msg(seq, o.pad));
                                assert.equal(r.seq, ++appended);
                                noteGaps(r.gaps);
                            }
                            box.sync();
                        } else if (o.kind === "send") {
                            box.next(o.n).forEach((e, i) => {
                                assert.equal(seqOf(e.payload), e.seq);
                                assert.ok(!lost.has(e.seq), `seq ${e.seq} handed out after being declared lost`);
                                if (i % o.ackEvery === 0) {
                                    delivered.add(e.seq);
                                    box.ack(e.seq);
                                }
                            });
                        } else if (o.kind === "rewind") {
                            box.rewind();
                        } else {
                            crash(box);
                            box = new Outbox(opts);
                            noteGaps(box.recovery.gaps);
                            assert.equal(box.nextSeq, appended + 1);
                        }
                        assert.ok(box.bytes <= opts.budgetBytes);
                    }
                    box.rewind();
                    for (const e of box.next(10_000)) delivered.add(e.seq);
                    for (let s = 1; s <= appended; s++) assert.ok(delivered.has(s) || lost.has(s), `seq ${s} neither delivered nor declared lost`);
                    box.close();
                } finally {
                    fs.rmSync(d, { recursive: true, force: true });
                }
            }),
            { numRuns: 150 },
        );
    });
});
