import * as assert from "node:assert/strict";
import * as fc from "fast-check";
import {
    autocorrelation,
    detectSeason,
    fitHoltWinters,
    forecastHoltWinters,
    forecastSeries,
    hampel,
    mase,
    normalQuantile,
    parseSeriesCsv,
    regularize,
    runHoltWinters,
    type RegularSeries,
} from "../../src/forecast";
import { nelderMead } from "../../src/forecast/optimize";
import { random } from "../../src/generate/random";
import { HOUR_MS, START, syntheticSeries, toCsv } from "./synthetic";

const regular = (values: number[], name = "s"): RegularSeries => ({ name, start: START, step: HOUR_MS, values, filled: 0, outliers: 0 });

function seasonalNaiveForecast(train: number[], m: number, h: number): number[] {
    return Array.from({ length: h }, (_, k) => train[train.length - m + (k % m)]);
}

describe("forecast: numerics", () => {
    it("normalQuantile matches the standard normal table", () => {
        assert.ok(Math.abs(normalQuantile(0.975) - 1.959964) < 1e-5);
        assert.ok(Math.abs(normalQuantile(0.9) - 1.281552) < 1e-5);
        assert.ok(Math.abs(normalQuantile(0.5)) < 1e-12);
        assert.ok(Math.abs(normalQuantile(0.001) + 3.090232) < 1e-5);
        assert.ok(Math.abs(normalQuantile(0.999) - 3.090232) < 1e-5);
        assert.throws(() => normalQuantile(0), /probability must be in \(0, 1\), got 0/);
        assert.throws(() => normalQuantile(1), /got 1/);
    });

    it("nelderMead finds the minimum of a shifted quadratic and of Rosenbrock's valley", () => {
        const q = nelderMead((x) => (x[0] - 3) ** 2 + 2 * (x[1] + 1) ** 2, [0, 0]);
        assert.ok(Math.abs(q.x[0] - 3) < 1e-4 && Math.abs(q.x[1] + 1) < 1e-4, JSON.stringify(q));
        const r = nelderMead((x) => 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2, [-1.2, 1], { maxIterations: 2000, tolerance: 1e-14 });
        assert.ok(Math.abs(r.x[0] - 1) < 1e-3 && Math.abs(r.x[1] - 1) < 1e-3, JSON.stringify(r));
    });

    it("autocorrelation: lag 0 is 1, a period-4 wave correlates at 4 and anti-correlates at 2", () => {
        const wave = Array.from({ length: 400 }, (_, i) => Math.sin((2 * Math.PI * i) / 4));
        const acf = autocorrelation(wave, 4);
        assert.equal(acf[0], 1);
        assert.ok(acf[4] > 0.98 && acf[2] < -0.98, JSON.stringify(acf));
        assert.deepEqual(autocorrelation([5, 5, 5], 1), [0, 0]);
    });

    it("Holt-Winters with alpha=beta=gamma tiny reproduces a pure seasonal line exactly", () => {
        const m = 4;
        const pattern = [1, 5, -2, 0];
        const y = Array.from({ length: 40 }, (_, t) => 10 + 0.5 * t + pattern[t % m]);
        const fit = runHoltWinters(y, m, { alpha: 0.2, beta: 0.1, gamma: 0.1 });
        assert.ok(fit.sse < 1e-18, `sse ${fit.sse}`);
        const f = forecastHoltWinters({ ...fit, sigma: 0 }, 8);
        const want = Array.from({ length: 8 }, (_, k) => 10 + 0.5 * (40 + k) + pattern[(40 + k) % m]);
        f.mean.forEach((v, i) => assert.ok(Math.abs(v - want[i]) < 1e-9, `step ${i + 1}: ${v} vs ${want[i]}`));
        assert.deepEqual(f.sd, new Array(8).fill(0));
    });

    it("the forecast standard deviation grows with the horizon by the ETS(A,A,A) formula", () => {
        const fit = { alpha: 0.5, beta: 0.2, gamma: 0.3, m: 3, level: 0, trend: 0, season: [0, 0, 0], sigma: 2, sse: 0 };
        const { sd } = forecastHoltWinters(fit, 4);
        const c = (j: number) => 0.5 * (1 + j * 0.2) + (j % 3 === 0 ? 0.3 : 0);
        const want = [2, 2 * Math.sqrt(1 + c(1) ** 2), 2 * Math.sqrt(1 + c(1) ** 2 + c(2) ** 2), 2 * Math.sqrt(1 + c(1) ** 2 + c(2) ** 2 + c(3) ** 2)];
        sd.forEach((v, i) => assert.ok(Math.abs(v - want[i]) < 1e-12, `h=${i + 1}: ${v} vs ${want[i]}`));
    });

    it("fitHoltWinters refuses too short series and bad season lengths with the numbers", () => {
        assert.throws(() => fitHoltWinters([1, 2, 3, 4, 5], 3), /Holt-Winters with season 3 needs at least 6 points, got 5/);
        assert.throws(() => fitHoltWinters([1, 2, 3, 4], 0), /season length must be a whole number of at least 1, got 0/);
        assert.throws(() => fitHoltWinters([1, 2, 3, 4], 1.5), /got 1.5/);
    });
});

