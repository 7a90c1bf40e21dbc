/** The benchmark report: docs/benchmarks.md and the table printed at the end of a run. */

export interface Row {
    what: string;
    size: string;
    ours: string;
    baseline: string;
    oursMs: number;
    baseMs: number;
    ratio: number;
    /** CPU time of the same work (user + system), ms; NaN where not comparable. */
    oursCpu: number;
    baseCpu: number;
    /** Peak resident memory, KiB. */
    oursRss: number;
    baseRss: number;
}

export interface Target {
    target: string;
    measured: string;
    pass: boolean;
}

export interface Economics {
    mode: string;
    /** Resources under the Site component (the component included) of the base site. */
    site: number;
    /** Resources of the region's plan outside the site (the regional platform). */
    platform: number;
    gateways: [number, number];
    sensors: [number, number];
    /** Site resources: base, twice the gateways, twice the sensors. */
    resources: [number, number, number];
    perGateway: number;
    perSensor: number;
    gatewayGrowth: number;
    sensorGrowth: number;
    byType: Record<string, number>;
}

export interface Report {
    date: string;
    quick: boolean;
    machine: { cores: number; cpu: string; memoryGiB: number; node: string; platform: string; loadAverage: number; commit: string };
    rows: Row[];
    targets: Target[];
    economics: Economics[];
    raw: string[];
    info: string[];
    notMeasured: string[];
    seconds: number;
}

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits }) : "-");
const mib = (kib: number) => fmt(kib / 1024, 0);
const cell = (s: string) => s.replace(/\|/g, "\\|");

