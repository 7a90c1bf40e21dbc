/** The trainer, the CSV reader and the evaluation on small inputs with known answers, and every bad input it must refuse. */
import * as assert from "node:assert/strict";
import { evaluate, parseEvents } from "../../src/models/evaluate";
import { bySensor, parseReadings, parseTs, type Reading } from "../../src/models/readings";
import { WindowStream } from "../../src/models/stream";
import { gaussian, makeSeries, rng } from "../../src/models/synthetic";
import { dominantPeriod, segments, train } from "../../src/models/train";
import { modelFiles } from "../../src/models/publish";
import { TRAINED_AT, trainedModel } from "./helpers";

const series = (sensor: string, n: number, f: (t: number) => number, dt = 1000, t0 = 0): Reading[] =>
    Array.from({ length: n }, (_, t) => ({ sensor, ts: t0 + t * dt, value: f(t), line: t + 2 }));

describe("models: readings CSV", () => {
    it("parses sensor,ts,value in any column order, epoch ms and ISO times, quoted cells", () => {
        const r = parseReadings('value,sensor,ts\n1.5,a,1000\n"2",b,2026-01-01T00:00:01Z\n\n3,"c,d",2026-01-01 00:00:02Z\n', "in.csv");
        assert.deepEqual(r.problems, []);
        assert.deepEqual(r.readings, [
            { sensor: "a", ts: 1000, value: 1.5, line: 2 },
            { sensor: "b", ts: Date.UTC(2026, 0, 1, 0, 0, 1), value: 2, line: 3 },
            { sensor: "c,d", ts: Date.UTC(2026, 0, 1, 0, 0, 2), value: 3, line: 5 },
        ]);
    });

    it("reports every bad line with its number, and a header without the columns", () => {
        const r = parseReadings("sensor,ts,value\na,1,NaN\n,2,3\nb,yesterday,4\nc,5,\nd,6,7\n", "in.csv");
        assert.deepEqual(r.problems, [
            'in.csv:2: value "NaN" of sensor a is not a finite number',
            "in.csv:3: sensor is empty",
            'in.csv:4: ts "yesterday" is not epoch milliseconds or an ISO 8601 date-time',
            'in.csv:5: value "" of sensor c is not a finite number',
        ]);
        assert.deepEqual(
            r.readings.map((x) => x.sensor),
            ["d"],
        );
        const kept = parseReadings("sensor,ts,value\na,1,NaN\n", "in.csv", { keepNaN: true });
        assert.deepEqual(kept.problems, []);
        assert.ok(Number.isNaN(kept.readings[0].value));
        assert.deepEqual(parseReadings("time,value\n1,2\n", "x.csv").problems, [
            'x.csv:1: header must name the columns sensor,ts,value (missing: sensor, ts; got "time,value")',
        ]);
        assert.ok(Number.isNaN(parseTs("12/01/2026")));
    });
});

describe("models: trainer", () => {
    it("finds the cycle of a noisy sinusoid and none in white noise", () => {
        const noise = gaussian(rng(4));
        const z = Array.from({ length: 3000 }, (_, t) => Math.sin((2 * Math.PI * t) / 50) + 0.2 * noise());
        assert.equal(dominantPeriod(z, 256), 50);
        assert.equal(
            dominantPeriod(
                Array.from({ length: 3000 }, () => noise()),
                256,
            ),
            null,
        );
    });

    it("splits runs at pauses longer than gapFactor intervals and says so", () => {
        const rs = [...series("a", 5, (t) => t), ...series("a", 5, (t) => t, 1000, 100_000)];
        assert.deepEqual(
            segments(rs, 1000, 3).map((s) => s.length),
            [5, 5],
        );
        const noise = gaussian(rng(9));
        const long = [...series("s", 1500, (t) => Math.sin(t / 5) + 0.1 * noise()), ...series("s", 1500, (t) => Math.sin(t / 5) + 0.1 * noise(), 1000, 1e7)];
        long.forEach((r, i) => (r.line = i + 2));
        const r = train(bySensor(long), { name: "m", trainedAt: TRAINED_AT });
        assert.ok(r.ok);
        assert.deepEqual(r.warnings, ["sensor s: 1 pause(s) longer than 3 sampling intervals (1000 ms), at line 1502; windows do not span them"]);
        assert.equal(r.info.models[0].training.gaps, 1);
        assert.equal(r.info.models[0].training.readings, 3000);
    });

    it("refuses a constant sensor, too few readings and duplicate times, all at once with the lines", () => {
        const noise = gaussian(rng(2));
        const groups = bySensor([
            ...series("flat", 500, () => 7),
            ...series("short", 100, () => noise()),
            ...series("twice", 400, () => noise()).map((r, i) => (i === 10 ? { ...r, ts: 9000, line: 999 } : r)),
        ]);
        const r = train(groups, { name: "m", trainedAt: TRAINED_AT });
        assert.equal(r.ok, false);
        assert.deepEqual(!r.ok && r.problems, [
            "sensor flat: constant (500 readings, all 7); a model needs variation: leave the sensor out of the training data",
            "sensor twice: two readings at ts 9000 (lines 11 and 999); keep one reading per time",
            "sensor short: too few readings (100 in 1 run(s) without pauses give 69 windows of 32; need 200, i.e. at least 231 consecutive readings)",
        ]);
        const none = train(new Map(), { name: "m", trainedAt: TRAINED_AT });
        assert.deepEqual(!none.ok && none.problems, ["no readings: the input has a header but no data rows"]);
    });

    it("is deterministic: the same readings give the same model bytes", () => {
        const normal = makeSeries({ readings: 1200, seed: 5 });
        const a = train(bySensor(normal.readings), { name: "m", trainedAt: TRAINED_AT });
        const b = train(bySensor(normal.readings.map((r) => ({ ...r }))), { name: "m", trainedAt: TRAINED_AT });
        assert.ok(a.ok && b.ok);
        assert.equal(modelFiles(a.info).info.sha256, modelFiles(b.info).info.sha256);
    });

    it("learns a window of one cycle per sensor and thresholds that keep its own alarm rate under 0.2%", () => {
        const { files } = trainedModel();
        assert.deepEqual(files.info.sensors, ["oven-02-pressure", "press-01-temperature", "press-01-vibration"]);
        assert.deepEqual(
            files.info.models.map((m) => [m.period, m.window]),
            [
                [120, 120],
                [50, 50],
                [37, 37],
            ],
        );
        assert.equal(files.info.window, 120);
        for (const m of files.info.models) {
            assert.ok(m.training.trainingAlarmRate < 0.002, `${m.name}: ${m.training.trainingAlarmRate}`);
            assert.ok(m.thresholds.spike >= 3.75 && m.thresholds.level >= 3.75 && m.thresholds.burst >= 1.45);
            assert.equal(m.training.readings, 4000);
            assert.equal(m.training.intervalMs, 1000);
        }
    });
});

