/**
 * One measurement in a fresh process, for the benchmark suite (test/bench/run.ts). Prints one
 * JSON line on stdout: the timed work in milliseconds (hrtime around the work only; modules
 * are required before the clock starts unless the mode says otherwise), the process's peak
 * resident memory (process.resourceUsage().maxRSS, KiB), and what the mode counted.
 *
 *   parse DIR                         YAML library alone: read fleet.yaml and sites/*.yaml, yaml.parse each
 *   validate DIR                      loadFleet(DIR); fails when the fleet has errors
 *   plan DIR REGION [SITE] [--dump F] [--preload F]
 *                                     planRegion for one region (or one site of it); --dump writes
 *                                     the resources (type, name, parent, inputs) for `bare`;
 *                                     --preload loads the SDK modules of a dump before the clock
 *   bare FILE                         a bare Pulumi mock program registering the resources of FILE
 *                                     as plain CustomResource / ComponentResource / ProviderResource
 *   bare-sdk FILE                     the same with the SDK's classes (aws.ec2.Vpc...) for each type
 *   ... --quiet-runtime               (bare, bare-sdk) the runtime settings planRegion uses: no stack
 *                                     traces for promises and source positions, no promise leak
 *                                     tracking (withoutDebuggingAids in src/plan/plan.ts)
 *   ... --no-cache                    FLEET_NO_CACHE=1: no disk cache (Lambda bundles are built by esbuild)
 *   economics DIR...                  planRegion of each one-site fleet; resource counts
 *
 * Not a test: mocha never loads this file (it is not named *.test.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";

const now = () => process.hrtime.bigint();
const ms = (from: bigint) => Number(now() - from) / 1e6;
const rssKiB = () => process.resourceUsage().maxRSS;
/** CPU time (user + system) of this process so far, ms: steadier than wall time on a busy machine. */
const cpuNow = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
};
let cpuStart = 0;
/** Start the clocks of the timed work. */
function start(): bigint {
    cpuStart = cpuNow();
    return now();
}

function emit(result: Record<string, unknown>): void {
    process.stdout.write(`${JSON.stringify({ cpuMs: cpuNow() - cpuStart, ...result, maxRssKiB: rssKiB() })}\n`);
}

/** The files `fleet validate` reads, in its order. */
function fleetFiles(dir: string): string[] {
    const sites = fs
        .readdirSync(path.join(dir, "sites"))
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
        .map((f) => path.join(dir, "sites", f));
    return [path.join(dir, "fleet.yaml"), ...sites];
}

function parseOnly(dir: string): void {
    const yaml = require("yaml") as typeof import("yaml");
    const t = start();
    let docs = 0;
    for (const file of fleetFiles(dir)) {
        const data = yaml.parse(fs.readFileSync(file, "utf8"));
        if (data && typeof data === "object") docs++;
    }
    emit({ ms: ms(t), files: docs });
}

function loadOrDie(dir: string) {
    const { loadFleet } = require("../../src/model/load") as typeof import("../../src/model/load");
    const result = loadFleet(dir);
    if (!result.model) {
        process.stderr.write(`${dir}: ${result.errors} errors, first: ${JSON.stringify(result.diagnostics[0])}\n`);
        process.exit(3);
    }
    return result.model;
}

function validate(dir: string): void {
    const { loadFleet } = require("../../src/model/load") as typeof import("../../src/model/load");
    const t = start();
    const result = loadFleet(dir);
    const elapsed = ms(t);
    const cpuMs = cpuNow() - cpuStart;
    if (result.errors > 0) {
        process.stderr.write(`${dir}: ${result.errors} errors, first: ${JSON.stringify(result.diagnostics[0])}\n`);
        process.exit(3);
    }
    emit({ ms: elapsed, sites: result.model!.sites.length, warnings: result.warnings, cpuMs });
}

interface DumpedResource {
    urn: string;
    type: string;
    name: string;
    parent?: string;
    custom: boolean;
    inputs: Record<string, unknown>;
}

