/** Pure views: plan summary, inventory, stack files, deploy orchestration and preflight. */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { formatSummary, LinePrefixer, runRegions } from "../../src/deploy/orchestrate";
import { preflight, type PreflightEnv } from "../../src/deploy/preflight";
import { COLUMNS, csvField, inventoryRows, toCsv } from "../../src/inventory/inventory";
import { csvCell, csvRows } from "../../src/util/csv";
import type { Plan, PlannedResource } from "../../src/plan/plan";
import { displayType, flattenInputs, formatPlanSummary, summarizePlans, toJsonPlan } from "../../src/planview/summary";
import { layoutOf, mergeStackConfig } from "../../src/stacks/stack-config";
import { plannedResource } from "../helpers/planned";
import { exampleFleet } from "../helpers/fleets";

function r(type: string, name: string, site?: string, custom = true, inputs: Record<string, unknown> = {}): PlannedResource {
    return plannedResource(type, name, { region: "r1", site, custom, inputs });
}

describe("plan summary", () => {
    const plan: Plan = {
        region: "r1",
        resources: [
            r("pulumi:providers:aws", "aws"),
            r("fleet:region:RegionalPlatform", "platform", undefined, false),
            r("aws:s3/bucket:Bucket", "lake", undefined, true, { bucket: "b", tags: { a: "1" } }),
            r("aws:s3/bucket:Bucket", "logs"),
            r("fleet:site:Site", "s-a", "s-a", false),
            r("fleet:site:Site", "s-b", "s-b", false),
            r("aws:iot/thing:Thing", "s-a-gw", "s-a"),
        ],
    };

    it("counts cloud resources per region, site and type; components and providers apart", () => {
        assert.deepEqual(summarizePlans([plan]), {
            regions: [
                {
                    region: "r1",
                    scopes: [
                        { site: undefined, types: [{ type: "aws:s3/bucket:Bucket", count: 2 }], total: 2 },
                        { site: "s-a", types: [{ type: "aws:iot/thing:Thing", count: 1 }], total: 1 },
                        { site: "s-b", types: [], total: 0 },
                    ],
                    total: 3,
                    components: 3,
                    providers: 1,
                },
            ],
            total: 3,
            sites: 2,
        });
        assert.equal(displayType("aws:ec2transitgateway/transitGateway:TransitGateway"), "aws:ec2transitgateway:TransitGateway");
        assert.equal(displayType("aws-native:greengrassv2:Deployment"), "aws-native:greengrassv2:Deployment");
    });

    it("prints the table, and inputs with --detail", () => {
        const text = formatPlanSummary([plan], { detail: true });
        const pad = (label: string, n: number, indent: string) => `${indent}${label.padEnd(40 - indent.length)} ${String(n).padStart(5)}`;
        assert.equal(
            text,
            [
                "region r1: 3 resources (2 sites)",
                pad("regional platform", 2, "  "),
                pad("aws:s3:Bucket", 2, "    "),
                "      lake",
                '        bucket = "b"',
                '        tags.a = "1"',
                "      logs",
                pad("site s-a", 1, "  "),
                pad("aws:iot:Thing", 1, "    "),
                "      s-a-gw",
                pad("site s-b", 0, "  "),
                "  (3 components, 1 provider not counted)",
                "",
                "total: 3 resources in 1 region, 2 sites",
            ].join("\n"),
        );
        assert.deepEqual(flattenInputs({ a: [1, { b: [] }], c: {} }), [
            ["a[0]", 1],
            ["a[1].b", []],
            ["c", {}],
        ]);
    });

    it("the JSON plan has exactly urn, type, name, inputs, region, stack, site (null outside sites) and the resource options", () => {
        const json = toJsonPlan([plan]);
        assert.deepEqual(
            json.resources.map((x) => x.name),
            ["s-a-gw", "lake", "logs", "platform", "s-a", "s-b", "aws"],
            "sorted by URN",
        );
        assert.deepEqual(json.resources[1], {
            urn: "urn:pulumi:r1::fleet::aws:s3/bucket:Bucket::lake",
            type: "aws:s3/bucket:Bucket",
            name: "lake",
            inputs: { bucket: "b", tags: { a: "1" } },
            region: "r1",
            stack: "r1",
            site: null,
            options: { parent: null, dependsOn: [], protect: false, retainOnDelete: false, deleteBeforeReplace: false, aliases: [], provider: null },
        });
        assert.equal(json.resources[0].site, "s-a");
        assert.equal(
            toJsonPlan([{ ...plan, resources: [{ ...plan.resources[0], stack: "r1.s-a" }] }]).resources[0].stack,
            "r1.s-a",
            "the stack the plan named",
        );
        const withOptions: PlannedResource = {
            ...r("aws:s3/bucket:Bucket", "data"),
            parent: "urn:pulumi:r1::fleet::fleet:region:Storage::store",
            dependsOn: ["urn:b", "urn:a"],
            protect: true,
            retainOnDelete: true,
            deleteBeforeReplace: true,
            aliases: ["urn:pulumi:r1::fleet::aws:s3/bucket:Bucket::old"],
            provider: "urn:pulumi:r1::fleet::pulumi:providers:aws::eu::prov-id",
        };
        assert.deepEqual(toJsonPlan([{ region: "r1", resources: [withOptions] }]).resources[0].options, {
            parent: "urn:pulumi:r1::fleet::fleet:region:Storage::store",
            dependsOn: ["urn:a", "urn:b"],
            protect: true,
            retainOnDelete: true,
            deleteBeforeReplace: true,
            aliases: ["urn:pulumi:r1::fleet::aws:s3/bucket:Bucket::old"],
            provider: "urn:pulumi:r1::fleet::pulumi:providers:aws::eu::prov-id",
        });
    });
});

