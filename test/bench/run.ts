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
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { FULL, fmt, generate, gitDescribe, log, QUICK, type Bench } from "./common";
import { ROOT } from "./measure";
import { edgeBenchMarkdown, writeEdgeSection } from "./edge";
import { renderReport, renderConsole, type Report, type Target } from "./report";
import { checkSection, economicsSection, helpSection } from "./sections-more";
import { planSection, siteSection, validateSection } from "./sections-plan";

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
    const bench: Bench = { cfg, report, work, fleetDir, shape };
    const pending = ["validate", "plan", "plan --site", "check", "economics", "fleet --help", "edge"];
    // the edge collector's section (test/bench/edge.ts) survives each rewrite; a new one replaces it at the end
    const previous = fs.existsSync(outFile) ? fs.readFileSync(outFile, "utf8") : "";
    let edgeSection = /<!-- edge-bench:begin -->[\s\S]*<!-- edge-bench:end -->/.exec(previous)?.[0];
    const write = () => {
        report.seconds = (Date.now() - started) / 1000;
        fs.mkdirSync(path.dirname(outFile), { recursive: true });
        const text = renderReport({
            ...report,
            notMeasured: [...report.notMeasured, ...pending.map((p) => `${p}: not run yet (the run was stopped before it)`)],
        });
        // Sections other runs wrote (npm run bench:models, bench:stacks) stay as those runs wrote them.
        const kept = [...previous.matchAll(/<!-- ([a-z]+)-bench:(?:begin|start) -->[\s\S]*?<!-- \1-bench:end -->/g)]
            .filter((m) => m[1] !== "edge")
            .map((m) => m[0]);
        fs.writeFileSync(outFile, [text.trimEnd(), ...kept].join("\n\n") + "\n");
        if (edgeSection) writeEdgeSection(edgeSection, outFile);
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
    await section("validate", () => validateSection(bench));

    // 2. plan vs a bare mock program registering the same resources.
    await section("plan", () => planSection(bench));

    // 3. --site in a big fleet vs the same site alone.
    await section("plan --site", () => siteSection(bench));

    // 4. check vs plan on the same region.
    await section("check", () => checkSection(bench));

    // 5. resources per site, gateway and sensor, per provisioning mode.
    await section("economics", () => economicsSection(bench));

    // 6. CLI start.
    await section("fleet --help", () => helpSection(bench));

    // 7. the edge collector (test/bench/edge.ts)
    await section("edge", () => {
        log("edge collector pipeline, memory, bytes per reading, recovery");
        edgeSection = edgeBenchMarkdown(cfg.quick ? 1 : 3);
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