describe("forecast: season detection", () => {
    it("finds the week (168) in hourly data with daily and weekly patterns", () => {
        assert.equal(detectSeason(syntheticSeries({ seed: 1, weeks: 6 })), 168);
    });

    it("finds the day (24) when there is no weekly pattern", () => {
        const daily = Array.from({ length: 24 * 20 }, (_, t) => 50 + 10 * Math.sin((2 * Math.PI * t) / 24) + (t % 7) * 0.01);
        assert.equal(detectSeason(daily), 24);
    });

    it("finds nothing in a trend with white noise, nor in a series too short to see two seasons", () => {
        const rnd = random(9);
        assert.equal(detectSeason(Array.from({ length: 400 }, (_, i) => i * 0.01 + rnd.next() - 0.5)), undefined);
        assert.equal(detectSeason([1, 2, 3, 4, 5]), undefined);
    });
});

describe("forecast: accuracy on synthetic production series (held-out week)", () => {
    const SEEDS = [1, 2, 3, 4, 5];
    const results = SEEDS.map((seed) => {
        const all = syntheticSeries({ seed, weeks: 9 });
        const train = all.slice(0, 8 * 168);
        const test = all.slice(8 * 168);
        const f = forecastSeries(regular(train), { horizon: 168 });
        const f80 = forecastSeries(regular(train), { horizon: 168, level: 80 });
        return { seed, train, test, f, f80 };
    });

    it("uses Holt-Winters with the weekly season", () => {
        for (const r of results) assert.deepEqual([r.f.method, r.f.season, r.f.points.length], ["holt-winters", 168, 168], `seed ${r.seed}`);
    });

    it("beats seasonal naive: MASE < 0.9 for every seed, and below seasonal naive's own", () => {
        for (const r of results) {
            const ours = mase(
                r.test,
                r.f.points.map((p) => p.value),
                r.train,
                168,
            );
            const naive = mase(r.test, seasonalNaiveForecast(r.train, 168, 168), r.train, 168);
            assert.ok(ours < 0.9, `seed ${r.seed}: MASE ${ours.toFixed(3)}`);
            assert.ok(ours < naive, `seed ${r.seed}: ours ${ours.toFixed(3)} vs seasonal naive ${naive.toFixed(3)}`);
        }
    });

    it("95% and 80% intervals cover about their nominal share of the held-out readings", () => {
        const cover = (key: "f" | "f80") => {
            let inside = 0;
            let n = 0;
            for (const r of results)
                r[key].points.forEach((p, i) => {
                    n++;
                    if (r.test[i] >= p.lower && r.test[i] <= p.upper) inside++;
                });
            return inside / n;
        };
        const c95 = cover("f");
        const c80 = cover("f80");
        assert.ok(c95 >= 0.9 && c95 <= 0.995, `95% interval covers ${c95}`);
        assert.ok(c80 >= 0.7 && c80 <= 0.9, `80% interval covers ${c80}`);
    });

    it("timestamps continue the series' grid", () => {
        const p = results[0].f.points;
        assert.equal(p[0].ts, new Date(START + 8 * 168 * HOUR_MS).toISOString());
        assert.equal(p[167].ts, new Date(START + (8 * 168 + 167) * HOUR_MS).toISOString());
    });
});

