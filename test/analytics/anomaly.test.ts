import assert from "node:assert/strict";
import { AnomalyScorer, DEFAULT_SCORER, thresholdLevel, type SensorThresholds } from "../../src/analytics/anomaly";
import { vibration } from "./synthetic";

/** ISO 10816 class II limits the example fleet uses for vibration (mm/s RMS). */
const VIBRATION: SensorThresholds = { warning: 4.5, critical: 7.1, direction: "above" };
const DAY = 8640; // 10-second aggregates
const healthy = (seed: number, samples = DAY) => vibration({ seed, samples, periodMs: 10_000, base: 2.2, noise: 0.12 });
const faulty = (seed: number) => vibration({ seed, samples: 2400, periodMs: 10_000, base: 2.2, noise: 0.12, faultAt: 1500 });

function run(data: { ts: number; value: number }[], thresholds?: SensorThresholds) {
    const scorer = new AnomalyScorer(DEFAULT_SCORER);
    const out: { i: number; severity: string; reason: string }[] = [];
    data.forEach((r, i) => {
        const f = scorer.score("stuttgart-body/press-01-flywheel-vibration", r.value, r.ts, thresholds);
        if (f) out.push({ i, severity: f.severity, reason: f.reason });
    });
    return out;
}

describe("analytics: anomaly scorer on synthetic vibration", () => {
    it("raises nothing on 30 healthy machine-days (seeded; load cycle and noise only), one- or two-sided", () => {
        let findings = 0;
        for (let seed = 1; seed <= 30; seed++) findings += run(healthy(seed), VIBRATION).length + run(healthy(seed)).length;
        assert.equal(findings, 0);
    });

    it("detects an injected bearing fault statistically, 32 minutes before the warning threshold", () => {
        const data = faulty(42);
        const firstWarningCrossing = data.findIndex((r) => r.value >= 4.5);
        const firstCriticalCrossing = data.findIndex((r) => r.value >= 7.1);
        assert.equal(firstWarningCrossing, 2072);
        assert.equal(firstCriticalCrossing, 2180);
        // fault injected at sample 1500; 10-second samples: 1879 is 63 minutes after onset
        assert.deepEqual(run(data, VIBRATION), [
            { i: 1879, severity: "warning", reason: "statistical" },
            // the warning crossing at 2072 is the same anomaly (the level holds); critical is a rise
            { i: 2180, severity: "critical", reason: "threshold" },
        ]);
    });

    it("detects the fault before any threshold on 30 other seeds", () => {
        for (let seed = 101; seed <= 130; seed++) {
            const data = faulty(seed);
            const first = run(data, VIBRATION)[0];
            const crossing = data.findIndex((r) => r.value >= 4.5);
            assert.ok(first, `seed ${seed}: fault not detected`);
            assert.equal(first.reason, "statistical", `seed ${seed}`);
            assert.ok(first.i > 1500 && first.i < crossing, `seed ${seed}: detected at ${first.i}, threshold crossed at ${crossing}`);
        }
    });

    it("without the rolling statistic, only the threshold would see the fault (the statistic is what adds lead time)", () => {
        const thresholdOnly = new AnomalyScorer({ ...DEFAULT_SCORER, zWarning: Number.POSITIVE_INFINITY });
        const data = faulty(42);
        const first = data.findIndex((r) => thresholdOnly.score("k", r.value, r.ts, VIBRATION) !== undefined);
        assert.equal(first, 2072);
    });

    it("holds a level while a value hovers at its threshold (hysteresis), and clears after 30 calm samples", () => {
        const scorer = new AnomalyScorer(DEFAULT_SCORER);
        const t0 = Date.UTC(2026, 0, 1);
        const values = [...Array(10).fill(3.0), 4.6, 4.4, 4.6, 4.4, 4.6, ...Array(30).fill(3.0), 4.6];
        const emitted = values
            .map((v, i) => scorer.score("k", v, t0 + i * 10_000, VIBRATION))
            .map((f, i) => (f ? `${i}:${f.severity}` : ""))
            .filter(Boolean);
        assert.deepEqual(emitted, ["10:warning", "45:warning"]);
    });

    it("honours direction below: lower is worse", () => {
        const t: SensorThresholds = { warning: 5, critical: 2, direction: "below" };
        assert.deepEqual(thresholdLevel(6, t), { level: "normal" });
        assert.deepEqual(thresholdLevel(5, t), { level: "warning", threshold: 5 });
        assert.deepEqual(thresholdLevel(1.5, t), { level: "critical", threshold: 2 });
        assert.deepEqual(thresholdLevel(100, undefined), { level: "normal" });
    });

    it("is two-sided for sensors without thresholds: a drop is as unusual as a rise", () => {
        const data = healthy(5, 900).map((r, i) => (i >= 600 ? { ...r, value: r.value - 1.0 } : r));
        assert.deepEqual(run(data), [{ i: 603, severity: "warning", reason: "statistical" }]);
    });

    it("learns only during warm-up: no statistical finding in the first 360 samples (an hour at 10 s)", () => {
        const data = healthy(9, 360).map((r, i) => (i >= 50 ? { ...r, value: r.value + 3 } : r));
        assert.deepEqual(run(data), []);
    });
});