describe("models: windows and evaluation", () => {
    it("says why a reading is not scored instead of scoring it", () => {
        const s = new WindowStream({ window: 3, gapFactor: 3, sensors: ["a"], models: [{ name: "a", training: { intervalMs: 1000 } }] });
        const reasons = [
            s.push("x", 0, 1),
            s.push("a", 0, 1),
            s.push("a", 1000, 2),
            s.push("a", 1000, 2),
            s.push("a", 2000, 3),
            s.push("a", 3000, NaN),
            s.push("a", 4000, 4),
            s.push("a", 5000, 5),
            s.push("a", 6000, 6),
            s.push("a", 60_000, 7),
        ].map((r) => (r.ok ? Array.from(r.window).join(" ") : r.reason));
        assert.deepEqual(reasons, [
            "unknown-sensor",
            "warming-up",
            "warming-up",
            "out-of-order",
            "1 2 3",
            "not-a-number",
            "warming-up",
            "warming-up",
            "4 5 6",
            "warming-up",
        ]);
    });

    it("counts found events, delays and false alarms on normal readings exactly", () => {
        const rs = Array.from({ length: 20 }, (_, i) => ({ sensor: "a", ts: i * 1000, score: i < 2 ? null : 0.5, anomaly: i < 2 ? null : false }));
        for (const i of [6, 7, 15]) Object.assign(rs[i], { score: 2, anomaly: true });
        rs.push({ sensor: "b", ts: 0, score: 3, anomaly: true });
        const ev = evaluate(
            rs,
            [
                { sensor: "a", from: 4000, to: 8000 },
                { sensor: "a", from: 10_000, to: 11_000 },
            ],
            3,
        );
        assert.deepEqual(
            ev.perEvent.map((e) => [e.found, e.delayMs, e.delayReadings]),
            [
                [true, 2000, 2],
                [false, null, null],
            ],
        );
        // a: 18 scored; ts 4..13 are in an event or within the window after one → 8 normal, flag at 15; b: 1 normal, flagged.
        assert.deepEqual(
            { ...ev, perEvent: undefined },
            {
                events: 2,
                found: 1,
                recall: 0.5,
                normalReadings: 9,
                falseAlarms: 2,
                falseAlarmRate: 2 / 9,
                notScored: 2,
                meanDelayMs: 2000,
                maxDelayMs: 2000,
                meanDelayReadings: 2,
                perEvent: undefined,
            },
        );
    });

    it("checks the events file: every bad entry named", () => {
        const r = parseEvents([{ sensor: "a", from: 1, to: 2 }, { sensor: "", from: "x", to: 1 }, { sensor: "b", from: 5, to: 1 }, 3], "ev.json", parseTs);
        assert.deepEqual(r.events, [{ sensor: "a", from: 1, to: 2 }]);
        assert.deepEqual(r.problems, [
            'ev.json: [1].sensor: expected a sensor name, got ""',
            'ev.json: [1].from: expected epoch ms or ISO 8601, got "x"',
            'ev.json: [2]: "to" (1) is before "from" (5)',
            'ev.json: [3]: expected an object {"sensor", "from", "to"}',
        ]);
        assert.deepEqual(parseEvents({}, "e.json", parseTs).problems, ['e.json: expected a JSON list of {"sensor", "from", "to"}']);
    });
});