/**
 * Load the provider SDK modules a plan will touch (`@pulumi/aws` loads `aws.iot`, `aws.ec2`...
 * on first use), from the resource types of an earlier plan: with `--preload`, the timed plan
 * is the program's own work, as the bare program's is its own.
 */
function preloadSdk(dumpFile: string): void {
    const rows = JSON.parse(fs.readFileSync(dumpFile, "utf8")) as DumpedResource[];
    const sdks: Record<string, Record<string, Record<string, unknown>>> = { aws: require("@pulumi/aws"), "aws-native": require("@pulumi/aws-native") };
    for (const type of new Set(rows.map((r) => r.type))) {
        const [pkg, mod, cls] = type.split(":");
        const name = (mod ?? "").split("/")[0];
        // The module, then the class (each class file loads on first use), as `bare-sdk` does.
        if (sdks[pkg] && name && name !== "index" && cls) void sdks[pkg][name]?.[cls];
    }
}

async function plan(dir: string, region: string, site: string | undefined, dump: string | undefined, preload: string | undefined): Promise<void> {
    const tLoad = now();
    const model = loadOrDie(dir);
    const loadMs = ms(tLoad);
    const tModules = now();
    const { planRegion } = require("../../src/plan/plan") as typeof import("../../src/plan/plan");
    require("../../src/program/build");
    if (preload) preloadSdk(preload);
    const modulesMs = ms(tModules);
    const t = start();
    const result = await planRegion(model, region, site ? { sites: [site] } : {});
    const elapsed = ms(t);
    const cpuMs = cpuNow() - cpuStart;
    if (dump) {
        const rows: DumpedResource[] = result.resources.map((r) => ({
            urn: r.urn,
            type: r.type,
            name: r.name,
            parent: r.parent,
            custom: r.custom,
            inputs: r.inputs,
        }));
        fs.writeFileSync(dump, JSON.stringify(rows));
    }
    const siteResources = site ? result.resources.filter((r) => r.site === site).length : undefined;
    emit({
        ms: elapsed,
        cpuMs,
        resources: result.resources.length,
        siteResources,
        loadMs,
        modulesMs,
        sites: model.sites.filter((s) => s.region === region).length,
    });
}

/**
 * The baseline of `fleet plan`: the same resources, with the same types, names, parents and
 * inputs, registered by a program that does nothing else, under the same kind of mocks.
 */
