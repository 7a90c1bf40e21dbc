/**
 * The stack layout at scale (`npm run bench:stacks`; `-- --sizes 100,1000` to choose, or
 * `-- --sites 10000` for one row): for generated fleets of 100, 1,000, 2,000 and 10,000 sites
 * (above the loader's default of 5,000 site files the generated fleet.yaml raises
 * `spec.limits.siteFiles`), in fresh child processes:
 *  - the stacks and the resources each holds (every stack planned, one after another, in one
 *    process; `--sample K` plans the platforms and K site stacks only and extrapolates, marked
 *    "(est.)");
 *  - plan time per site stack and for the whole fleet, and the peak memory of the whole run;
 *  - `fleet plan --stack <site>` in the big fleet against the same site in a one-site fleet
 *    (the CLI, cache warm: the second of two runs);
 *  - the AWS quota needs that bind (src/quotas) and an estimated deployment time from the API
 *    rate limits and the fan-out's per-account concurrency (assumptions printed with it).
 * Writes the section between the `stacks-bench` markers of docs/benchmarks.md: the rows measured
 * in this run replace the rows of the same size, rows measured earlier stay (each note names the
 * day and commit of its measurement).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const FLEET = path.join(ROOT, "bin", "fleet.js");
const HOOK = path.join(__dirname, "rss-hook.js");
const BEGIN = "<!-- stacks-bench:begin -->";
const END = "<!-- stacks-bench:end -->";

interface ChildResult {
    loadMs: number;
    stacks: { name: string; kind: string; resources: number; ms: number }[];
    sampled: boolean;
    siteStacks: number;
    platformStacks: number;
    maxRssKiB: number;
    cpuMs: number;
    quotas: { name: string; code: string; region: string; needed: number; limit: number; status: string }[];
    /** Planned resources by type over the planned site stacks and platform stacks (for the API-rate estimate). */
    byType: Record<string, number>;
    byTypePlatform: Record<string, number>;
}

/** In the child: load, lay out, plan stacks one after another, keep counts only. */
async function childMain(dir: string, sample: number): Promise<void> {
    const { loadFleet } = require("../../src/model/load") as typeof import("../../src/model/load");
    const { stackLayout } = require("../../src/stacks/layout") as typeof import("../../src/stacks/layout");
    const { planStacks } = require("../../src/plan/stack-plan") as typeof import("../../src/plan/stack-plan");
    const { fleetQuotaNeeds } = require("../../src/stacks/quota-scopes") as typeof import("../../src/stacks/quota-scopes");
    const t0 = performance.now();
    const model = loadFleet(dir, { cache: true }).model!;
    const loadMs = performance.now() - t0;
    const layout = stackLayout(model);
    const sites = layout.filter((s) => s.kind === "site");
    const chosen =
        sample > 0 && sites.length > sample
            ? [...layout.filter((s) => s.kind === "platform"), ...sites.filter((_, i) => i % Math.ceil(sites.length / sample) === 0)]
            : layout;
    const stacks: ChildResult["stacks"] = [];
    const counted: { type: string; name: string; region: string; site?: string; inputs: Record<string, unknown> }[] = [];
    const byType: Record<string, number> = {};
    const byTypePlatform: Record<string, number> = {};
    let t = performance.now();
    await planStacks(model, chosen, (s, plan) => {
        const now = performance.now();
        const custom = plan.resources.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"));
        stacks.push({ name: s.name, kind: s.kind, resources: custom.length, ms: now - t });
        for (const r of custom) {
            const into = s.kind === "site" ? byType : byTypePlatform;
            into[r.type] = (into[r.type] ?? 0) + 1;
            const slim: Record<string, unknown> = {};
            for (const k of ["vpcId", "vpcEndpointType", "transitGatewayId", "inlineRecipe"]) if (r.inputs[k] !== undefined) slim[k] = r.inputs[k];
            counted.push({ type: r.type, name: r.name, region: r.region, site: r.site, inputs: slim });
        }
        t = performance.now();
    });
    const quotas = fleetQuotaNeeds(model, counted)
        .filter((q) => q.needed > 0)
        .map((q) => ({ name: q.name, code: q.code, region: q.region, needed: q.needed, limit: q.limit, status: q.status }));
    const u = process.resourceUsage();
    const out: ChildResult = {
        loadMs,
        stacks,
        sampled: chosen.length !== layout.length,
        siteStacks: sites.length,
        platformStacks: layout.filter((s) => s.kind === "platform").length,
        maxRssKiB: u.maxRSS,
        cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000,
        quotas,
        byType,
        byTypePlatform,
    };
    process.stdout.write(JSON.stringify(out));
}

