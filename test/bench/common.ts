/** The benchmark suite's configuration, shared helpers and the context its sections share (test/bench/run.ts). */
import { spawnSync } from "node:child_process";
import type { GenerateOptions } from "../../src/generate/options";
import { cli, ROOT, type Series } from "./measure";
import type { Report, Row } from "./report";

export interface Config {
    quick: boolean;
    validateSizes: number[];
    planSizes: number[];
    /** The big fleet of the --site comparison. */
    siteFleetSize: number;
    reps: number;
    repsBig: number;
    helpReps: number;
    gateways: number;
    equipment: number;
}

export const FULL: Config = {
    quick: false,
    validateSizes: [10, 100, 1000],
    planSizes: [10, 100],
    siteFleetSize: 1000,
    reps: 3,
    repsBig: 3,
    helpReps: 7,
    gateways: 4,
    equipment: 20,
};
export const QUICK: Config = {
    quick: true,
    validateSizes: [10, 100],
    planSizes: [10],
    siteFleetSize: 100,
    reps: 3,
    repsBig: 3,
    helpReps: 5,
    gateways: 4,
    equipment: 20,
};

export function log(text: string): void {
    process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${text}\n`);
}

export const fmt = (n: number, digits = 0) =>
    Number.isFinite(n) ? n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits }) : "-";
export const ratio = (a: number, b: number) => a / b;

export function gitDescribe(): string {
    const rev = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" });
    if (rev.status !== 0) return "unknown";
    const dirty = spawnSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd: ROOT, encoding: "utf8" });
    return `${rev.stdout.trim()}${dirty.stdout.trim() ? " with uncommitted changes" : ""}`;
}

/** Generate a fleet with the CLI (timed, as information). */
export function generate(dir: string, o: GenerateOptions, report: Report): void {
    const args = [
        "generate",
        "--sites",
        String(o.sites),
        "--gateways",
        String(o.gateways),
        "--equipment",
        String(o.equipment),
        "--out",
        dir,
        "--seed",
        String(o.seed ?? 1),
        "--regions",
        String(o.regions ?? 2),
    ];
    if (o.provisioning) args.push("--provisioning", o.provisioning);
    if (o.oneOffSensors !== undefined) args.push("--one-off-sensors", String(o.oneOffSensors));
    const s = cli(args);
    report.info.push(
        `generated ${o.sites} site${o.sites === 1 ? "" : "s"} (${o.gateways} gateways, ${o.equipment} machines a site${o.provisioning ? `, ${o.provisioning}` : ""}) in ${fmt(s.wallMs)} ms`,
    );
}

export function sizeLabel(n: number): string {
    return `${fmt(n)} site${n === 1 ? "" : "s"}`;
}

export function rowOf(
    what: string,
    size: string,
    ours: Series,
    oursLabel: string,
    base: Series,
    baseLabel: string,
    oursMs = ours.ms,
    baseMs = base.ms,
    oursCpu = ours.cpuMs,
    baseCpu = base.cpuMs,
): Row {
    return {
        what,
        size,
        ours: oursLabel,
        baseline: baseLabel,
        oursMs,
        baseMs,
        ratio: ratio(oursMs, baseMs),
        oursCpu,
        baseCpu,
        oursRss: ours.maxRssKiB,
        baseRss: base.maxRssKiB,
    };
}

export function rawLine(label: string, s: Series): string {
    return `${label}: ${s.samples.map((x) => `${fmt(x.ms, 1)} ms (cpu ${fmt(x.cpuMs)} ms, process ${fmt(x.wallMs)} ms, ${fmt(x.maxRssKiB / 1024, 1)} MiB)`).join("; ")}; median ${fmt(s.ms, 1)} ms`;
}

/** What every section of the run shares. */
export interface Bench {
    cfg: Config;
    report: Report;
    /** The run's scratch directory. */
    work: string;
    /** The generated fleet of n sites (generated on first use). */
    fleetDir: (n: number) => string;
    /** The shape of the generated fleets. */
    shape: { gateways: number; equipment: number; seed: number; regions: number };
}

/** The region every plan of the run plans. */
export const REGION = "eu-central-1";
