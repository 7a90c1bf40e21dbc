/** Sections 1-3 of the benchmark suite (test/bench/run.ts): validate, plan, plan --site. */
import * as fs from "node:fs";
import * as path from "node:path";
import { siteName } from "../../src/generate/fleet";
import { child, cli, hasCommand, pair, repeat } from "./measure";
import { fmt, rawLine, ratio, REGION, rowOf, sizeLabel, log, type Bench } from "./common";

/** 1. validate vs the YAML library alone. */
export function validateSection(b: Bench): void {
    const { cfg, report, fleetDir } = b;
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
        report.rows.push(rowOf("`fleet validate`: loadFleet, in-process (no cache)", sizeLabel(n), ours, "loadFleet", parse, "yaml.parse of the same files"));
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
}

/** 2. plan vs a bare mock program registering the same resources. */
export function planSection(b: Bench): void {
    const { cfg, report, work, fleetDir } = b;
    const region = REGION;
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
}

/** 3. --site in a big fleet vs the same site alone. */
export function siteSection(b: Bench): void {
    const { cfg, report, work, fleetDir, shape } = b;
    const region = REGION;
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
}