function generate(sites: number, regions: number): string {
    const { writeFleet } = require("../../src/generate") as typeof import("../../src/generate");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `fleet-bench-stacks-${sites}-`));
    writeFleet(dir, { sites, gateways: 3, equipment: 4, seed: 1, regions }, { force: true });
    return dir;
}

/** A fleet of one site: fleet.yaml, the site's file and certificates of `dir`. */
function oneSite(dir: string, site: string): string {
    const one = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-bench-one-"));
    fs.copyFileSync(path.join(dir, "fleet.yaml"), path.join(one, "fleet.yaml"));
    fs.mkdirSync(path.join(one, "sites"));
    fs.copyFileSync(path.join(dir, "sites", `${site}.yaml`), path.join(one, "sites", `${site}.yaml`));
    if (fs.existsSync(path.join(dir, "certs", site))) fs.cpSync(path.join(dir, "certs", site), path.join(one, "certs", site), { recursive: true });
    return one;
}

function timedCli(args: string[]): { ms: number; maxRssKiB: number } {
    const rssFile = path.join(os.tmpdir(), `fleet-bench-stacks-rss-${process.pid}`);
    const t = performance.now();
    const r = spawnSync(process.execPath, ["-r", HOOK, FLEET, ...args], {
        encoding: "utf8",
        maxBuffer: 1 << 28,
        env: { ...process.env, CI: "true", FLEET_BENCH_RSS_FILE: rssFile },
    });
    const ms = performance.now() - t;
    if (r.status !== 0) throw new Error(`fleet ${args.join(" ")}: exit ${r.status}: ${r.stderr.slice(0, 500)}`);
    const rss = JSON.parse(fs.readFileSync(rssFile, "utf8")) as { maxRssKiB: number };
    return { ms, maxRssKiB: rss.maxRssKiB };
}

/**
 * Deployment time estimate. API floor: every resource costs about 3 calls of its service
 * (create, describe until ready, tag/read back); Route 53 allows 5 requests per second per
 * account, EC2 mutating calls refill at 5 per second per account and region, others about 10
 * (src/quotas/catalogue.ts API_RATES). Concurrency floor: site stacks in waves of `perAccount`,
 * each site stack about 6 minutes (VPN and endpoints dominate), platforms about 30 minutes.
 */
export function deployEstimate(
    bySite: Record<string, number>,
    byPlatform: Record<string, number>,
    siteStacks: number,
    platformStacks: number,
    perAccount: number,
    scale = 1,
): { apiHours: number; waveHours: number } {
    let route53 = 0;
    let ec2 = 0;
    let other = 0;
    const all = [...Object.entries(bySite).map(([t, n]) => [t, n * scale] as const), ...Object.entries(byPlatform)];
    for (const [type, n] of all) {
        const calls = 3 * n;
        if (type.startsWith("aws:route53/")) route53 += calls;
        else if (/^aws:(ec2|ec2transitgateway|directconnect)\//.test(type)) ec2 += calls;
        else other += calls;
    }
    const apiHours = Math.max(route53 / 5, ec2 / 5, other / 10) / 3600;
    const waveHours = (Math.ceil(platformStacks / perAccount) * 30 + Math.ceil(siteStacks / perAccount) * 6) / 60;
    return { apiHours, waveHours };
}

/** The issue's targets (#18) against the 2,000-site run, when it was measured. */
function targets(measured: { n: number; c: ChildResult; siteRes: number[]; platformMax: number; ratio?: number }[]): string[] {
    const m = measured.find((x) => x.n === 2000);
    if (!m) return [];
    const largest = Math.max(m.platformMax, ...m.siteRes);
    return [
        `Against the issue's targets in the 2,000-site fleet: the largest stack holds ${fmt(largest)} resources (target: at most 1,500; ${largest <= 1500 ? "met" : "NOT met"}); the whole fleet plans in ${fmt(m.c.maxRssKiB / 1024)} MiB (target: 3 GB; ${m.c.maxRssKiB <= 3 * 1024 * 1024 ? "met" : "NOT met"}); \`plan --stack\` of a site stack costs ${fmt(m.ratio ?? NaN, 2)}× the same site in a one-site fleet (target: at most 1.5×; single samples on a loaded machine). Direct Connect gateways per transit gateway: ${fmt(Math.max(0, ...m.c.quotas.filter((q) => q.code === "L-350B2172").map((q) => q.needed)))} (hard limit 20).`,
        "",
    ];
}

const fmt = (n: number, d = 0) => n.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });

type Measured = { n: number; c: ChildResult; avgSite: number; wholeMs: number; siteRes: number[]; platformMax: number; ratio: number };