describe("forecast: awkward series", () => {
    it("a constant series forecasts its value with a zero-width interval", () => {
        const f = forecastSeries(regular(new Array(50).fill(7)), { horizon: 3 });
        assert.equal(f.method, "constant");
        assert.deepEqual(
            f.points.map((p) => [p.value, p.lower, p.upper]),
            [
                [7, 7, 7],
                [7, 7, 7],
                [7, 7, 7],
            ],
        );
    });

    it("a series shorter than two seasons falls back to seasonal naive with widening intervals", () => {
        const y = syntheticSeries({ seed: 3, weeks: 2 }).slice(0, 24 * 10);
        const f = forecastSeries(regular(y), { horizon: 48, season: 168 });
        assert.equal(f.method, "seasonal-naive");
        assert.equal(f.points[0].value, y[y.length - 168]);
        assert.equal(f.points[1].value, y[y.length - 167]);
        const w = (i: number) => f.points[i].upper - f.points[i].lower;
        assert.ok(w(0) > 0);
    });

    it("no season: Holt's linear method follows a trend", () => {
        const rnd = random(4);
        const y = Array.from({ length: 60 }, (_, i) => 2 * i + rnd.next() - 0.5);
        const f = forecastSeries(regular(y), { horizon: 5 });
        assert.equal(f.method, "holt");
        assert.ok(Math.abs(f.points[4].value - 2 * 64) < 2, `got ${f.points[4].value}`);
    });

    it("never returns NaN: property over random short and noisy series", () => {
        fc.assert(
            fc.property(
                fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 3, maxLength: 120 }),
                fc.integer({ min: 1, max: 30 }),
                (values, h) => {
                    const f = forecastSeries(regular(values), { horizon: h });
                    return (
                        f.points.length === h &&
                        f.points.every((p) => Number.isFinite(p.value) && Number.isFinite(p.lower) && Number.isFinite(p.upper) && p.lower <= p.upper)
                    );
                },
            ),
            { numRuns: 150 },
        );
    });

    it("refuses bad levels and horizons", () => {
        assert.throws(() => forecastSeries(regular([1, 2, 3]), { horizon: 0 }), /horizon must be at least one step, got 0/);
        assert.throws(() => forecastSeries(regular([1, 2, 3]), { horizon: 2, level: 100 }), /level must be between 0 and 100 \(exclusive\), got 100/);
    });
});

