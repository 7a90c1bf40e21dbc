import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { dashboardUid, grafanaUnit, siteDashboard, thresholdSteps } from "../../src/analytics/dashboards";
import { main } from "../../cli/index";
import { exampleFleet } from "../helpers/fleets";
import { captureIo } from "../helpers/io";

const ROOT = path.resolve(__dirname, "..", "..", "..");

describe("analytics: Grafana dashboards per site", () => {
    const fleet = exampleFleet();
    const site = fleet.sites.find((s) => s.name === "stuttgart-body")!;

    it("a row per machine (sorted), a panel per sensor with its unit and thresholds, one-off sensors last", () => {
        const d = siteDashboard(fleet, site);
        const rows = d.panels.filter((p) => p.type === "row");
        const sensors = d.panels.filter((p) => p.type === "timeseries");
        assert.equal(rows.length, site.equipment.length + (site.sensors.some((s) => !s.equipment) ? 1 : 0));
        assert.equal(sensors.length, site.sensors.length);
        assert.deepEqual(rows.map((r) => r.title.split(" ")[0]).slice(0, site.equipment.length), site.equipment.map((e) => e.name).sort());
        const vib = sensors.find((p) => p.title === "weld-robot-01-axis-vibration")!;
        assert.deepEqual(vib.fieldConfig?.defaults.thresholds.steps, [
            { color: "green", value: null },
            { color: "orange", value: 4.5 },
            { color: "red", value: 7.1 },
        ]);
        assert.equal(vib.fieldConfig?.defaults.unit, "velocitymms");
        assert.match(vib.targets![0].query ?? "", /r.site == "stuttgart-body" and r.sensor == "weld-robot-01-axis-vibration"/);
        assert.equal(d.uid, "acme-stuttgart-body");
        assert.equal(d.timezone, "Europe/Berlin");
        // ids unique, panels never overlap
        assert.equal(new Set(d.panels.map((p) => p.id)).size, d.panels.length);
        const cells = new Set<string>();
        for (const p of d.panels)
            for (let x = p.gridPos.x; x < p.gridPos.x + p.gridPos.w; x++)
                for (let y = p.gridPos.y; y < p.gridPos.y + p.gridPos.h; y++) {
                    const k = `${x},${y}`;
                    assert.ok(!cells.has(k), `panel ${p.id} overlaps at ${k}`);
                    cells.add(k);
                }
        for (const p of sensors) assert.ok(p.gridPos.x + p.gridPos.w <= 24);
    });

    it("thresholds follow the direction; sensors without thresholds stay green; long uids are shortened", () => {
        assert.deepEqual(thresholdSteps({ thresholds: { warning: 5, critical: 2, direction: "below" } }), [
            { color: "red", value: null },
            { color: "orange", value: 2 },
            { color: "green", value: 5 },
        ]);
        assert.deepEqual(thresholdSteps({ thresholds: undefined }), [{ color: "green", value: null }]);
        assert.equal(grafanaUnit("°C"), "celsius");
        assert.equal(grafanaUnit("strokes/min"), "suffix: strokes/min");
        const uid = dashboardUid("a234567890123456", "a-site-name-that-is-quite-long-x");
        assert.equal(uid.length, 40);
        assert.equal(uid, dashboardUid("a234567890123456", "a-site-name-that-is-quite-long-x"));
    });

    it("does not depend on the order equipment is written in the site file", () => {
        const shuffled = { ...site, equipment: [...site.equipment].reverse() };
        assert.deepEqual(siteDashboard(fleet, shuffled), siteDashboard(fleet, site));
    });

    it("`fleet dashboards --out DIR` writes one JSON per site; --site narrows; an unknown site is a usage error (exit 2)", async () => {
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-dash-"));
        const c = captureIo();
        assert.equal(await main(["node", "fleet", "dashboards", "--dir", ROOT, "--out", out], c.io), 0);
        assert.deepEqual(fs.readdirSync(out).sort(), fleet.sites.map((s) => `${s.name}.json`).sort());
        const written = JSON.parse(fs.readFileSync(path.join(out, "stuttgart-body.json"), "utf8"));
        assert.deepEqual(written, JSON.parse(JSON.stringify(siteDashboard(fleet, site))));
        assert.equal(c.out.length, fleet.sites.length);

        const one = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-dash-"));
        assert.equal(await main(["node", "fleet", "dashboards", "--dir", ROOT, "--out", one, "--site", "austin-smt"], captureIo().io), 0);
        assert.deepEqual(fs.readdirSync(one), ["austin-smt.json"]);

        const bad = captureIo();
        assert.equal(await main(["node", "fleet", "dashboards", "--dir", ROOT, "--out", one, "--site", "austin-smtt"], bad.io), 2);
        assert.match(bad.err.join("\n"), /unknown site "austin-smtt"; did you mean "austin-smt"\? sites: austin-smt, cork-fill-finish, stuttgart-body/);
        assert.equal(await main(["node", "fleet", "dashboards", "--dir", ROOT], captureIo().io), 2, "--out is required");
    });
});