function table(head: string[], rows: string[][]): string {
    return [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`)].join("\n");
}

export function renderReport(r: Report): string {
    const passed = r.targets.filter((t) => t.pass).length;
    const out: string[] = [];
    out.push(`# Benchmarks

Written by \`npm run bench${r.quick ? " -- --quick" : ""}\` (test/bench/run.ts) on ${r.date}${r.quick ? ", a quick run (smaller fleets)" : ""}; do not edit by hand, run it again.
Every figure is a ratio against a baseline measured in the same run on the same machine; each
measurement ran several times, each time in a fresh Node process, and the median is shown.

**Machine:** ${r.machine.cores} cores (${r.machine.cpu}), ${fmt(r.machine.memoryGiB, 1)} GiB memory, Node ${r.machine.node}, ${r.machine.platform}; load average ${fmt(r.machine.loadAverage, 2)} at the start; commit ${r.machine.commit}. The whole run took ${fmt(r.seconds)} s.

## Targets

${passed} of ${r.targets.length} met.

${table(
    ["target", "measured", "result"],
    r.targets.map((t) => [t.target, t.measured, t.pass ? "pass" : "**FAIL**"]),
)}
`);
    if (r.notMeasured.length) {
        out.push(`**Not measured in this run:**\n\n${r.notMeasured.map((n) => `- ${n}`).join("\n")}\n`);
    }
    out.push(`## Time, against a baseline

${table(
    ["measurement", "size", "ours", "baseline", "ours (median ms)", "baseline (median ms)", "ratio", "CPU ms: ours / baseline", "CPU ratio"],
    r.rows.map((x) => [
        x.what,
        x.size,
        x.ours,
        x.baseline,
        fmt(x.oursMs, 1),
        fmt(x.baseMs, 1),
        `${fmt(x.ratio, 2)}×`,
        Number.isFinite(x.oursCpu) && Number.isFinite(x.baseCpu) ? `${fmt(x.oursCpu)} / ${fmt(x.baseCpu)}` : "-",
        Number.isFinite(x.oursCpu) && Number.isFinite(x.baseCpu) ? `${fmt(x.oursCpu / x.baseCpu, 2)}×` : "-",
    ]),
)}

Wall time is what the targets judge. CPU time (user + system of the timed work) is shown beside
it because it moves less when other processes share the machine: when the load average is
above the number of cores, read the CPU ratio.

## Peak memory (maximum resident set size of the process)

${table(
    ["measurement", "size", "ours (MiB)", "baseline (MiB)", "ratio"],
    r.rows.map((x) => [x.what, x.size, mib(x.oursRss), mib(x.baseRss), `${fmt(x.oursRss / x.baseRss, 2)}×`]),
)}

## Resources per site, gateway and sensor

One-site fleets of each provisioning mode, planned with planRegion: a base site, the same site
with twice the gateways, and with twice the sensors (machines and one-off sensors doubled). The
growth ratios are against the base site; 1.00 means the stack does not grow.

${table(
    [
        "mode",
        "site resources (base)",
        "regional platform",
        "gateways",
        "sensors",
        "site resources (base / 2G / 2S)",
        "per gateway",
        "per sensor",
        "2G / base",
        "2S / base",
    ],
    r.economics.map((e) => [
        e.mode,
        fmt(e.site),
        fmt(e.platform),
        `${e.gateways[0]} → ${e.gateways[1]}`,
        `${e.sensors[0]} → ${e.sensors[1]}`,
        e.resources.map((n) => fmt(n)).join(" / "),
        fmt(e.perGateway, 2),
        fmt(e.perSensor, 3),
        `${fmt(e.gatewayGrowth, 2)}×`,
        `${fmt(e.sensorGrowth, 2)}×`,
    ]),
)}
`);
    for (const e of r.economics) {
        const types = Object.entries(e.byType).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
        out.push(`- ${e.mode} base site: ${types.map(([t, n]) => `${t} ×${n}`).join(", ") || "no resources"}`);
    }
    out.push(`
## How it is measured

- **validate**: a child process requires the loader, then times \`loadFleet(dir)\`; the
  baseline child requires \`yaml\`, then times reading fleet.yaml and every site file and
  \`yaml.parse\` of each. Both read the same files in the same order. The "whole process" row
  times \`node bin/fleet.js validate --dir DIR\` from spawn to exit against the parse child from
  spawn to exit. Linearity compares loadFleet's medians at successive sizes. The targets are
  judged with no cache (loadFleet parses and checks every file; the CLI runs with
  \`--no-cache\`); the "load cache filled" row shows \`fleet validate\` when no file changed since
  the last load (src/model/load-cache.ts), against the same parse baseline.
- **plan**: a child loads the fleet and requires the program (untimed), then times
  \`planRegion(model, region)\`, and writes the planned resources (type, name, parent, inputs).
  The baseline child requires \`@pulumi/pulumi\`, then times \`setMocks\` and registering each
  of those resources as a plain \`CustomResource\`, \`ComponentResource\` or
  \`ProviderResource\` with the same type, name, parent and inputs, until every RPC is done.
  The ratio is our overhead: the program's own logic, outputs and the plan's recording. The
  "whole process" row includes loading the fleet and the modules (\`@pulumi/aws\` is large).
  The bare program runs with Node's and Pulumi's defaults; planRegion turns off the stack
  traces the Pulumi runtime formats for every promise and resource and its promise leak
  tracking (src/plan/plan.ts), and
  reads the Lambda bundles from the disk cache (filled by the untimed first run; the "no disk
  cache" row runs esbuild). So that neither hides our own cost, two more baselines: the same
  resources through the SDK classes (\`aws.ec2.Vpc\`..., what a hand-written program uses), and
  that program with planRegion's runtime settings: against the last, the ratio is the cost of
  our program's own code alone.
- **plan --site**: the same site (a csr site of eu-central-1) planned with \`--site\` in the big
  fleet and alone, in a 1-site fleet with the same fleet.yaml, site file and CSRs. The target is
  judged on the whole command (loading the whole fleet is part of what a user waits for) with
  the caches filled, that is with the fleet's files unchanged since an earlier command, the
  everyday case; the same with \`--no-cache\` (every file parsed and checked) and planRegion
  alone are shown too.
- **check**: \`fleet check --region R\` and \`fleet plan --region R\` as processes; check's own
  time is the difference of the medians, compared with plan's time.
- **fleet --help**: \`node bin/fleet.js --help\` against \`node -e 0\`, spawn to exit.
- **memory**: \`process.resourceUsage().maxRSS\` of each child, reported by the child (or by a
  preloaded hook for CLI processes).
- Fleets come from \`fleet generate\` (seed 1, 4 gateways and 20 machines a site, 2 regions).
  A 1,000-site fleet is never planned whole in one process: Pulumi's mock runtime turns
  superlinear past about 10,000 resources.

## Raw numbers

${r.raw.map((l) => `- ${l}`).join("\n")}

## Notes from the run

${r.info.map((l) => `- ${l}`).join("\n")}
`);
    return out.join("\n");
}

/** The summary printed at the end of a run. */
export function renderConsole(r: Report): string {
    const lines: string[] = [];
    const w = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n));
    lines.push("");
    lines.push(`${w("measurement", 58)} ${w("size", 44)} ${"ours ms".padStart(10)} ${"base ms".padStart(10)} ${"ratio".padStart(7)} ${"MiB".padStart(6)}`);
    for (const x of r.rows) {
        lines.push(
            `${w(x.what.replace(/`/g, ""), 58)} ${w(x.size, 44)} ${fmt(x.oursMs, 1).padStart(10)} ${fmt(x.baseMs, 1).padStart(10)} ${`${fmt(x.ratio, 2)}x`.padStart(7)} ${mib(x.oursRss).padStart(6)}`,
        );
    }
    lines.push("");
    for (const e of r.economics) {
        lines.push(
            `${w(e.mode, 14)} site ${fmt(e.site)} resources, platform ${fmt(e.platform)}; per gateway ${fmt(e.perGateway, 2)}, per sensor ${fmt(e.perSensor, 3)}`,
        );
    }
    lines.push("");
    for (const t of r.targets) lines.push(`${t.pass ? "pass" : "FAIL"}  ${t.target.replace(/`/g, "")}: ${t.measured.replace(/`/g, "")}`);
    for (const n of r.notMeasured) lines.push(`not measured  ${n}`);
    return `${lines.join("\n")}\n`;
}
