/**
 * The anomaly model's figures (`npm run bench:models`): detection quality on synthetic data made
 * here (several seeds), scoring throughput on one core with ONNX Runtime (WASM, one thread, as the
 * gateway and the cloud scorer run it) against the float64 reference scorer in the same run, and
 * model load time. Writes its section of docs/benchmarks.md between the markers below (the main
 * bench keeps that section).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { evaluate } from "../../src/models/evaluate";
import { modelFiles } from "../../src/models/publish";
import { bySensor } from "../../src/models/readings";
import { loadModel, runBatch, scoreReadings } from "../../src/models/runtime";
import { WindowStream } from "../../src/models/stream";
import { EVENT_KINDS, makeSeries } from "../../src/models/synthetic";
import { train } from "../../src/models/train";
import { featureMatrix, scoreWindow } from "../../src/models/window-model";

export const START = "<!-- models-bench:start -->";
export const END = "<!-- models-bench:end -->";
const ROOT = path.resolve(__dirname, "..", "..", "..");

const fmt = (n: number, d = 0) => n.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });
const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
    const lines: string[] = [START, "## Anomaly model (`npm run bench:models`)", ""];
    const started = Date.now();
    const t0 = performance.now();
    const normal = makeSeries({ readings: 4000, seed: 11 });
    const trained = train(bySensor(normal.readings), { name: "bench", trainedAt: new Date().toISOString() });
    if (!trained.ok) throw new Error(trained.problems.join("\n"));
    const trainMs = performance.now() - t0;
    const files = modelFiles(trained.info);
    const firstLoad = await loadModel(files.json, files.onnx, { json: "model.json", onnx: "model.onnx" });
    const warmLoads: number[] = [];
    for (let i = 0; i < 5; i++) warmLoads.push((await loadModel(files.json, files.onnx, { json: "model.json", onnx: "model.onnx" })).loadMs);
    const m = firstLoad;

    lines.push(
        `Run ${new Date().toISOString().replace(/\.\d+Z$/, "Z")} on ${os.cpus()[0]?.model ?? "unknown"} (${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(2)}), Node ${process.version}. ` +
            `Model: 3 synthetic sensors (sinusoid + Gaussian noise, cycles of 37, 50 and 120 readings), trained on 4,000 normal readings each in ${fmt(trainMs)} ms; ` +
            `model.onnx ${fmt(files.onnx.length)} bytes, window ${m.info.window} readings.`,
        "",
        "### Detection (events: spike 6σ, level shift 2σ for 40 readings, variance ×2 for 40 readings, drift to 3σ over 150 readings)",
        "",
        "| test seed | events | found | recall | normal readings | false alarms | false-alarm rate | mean delay (readings) | max delay (readings) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    );
    const byKind = new Map<string, { n: number; found: number; delays: number[] }>(EVENT_KINDS.map((k) => [k, { n: 0, found: 0, delays: [] }]));
    const totals = { events: 0, found: 0, normal: 0, fa: 0 };
    for (const seed of [101, 102, 103]) {
        const test = makeSeries({ readings: 10_000, seed, eventsPerSensor: 30 });
        const scored = await scoreReadings(m, test.readings);
        const ev = evaluate(scored, test.events, m.info.window);
        ev.perEvent.forEach((e, i) => {
            const k = byKind.get(test.events[i].kind)!;
            k.n++;
            if (e.found) {
                k.found++;
                k.delays.push(e.delayReadings!);
            }
        });
        totals.events += ev.events;
        totals.found += ev.found;
        totals.normal += ev.normalReadings;
        totals.fa += ev.falseAlarms;
        const maxDelay = Math.max(...ev.perEvent.filter((e) => e.found).map((e) => e.delayReadings!));
        lines.push(
            `| ${seed} | ${ev.events} | ${ev.found} | ${pct(ev.recall)} | ${fmt(ev.normalReadings)} | ${ev.falseAlarms} | ${pct(ev.falseAlarmRate)} | ${(ev.meanDelayReadings ?? 0).toFixed(1)} | ${maxDelay} |`,
        );
    }
    lines.push(
        `| all | ${totals.events} | ${totals.found} | ${pct(totals.found / totals.events)} | ${fmt(totals.normal)} | ${totals.fa} | ${pct(totals.fa / totals.normal)} | | |`,
        "",
        "| kind | events | found | recall | median delay (readings) |",
        "| --- | ---: | ---: | ---: | ---: |",
    );
    for (const [kind, k] of byKind) lines.push(`| ${kind} | ${k.n} | ${k.found} | ${pct(k.found / k.n)} | ${k.delays.length ? median(k.delays) : "-"} |`);

    // Throughput: windows of a normal series, scored in batches of 1, 64 and 1,024.
    const data = makeSeries({ readings: 4000, seed: 7 });
    const stream = new WindowStream(m.info);
    const windows: { index: number; window: Float32Array }[] = [];
    for (const r of data.readings) {
        const w = stream.push(r.sensor, r.ts, r.value);
        if (w.ok) windows.push(w);
    }
    const W = m.info.window;
    const matrices = m.info.models.map((s) => featureMatrix(s, W, m.info.burstLength));
    const refStart = performance.now();
    let sink = 0;
    for (const w of windows) sink += scoreWindow(m.info, m.info.models[w.index], w.window, matrices[w.index]).score;
    const refRate = windows.length / ((performance.now() - refStart) / 1000);
    lines.push(
        "",
        `### Scoring throughput (one core; ${fmt(windows.length)} windows of ${W} readings)`,
        "",
        "| scorer | readings/s | vs float64 reference |",
        "| --- | ---: | ---: |",
        `| float64 reference (TypeScript, baseline) | ${fmt(refRate)} | 1.00 |`,
    );
    for (const batch of [1, 64, 1024]) {
        const count = batch === 1 ? Math.min(windows.length, 3000) : windows.length;
        const start = performance.now();
        for (let i = 0; i < count; i += batch) {
            const chunk = windows.slice(i, Math.min(count, i + batch));
            const flat = new Float32Array(chunk.length * W);
            chunk.forEach((c, j) => flat.set(c.window, j * W));
            sink += (
                await runBatch(
                    m,
                    flat,
                    chunk.map((c) => c.index),
                )
            ).score[0];
        }
        const rate = count / ((performance.now() - start) / 1000);
        lines.push(`| ONNX Runtime (onnxruntime-web WASM, 1 thread), batch ${batch} | ${fmt(rate)} | ${(rate / refRate).toFixed(2)} |`);
    }
    lines.push(
        "",
        "### Model load",
        "",
        `- first load in a process (WASM runtime start + session): ${fmt(firstLoad.loadMs, 1)} ms`,
        `- each further load of the same model (session only, median of 5): ${fmt(median(warmLoads), 1)} ms`,
        "",
        `(${((Date.now() - started) / 1000).toFixed(1)} s; checksum ${sink.toFixed(3)})`,
        END,
    );
    const section = lines.join("\n");
    process.stdout.write(`${section}\n`);
    const file = path.join(ROOT, "docs", "benchmarks.md");
    const old = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
    fs.writeFileSync(file, spliceSection(old, section));
}

/** Replace the models section of benchmarks.md (or append it). */
export function spliceSection(text: string, section: string): string {
    const a = text.indexOf(START);
    const b = text.indexOf(END);
    if (a >= 0 && b > a) return `${text.slice(0, a)}${section}${text.slice(b + END.length)}`;
    return `${text.replace(/\n*$/, "\n\n")}${section}\n`;
}

if (require.main === module) {
    main().catch((e) => {
        process.stderr.write(`${(e as Error).stack}\n`);
        process.exit(1);
    });
}
