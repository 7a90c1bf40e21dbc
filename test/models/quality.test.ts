/**
 * The bar on synthetic data made here: a model trained on normal operation (sinusoid +
 * noise) finds ≥ 90% of injected spikes, level shifts, variance bursts and drifts with ≤ 1% false
 * alarms on normal readings, scored by ONNX Runtime. And the negative case: a model of other
 * machines (a different cycle) raises alarms all over normal data.
 */
import * as assert from "node:assert/strict";
import { evaluate } from "../../src/models/evaluate";
import { scoreReadings } from "../../src/models/runtime";
import { makeSeries, EVENT_KINDS } from "../../src/models/synthetic";
import { loadedModel } from "./helpers";

describe("models: detection quality (synthetic)", () => {
    it("finds ≥ 90% of injected events of every kind with ≤ 1% false alarms on normal readings", async () => {
        const m = await loadedModel();
        const test = makeSeries({ readings: 8000, seed: 12, eventsPerSensor: 24 });
        const scored = await scoreReadings(m, test.readings);
        assert.equal(scored.length, test.readings.length);
        const ev = evaluate(scored, test.events, m.info.window);
        assert.equal(ev.events, 72);
        assert.equal(ev.notScored, 3 * (m.info.window - 1));
        assert.ok(ev.recall >= 0.9, `recall ${ev.recall}`);
        assert.ok(ev.falseAlarmRate <= 0.01, `false alarm rate ${ev.falseAlarmRate}`);
        assert.ok(ev.normalReadings > 10_000, `normal readings ${ev.normalReadings}`);
        for (const kind of EVENT_KINDS) {
            const of = ev.perEvent.filter((_, i) => test.events[i].kind === kind);
            const found = of.filter((e) => e.found).length;
            assert.ok(found / of.length >= 0.75, `${kind}: ${found} of ${of.length}`);
        }
    });

    it("flags normal data of a different process (another cycle) as anomalous", async () => {
        const m = await loadedModel();
        const other = makeSeries({
            readings: 1000,
            seed: 13,
            sensors: [{ name: "press-01-temperature", level: 60, amplitude: 5, period: 20, noise: 0.5 }],
        });
        const scored = await scoreReadings(m, other.readings);
        const ev = evaluate(scored, [], m.info.window);
        assert.ok(ev.falseAlarmRate > 0.2, `alarm rate ${ev.falseAlarmRate}`);
    });
});
