import * as assert from "node:assert/strict";
import * as fc from "fast-check";
import { AlarmState, type AlarmSpec } from "../../edge/lib/alarms";
import type { AggregateRecord, SampleRecord } from "../../edge/lib/contract";
import { Transmitter, type TransmitMode } from "../../edge/lib/transmit";

function run(mode: TransmitMode, samples: [number, number][]) {
    const t = new Transmitter("s", mode);
    const out = samples.map(([ts, v]) => t.offer(ts, v)).filter((r) => r !== undefined);
    return { t, out };
}

const invariant = (t: Transmitter) => {
    const c = t.counters;
    assert.equal(c.read, c.suppressed + c.aggregated + c.sent + c.pending, JSON.stringify(c));
};

describe("edge transmit modes", () => {
    it("raw sends every sample", () => {
        const { t, out } = run({ mode: "raw" }, [
            [1, 1],
            [2, 1],
            [3, 2],
        ]);
        assert.deepEqual(out, [
            { sensor: "s", ts: 1, value: 1 },
            { sensor: "s", ts: 2, value: 1 },
            { sensor: "s", ts: 3, value: 2 },
        ]);
        assert.deepEqual(t.counters, { read: 3, suppressed: 0, aggregated: 0, sent: 3, pending: 0 });
    });

    it("deadband sends when the value moved by at least the threshold from the last value SENT", () => {
        const { t, out } = run(
            { mode: "deadband", threshold: 0.5 },
            [1, 1.2, 1.5, 1.6, 2.0, 1.4, 1.3].map((v, i) => [i, v]),
        );
        assert.deepEqual(
            out.map((r) => (r as SampleRecord).value),
            [1, 1.5, 2.0, 1.4],
        );
        assert.deepEqual(t.counters, { read: 7, suppressed: 3, aggregated: 0, sent: 4, pending: 0 });
    });

    it("deadband against the last value sent, not the last value read: a slow drift is sent", () => {
        const { out } = run(
            { mode: "deadband", threshold: 1 },
            [0, 0.4, 0.8, 1.2, 1.6].map((v, i) => [i, v]),
        );
        assert.deepEqual(
            out.map((r) => (r as SampleRecord).value),
            [0, 1.2],
        );
    });

    it("on-change sends only a different value; alarm-only sends nothing", () => {
        assert.deepEqual(
            run(
                { mode: "on-change" },
                [1, 1, 2, 2, 1].map((v, i) => [i, v]),
            ).out.map((r) => (r as SampleRecord).value),
            [1, 2, 1],
        );
        const a = run(
            { mode: "alarm-only" },
            [1, 100, 1].map((v, i) => [i, v]),
        );
        assert.deepEqual(a.out, []);
        assert.deepEqual(a.t.counters, { read: 3, suppressed: 3, aggregated: 0, sent: 0, pending: 0 });
    });

    it("aggregate emits epoch-aligned windows with min, max, mean, count; flush closes an ended window", () => {
        const t = new Transmitter("s", { mode: "aggregate", windowSeconds: 10 });
        const out: (AggregateRecord | SampleRecord)[] = [];
        for (let i = 0; i < 20; i++) {
            const r = t.offer(1_000_000 + i * 1000, i);
            if (r) out.push(r);
        }
        assert.deepEqual(out, [{ sensor: "s", ts: 1_000_000, window: 10, min: 0, max: 9, mean: 4.5, count: 10 }]);
        assert.equal(t.counters.pending, 10);
        assert.equal(t.flush(1_019_999), undefined);
        assert.deepEqual(t.flush(1_020_000), { sensor: "s", ts: 1_010_000, window: 10, min: 10, max: 19, mean: 14.5, count: 10 });
        // the window 1_020_000.. has started: nothing until it ends, unless forced (shutdown)
        assert.equal(t.counters.pending, 0);
        assert.equal(t.flush(2_000_000), undefined);
        t.offer(1_030_500, 7);
        assert.deepEqual(t.flush(1_030_600, true), { sensor: "s", ts: 1_030_000, window: 10, min: 7, max: 7, mean: 7, count: 1 });
        assert.deepEqual(t.counters, { read: 21, suppressed: 0, aggregated: 21, sent: 0, pending: 0 });
    });

    it("rejects a zero window and a negative deadband", () => {
        assert.throws(() => new Transmitter("s", { mode: "aggregate", windowSeconds: 0 }), /sensor s: aggregate window must be > 0 seconds/);
        assert.throws(() => new Transmitter("s", { mode: "deadband", threshold: -1 }), /sensor s: deadband threshold must be >= 0/);
    });

    const modes = fc.oneof(
        fc.constant<TransmitMode>({ mode: "raw" }),
        fc.constant<TransmitMode>({ mode: "on-change" }),
        fc.constant<TransmitMode>({ mode: "alarm-only" }),
        fc.double({ min: 0, max: 10, noNaN: true }).map((threshold): TransmitMode => ({ mode: "deadband", threshold })),
        fc.integer({ min: 1, max: 5 }).map((windowSeconds): TransmitMode => ({ mode: "aggregate", windowSeconds })),
    );
    const series = fc.array(fc.tuple(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: -50, max: 50 })), { maxLength: 200 }).map((steps) => {
        let ts = 1_700_000_000_000;
        return steps.map(([dt, v]): [number, number] => [(ts += dt), v / 4]);
    });

    it("property: every sample is accounted for, and what is sent obeys the mode", () => {
        fc.assert(
            fc.property(modes, series, (mode, samples) => {
                const t = new Transmitter("s", mode);
                const sent: SampleRecord[] = [];
                const windows: AggregateRecord[] = [];
                for (const [ts, v] of samples) {
                    const r = t.offer(ts, v);
                    if (r && "window" in r) windows.push(r);
                    else if (r) sent.push(r);
                    invariant(t);
                    if (mode.mode === "deadband" && !r && sent.length) assert.ok(Math.abs(v - sent[sent.length - 1].value) < mode.threshold);
                }
                const last = t.flush(Number.MAX_SAFE_INTEGER, true);
                if (last) windows.push(last);
                invariant(t);
                assert.equal(t.counters.pending, 0);
                if (mode.mode === "raw") assert.equal(sent.length, samples.length);
                if (mode.mode === "alarm-only") assert.equal(sent.length + windows.length, 0);
                for (let i = 1; i < sent.length; i++) {
                    if (mode.mode === "deadband") assert.ok(Math.abs(sent[i].value - sent[i - 1].value) >= mode.threshold);
                    if (mode.mode === "on-change") assert.notEqual(sent[i].value, sent[i - 1].value);
                }
                if (mode.mode === "aggregate") {
                    assert.equal(
                        windows.reduce((n, w) => n + w.count, 0),
                        samples.length,
                    );
                    for (const w of windows) {
                        assert.ok(w.min <= w.mean + 1e-9 && w.mean <= w.max + 1e-9, JSON.stringify(w));
                        assert.equal(w.ts % (mode.windowSeconds * 1000), 0);
                    }
                    for (let i = 1; i < windows.length; i++) assert.ok(windows[i].ts > windows[i - 1].ts);
                }
            }),
            { numRuns: 300 },
        );
    });
});

