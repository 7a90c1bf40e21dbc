/**
 * Edge collector benchmarks (`npm run bench:edge`; `npm run bench` runs them too): each figure
 * measured in a fresh Node process, several times, median shown, against a baseline of the same run.
 *
 *  1. pipeline readings/s (transmit mode → outbox with fsync per flush → an uplink that confirms at
 *     once), raw / deadband / aggregate, vs the baseline of making the samples and JSON-encoding each;
 *  2. resident memory with 5,000 sensors after 20 cycles, vs the same runtime with no sensors;
 *  3. bytes on the wire per reading for each transmit mode, vs raw, on the same synthetic signal
 *     (a slow sine with noise, 10 Hz, 10 simulated minutes);
 *  4. recovery time of a full 64 MiB telemetry outbox after a crash (open = scan + CRC check), vs
 *     reading the same files.
 * Writes the section between the edge markers of docs/benchmarks.md (or prints with --print).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { CollectorConfig, SensorConfig } from "../../edge/lib/config";
import type { TransmitMode } from "../../edge/lib/transmit";

const ROOT = path.join(__dirname, "../../..");
const BEGIN = "<!-- edge-bench:begin -->";
const END = "<!-- edge-bench:end -->";
const MODES: Record<string, TransmitMode> = {
    raw: { mode: "raw" },
    deadband: { mode: "deadband", threshold: 0.5 },
    aggregate: { mode: "aggregate", windowSeconds: 10 },
    "on-change": { mode: "on-change" },
    "alarm-only": { mode: "alarm-only" },
};

function sensors(n: number, mode: TransmitMode): SensorConfig[] {
    return Array.from({ length: n }, (_, i) => ({
        name: `eq-${String(i).padStart(4, "0")}-s`,
        sampleRateHz: 10,
        transmit: mode,
        source: { protocol: "modbus-tcp", address: "127.0.0.1", register: 40001 + (i % 9000), dataType: "uint16", wordOrder: "big", scale: 1 },
    }));
}

/** Runs inside the child: one measurement, printed as JSON. */
async function measure(kind: string, arg: string): Promise<Record<string, number>> {
    const { CollectorRuntime } = require("../../edge/collector/runtime") as typeof import("../../edge/collector/runtime");
    const state = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-edge-bench-"));
    let bytes = 0;
    const uplink = {
        ready: true,
        start: async () => undefined,
        onReady: () => undefined,
        publish: async (_c: string, p: Buffer) => void (bytes += p.length),
        close: async () => undefined,
    };
    const make = (n: number, mode: TransmitMode) => {
        const config: CollectorConfig = { site: "bench", thing: "bench-gw", sensors: sensors(n, mode) };
        return new CollectorRuntime(config, {
            stateDir: state,
            budgetBytes: 256 * 1024 * 1024,
            uplink,
            sources: false,
            log: () => undefined,
            statusIntervalMs: 3_600_000,
        });
    };
    try {
        if (kind === "baseline" || kind === "pipeline") {
            const n = 1000;
            const cycles = 100;
            const rt = kind === "pipeline" ? make(n, MODES[arg]) : undefined;
            const names = sensors(n, MODES.raw).map((s) => s.name);
            const t0 = process.hrtime.bigint();
            let sink = 0;
            for (let c = 0; c < cycles; c++) {
                const ts = 1_700_000_000_000 + c * 100;
                const batch = names.map((sensor, i) => ({ sensor, ts, value: arg === "raw" ? c + i : 20 + (i % 3) * 0.1 }));
                if (rt) {
                    rt.ingest(batch);
                    if (c % 5 === 4) rt.flush(false);
                } else for (const r of batch) sink += JSON.stringify(r).length;
            }
            rt?.flush(true);
            await new Promise((r) => setImmediate(r));
            const ms = Number(process.hrtime.bigint() - t0) / 1e6;
            return { readingsPerSecond: (n * cycles) / (ms / 1000), ms, sink };
        }
        if (kind === "rss") {
            const rt = make(arg === "bare" ? 0 : 5000, MODES.deadband);
            if (arg === "bare") {
                global.gc?.();
                return { rssMiB: process.memoryUsage().rss / 2 ** 20 };
            }
            const names = sensors(5000, MODES.raw).map((s) => s.name);
            for (let c = 0; c < 20; c++) {
                rt.ingest(names.map((sensor, i) => ({ sensor, ts: 1_700_000_000_000 + c * 100, value: (c * i) % 97 })));
                rt.flush(false);
            }
            await new Promise((r) => setTimeout(r, 50));
            global.gc?.();
            return { rssMiB: process.memoryUsage().rss / 2 ** 20 };
        }
        if (kind === "bytes") {
            const rt = make(1, MODES[arg]);
            const name = sensors(1, MODES.raw)[0].name;
            let seed = 7;
            const noise = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5) * 0.2;
            const samples = 6000;
            const start = Date.now(); // windows close by the clock: sample times must be live, not past
            for (let i = 0; i < samples; i++) {
                rt.ingest([{ sensor: name, ts: start + i * 100, value: Math.round((50 + 10 * Math.sin(i / 600) + noise()) * 100) / 100 }]);
                rt.flush(false); // one message per flush interval, as live
            }
            rt.flush(true);
            await new Promise((r) => setTimeout(r, 20));
            // status messages of the runtime itself are excluded: count telemetry/alarm bytes only
            return { bytesPerReading: bytes / samples };
        }
        if (kind === "recovery") {
            const { Outbox } = require("../../edge/lib/outbox") as typeof import("../../edge/lib/outbox");
            const dir = path.join(state, "outbox");
            const box = new Outbox({ dir, budgetBytes: 64 * 2 ** 20 });
            const payload = Buffer.from(JSON.stringify({ records: Array.from({ length: 40 }, (_, i) => ({ sensor: `s-${i}`, ts: 1, value: i })) }));
            while (box.bytes < 60 * 2 ** 20) box.append(() => payload);
            box.close();
            const t0 = process.hrtime.bigint();
            if (arg === "baseline") for (const f of fs.readdirSync(dir)) fs.readFileSync(path.join(dir, f));
            else new Outbox({ dir, budgetBytes: 64 * 2 ** 20 }).close();
            return { ms: Number(process.hrtime.bigint() - t0) / 1e6, mib: box.bytes / 2 ** 20 };
        }
        throw new Error(`unknown measurement ${kind}`);
    } finally {
        fs.rmSync(state, { recursive: true, force: true });
    }
}