/** The commit measured and whether the tree differs from it (`a6b3566`, `a6b3566+changes`). */
function commitNoted(): string {
    const head = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).stdout.trim() || "unknown";
    const dirty = spawnSync("git", ["status", "--porcelain", "--untracked-files=no", "--", "src", "components", "cli", "policies"], {
        cwd: ROOT,
        encoding: "utf8",
    }).stdout.trim();
    return dirty ? `${head}+changes` : head;
}

/** Generate a fleet of `n` sites, plan every stack in a child, time `plan --stack`; the table row and its note. */
function measureSize(n: number, sample: number, measuredAt: string): { row: string; note: string; m: Measured } {
    const regions = n >= 10000 ? 4 : 2;
    const dir = generate(n, regions);
    try {
        // Warm the load cache the way a second run would find it.
        spawnSync(process.execPath, [FLEET, "validate", "--dir", dir], { encoding: "utf8", maxBuffer: 1 << 28 });
        const t = performance.now();
        const r = spawnSync(process.execPath, [__filename, "--child", dir, String(sample)], { encoding: "utf8", maxBuffer: 1 << 28 });
        const wallMs = performance.now() - t;
        if (r.status !== 0) throw new Error(`child for ${n} sites: ${r.stderr.slice(0, 800)}`);
        const c = JSON.parse(r.stdout) as ChildResult;
        const site = c.stacks.filter((s) => s.kind === "site");
        const platform = c.stacks.filter((s) => s.kind === "platform");
        const avgSite = site.reduce((x, s) => x + s.ms, 0) / site.length;
        const wholeMs = c.sampled ? platform.reduce((x, s) => x + s.ms, 0) + avgSite * c.siteStacks + c.loadMs : wallMs;
        const maxStack = Math.max(...c.stacks.map((s) => s.resources));
        const siteRes = site.map((s) => s.resources);
        const first = site[0].name.slice(site[0].name.indexOf(".") + 1);
        const big = [
            timedCli(["plan", "--stack", site[0].name, "--json", "--dir", dir]),
            timedCli(["plan", "--stack", site[0].name, "--json", "--dir", dir]),
        ][1];
        const oneDir = oneSite(dir, first);
        const small = [
            timedCli(["plan", "--stack", site[0].name, "--json", "--dir", oneDir]),
            timedCli(["plan", "--stack", site[0].name, "--json", "--dir", oneDir]),
        ][1];
        fs.rmSync(oneDir, { recursive: true, force: true });
        const scale = c.sampled ? c.siteStacks / site.length : 1;
        const est = (p: number) => deployEstimate(c.byType, c.byTypePlatform, c.siteStacks, c.platformStacks, p, scale);
        const e4 = est(4);
        const e32 = est(32);
        const platformMax = Math.max(...platform.map((s) => s.resources));
        const row = `| ${fmt(n)} | 1 + ${c.platformStacks} + ${fmt(c.siteStacks)} | ${fmt(platformMax)} | ${Math.min(...siteRes)}–${Math.max(...siteRes)} | ${fmt(maxStack)} | ${fmt(avgSite)} ms | ${fmt(wholeMs / 1000, 1)} s${c.sampled ? " (est.)" : ""} | ${fmt(c.maxRssKiB / 1024)} MiB | ${fmt(big.ms)} / ${fmt(small.ms)} ms = ${fmt(big.ms / small.ms, 2)}× | ${fmt(e4.waveHours, 1)} h / ${fmt(e32.waveHours, 1)} h; API floor ${fmt(e4.apiHours, 1)} h |`;
        const bad = c.quotas.filter((q) => q.status !== "ok");
        const quotaText =
            bad.length === 0
                ? "no quota above its default"
                : bad
                      .map(
                          (q) =>
                              `${q.name} (${q.code}) ${q.region === "*" ? "account-wide" : q.region}: ${fmt(q.needed)} of ${fmt(q.limit)}${q.status === "above-hard-limit" ? " **hard**" : ""}`,
                      )
                      .join("; ");
        const note = `- ${fmt(n)} sites (${regions} regions${c.sampled ? `; ${site.length} of ${fmt(c.siteStacks)} site stacks planned, totals extrapolated` : ""}): ${quotaText}${c.sampled ? " (needs counted over the planned sample only)" : ""}; CPU ${fmt(c.cpuMs / 1000, 1)} s, load ${fmt(c.loadMs / 1000, 1)} s; measured ${measuredAt}.`;
        console.log(row);
        console.log(note);
        return { row, note, m: { n, c, avgSite, wholeMs, siteRes, platformMax, ratio: big.ms / small.ms } };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/** The size a table row or note is about: `| 1,000 |` and `- 1,000 sites` give 1000 (NaN for other lines). */
export function rowSize(line: string): number {
    const m = /^(?:\| |- )([\d,]+)[ |]/.exec(line);
    return m ? Number(m[1].replace(/,/g, "")) : NaN;
}

/**
 * Merge rows measured now into the section's earlier rows and notes: a size measured now replaces
 * the row and note of that size (measured or computed), every other row stays, ordered by size.
 */
export function mergeRows(old: { rows: string[]; notes: string[] }, now: { row: string; note: string; n: number }[]): { rows: string[]; notes: string[] } {
    const sizes = new Set(now.map((x) => x.n));
    const keep = (lines: string[]) => lines.filter((l) => !sizes.has(rowSize(l)));
    const bySize = (a: string, b: string) => rowSize(a) - rowSize(b);
    return { rows: [...keep(old.rows), ...now.map((x) => x.row)].sort(bySize), notes: [...keep(old.notes), ...now.map((x) => x.note)].sort(bySize) };
}

/** The rows, notes and targets paragraph of the section as it stands. */
function readSection(text: string): { rows: string[]; notes: string[]; targets: string[] } {
    if (!text.includes(BEGIN)) return { rows: [], notes: [], targets: [] };
    const lines = text.slice(text.indexOf(BEGIN), text.indexOf(END)).split("\n");
    return {
        rows: lines.filter((l) => l.startsWith("| ") && !Number.isNaN(rowSize(l))),
        notes: lines.filter((l) => l.startsWith("- ") && !Number.isNaN(rowSize(l))),
        targets: lines.filter((l) => l.startsWith("Against the issue's targets")),
    };
}

async function main(): Promise<void> {
    const argv = process.argv.slice(2);
    if (argv[0] === "--child") return childMain(argv[1], Number(argv[2] ?? 0));
    const opt = (name: string) => (argv.indexOf(name) >= 0 ? argv[argv.indexOf(name) + 1] : undefined);
    const sizes = (opt("--sites") ?? opt("--sizes") ?? "100,1000,2000,10000").split(",").map(Number);
    const sample = Number(opt("--sample") ?? 0);
    const measuredAt = `${new Date().toISOString().slice(0, 10)} at commit ${commitNoted()}`;
    const now: { row: string; note: string; n: number; m: Measured }[] = [];
    for (const n of sizes) now.push({ n, ...measureSize(n, sample, measuredAt) });
    const file = path.join(ROOT, "docs", "benchmarks.md");
    const text = fs.readFileSync(file, "utf8");
    const old = readSection(text);
    const merged = mergeRows(old, now);
    const fresh = targets(now.map((x) => x.m));
    const section = [
        BEGIN,
        "## Stack layout at scale (`npm run bench:stacks`)",
        "",
        `Generated fleets (3 gateways, 4 machines per site, seed 1; 2 regions, 4 from 10,000 sites), every stack planned one after another in one process (src/plan/stack-plan.ts planStacks), ${os.cpus().length} cores shared with other workers (wall times are inflated by the load; CPU times in the notes). Rows may come from different runs (\`-- --sites N\` measures one): each note names the day and commit it was measured at.`,
        "",
        "| sites | stacks (global + platforms + sites) | resources, largest platform | resources per site stack | largest stack | plan time per site stack | whole fleet plan | peak memory (whole fleet) | `plan --stack` site: this fleet / one-site fleet | est. deployment, 4 / 32 stacks per account |",
        "|---|---|---|---|---|---|---|---|---|---|",
        ...merged.rows,
        "",
        ...merged.notes,
        "",
        ...(fresh.length > 0 ? fresh : old.targets.length > 0 ? [...old.targets, ""] : []),
        "Deployment estimate (the last column; an ESTIMATE, not measured): site stacks in waves of the per-account budget, about 6 minutes each (VPN, endpoints and the Greengrass deployment dominate), platforms about 30 minutes; the API floor assumes about 3 calls per resource against Route 53's 5 requests per second per account and EC2's 5 mutating calls per second (src/quotas/catalogue.ts API_RATES). Both are estimates from published limits, not measurements.",
        END,
    ].join("\n");
    const next = text.includes(BEGIN)
        ? text.slice(0, text.indexOf(BEGIN)) + section + text.slice(text.indexOf(END) + END.length)
        : `${text.trimEnd()}\n\n${section}\n`;
    fs.writeFileSync(file, next);
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
}

if (require.main === module) {
    main().catch((e) => {
        console.error(e);
        process.exit(1);
    });
}