describe("inventory", () => {
    it("quotes CSV fields with commas, quotes and line breaks (RFC 4180)", () => {
        assert.equal(csvField("plain"), "plain");
        assert.equal(csvField("Advantech MIC-711 (Jetson Orin NX), aarch64"), '"Advantech MIC-711 (Jetson Orin NX), aarch64"');
        assert.equal(csvField('12" panel'), '"12"" panel"');
        assert.equal(csvField("a\nb"), '"a\nb"');
    });

    it("never writes a cell a spreadsheet would run as a formula (=, +, -, @, tab, CR): quote-prefixed and quoted (OWASP CSV injection)", () => {
        const formulas: [cell: string, written: string][] = [
            ['=HYPERLINK("http://x","y")', '"\'=HYPERLINK(""http://x"",""y"")"'],
            ["+1+cmd|' /C calc'!A0", "\"'+1+cmd|' /C calc'!A0\""],
            ["-2+3", '"\'-2+3"'],
            ["@SUM(A1)", '"\'@SUM(A1)"'],
            ["\t=1", '"\'\t=1"'],
            ["\r=1", '"\'\r=1"'],
        ];
        for (const [cell, written] of formulas) assert.equal(csvField(cell), written, JSON.stringify(cell));
        assert.equal(csvField("a=1"), "a=1", "only the first character counts");
        assert.equal(csvCell(-5), "-5", "a number from the model stays a number");
        assert.equal(csvCell(undefined), "");
        assert.equal(
            csvRows([
                ["x", "=1"],
                [2, "y,z"],
            ]),
            'x,"\'=1"\r\n2,"y,z"\r\n',
        );
        const model = exampleFleet();
        const row = { ...inventoryRows(model).find((r) => r.kind === "gateway")!, model: "=cmd|' /C calc'!A0" };
        const csv = toCsv([row]);
        assert.equal(csv.split("\r\n")[1].split(",")[COLUMNS.indexOf("model")], "\"'=cmd|' /C calc'!A0\"");
        assert.doesNotMatch(csv, /,=cmd/);
    });

    it("lists every gateway, PLC, machine and sensor of the example fleet", () => {
        const model = exampleFleet();
        const rows = inventoryRows(model);
        const count = (kind: string) => rows.filter((x) => x.kind === kind).length;
        const sum = (f: (s: (typeof model.sites)[number]) => number) => model.sites.reduce((n, s) => n + f(s), 0);
        assert.equal(
            count("gateway"),
            sum((s) => s.gateways.length),
        );
        assert.equal(
            count("plc"),
            sum((s) => s.plcs.length),
        );
        assert.equal(
            count("equipment"),
            sum((s) => s.equipment.length),
        );
        assert.equal(count("sensor"), 358);
        const csv = toCsv(rows);
        assert.equal(csv.split("\r\n").length, rows.length + 2);
        assert.ok(
            csv.startsWith(
                "site,region,kind,name,segment,address,protocol,thingName,serial,model,criticality,plc,gateway,equipment,measures,unit,sampleRateHz,transmit\r\n",
            ),
        );
    });
});

describe("stack files", () => {
    it("creates a new file with the two keys and the stack layout (a new region stack holds the platform only)", () => {
        const m = mergeStackConfig(undefined, "eu-central-1");
        assert.equal(m.changed, true);
        assert.match(m.text, /^config:\n {2}aws:region: eu-central-1\n {2}fleet:region: eu-central-1\n {2}fleet:layout: stacks\n$/m);
        assert.equal(layoutOf(m.text), "stacks");
        assert.equal(layoutOf("config:\n  aws:region: eu-central-1\n"), "region", "an existing file without the key: its stack holds its sites");
        assert.equal(layoutOf(undefined), "stacks");
    });

    it("merges into an existing file, keeping comments and unrelated keys, and is idempotent", () => {
        const existing =
            "# ops: do not edit the salt\nencryptionsalt: v1:abc\nconfig:\n  # the state bucket\n  fleet:sites: [a]   # only a\n  aws:region: us-east-1\n";
        const m = mergeStackConfig(existing, "eu-central-1");
        assert.equal(m.changed, true);
        assert.equal(
            m.text,
            "# ops: do not edit the salt\nencryptionsalt: v1:abc\nconfig:\n  # the state bucket\n  fleet:sites: [ a ] # only a\n  aws:region: eu-central-1\n  fleet:region: eu-central-1\n",
        );
        assert.deepEqual(mergeStackConfig(m.text, "eu-central-1"), { text: m.text, changed: false });
    });

    it("refuses a file that is not YAML or not a map, naming it", () => {
        assert.throws(() => mergeStackConfig("config: [\n", "r1"), /^FleetError: Pulumi\.r1\.yaml:\d+:\d+: not valid YAML/);
        assert.throws(() => mergeStackConfig("- a\n", "r1"), {
            message: "Pulumi.r1.yaml: expected a map with a config: section, found a list; fix or remove the file",
        });
        assert.throws(() => mergeStackConfig("config: 3\n", "r1"), {
            message: "Pulumi.r1.yaml: config: must be a map of keys to values; fix or remove the file",
        });
    });
});