describe("edge alarms", () => {
    const spec: AlarmSpec = { warning: 10, critical: 20, direction: "above", hysteresis: 2 };
    const feed = (s: AlarmSpec, values: [number, number][]) => {
        const a = new AlarmState("s", s);
        return values.flatMap(([ts, v]) => a.offer(ts, v).map((r) => `${ts}:${r.state}:${r.severity}:${r.threshold}`));
    };

    it("raises and clears with hysteresis, above", () => {
        const values = [9, 10, 8.5, 7.9, 21, 18.5, 17, 7].map((v, i): [number, number] => [i, v]);
        assert.deepEqual(feed(spec, values), [
            "1:raise:warning:10",
            "3:clear:warning:10",
            "4:raise:critical:20",
            "6:clear:critical:20",
            "6:raise:warning:10",
            "7:clear:warning:10",
        ]);
    });

    it("without hysteresis a value hovering at the threshold flaps; with it, it does not", () => {
        const hover = [10, 9.9, 10, 9.9].map((v, i): [number, number] => [i, v]);
        assert.equal(feed({ warning: 10, direction: "above" }, hover).length, 4);
        assert.deepEqual(feed({ warning: 10, direction: "above", hysteresis: 0.5 }, hover), ["0:raise:warning:10"]);
    });

    it("below mirrors above", () => {
        const values = [5, 3, 3.4, 3.6, 0.5].map((v, i): [number, number] => [i, v]);
        assert.deepEqual(feed({ warning: 3, critical: 1, direction: "below", hysteresis: 0.5 }, values), [
            "1:raise:warning:3",
            "3:clear:warning:3",
            "4:raise:critical:1",
        ]);
    });

    it("hold time: a level must persist for the hold before it is raised or cleared", () => {
        const s: AlarmSpec = { critical: 20, direction: "above", holdMs: 1000 };
        assert.deepEqual(
            feed(s, [
                [0, 25],
                [500, 25],
                [900, 5],
                [1000, 25],
                [1999, 25],
                [2000, 25],
                [2100, 5],
                [3100, 5],
            ]),
            ["2000:raise:critical:20", "3100:clear:critical:20"],
        );
    });

    it("rejects a negative hysteresis or hold", () => {
        assert.throws(() => new AlarmState("x", { direction: "above", hysteresis: -1 }), /sensor x: hysteresis must be >= 0/);
        assert.throws(() => new AlarmState("x", { direction: "above", holdMs: -1 }), /sensor x: hold time must be >= 0/);
    });

    it("property: the events describe the level exactly (a clear names the level left), and the level follows the thresholds", () => {
        fc.assert(
            fc.property(
                fc.array(fc.double({ min: -10, max: 40, noNaN: true }), { maxLength: 100 }),
                fc.double({ min: 0, max: 3, noNaN: true }),
                (values, hysteresis) => {
                    const a = new AlarmState("s", { warning: 10, critical: 20, direction: "above", hysteresis });
                    const LEVEL = { warning: 1, critical: 2 } as const;
                    let level = 0;
                    values.forEach((v, i) => {
                        for (const r of a.offer(i, v)) {
                            if (r.state === "clear") {
                                assert.equal(level, LEVEL[r.severity], `clear ${r.severity} at level ${level}`);
                                level = 0;
                            } else {
                                assert.notEqual(level, LEVEL[r.severity], `raise ${r.severity} twice`);
                                level = LEVEL[r.severity];
                            }
                        }
                        assert.equal(level, a.current);
                        if (v >= 20) assert.equal(a.current, 2);
                        if (v < 10 - hysteresis) assert.equal(a.current, 0);
                        if (v >= 10 && v < 18 - hysteresis) assert.equal(a.current, 1);
                    });
                },
            ),
            { numRuns: 300 },
        );
    });
});