async function bare(file: string, withSdk: boolean, quietRuntime: boolean): Promise<void> {
    const rows = JSON.parse(fs.readFileSync(file, "utf8")) as DumpedResource[];
    const pulumi = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
    // With the SDK: the classes of @pulumi/aws and @pulumi/aws-native for each type, found by
    // their __pulumiType, loaded before the clock starts.
    type SdkClass = new (name: string, args: Record<string, unknown>, opts: object) => import("@pulumi/pulumi").Resource;
    const sdkClass = new Map<string, SdkClass>();
    if (withSdk) {
        const sdks: Record<string, Record<string, Record<string, unknown>>> = { aws: require("@pulumi/aws"), "aws-native": require("@pulumi/aws-native") };
        for (const type of new Set(rows.map((r) => r.type))) {
            const [pkg, mod, cls] = type.split(":");
            const module = sdks[pkg]?.[(mod ?? "").split("/")[0]];
            const candidate = module?.[cls] as (SdkClass & { __pulumiType?: string }) | undefined;
            if (candidate && candidate.__pulumiType === type) sdkClass.set(type, candidate);
        }
    }
    const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };
    // The settings planRegion runs with, by the same code, never restored in this short process.
    if (quietRuntime) (require("../../src/plan/plan") as typeof import("../../src/plan/plan")).withoutDebuggingAids();
    const t = start();
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => ({ id: `${args.name}-id`, state: { ...args.inputs } }),
            call: (args) => ({ ...args.inputs }),
        },
        "fleet",
        "bench",
        false,
    );
    type Resource = import("@pulumi/pulumi").Resource;
    type Opts = import("@pulumi/pulumi").CustomResourceOptions;
    class BareCustom extends pulumi.CustomResource {
        constructor(type: string, name: string, inputs: Record<string, unknown>, opts: Opts) {
            super(type, name, inputs, opts);
        }
    }
    class BareProvider extends pulumi.ProviderResource {
        constructor(pkg: string, name: string, inputs: Record<string, unknown>, opts: Opts) {
            super(pkg, name, inputs, opts);
        }
    }
    class BareComponent extends pulumi.ComponentResource {
        constructor(type: string, name: string, opts: Opts) {
            super(type, name, {}, opts);
            this.registerOutputs({});
        }
    }
    const byUrn = new Map<string, Resource>();
    let registered = 0;
    let viaSdk = 0;
    for (const r of rows) {
        if (r.type === "pulumi:pulumi:Stack") continue;
        const opts = { parent: r.parent ? byUrn.get(r.parent) : undefined };
        const Sdk = sdkClass.get(r.type);
        let res: Resource | undefined;
        if (Sdk) {
            try {
                res = new Sdk(r.name, r.inputs, opts);
                viaSdk++;
            } catch {
                // A required input the plan recorded as unknown: register it plainly.
            }
        }
        res ??= r.type.startsWith("pulumi:providers:")
            ? new BareProvider(r.type.slice("pulumi:providers:".length), r.name, r.inputs, opts)
            : r.custom
              ? new BareCustom(r.type, r.name, r.inputs, opts)
              : new BareComponent(r.type, r.name, opts);
        byUrn.set(r.urn, res);
        registered++;
    }
    await settings.waitForRPCs();
    emit({ ms: ms(t), resources: registered, sdkClasses: sdkClass.size, viaSdk });
}

/** Resource counts of one-site fleets: the site's resources and the region's. */
async function economics(dirs: string[]): Promise<void> {
    const { planRegion } = require("../../src/plan/plan") as typeof import("../../src/plan/plan");
    const rows: Record<string, unknown>[] = [];
    const t = start();
    for (const dir of dirs) {
        const model = loadOrDie(dir);
        const site = model.sites[0];
        const result = await planRegion(model, site.region);
        rows.push({
            dir,
            mode: site.provisioning.mode,
            gateways: site.gateways.length,
            sensors: site.sensors.length,
            equipment: site.equipment.length,
            siteResources: result.resources.filter((r) => r.site === site.name).length,
            regionResources: result.resources.length,
            byType: countBy(result.resources.filter((r) => r.site === site.name).map((r) => r.type)),
        });
    }
    emit({ ms: ms(t), rows });
}

function countBy(items: string[]): Record<string, number> {
    const out: Record<string, number> = {};
    for (const i of items) out[i] = (out[i] ?? 0) + 1;
    return out;
}

async function childMain(argv: string[]): Promise<void> {
    const [mode, ...rest] = argv;
    const has = (name: string) => {
        const i = rest.indexOf(name);
        if (i >= 0) rest.splice(i, 1);
        return i >= 0;
    };
    if (has("--no-cache")) process.env.FLEET_NO_CACHE = "1";
    const quietRuntime = has("--quiet-runtime");
    const flag = (name: string) => {
        const i = rest.indexOf(name);
        if (i < 0) return undefined;
        const v = rest[i + 1];
        rest.splice(i, 2);
        return v;
    };
    switch (mode) {
        case "parse":
            return parseOnly(rest[0]);
        case "validate":
            return validate(rest[0]);
        case "plan": {
            const dump = flag("--dump");
            const preload = flag("--preload");
            return plan(rest[0], rest[1], rest[2], dump, preload);
        }
        case "bare":
            return bare(rest[0], false, quietRuntime);
        case "bare-sdk":
            return bare(rest[0], true, quietRuntime);
        case "economics":
            return economics(rest);
        default:
            process.stderr.write(`unknown mode ${mode}\n`);
            process.exit(2);
    }
}

childMain(process.argv.slice(2)).catch((e) => {
    process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
    process.exit(1);
});
