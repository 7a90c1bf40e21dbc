/** End to end: graph, stacks, inventory, preview/up/destroy, --help. */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { assertRefused, copyExampleFleet, fleet, ROOT, rm } from "./helpers";
import { exampleFleet } from "../helpers/fleets";

// A real XML parser (a dependency of the AWS SDK clients in package.json) to check SVG output.
const { parseXML } = require("@aws-sdk/xml-builder") as { parseXML(xml: string): Record<string, unknown> };

describe("cli e2e: fleet graph", function () {
    this.timeout(300_000);
    const model = exampleFleet();
    const site = model.sites.find((s) => s.name === "stuttgart-body")!;

    it("mermaid: one subgraph per Purdue level and zone, every device, conduits labelled with protocol and ports", () => {
        const r = fleet(["graph", "stuttgart-body", "--format", "mermaid", "--dir", ROOT]);
        assert.equal(r.code, 0, r.stderr);
        const lines = r.stdout.split("\n");
        assert.equal(lines[0], "flowchart TB");
        const subgraphs = lines.filter((l) => /^\s*subgraph /.test(l));
        assert.equal(lines.filter((l) => /^\s*end$/.test(l)).length, subgraphs.length);
        const levels = [...new Set(site.segments.map((s) => s.purdueLevel))].sort((a, b) => b - a);
        assert.deepEqual(
            subgraphs.filter((l) => /^ {2}subgraph/.test(l)).map((l) => l.replace(/^ {2}subgraph level_\d+\["(.*)"\]$/, "$1")),
            [
                "AWS cloud (eu-central-1)",
                ...levels.map(
                    (l) =>
                        `Level ${l}: ${{ 0: "physical process", 1: "basic control", 2: "supervisory control", 3: "site operations", 3.5: "industrial DMZ", 4: "business logistics", 5: "enterprise" }[l]}`,
                ),
                ...(levels.includes(0) ? [] : ["Level 0: physical process"]),
            ],
        );
        assert.equal(subgraphs.filter((l) => /^ {4}subgraph zone_/.test(l)).length, site.segments.length);
        for (const g of site.gateways)
            assert.ok(
                lines.some((l) => l.trim().startsWith(`gateway_${g.name.replace(/-/g, "_")}["${g.name}<br/>gateway ${g.address}`)),
                g.name,
            );
        for (const p of site.plcs)
            assert.ok(
                lines.some((l) => l.trim().startsWith(`plc_${p.name.replace(/-/g, "_")}[["${p.name}<br/>PLC ${p.address}`)),
                p.name,
            );
        for (const e of site.equipment)
            assert.ok(
                lines.some((l) => l.trim().startsWith(`equipment_${e.name.replace(/-/g, "_")}("${e.name}<br/>${e.type}`)),
                e.name,
            );
        const conduits = lines.filter((l) => l.includes(" ==>|"));
        assert.equal(conduits.length, site.conduits.length);
        assert.ok(conduits.includes('  zone_edge_dmz ==>|"gateways-to-cloud: mqtts 8883/tcp"| cloud'), conduits.join("\n"));
        assert.ok(conduits.includes('  zone_edge_dmz ==>|"gateways-read-press: s7 102/tcp"| zone_press_cell'), conduits.join("\n"));
    });

    it("dot: clusters per level and zone, nodes and conduit edges; svg: well-formed XML with every node", async () => {
        const dot = fleet(["graph", "stuttgart-body", "--format", "dot", "--dir", ROOT]);
        assert.equal(dot.code, 0, dot.stderr);
        assert.match(dot.stdout, /^digraph "site stuttgart-body" \{\n/);
        assert.equal((dot.stdout.match(/subgraph "cluster_zone_/g) ?? []).length, site.segments.length);
        assert.ok(
            dot.stdout.includes(
                '"zone:edge-dmz" -> "cloud" [label="gateways-to-cloud: mqtts 8883/tcp", penwidth=2, color="#333333", constraint=false, ltail="cluster_zone_edge-dmz"];',
            ),
        );
        const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "fleet-graph-")), "site.svg");
        const svg = fleet(["graph", "stuttgart-body", "--format", "svg", "--out", out, "--dir", ROOT]);
        assert.equal(svg.code, 0, svg.stderr);
        assert.equal(svg.stdout, "");
        const text = fs.readFileSync(out, "utf8");
        const doc = parseXML(text) as { svg?: { g?: { title?: string; g?: unknown[] } } };
        assert.ok(doc.svg, "root element is <svg>");
        const titles = [...text.matchAll(/<title>([^<]*)<\/title>/g)].map((m) => m[1].replace(/&#45;/g, "-").replace(/&gt;/g, ">"));
        const expected = [
            "cloud",
            ...site.segments.map((s) => `zone:${s.name}`),
            ...site.gateways.map((g) => `gateway:${g.name}`),
            ...site.plcs.map((p) => `plc:${p.name}`),
            ...site.equipment.map((e) => `equipment:${e.name}`),
        ];
        for (const t of expected) assert.ok(titles.includes(t), `svg has node ${t}`);
        assert.ok(titles.includes("zone:edge-dmz->cloud"));
        fs.rmSync(path.dirname(out), { recursive: true, force: true });
    });

    it("unknown site or format: exit 2", () => {
        const a = fleet(["graph", "stuttgart", "--dir", ROOT]);
        assert.equal(a.code, 2);
        assert.equal(a.stderr.trim(), 'fleet: unknown site "stuttgart"; did you mean "stuttgart-body"? sites: austin-smt, cork-fill-finish, stuttgart-body');
        const b = fleet(["graph", "stuttgart-body", "--format", "png", "--dir", ROOT]);
        assert.equal(b.code, 2);
        assert.equal(b.stderr.trim(), 'fleet: unknown output format "png"; formats: mermaid, dot, svg, json');
    });
});

describe("cli e2e: fleet stacks", function () {
    this.timeout(300_000);
    it("lists the stacks in deployment order; --write writes each region's stack file atomically and merges into existing ones", () => {
        const dir = copyExampleFleet();
        try {
            fs.writeFileSync(path.join(dir, "Pulumi.us-east-2.yaml"), "# owned by ops\nconfig:\n  aws:region: us-east-2\n  fleet:sites: [austin-smt]\n");
            fs.writeFileSync(path.join(dir, "Pulumi.ap-south-1.yaml"), "config: {}\n");
            const list = fleet(["stacks", "--dir", dir]);
            assert.equal(list.code, 0, list.stderr);
            assert.equal(
                list.stdout,
                [
                    "global        global",
                    "eu-central-1  platform  Pulumi.eu-central-1.yaml (missing)  2 sites: cork-fill-finish, stuttgart-body",
                    "us-east-2     platform  Pulumi.us-east-2.yaml (out of date, region layout: holds its sites)  1 site: austin-smt",
                    "3 site stacks (<region>.<site>; --sites lists them)",
                    "",
                ].join("\n"),
            );
            assert.match(list.stderr, /warning: Pulumi\.ap-south-1\.yaml is not the stack file of any stack of the fleet/);
            assert.match(list.stderr, /^note: stack us-east-2 still holds its sites \(region layout\); fleet migrate stacks moves them to their own stacks$/m);
            assert.match(fleet(["stacks", "--sites", "--dir", dir]).stdout, /^us-east-2\.austin-smt {2}site {2}after us-east-2$/m);
            const w = fleet(["stacks", "--write", "--dir", dir]);
            assert.equal(w.code, 0, w.stderr);
            assert.match(w.stdout, /^wrote Pulumi\.eu-central-1\.yaml\nwrote Pulumi\.us-east-2\.yaml\n$/m);
            assert.equal(
                fs.readFileSync(path.join(dir, "Pulumi.us-east-2.yaml"), "utf8"),
                "# owned by ops\nconfig:\n  aws:region: us-east-2\n  fleet:sites: [ austin-smt ]\n  fleet:region: us-east-2\n",
            );
            assert.match(
                fs.readFileSync(path.join(dir, "Pulumi.eu-central-1.yaml"), "utf8"),
                /\nconfig:\n {2}aws:region: eu-central-1\n {2}fleet:region: eu-central-1\n {2}fleet:layout: stacks\n$/,
            );
            assert.deepEqual(
                fs.readdirSync(dir).filter((f) => f.endsWith(".tmp")),
                [],
            );
            const again = fleet(["stacks", "--write", "--json", "--dir", dir]);
            const json = JSON.parse(again.stdout) as {
                written: string[];
                stacks: { name: string; kind: string; region: string | null; sites: string[]; state?: string; layout?: string }[];
                stale: string[];
            };
            assert.deepEqual(json.written, []);
            assert.deepEqual(
                json.stacks.map((s) => [s.name, s.kind, s.region, s.sites.join(","), s.state ?? "-", s.layout ?? "-"]),
                [
                    ["global", "global", null, "", "-", "-"],
                    ["eu-central-1", "platform", "eu-central-1", "cork-fill-finish,stuttgart-body", "up to date", "stacks"],
                    ["us-east-2", "platform", "us-east-2", "austin-smt", "up to date", "region"],
                    ["eu-central-1.cork-fill-finish", "site", "eu-central-1", "cork-fill-finish", "-", "-"],
                    ["eu-central-1.stuttgart-body", "site", "eu-central-1", "stuttgart-body", "-", "-"],
                    ["us-east-2.austin-smt", "site", "us-east-2", "austin-smt", "-", "-"],
                ],
            );
            assert.deepEqual(json.stale, ["Pulumi.ap-south-1.yaml"]);
        } finally {
            rm(dir);
        }
    });
});

describe("cli e2e: fleet inventory", function () {
    this.timeout(300_000);
    it("table, csv and json agree; --site filters; unknown site is a usage error", () => {
        const json = fleet(["inventory", "--format", "json", "--dir", ROOT]);
        assert.equal(json.code, 0, json.stderr);
        const items = (JSON.parse(json.stdout) as { items: { kind: string; site: string; name: string; model: string }[] }).items;
        assert.equal(items.filter((i) => i.kind === "sensor").length, 358);
        const csv = fleet(["inventory", "--format", "csv", "--dir", ROOT]);
        assert.equal(csv.stdout.split("\r\n").length, items.length + 2);
        const austin = items.find((i) => i.site === "austin-smt" && i.kind === "gateway")!;
        assert.ok(csv.stdout.includes(`,"${austin.model}",`), "a model with a comma is quoted");
        const table = fleet(["inventory", "--site", "austin-smt", "--dir", ROOT]);
        assert.equal(table.code, 0, table.stderr);
        const counts = (k: string) => items.filter((i) => i.site === "austin-smt" && i.kind === k).length;
        assert.equal(
            table.stdout.split("\n")[0],
            `site austin-smt (us-east-2): ${counts("gateway")} gateways, ${counts("plc")} PLCs, ${counts("equipment")} equipment, ${counts("sensor")} sensors`,
        );
        assert.doesNotMatch(table.stdout, /stuttgart/);
        const bad = fleet(["inventory", "--site", "austin", "--dir", ROOT]);
        assert.equal(bad.code, 2);
        const fmt = fleet(["inventory", "--format", "xml", "--dir", ROOT]);
        assert.equal(fmt.code, 2);
    });
});

describe("cli e2e: fleet preview, up, destroy", function () {
    this.timeout(300_000);
    const nodeDir = path.dirname(process.execPath);
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-home-"));
    const bare = { PATH: nodeDir, HOME: home, CI: "true" };
    after(() => rm(home));

    it("without the Pulumi CLI, a backend or AWS credentials: says what to install or set, exit 1", () => {
        const r = fleet(["preview", "--dir", ROOT], { env: bare, replaceEnv: true });
        assertRefused(r, 1, [
            "fleet: cannot run fleet preview: 3 things missing",
            "  - the Pulumi CLI is not installed (no `pulumi` on PATH): install it: `curl -fsSL https://get.pulumi.com | sh` (or see https://www.pulumi.com/docs/install/), then put ~/.pulumi/bin on PATH",
            "  - no Pulumi state backend: set PULUMI_ACCESS_TOKEN for Pulumi Cloud, or run `pulumi login s3://<state-bucket>` for a self-managed backend, or set PULUMI_BACKEND_URL",
            "  - no AWS credentials: set AWS_PROFILE (after `aws configure` or `aws sso login`), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; with an instance or task role pass --no-credential-check",
            "Offline, `fleet plan` shows what the stacks would create without any of these.",
        ]);
        const up = fleet(["up", "--region", "us-east-2", "--dir", ROOT], { env: { ...bare, PULUMI_ACCESS_TOKEN: "x" }, replaceEnv: true });
        assert.equal(up.code, 1);
        assert.match(up.stderr, /^fleet: cannot run fleet up: 2 things missing$/m);
    });

    it("usage errors: up without --region/--all, both, unknown region, bad --parallel: exit 2", () => {
        assert.equal(
            fleet(["up", "--dir", ROOT], { env: bare, replaceEnv: true }).stderr.trim(),
            "fleet: fleet up needs --region <region>, --stack <name>, --stacks <a,b> or --all",
        );
        assert.equal(
            fleet(["up", "--stack", "global", "--all", "--dir", ROOT], { env: bare, replaceEnv: true }).stderr.trim(),
            "fleet: give one of --region, --stack, --stacks or --all",
        );
        const stack = fleet(["preview", "--stack", "us-east-2.austin-sm", "--dir", ROOT], { env: bare, replaceEnv: true });
        assert.equal(stack.code, 2);
        assert.match(stack.stderr, /^fleet: unknown stack "us-east-2\.austin-sm"; did you mean "us-east-2\.austin-smt"\?/);
        assert.equal(fleet(["up", "--all", "--region", "us-east-2", "--dir", ROOT], { env: bare, replaceEnv: true }).code, 2);
        const unknown = fleet(["preview", "--region", "us-east2", "--dir", ROOT], { env: bare, replaceEnv: true });
        assert.equal(unknown.code, 2);
        assert.equal(unknown.stderr.trim(), 'fleet: unknown region "us-east2"; did you mean "us-east-2"? regions of fleet.yaml: eu-central-1, us-east-2');
        assert.equal(fleet(["preview", "--all", "--parallel", "0", "--dir", ROOT], { env: bare, replaceEnv: true }).code, 2);
        assert.equal(
            fleet(["preview", "--all", "--per-account", "65", "--dir", ROOT], { env: bare, replaceEnv: true }).stderr.trim(),
            'fleet: --per-account must be a whole number from 1 to 64, not "65"',
        );
    });

    it("destroy refuses without --yes in CI, before anything else", () => {
        const r = fleet(["destroy", "--all", "--dir", ROOT], { env: bare, replaceEnv: true });
        assert.equal(r.code, 2);
        assert.equal(
            r.stderr.trim(),
            "fleet: refusing to destroy global, eu-central-1, us-east-2, eu-central-1.cork-fill-finish, eu-central-1.stuttgart-body, us-east-2.austin-smt without --yes in CI",
        );
    });

    it("with a Pulumi CLI that fails: global runs first, what depends on it is skipped, lines prefixed by stack, a summary, exit 1", () => {
        const dir = copyExampleFleet();
        const bin = path.join(home, "bin");
        fs.mkdirSync(bin, { recursive: true });
        // A stand-in `pulumi`: answers `version`, fails every other command like a CLI without a backend would.
        fs.writeFileSync(
            path.join(bin, "pulumi"),
            `#!${process.execPath}\nconst a = process.argv.slice(2);\nif (a[0] === "version") { console.log("v3.248.0"); process.exit(0); }\nconsole.error("error: fake pulumi cannot reach a backend (" + a.filter((x) => !x.startsWith("-")).slice(0, 2).join(" ") + ")");\nprocess.exit(255);\n`,
            { mode: 0o755 },
        );
        try {
            const r = fleet(["preview", "--all", "--parallel", "2", "--dir", dir], {
                env: { ...bare, PATH: `${bin}${path.delimiter}${nodeDir}`, PULUMI_ACCESS_TOKEN: "x", AWS_PROFILE: "ops" },
                replaceEnv: true,
            });
            assert.equal(r.code, 1, r.stderr);
            assert.match(r.stdout, /^\[global\] .*fake pulumi cannot reach a backend/m);
            assert.doesNotMatch(r.stdout, /^\[eu-central-1\]/m, "a platform waits for global");
            const summary = r.stdout.slice(r.stdout.indexOf("summary of preview:"));
            assert.equal(
                summary,
                [
                    "summary of preview: 6 stacks: 0 ok, 0 done before (resumed), 1 failed, 5 skipped",
                    summary.split("\n")[1],
                    "  eu-central-1  SKIPPED  global did not succeed",
                    "  us-east-2  SKIPPED  global did not succeed",
                    "  eu-central-1.cork-fill-finish  SKIPPED  eu-central-1 did not succeed",
                    "  eu-central-1.stuttgart-body  SKIPPED  eu-central-1 did not succeed",
                    "  us-east-2.austin-smt  SKIPPED  us-east-2 did not succeed",
                    "",
                ].join("\n"),
            );
            assert.match(summary.split("\n")[1], /^ {2}global {2}FAILED {2}.*fake pulumi cannot reach a backend/);
            assert.match(r.stderr, /^fleet: preview did not finish 6 of 6 stacks; fix the failures and run it again with --resume/m);
            assert.ok(fs.existsSync(path.join(dir, "Pulumi.eu-central-1.yaml")), "stack files are written before the run");
        } finally {
            rm(dir);
        }
    });
});

describe("cli e2e: fleet --help", function () {
    this.timeout(120_000);
    it("lists the commands without loading Pulumi", () => {
        const r = fleet(["--help"]);
        assert.equal(r.code, 0);
        for (const c of ["plan", "diff", "graph", "stacks", "preview", "up", "destroy", "inventory"]) assert.match(r.stdout, new RegExp(`^  ${c} `, "m"));
        const probe = require("node:child_process").spawnSync(
            process.execPath,
            [
                "-e",
                `require(${JSON.stringify(path.join(ROOT, "dist", "cli", "index.js"))}).buildProgram(); console.log(Object.keys(require.cache).filter((k) => /@pulumi|node_modules.yaml|node_modules.ajv/.test(k)).length)`,
            ],
            { encoding: "utf8" },
        );
        assert.equal(probe.stdout.trim(), "0", probe.stderr);
    });
});

describe("cli: progress on a terminal", function () {
    this.timeout(300_000);
    it("shows which region is being planned on stderr when someone watches a terminal", async () => {
        const { main } = require("../../cli/index") as typeof import("../../cli/index");
        const out: string[] = [];
        const err: string[] = [];
        const code = await main(["node", "fleet", "plan", "--site", "austin-smt", "--dir", ROOT], {
            out: (t) => out.push(t),
            err: (t) => err.push(t),
            isTTY: true,
        });
        assert.equal(code, 0, err.join(""));
        assert.ok(err.includes("… planning us-east-2 (1/1)"), err.join("\n"));
        assert.match(out.join(""), /^region us-east-2: \d+ resources \(1 site\)/);
    });
});