describe("deploy orchestration", () => {
    it("runs at most N regions at once, prefixes every line, keeps region order in results", async () => {
        let running = 0;
        let peak = 0;
        const lines: string[] = [];
        const results = await runRegions(
            ["r1", "r2", "r3", "r4", "r5"],
            2,
            async (region, log) => {
                running++;
                peak = Math.max(peak, running);
                log(`start ${region}\npart`);
                await new Promise((res) => setImmediate(res));
                log("ial\n");
                running--;
                if (region === "r3") throw new Error("code: 255\n stderr: error: no credentials for r3\n");
                return { changes: { create: 2, same: 1 } };
            },
            (l) => lines.push(l),
        );
        assert.equal(peak, 2);
        assert.deepEqual(
            results.map((x) => [x.region, x.ok, x.error ?? null]),
            [
                ["r1", true, null],
                ["r2", true, null],
                ["r3", false, "error: no credentials for r3"],
                ["r4", true, null],
                ["r5", true, null],
            ],
        );
        for (const region of ["r1", "r2", "r4", "r5"])
            assert.deepEqual(
                lines.filter((l) => l.startsWith(`[${region}] `)),
                [`[${region}] start ${region}`, `[${region}] partial`],
            );
        assert.ok(lines.includes("[r3] stderr: error: no credentials for r3"));
        assert.equal(
            formatSummary("preview", results),
            [
                "summary of preview:",
                "  r1  ok      create 2, same 1",
                "  r2  ok      create 2, same 1",
                "  r3  FAILED  error: no credentials for r3",
                "  r4  ok      create 2, same 1",
                "  r5  ok      create 2, same 1",
                "5 regions: 4 ok, 1 failed",
            ].join("\n"),
        );
    });

    it("LinePrefixer joins chunks into lines and flushes the rest", () => {
        const out: string[] = [];
        const p = new LinePrefixer("[x] ", (l) => out.push(l));
        p.push("a\r\nb");
        p.push("c\n\nd");
        p.flush();
        assert.deepEqual(out, ["[x] a", "[x] bc", "[x] ", "[x] d"]);
    });
});

describe("deploy preflight", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-preflight-"));
    const home = path.join(tmp, "home");
    const bin = path.join(tmp, "bin");
    fs.mkdirSync(home, { recursive: true });
    fs.mkdirSync(bin, { recursive: true });
    const env = (vars: Record<string, string>): PreflightEnv => ({ env: vars, home, platform: "linux", projectDir: tmp });
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("reports every missing piece at once", () => {
        assert.deepEqual(
            preflight(env({ PATH: bin }), { checkAws: true }).map((p) => p.what),
            ["the Pulumi CLI is not installed (no `pulumi` on PATH)", "no Pulumi state backend", "no AWS credentials"],
        );
        assert.deepEqual(
            preflight(env({ PATH: bin }), { checkAws: false }).map((p) => p.what),
            ["the Pulumi CLI is not installed (no `pulumi` on PATH)", "no Pulumi state backend"],
        );
    });

    it("accepts an executable pulumi on PATH, a token or a login, and AWS credentials from env or files", () => {
        fs.writeFileSync(path.join(bin, "pulumi"), "#!/bin/sh\n", { mode: 0o755 });
        assert.deepEqual(preflight(env({ PATH: bin, PULUMI_ACCESS_TOKEN: "pul-x", AWS_PROFILE: "ops" }), { checkAws: true }), []);
        assert.deepEqual(
            preflight(env({ PATH: bin, PULUMI_BACKEND_URL: "s3://b", AWS_ACCESS_KEY_ID: "a", AWS_SECRET_ACCESS_KEY: "b" }), { checkAws: true }),
            [],
        );
        fs.mkdirSync(path.join(home, ".pulumi"), { recursive: true });
        fs.writeFileSync(path.join(home, ".pulumi", "credentials.json"), JSON.stringify({ current: "s3://state" }));
        fs.mkdirSync(path.join(home, ".aws"), { recursive: true });
        fs.writeFileSync(path.join(home, ".aws", "credentials"), "[default]\n");
        assert.deepEqual(preflight(env({ PATH: bin }), { checkAws: true }), []);
        fs.chmodSync(path.join(bin, "pulumi"), 0o644);
        assert.deepEqual(
            preflight(env({ PATH: bin }), { checkAws: true }).map((p) => p.what),
            ["the Pulumi CLI is not installed (no `pulumi` on PATH)"],
        );
    });
});