describe("forecast: input series", () => {
    it("parses the CSV, sorts series by name and treats empty/NaN values as missing", () => {
        const { series, problems } = parseSeriesCsv("series,ts,value\nb,2026-01-05T00:00:00Z,1\na,1767571200,2\nb,2026-01-05T01:00:00Z,NaN\n");
        assert.deepEqual(problems, []);
        assert.deepEqual(
            series.map((s) => [s.name, s.points.map((p) => [p.ts, p.value, p.line])]),
            [
                ["a", [[1767571200000, 2, 3]]],
                [
                    "b",
                    [
                        [Date.UTC(2026, 0, 5), 1, 2],
                        [Date.UTC(2026, 0, 5, 1), undefined, 4],
                    ],
                ],
            ],
        );
    });

    it("reports every bad line at once with its line number and the fix", () => {
        const { problems } = parseSeriesCsv(
            "series,ts,value\na,yesterday,1\na,2026-01-05T00:00:00Z,abc\n,2026-01-05T00:00:00Z,1\na,1,2,3\na,2026-01-05 00:00,1\n",
        );
        assert.deepEqual(problems, [
            { line: 2, message: 'ts: "yesterday" is not a time; use ISO 8601 with a zone (2026-11-02T14:00:00Z) or epoch seconds' },
            { line: 3, message: 'value: "abc" is not a finite number; leave it empty for a missing reading' },
            { line: 4, message: "series: empty; name the series (e.g. stuttgart-body-press-01-energy)" },
            { line: 5, message: "expected 3 fields (series,ts,value), found 4" },
            { line: 6, message: 'ts: "2026-01-05 00:00" is not a time; use ISO 8601 with a zone (2026-11-02T14:00:00Z) or epoch seconds' },
        ]);
        assert.deepEqual(parseSeriesCsv("sensor,ts,value\n").problems, [{ line: 1, message: 'header is "sensor,ts,value"; expected "series,ts,value"' }]);
        assert.deepEqual(parseSeriesCsv("series,ts,value\na,1,Infinity\n").problems, [
            { line: 2, message: 'value: "Infinity" is not a finite number; leave it empty for a missing reading' },
        ]);
    });

    it("regularize fills short gaps by interpolation and counts them", () => {
        const csv = "series,ts,value\ns,0,0\ns,3600,10\ns,10800,30\ns,14400,40\ns,18000,50\ns,21600,\ns,25200,70\ns,28800,80\ns,32400,90\ns,36000,100\n";
        const r = regularize(parseSeriesCsv(csv).series[0]);
        assert.ok(!("line" in r), JSON.stringify(r));
        assert.deepEqual(r, { name: "s", start: 0, step: 3_600_000, values: [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100], filled: 2, outliers: 0 });
    });

    it("regularize refuses duplicates, off-grid readings, mostly-missing and too-short series", () => {
        const one = (csv: string) => regularize(parseSeriesCsv(`series,ts,value\n${csv}`).series[0]);
        assert.deepEqual(one("s,0,1\ns,0,2\ns,3600,3\n"), { line: 3, message: "series s: two readings at 1970-01-01T00:00:00.000Z (lines 2 and 3)" });
        assert.deepEqual(one("s,0,1\ns,3600,2\ns,7200,3\ns,9000,4\n"), {
            line: 5,
            message: "series s: reading at 1970-01-01T02:30:00.000Z is off the series' 3600s grid; resample to a regular step first",
        });
        assert.deepEqual(one("s,0,1\ns,3600,\ns,7200,\ns,10800,4\ns,14400,5\n"), {
            line: 2,
            message: "series s: 2 of 5 steps missing (more than 20%); fill the gaps or forecast a shorter, complete span",
        });
        assert.deepEqual(one("s,0,1\ns,3600,2\n"), { line: 2, message: "series s: 2 reading(s); a forecast needs at least 3" });
    });

    it("hampel replaces a spike by its window's median and leaves a smooth wave alone", () => {
        const wave = Array.from({ length: 100 }, (_, i) => Math.sin(i / 5));
        assert.deepEqual(hampel(wave), { cleaned: wave, replaced: 0 });
        const spiked = wave.slice();
        spiked[50] = 40;
        const h = hampel(spiked);
        assert.equal(h.replaced, 1);
        assert.ok(Math.abs(h.cleaned[50] - Math.sin(10)) < 0.6, `${h.cleaned[50]}`);
    });

    it("the synthetic CSV round-trips through parse and regularize", () => {
        const values = syntheticSeries({ seed: 4, weeks: 1 });
        const r = regularize(parseSeriesCsv(toCsv("plant-energy", values)).series[0]) as RegularSeries;
        assert.equal(r.values.length, 168);
        assert.equal(r.step, HOUR_MS);
        assert.equal(r.outliers, 0);
    });
});