function run(kind: string, arg: string, reps: number): Record<string, number> {
    const results: Record<string, number>[] = [];
    for (let i = 0; i < reps; i++) {
        const r = spawnSync(process.execPath, ["--expose-gc", __filename, "--child", kind, arg], { encoding: "utf8", cwd: ROOT });
        if (r.status !== 0) throw new Error(`edge bench ${kind} ${arg} failed: ${r.stderr}`);
        const line = r.stdout.split("\n").find((l) => l.startsWith("BENCH "));
        if (!line) throw new Error(`edge bench ${kind} ${arg} printed no result: ${r.stdout}`);
        results.push(JSON.parse(line.slice(6)));
    }
    const median = (k: string) => results.map((x) => x[k]).sort((a, b) => a - b)[Math.floor(results.length / 2)];
    return Object.fromEntries(Object.keys(results[0]).map((k) => [k, median(k)]));
}

const fmt = (n: number, d = 0) => n.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });

export function edgeBenchMarkdown(reps = 3): string {
    const base = run("baseline", "raw", reps);
    const rows: string[] = [];
    const targets: [string, string, boolean][] = [];
    for (const m of ["raw", "deadband", "aggregate"]) {
        const p = run("pipeline", m, reps);
        const target = m === "raw" ? 20_000 : 100_000;
        rows.push(
            `| pipeline, ${m} | ${fmt(p.readingsPerSecond)} readings/s | ${fmt(p.readingsPerSecond / base.readingsPerSecond, 2)}× the baseline (${fmt(base.readingsPerSecond)}/s) |`,
        );
        targets.push([`${m} ≥ ${fmt(target)} readings/s`, `${fmt(p.readingsPerSecond)}/s`, p.readingsPerSecond >= target]);
    }
    const bare = run("rss", "bare", reps);
    const rss = run("rss", "5000", reps);
    rows.push(
        `| resident memory, 5,000 sensors | ${fmt(rss.rssMiB)} MiB | ${fmt(rss.rssMiB / bare.rssMiB, 2)}× the same runtime with no sensors (${fmt(bare.rssMiB)} MiB) |`,
    );
    targets.push(["RSS ≤ 150 MB at 5,000 sensors", `${fmt((rss.rssMiB * 2 ** 20) / 1e6)} MB`, rss.rssMiB * 2 ** 20 <= 150e6]);
    const raw = run("bytes", "raw", 1);
    for (const m of Object.keys(MODES)) {
        const b = m === "raw" ? raw : run("bytes", m, 1);
        rows.push(`| bytes on the wire per reading, ${m} | ${fmt(b.bytesPerReading, 1)} B | ${fmt(b.bytesPerReading / raw.bytesPerReading, 3)}× raw |`);
    }
    const rec = run("recovery", "open", reps);
    const read = run("recovery", "baseline", reps);
    rows.push(
        `| recovery of a full outbox (${fmt(rec.mib)} MiB) after a crash | ${fmt(rec.ms)} ms | ${fmt(rec.ms / read.ms, 2)}× reading its files (${fmt(read.ms)} ms) |`,
    );
    return [
        BEGIN,
        "## Edge collector",
        "",
        `Written by test/bench/edge.ts on ${new Date().toISOString().slice(0, 19)}Z (load average ${fmt(os.loadavg()[0], 2)} at the end); median of ${reps} fresh processes.`,
        "The pipeline figures use one core: samples → transmit mode and alarms → outbox (fsync per flush) → an uplink that confirms at once (no broker, no PLC).",
        "",
        "| target | measured | result |",
        "|---|---|---|",
        ...targets.map(([t, m, ok]) => `| ${t} | ${m} | ${ok ? "pass" : "FAIL"} |`),
        "",
        "| measurement | figure | against the baseline |",
        "|---|---|---|",
        ...rows,
        END,
    ].join("\n");
}

/** Replace (or append) the edge section of docs/benchmarks.md. */
export function writeEdgeSection(markdown: string, file = path.join(ROOT, "docs", "benchmarks.md")): void {
    const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "# Benchmarks\n";
    const start = text.indexOf(BEGIN);
    const end = text.indexOf(END);
    const next = start >= 0 && end > start ? text.slice(0, start) + markdown + text.slice(end + END.length) : `${text.trimEnd()}\n\n${markdown}\n`;
    fs.writeFileSync(file, next);
}

if (require.main === module) {
    const argv = process.argv.slice(2);
    if (argv[0] === "--child") {
        measure(argv[1], argv[2]).then(
            (r) => process.stdout.write(`BENCH ${JSON.stringify(r)}\n`),
            (e) => {
                process.stderr.write(String(e?.stack ?? e));
                process.exit(1);
            },
        );
    } else {
        const md = edgeBenchMarkdown(argv.includes("--quick") ? 1 : 3);
        process.stdout.write(`${md}\n`);
        if (!argv.includes("--print")) writeEdgeSection(md);
    }
}
