/**
 * Running measurements in fresh child processes and summarizing them: medians of repeated
 * runs, wall time measured around the process, peak memory reported by the process itself.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const ROOT = path.resolve(__dirname, "..", "..", "..");
const CHILD = path.join(__dirname, "child.js");
const HOOK = path.join(__dirname, "rss-hook.js");
const FLEET = path.join(ROOT, "bin", "fleet.js");

export interface Sample {
    /** Milliseconds of the timed work inside the child (or the wall time for whole processes). */
    ms: number;
    /** Wall time of the whole child process, start to exit, in milliseconds. */
    wallMs: number;
    /** CPU time (user + system) of the timed work (children) or of the whole process (CLI), ms. */
    cpuMs: number;
    /** Peak resident memory of the child, KiB. */
    maxRssKiB: number;
    exitCode: number;
    /** What the child reported besides. */
    data: Record<string, unknown>;
}

export class MeasureError extends Error {}

function wall(fn: () => ReturnType<typeof spawnSync>): { r: ReturnType<typeof spawnSync>; wallMs: number } {
    const t = process.hrtime.bigint();
    const r = fn();
    return { r, wallMs: Number(process.hrtime.bigint() - t) / 1e6 };
}

/** Run test/bench/child.js with a mode; its last stdout line is its JSON result. */
export function child(args: string[], nodeArgs: string[] = []): Sample {
    const { r, wallMs } = wall(() =>
        spawnSync(process.execPath, [...nodeArgs, CHILD, ...args], {
            cwd: ROOT,
            encoding: "utf8",
            maxBuffer: 256 * 1024 * 1024,
            env: { ...process.env, CI: "true" },
        }),
    );
    if (r.status !== 0) throw new MeasureError(`child ${args.join(" ")} exited ${r.status}: ${String(r.stderr).slice(-2000)}`);
    const lines = String(r.stdout).trim().split("\n");
    const data = JSON.parse(lines[lines.length - 1]) as Record<string, unknown>;
    return { ms: data.ms as number, wallMs, cpuMs: data.cpuMs as number, maxRssKiB: data.maxRssKiB as number, exitCode: 0, data };
}

/** Run a whole process (`node ARGS`), timing it from spawn to exit, with peak memory. */
export function proc(args: string[], okCodes: number[] = [0]): Sample {
    const rssFile = path.join(os.tmpdir(), `fleet-bench-rss-${process.pid}-${Math.random().toString(16).slice(2)}`);
    const { r, wallMs } = wall(() =>
        spawnSync(process.execPath, ["-r", HOOK, ...args], {
            cwd: ROOT,
            encoding: "utf8",
            maxBuffer: 256 * 1024 * 1024,
            env: { ...process.env, CI: "true", FLEET_BENCH_RSS_FILE: rssFile },
        }),
    );
    const code = r.status ?? -1;
    if (!okCodes.includes(code)) throw new MeasureError(`node ${args.join(" ")} exited ${code}: ${String(r.stderr).slice(-2000)}`);
    let usage = { maxRssKiB: NaN, cpuMs: NaN };
    try {
        usage = JSON.parse(fs.readFileSync(rssFile, "utf8"));
        fs.rmSync(rssFile, { force: true });
    } catch {
        // reported as a missing figure
    }
    return { ms: wallMs, wallMs, cpuMs: usage.cpuMs, maxRssKiB: usage.maxRssKiB, exitCode: code, data: { stdoutBytes: String(r.stdout).length } };
}

/** `fleet ARGS` as a user runs it. */
export function cli(args: string[], okCodes: number[] = [0]): Sample {
    return proc([FLEET, ...args], okCodes);
}

export function median(values: number[]): number {
    const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
    if (v.length === 0) return NaN;
    const mid = Math.floor(v.length / 2);
    return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/** A measurement repeated in fresh processes, summarized by medians. */
export interface Series {
    samples: Sample[];
    ms: number;
    wallMs: number;
    cpuMs: number;
    maxRssKiB: number;
    data: Record<string, unknown>;
}

function series(samples: Sample[]): Series {
    return {
        samples,
        ms: median(samples.map((s) => s.ms)),
        wallMs: median(samples.map((s) => s.wallMs)),
        cpuMs: median(samples.map((s) => s.cpuMs)),
        maxRssKiB: median(samples.map((s) => s.maxRssKiB)),
        data: samples[samples.length - 1].data,
    };
}

export function repeat(times: number, run: () => Sample): Series {
    const samples: Sample[] = [];
    for (let i = 0; i < times; i++) samples.push(run());
    return series(samples);
}

/**
 * A measurement and its baseline, run in turns (baseline, ours, baseline, ours, ...), so a
 * machine that gets busier or quieter during the run weighs on both alike.
 */
export function pair(times: number, ours: () => Sample, baseline: () => Sample): [Series, Series] {
    const a: Sample[] = [];
    const b: Sample[] = [];
    for (let i = 0; i < times; i++) {
        b.push(baseline());
        a.push(ours());
    }
    return [series(a), series(b)];
}

/** Whether the compiled CLI has a command (its module exists and `fleet CMD --help` works). */
export function hasCommand(name: string): boolean {
    if (!fs.existsSync(path.join(ROOT, "dist", "cli", "commands", `${name}.js`))) return false;
    const r = spawnSync(process.execPath, [FLEET, name, "--help"], { cwd: ROOT, encoding: "utf8" });
    return r.status === 0 && String(r.stdout).includes("--region");
}
