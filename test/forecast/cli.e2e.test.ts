/** `fleet forecast` as users run it. */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { assertRefused, fleet } from "../cli/helpers";
import { syntheticSeries, toCsv } from "./synthetic";

describe("fleet forecast (CLI)", function () {
    this.timeout(60_000);
    let dir: string;
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-forecast-"));
        fs.writeFileSync(
            path.join(dir, "energy.csv"),
            toCsv("press-energy", syntheticSeries({ seed: 2, weeks: 3 })) +
                toCsv("line-output", syntheticSeries({ seed: 3, weeks: 3 })).replace("series,ts,value\n", ""),
        );
        fs.writeFileSync(path.join(dir, "bad.csv"), "series,ts,value\na,bad,1\na,1,x\n");
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("prints one JSON line per series and future step, sorted by series, and says how each was forecast", () => {
        const r = fleet(["forecast", "--input", "energy.csv", "--horizon", "3h"], { cwd: dir });
        assert.equal(r.code, 0, r.stderr);
        const lines = r.stdout
            .trim()
            .split("\n")
            .map((l) => JSON.parse(l));
        assert.deepEqual(
            lines.map((l) => [l.series, l.ts, Object.keys(l)]),
            [
                ["line-output", "2026-01-26T00:00:00.000Z", ["series", "ts", "value", "lower", "upper"]],
                ["line-output", "2026-01-26T01:00:00.000Z", ["series", "ts", "value", "lower", "upper"]],
                ["line-output", "2026-01-26T02:00:00.000Z", ["series", "ts", "value", "lower", "upper"]],
                ["press-energy", "2026-01-26T00:00:00.000Z", ["series", "ts", "value", "lower", "upper"]],
                ["press-energy", "2026-01-26T01:00:00.000Z", ["series", "ts", "value", "lower", "upper"]],
                ["press-energy", "2026-01-26T02:00:00.000Z", ["series", "ts", "value", "lower", "upper"]],
            ],
        );
        for (const l of lines) assert.ok(l.lower < l.value && l.value < l.upper, JSON.stringify(l));
        assert.equal(
            r.stderr,
            [
                "line-output: holt-winters (season 168 steps), 504 steps of 3600s, 0 filled, 0 outlier(s) replaced, 3 forecast",
                "press-energy: holt-winters (season 168 steps), 504 steps of 3600s, 0 filled, 0 outlier(s) replaced, 3 forecast",
                "",
            ].join("\n"),
        );
    });

    it("writes CSV with a header on --format csv", () => {
        const r = fleet(["forecast", "--input", "energy.csv", "--horizon", "1h", "--format", "csv"], { cwd: dir });
        assert.equal(r.code, 0, r.stderr);
        const rows = r.stdout.trim().split("\n");
        assert.equal(rows[0], "series,ts,value,lower,upper");
        assert.equal(rows.length, 3);
        assert.match(rows[1], /^line-output,2026-01-26T00:00:00\.000Z,-?[0-9.]+,-?[0-9.]+,-?[0-9.]+$/);
    });

    it("reports every problem of the options and the file at once, forecasts nothing, exits 1", () => {
        const r = fleet(["forecast", "--input", "bad.csv", "--horizon", "2q", "--level", "200", "--season", "week"], { cwd: dir });
        assertRefused(r, 1, [
            '--horizon: "2q" is not a duration; use <number><unit> with s, m, h, d or w (e.g. 7d)',
            '--level: "200" is not a percentage between 0 and 100 (e.g. 95)',
            '--season: "week" is not auto or a whole number of steps (e.g. 168 for a week of hourly readings)',
            'bad.csv:2: ts: "bad" is not a time; use ISO 8601 with a zone (2026-11-02T14:00:00Z) or epoch seconds',
            'bad.csv:3: value: "x" is not a finite number; leave it empty for a missing reading',
            "fleet: 5 problems; nothing forecast",
        ]);
    });

    it("a missing input file or an unknown format is a usage error (exit 2)", () => {
        const r = fleet(["forecast", "--input", "nope.csv", "--horizon", "1h"], { cwd: dir });
        assert.deepEqual([r.code, r.stderr], [2, "fleet: cannot read --input nope.csv: ENOENT\n"]);
        const f = fleet(["forecast", "--input", "energy.csv", "--horizon", "1h", "--format", "xml"], { cwd: dir });
        assert.deepEqual([f.code, f.stderr], [2, 'fleet: unknown --format "xml"; known formats: jsonl, csv\n']);
    });
});
