/**
 * Alarm hold time (on-delay / off-delay), `thresholds.holdSeconds`: bad values with their exact
 * messages and positions; the value from the site format through the model and the deployment's
 * collector configuration into the collector's alarm logic, which raises a level only after the value
 * stayed past its threshold for the hold time and clears it only after it stayed back past
 * threshold - hysteresis for the hold time.
 */
import * as assert from "node:assert/strict";
import { AlarmState } from "../../edge/lib/alarms";
import { parseCollectorConfig } from "../../edge/lib/config";
import { collectorConfiguration } from "../../src/edge/greengrass";
import { cleanup, edit, fleetDir, load, runCases } from "../model/helpers";

const A = "sites/alpha.yaml";
const F = "fleet.yaml";
const typeThresholds = (extra: string) => ({ [F]: edit(["            critical: 7.1", `            critical: 7.1\n${extra}`]) });

describe("alarm hold time: thresholds.holdSeconds", () => {
    afterEach(cleanup);

    runCases([
        {
            name: "holdSeconds negative",
            changes: typeThresholds("            holdSeconds: -1"),
            expect: [`${F}:34:26: equipmentTypes.press.sensors[0].thresholds.holdSeconds: -1 is out of range; accepted: at least 0`],
        },
        {
            name: "holdSeconds not a number",
            changes: typeThresholds("            holdSeconds: ten"),
            expect: [`${F}:34:26: equipmentTypes.press.sensors[0].thresholds.holdSeconds: expected a number (at least 0), got the string "ten"`],
        },
        {
            name: "holdSeconds without a threshold",
            changes: {
                [A]: edit(["      transmit:\n        mode: on-change", "      transmit:\n        mode: on-change\n      thresholds:\n        holdSeconds: 3"]),
            },
            expect: [
                `${A}:57:22: sensors[0].thresholds.holdSeconds: sensor "hall-temp" has a hold time (holdSeconds) of 3 but no warning or critical threshold it could apply to; add thresholds or remove holdSeconds`,
            ],
        },
    ]);

    it("reaches the collector as holdMs and delays raise and clear by exactly the hold time", () => {
        const r = load(fleetDir(typeThresholds("            hysteresis: 0.5\n            holdSeconds: 2")));
        assert.deepEqual(r.diagnostics, []);
        const site = r.model!.sites.find((s) => s.name === "alpha")!;
        assert.deepEqual(site.sensors.find((s) => s.name === "press-1-vibration")!.thresholds, {
            warning: 4.5,
            critical: 7.1,
            direction: "above",
            hysteresis: 0.5,
            holdSeconds: 2,
        });
        // absent when not written
        const plain = load(fleetDir()).model!.sites.find((s) => s.name === "alpha")!;
        assert.equal("holdSeconds" in plain.sensors.find((s) => s.name === "press-1-vibration")!.thresholds!, false);

        const raw = JSON.parse(JSON.stringify(collectorConfiguration(site, { artifactsBucket: "b", telemetryStreamName: "t", manifestSha256: "" }, "inline")));
        const parsed = parseCollectorConfig(raw, site.gateways[0].thingName);
        assert.deepEqual(parsed.errors, []);
        const spec = parsed.config!.sensors.find((s) => s.name === "press-1-vibration")!.thresholds!;
        assert.deepEqual(spec, { direction: "above", warning: 4.5, critical: 7.1, hysteresis: 0.5, holdMs: 2000 });

        const alarm = new AlarmState("press-1-vibration", spec);
        /** Offers `samples` ({ ts: value }; integer keys iterate in ascending order) and returns the transitions raised. */
        const feed = (samples: Record<number, number>) =>
            Object.entries(samples).flatMap(([ts, v]) => alarm.offer(Number(ts), v).map((a) => `${a.ts} ${a.state} ${a.severity}`));
        const steps: [what: string, samples: Record<number, number>, transitions: string[]][] = [
            ["on-delay: above warning from t=1000; a dip at t=2000 restarts the hold", { 0: 1, 1000: 5, 2000: 4, 2500: 5, 4000: 5, 4499: 5 }, []],
            ["raised at 2500 + 2000", { 4500: 5 }, ["4500 raise warning"]],
            ["within the hysteresis (>= 4.5 - 0.5) the level holds; below 4 from t=5000", { 4600: 4.1, 5000: 3.9, 6999: 3.9 }, []],
            ["cleared 2 s later", { 7000: 3.9 }, ["7000 clear warning"]],
            ["a spike shorter than the hold time raises nothing", { 8000: 9, 9999: 9, 10000: 1, 13000: 1 }, []],
        ];
        for (const [what, samples, transitions] of steps) assert.deepEqual(feed(samples), transitions, what);
        assert.equal(alarm.current, 0);
    });
});
