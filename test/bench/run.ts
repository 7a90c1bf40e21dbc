/**
 * The benchmark suite (`npm run bench`, `npm run bench -- --quick`): how the tool's cost grows
 * with the fleet, every figure a ratio against a baseline measured in the same run, at several
 * sizes. Each measurement runs a few times, each time in a fresh child process; the medians
 * are reported. Prints a table and writes docs/benchmarks.md.
 *
 * What is measured, and against what:
 *  1. `fleet validate` (loadFleet) on 10, 100, 1,000 sites vs the YAML library alone parsing
 *     the same files (both in a fresh child that reads every file; timed work only).
 *  2. `fleet plan` (planRegion, one region) vs a bare Pulumi mock program that registers the
 *     same resources (type, name, parent, inputs) and nothing else: our overhead.
 *  3. `fleet plan --site S` in a 1,000-site fleet vs the same site planned alone.
 *  4. `fleet check` vs `fleet plan` on the same region (check's own time: check - plan).
 *  5. Resources per site, per gateway and per sensor for each provisioning mode.
 *  6. `fleet --help` start time vs `node -e 0`.
 *  7. Peak memory of each.
 * Never plans a 1,000-site fleet whole in one process: Pulumi's mock runtime turns superlinear
 * past about 10,000 resources.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { siteName, type GenerateOptions } from "../../src/generate/fleet";
import { child, cli, hasCommand, pair, proc, repeat, ROOT, type Series } from "./measure";
import { END as MODELS_END, START as MODELS_START, spliceSection } from "./models";
import { renderReport, renderConsole, type Report, type Row, type Target } from "./report";

interface Config {
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

const FULL: Config = {
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
const QUICK: Config = {
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

function log(text: string): void {
    process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${text}\n`);
}

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits }) : "-");
const ratio = (a: number, b: number) => a / b;

function gitDescribe(): string {
    const rev = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" });
    if (rev.status !== 0) return "unknown";
    const dirty = spawnSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd: ROOT, encoding: "utf8" });
    return `${rev.stdout.trim()}${dirty.stdout.trim() ? " with uncommitted changes" : ""}`;
}

/** Generate a fleet with the CLI (timed, as information). */
function generate(dir: string, o: GenerateOptions, report: Report): void {
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

function sizeLabel(n: number): string {
    return `${fmt(n)} site${n === 1 ? "" : "s"}`;
}

function rowOf(
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

function rawLine(label: string, s: Series): string {
    return `${label}: ${s.samples.map((x) => `${fmt(x.ms, 1)} ms (cpu ${fmt(x.cpuMs)} ms, process ${fmt(x.wallMs)} ms, ${fmt(x.maxRssKiB / 1024, 1)} MiB)`).join("; ")}; median ${fmt(s.ms, 1)} ms`;
}

async function main(argv: string[]): Promise<void> {
    const cfg = argv.includes("--quick") ? QUICK : FULL;
    const outIndex = argv.indexOf("--out");
    const outFile = outIndex >= 0 ? path.resolve(argv[outIndex + 1]) : path.join(ROOT, "docs", "benchmarks.md");
    const keep = argv.includes("--keep");
    const onlyIndex = argv.indexOf("--only");
    const only = onlyIndex >= 0 ? argv[onlyIndex + 1].split(",") : undefined;
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-bench-"));
    // The disk caches (checked site files, Lambda bundles) of the run, inherited by every child:
    // "warm" figures use them, "cold" ones run with --no-cache.
    process.env.FLEET_CACHE_DIR = path.join(work, "cache");
    const started = Date.now();
    const cpus = os.cpus();
    const report: Report = {
        date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
        quick: cfg.quick,
        machine: {
            cores: cpus.length,
            cpu: cpus[0]?.model ?? "unknown",
            memoryGiB: os.totalmem() / 1024 ** 3,
            node: process.version,
            platform: `${os.platform()} ${os.arch()}`,
            loadAverage: os.loadavg()[0],
            commit: gitDescribe(),
        },
        rows: [],
        targets: [],
        economics: [],
        raw: [],
        info: [],
        notMeasured: [],
        seconds: 0,
    };
    const shape = { gateways: cfg.gateways, equipment: cfg.equipment, seed: 1, regions: 2 };
    const fleets = new Map<number, string>();
    const fleetDir = (n: number) => {
        let dir = fleets.get(n);
        if (!dir) {
            dir = path.join(work, `fleet-${n}`);
            log(`generating ${n} sites`);
            generate(dir, { ...shape, sites: n }, report);
            fleets.set(n, dir);
        }
        return dir;
    };
    const region = "eu-central-1";
    const pending = ["validate", "plan", "plan --site", "check", "economics", "fleet --help"];
    const write = () => {
        report.seconds = (Date.now() - started) / 1000;
        fs.mkdirSync(path.dirname(outFile), { recursive: true });
        const text = renderReport({ ...report, notMeasured: [...report.notMeasured, ...pending.map((p) => `${p}: not run yet (the run was stopped before it)`)] });
        // The anomaly model's section (npm run bench:models) stays as its own run wrote it.
        const old = fs.existsSync(outFile) ? fs.readFileSync(outFile, "utf8") : "";
        const [a, b] = [old.indexOf(MODELS_START), old.indexOf(MODELS_END)];
        fs.writeFileSync(outFile, a >= 0 && b > a ? spliceSection(text, old.slice(a, b + MODELS_END.length)) : text);
    };
    const section = async (name: string, run: () => Promise<void> | void) => {
        try {
            if (only && !only.includes(name)) throw new Error("skipped (--only)");
            await run();
        } catch (e) {
            const message = (e as Error).message.split("\n").slice(0, 6).join(" ");
            log(`${name}: not measured: ${message}`);
            report.notMeasured.push(`${name}: ${message}`);
        }
        pending.splice(pending.indexOf(name), 1);
        write(); // after every section, so a stopped run still leaves what it measured
    };

    // 1. validate vs the YAML library alone.
    await section("validate", () => {
        const validateMs = new Map<number, number>();
        for (const n of cfg.validateSizes) {
            const dir = fleetDir(n);
            const reps = n >= 1000 ? cfg.repsBig : cfg.reps;
            log(`validate ${n} sites x${reps}`);
            child(["parse", dir]); // warm the file cache
            const [ours, parse] = pair(
                reps,
                () => child(["validate", dir]),
                () => child(["parse", dir]),
            );
            const [cliRun, parseAgain] = pair(
                reps,
                () => cli(["--no-cache", "validate", "--dir", dir]),
                () => child(["parse", dir]),
            );
            cli(["validate", "--dir", dir]); // fills the load cache
            const warm = repeat(reps, () => cli(["validate", "--dir", dir]));
            validateMs.set(n, ours.ms);
            report.rows.push(
                rowOf("`fleet validate`: loadFleet, in-process (no cache)", sizeLabel(n), ours, "loadFleet", parse, "yaml.parse of the same files"),
            );
            report.rows.push(
                rowOf(
                    "`fleet validate`: whole process, no cache",
                    sizeLabel(n),
                    cliRun,
                    "`fleet --no-cache validate`",
                    parseAgain,
                    "parse child, spawn to exit",
                    cliRun.wallMs,
                    parseAgain.wallMs,
                    cliRun.cpuMs,
                    NaN,
                ),
            );
            report.rows.push(
                rowOf(
                    "`fleet validate`: whole process, load cache filled",
                    sizeLabel(n),
                    warm,
                    "`fleet validate`, files unchanged since the last load",
                    parseAgain,
                    "parse child, spawn to exit",
                    warm.wallMs,
                    parseAgain.wallMs,
                    warm.cpuMs,
                    NaN,
                ),
            );
            report.raw.push(
                rawLine(`yaml.parse ${n} sites`, parse),
                rawLine(`loadFleet ${n} sites`, ours),
                rawLine(`fleet --no-cache validate process ${n} sites`, cliRun),
                rawLine(`fleet validate process ${n} sites, cache filled`, warm),
            );
            const r = ratio(ours.ms, parse.ms);
            report.targets.push({
                target: `validate ≤ 2× the bare YAML parse (${sizeLabel(n)})`,
                measured: `${fmt(r, 2)}× (${fmt(ours.ms)} ms vs ${fmt(parse.ms)} ms)`,
                pass: r <= 2,
            });
        }
        const sizes = [...validateMs.keys()].sort((a, b) => a - b);
        for (let i = 1; i < sizes.length; i++) {
            const [a, b] = [sizes[i - 1], sizes[i]];
            const growth = validateMs.get(b)! / validateMs.get(a)!;
            const sites = b / a;
            report.targets.push({
                target: `validate is linear: ${fmt(sites)}× the sites (${fmt(a)} → ${fmt(b)}) costs ≤ ${fmt(sites * 1.1, 1)}× the time`,
                measured: `${fmt(growth, 2)}×`,
                pass: growth <= sites * 1.1,
            });
        }
    });

    // 2. plan vs a bare mock program registering the same resources.
    await section("plan", () => {
        for (const n of cfg.planSizes) {
            const dir = fleetDir(n);
            const dump = path.join(work, `resources-${n}.json`);
            log(`plan ${region} of ${n} sites x${cfg.reps}`);
            child(["plan", dir, region, "--dump", dump]); // the resources for the baseline; warms the caches
            const [ours, bare] = pair(
                cfg.reps,
                () => child(["plan", dir, region, "--preload", dump]),
                () => child(["bare", dump]),
            );
            const cold = repeat(cfg.reps, () => child(["plan", dir, region]));
            const noCache = repeat(cfg.reps, () => child(["plan", dir, region, "--preload", dump, "--no-cache"]));
            const sdk = repeat(cfg.reps, () => child(["bare-sdk", dump]));
            const sdkQuiet = repeat(cfg.reps, () => child(["bare-sdk", dump, "--quiet-runtime"]));
            const resources = ours.data.resources as number;
            const label = `${sizeLabel(ours.data.sites as number)} in the region, ${fmt(resources)} resources`;
            report.rows.push(
                rowOf(
                    "`fleet plan` one region: planRegion, in-process",
                    label,
                    ours,
                    "planRegion (SDK modules loaded first)",
                    bare,
                    "bare mock program, same resources",
                ),
            );
            report.rows.push(
                rowOf(
                    "`fleet plan` one region: planRegion, in-process, SDK modules loaded on first use",
                    label,
                    cold,
                    "planRegion (as `fleet plan` runs it)",
                    bare,
                    "bare mock program, same resources",
                ),
            );
            report.rows.push(
                rowOf(
                    "`fleet plan` one region: planRegion, in-process, no disk cache",
                    label,
                    noCache,
                    "planRegion, Lambda bundles built by esbuild",
                    bare,
                    "bare mock program, same resources",
                ),
            );
            report.rows.push(
                rowOf(
                    "`fleet plan` one region: the SDK classes' share",
                    label,
                    sdk,
                    "bare program with the SDK classes (aws.ec2.Vpc...)",
                    bare,
                    "bare mock program, plain CustomResource",
                ),
            );
            report.rows.push(
                rowOf(
                    "`fleet plan` one region: against a hand-written program",
                    label,
                    ours,
                    "planRegion (SDK modules loaded first)",
                    sdk,
                    "bare program with the SDK classes",
                ),
            );
            report.rows.push(
                rowOf(
                    "`fleet plan` one region: the program's own share",
                    label,
                    ours,
                    "planRegion (SDK modules loaded first)",
                    sdkQuiet,
                    "bare program with the SDK classes and planRegion's runtime settings",
                ),
            );
            report.rows.push(
                rowOf(
                    "`fleet plan` one region: whole process",
                    label,
                    ours,
                    "load + modules + plan (child)",
                    bare,
                    "bare program (child)",
                    ours.wallMs,
                    bare.wallMs,
                    NaN,
                    NaN,
                ),
            );
            report.raw.push(
                rawLine(`planRegion ${region}, ${n}-site fleet (${resources} resources), SDK modules preloaded`, ours),
                rawLine(`planRegion ${region}, ${n}-site fleet, SDK modules loaded on first use`, cold),
                rawLine(`bare mock program, ${resources} resources`, bare),
                rawLine(`bare program with the SDK classes (${sdk.data.viaSdk} of ${resources} resources through ${sdk.data.sdkClasses} SDK classes)`, sdk),
                rawLine(`bare program with the SDK classes, stack traces off`, sdkQuiet),
                rawLine(`planRegion ${region}, ${n}-site fleet, no disk cache (esbuild bundles the Lambda code)`, noCache),
            );
            report.info.push(
                `plan of ${n}-site fleet, ${region}: load ${fmt(ours.data.loadMs as number)} ms and modules ${fmt(ours.data.modulesMs as number)} ms before the timed plan (last run)`,
            );
            const r = ratio(ours.ms, bare.ms);
            report.targets.push({
                target: `plan ≤ 1.25× the bare mock program (${label})`,
                measured: `${fmt(r, 2)}× (${fmt(ours.ms)} ms vs ${fmt(bare.ms)} ms); without the disk cache ${fmt(ratio(noCache.ms, bare.ms), 2)}×; the program's own share, against a bare program with the same runtime settings and the SDK classes: ${fmt(ratio(ours.ms, sdkQuiet.ms), 2)}×`,
                pass: r <= 1.25,
            });
            report.info.push(
                `${label}: ${fmt(resources / (ours.data.sites as number), 1)} resources a site on average including the regional platform; ${fmt(ours.ms / resources, 2)} ms a resource planned, ${fmt(bare.ms / resources, 2)} ms bare`,
            );
        }
    });

    // 3. --site in a big fleet vs the same site alone.
    await section("plan --site", () => {
        const n = cfg.siteFleetSize;
        const dir = fleetDir(n);
        // Site 5 (index 4) is in eu-central-1 with provisioning csr, the mode with the most resources.
        const site = siteName({ ...shape, sites: n }, 4);
        const alone = path.join(work, `alone-${site}`);
        fs.mkdirSync(path.join(alone, "sites"), { recursive: true });
        fs.copyFileSync(path.join(dir, "fleet.yaml"), path.join(alone, "fleet.yaml"));
        fs.copyFileSync(path.join(dir, "sites", `${site}.yaml`), path.join(alone, "sites", `${site}.yaml`));
        if (fs.existsSync(path.join(dir, "certs", site))) fs.cpSync(path.join(dir, "certs", site), path.join(alone, "certs", site), { recursive: true });
        const reps = n >= 1000 ? cfg.repsBig : cfg.reps;
        log(`plan --site ${site} in ${n} sites vs alone x${reps}`);
        const [big, small] = pair(
            reps,
            () => child(["plan", dir, region, site]),
            () => child(["plan", alone, region, site]),
        );
        const label = `${site} (${fmt(big.data.siteResources as number)} site resources, ${fmt(big.data.resources as number)} in the plan)`;
        report.rows.push(
            rowOf(
                `\`fleet plan --site\`: planRegion only, in-process`,
                `${label}: ${sizeLabel(n)} vs 1 site`,
                big,
                `in a ${fmt(n)}-site fleet`,
                small,
                "alone in a 1-site fleet",
            ),
        );
        report.rows.push(
            rowOf(
                `\`fleet plan --site\`: load + plan, whole process`,
                `${label}: ${sizeLabel(n)} vs 1 site`,
                big,
                `in a ${fmt(n)}-site fleet`,
                small,
                "alone in a 1-site fleet",
                big.wallMs,
                small.wallMs,
                NaN,
                NaN,
            ),
        );
        report.raw.push(rawLine(`plan --site ${site} in ${n} sites`, big), rawLine(`plan ${site} alone`, small));
        report.info.push(
            `plan --site in ${n} sites: the load of the whole fleet took ${fmt(big.data.loadMs as number)} ms of the process (last run); alone ${fmt(small.data.loadMs as number)} ms`,
        );
        let e2e = ratio(big.wallMs, small.wallMs);
        let how = "load + plan in a fresh process";
        if (hasCommand("plan")) {
            // Cold: no disk cache, every site file parsed and checked. Warm: the fleet was loaded
            // before and its files are unchanged (the load cache answers for them), as when ops
            // plan site after site; the figure the target judges.
            const [coldBig, coldSmall] = pair(
                reps,
                () => cli(["--no-cache", "plan", "--dir", dir, "--region", region, "--site", site]),
                () => cli(["--no-cache", "plan", "--dir", alone, "--region", region, "--site", site]),
            );
            cli(["plan", "--dir", dir, "--region", region, "--site", site]); // fills the caches
            cli(["plan", "--dir", alone, "--region", region, "--site", site]);
            const [cliBig, cliSmall] = pair(
                reps,
                () => cli(["plan", "--dir", dir, "--region", region, "--site", site]),
                () => cli(["plan", "--dir", alone, "--region", region, "--site", site]),
            );
            report.rows.push(
                rowOf(
                    "`fleet plan --site`: the CLI, no cache",
                    `${label}: ${sizeLabel(n)} vs 1 site`,
                    coldBig,
                    "`fleet --no-cache plan --site` in the big fleet",
                    coldSmall,
                    "`fleet --no-cache plan` of the site alone",
                ),
            );
            report.rows.push(
                rowOf(
                    "`fleet plan --site`: the CLI, caches filled",
                    `${label}: ${sizeLabel(n)} vs 1 site`,
                    cliBig,
                    "`fleet plan --site` in the big fleet",
                    cliSmall,
                    "`fleet plan` of the site alone",
                ),
            );
            report.raw.push(
                rawLine(`fleet --no-cache plan --site ${site} in ${n} sites (CLI)`, coldBig),
                rawLine(`fleet --no-cache plan ${site} alone (CLI)`, coldSmall),
                rawLine(`fleet plan --site ${site} in ${n} sites (CLI, caches filled)`, cliBig),
                rawLine(`fleet plan ${site} alone (CLI, caches filled)`, cliSmall),
            );
            e2e = ratio(cliBig.ms, cliSmall.ms);
            how = `the CLI, start to exit, the fleet loaded before; with no cache ${fmt(ratio(coldBig.ms, coldSmall.ms), 2)}×`;
        }
        report.targets.push({
            target: `\`--site\` in a ${fmt(n)}-site fleet ≤ 2× the site alone (the CLI, the fleet's files unchanged since the last load)`,
            measured: `${fmt(e2e, 2)}× (${how}; planRegion alone: ${fmt(ratio(big.ms, small.ms), 2)}×)`,
            pass: e2e <= 2,
        });
    });

    // 4. check vs plan on the same region.
    await section("check", () => {
        if (!hasCommand("check") || !hasCommand("plan"))
            throw new Error("`fleet check` or `fleet plan` is not in this build (no dist/cli/commands/check.js or plan.js with --region)");
        for (const n of cfg.planSizes) {
            const dir = fleetDir(n);
            log(`check vs plan ${region} of ${n} sites x${cfg.reps}`);
            const [check, plan] = pair(
                cfg.reps,
                () => cli(["check", "--dir", dir, "--region", region], [0, 1]),
                () => cli(["plan", "--dir", dir, "--region", region]),
            );
            const own = check.ms - plan.ms;
            const label = `${sizeLabel(n)} fleet, ${region}`;
            report.rows.push({
                what: "`fleet check`: its own time (check - plan) vs plan",
                size: label,
                ours: "`fleet check` - `fleet plan`",
                baseline: "`fleet plan`",
                oursMs: own,
                baseMs: plan.ms,
                ratio: ratio(own, plan.ms),
                oursCpu: check.cpuMs - plan.cpuMs,
                baseCpu: plan.cpuMs,
                oursRss: check.maxRssKiB,
                baseRss: plan.maxRssKiB,
            });
            report.raw.push(
                rawLine(`fleet plan --region ${region}, ${n} sites (CLI)`, plan),
                rawLine(`fleet check --region ${region}, ${n} sites (CLI, exit ${check.samples.map((s) => s.exitCode).join("/")})`, check),
            );
            report.targets.push({
                target: `check ≤ 0.25× plan on the same region (${label}; check's own time = check - plan)`,
                measured: `${fmt(ratio(own, plan.ms), 2)}× (${fmt(own)} ms of ${fmt(check.ms)} ms vs ${fmt(plan.ms)} ms)`,
                pass: own / plan.ms <= 0.25,
            });
        }
    });

    // 5. resources per site, gateway and sensor, per provisioning mode.
    await section("economics", () => {
        for (const mode of ["fleet-claim", "csr", "aws-generated"] as const) {
            const base = { sites: 1, regions: 1, seed: 1, provisioning: mode };
            const variants = [
                { key: "base", o: { ...base, gateways: 4, equipment: 20, oneOffSensors: 4 } },
                { key: "2G", o: { ...base, gateways: 8, equipment: 20, oneOffSensors: 4 } },
                { key: "2S", o: { ...base, gateways: 4, equipment: 40, oneOffSensors: 8 } },
            ];
            const dirs = variants.map((v) => {
                const dir = path.join(work, `economics-${mode}-${v.key}`);
                generate(dir, v.o, report);
                return dir;
            });
            log(`resources of ${mode} sites`);
            const s = child(["economics", ...dirs]);
            const [b, g2, s2] = s.data.rows as {
                gateways: number;
                sensors: number;
                siteResources: number;
                regionResources: number;
                byType: Record<string, number>;
            }[];
            const perGateway = (g2.siteResources - b.siteResources) / (g2.gateways - b.gateways);
            const perSensor = (s2.siteResources - b.siteResources) / (s2.sensors - b.sensors);
            report.economics.push({
                mode,
                site: b.siteResources,
                platform: b.regionResources - b.siteResources,
                gateways: [b.gateways, g2.gateways],
                sensors: [b.sensors, s2.sensors],
                resources: [b.siteResources, g2.siteResources, s2.siteResources],
                perGateway,
                perSensor,
                gatewayGrowth: g2.siteResources / b.siteResources,
                sensorGrowth: s2.siteResources / b.siteResources,
                byType: b.byType,
            });
            if (mode === "fleet-claim") {
                report.targets.push({
                    target: "fleet-claim: resources independent of gateway count",
                    measured: `${fmt(perGateway, 2)} per gateway (${b.siteResources} → ${g2.siteResources} for ${b.gateways} → ${g2.gateways} gateways)`,
                    pass: perGateway === 0,
                });
            } else {
                report.targets.push({
                    target: `${mode}: ≤ 4 resources per gateway`,
                    measured: `${fmt(perGateway, 2)} per gateway (${b.siteResources} → ${g2.siteResources} for ${b.gateways} → ${g2.gateways} gateways)`,
                    pass: perGateway <= 4,
                });
            }
            report.targets.push({
                target: `${mode}: resources independent of sensor count`,
                measured: `${fmt(perSensor, 3)} per sensor (${b.siteResources} → ${s2.siteResources} for ${b.sensors} → ${s2.sensors} sensors)`,
                pass: perSensor === 0,
            });
        }
    });

    // 6. CLI start.
    await section("fleet --help", () => {
        log(`fleet --help vs node -e 0 x${cfg.helpReps}`);
        proc(["-e", "0"]);
        const [help, bareNode] = pair(
            cfg.helpReps,
            () => cli(["--help"]),
            () => proc(["-e", "0"]),
        );
        report.rows.push(rowOf("`fleet --help`: start to exit", "-", help, "`fleet --help`", bareNode, "`node -e 0`"));
        report.raw.push(rawLine("node -e 0", bareNode), rawLine("fleet --help", help));
        report.targets.push({
            target: "`fleet --help` starts in ≤ 300 ms",
            measured: `${fmt(help.ms)} ms (${fmt(ratio(help.ms, bareNode.ms), 2)}× \`node -e 0\`, ${fmt(bareNode.ms)} ms)`,
            pass: help.ms <= 300,
        });
    });

    write();
    process.stdout.write(renderConsole(report));
    process.stdout.write(`\nwrote ${path.relative(process.cwd(), outFile) || outFile} in ${fmt(report.seconds)} s\n`);
    if (keep) process.stdout.write(`kept the generated fleets in ${work}\n`);
    else fs.rmSync(work, { recursive: true, force: true });
}

main(process.argv.slice(2)).catch((e) => {
    process.stderr.write(`bench: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exitCode = 1;
});

export type { Target };
