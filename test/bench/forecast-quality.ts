/**
 * Forecast quality on the synthetic production series of test/forecast/synthetic.ts: for each seed,
 * 8 weeks of hourly readings to fit, the 9th week held out. Prints a Markdown table (MASE of the
 * forecaster and of seasonal naive, interval coverage) and the fitting time, for docs/benchmarks.md.
 * `node dist/test/bench/forecast-quality.js [--timing]`; docs/forecasting.md holds the table without timing,
 * pinned by test/forecast/docs.test.ts.
 */
import { forecastSeries, mase } from "../../src/forecast";
import { HOUR_MS, START, syntheticSeries } from "../forecast/synthetic";

/** The table; `timing` adds a column of fit-and-forecast milliseconds (not deterministic, so not in the docs). */
export function forecastQuality(seeds = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], timing = false): string {
    const rows: string[] = [
        `| seed | method (season) | MASE | seasonal-naive MASE | 95% interval covers | 80% interval covers |${timing ? " fit + forecast (ms) |" : ""}`,
        `|---|---|---|---|---|---|${timing ? "---|" : ""}`,
    ];
    let sumOurs = 0;
    let sumNaive = 0;
    let in95 = 0;
    let in80 = 0;
    for (const seed of seeds) {
        const all = syntheticSeries({ seed, weeks: 9 });
        const train = all.slice(0, 8 * 168);
        const test = all.slice(8 * 168);
        const series = { name: "s", start: START, step: HOUR_MS, values: train, filled: 0, outliers: 0 };
        const t0 = process.hrtime.bigint();
        const f = forecastSeries(series, { horizon: 168 });
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        const f80 = forecastSeries(series, { horizon: 168, level: 80, season: f.season });
        const naive = test.map((_, k) => train[train.length - 168 + (k % 168)]);
        const ours = mase(
            test,
            f.points.map((p) => p.value),
            train,
            168,
        );
        const base = mase(test, naive, train, 168);
        const c95 = f.points.filter((p, i) => test[i] >= p.lower && test[i] <= p.upper).length / 168;
        const c80 = f80.points.filter((p, i) => test[i] >= p.lower && test[i] <= p.upper).length / 168;
        sumOurs += ours;
        sumNaive += base;
        in95 += c95;
        in80 += c80;
        rows.push(
            `| ${seed} | ${f.method} (${f.season}) | ${ours.toFixed(3)} | ${base.toFixed(3)} | ${(c95 * 100).toFixed(1)}% | ${(c80 * 100).toFixed(1)}% |${timing ? ` ${ms.toFixed(0)} |` : ""}`,
        );
    }
    const n = seeds.length;
    rows.push(
        `| mean | | ${(sumOurs / n).toFixed(3)} | ${(sumNaive / n).toFixed(3)} | ${((in95 / n) * 100).toFixed(1)}% | ${((in80 / n) * 100).toFixed(1)}% |${timing ? " |" : ""}`,
    );
    return rows.join("\n");
}

if (require.main === module) console.log(forecastQuality(undefined, process.argv.includes("--timing")));
