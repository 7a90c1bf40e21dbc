/**
 * Property (issue #19, "validate = plannable"): a fleet that `fleet validate` accepts always plans.
 *
 * Each case is a fleet directory: a generated fleet (src/generate: 1-4 regions, 1-6 sites, VPN /
 * Direct Connect / internet uplinks, fleet-claim / CSR / AWS-made identities) or generated sites
 * plus `fleet init site` starters, then 0-4 mutations of its YAML files (keys dropped, duplicated
 * and renamed, ranges made to overlap, levels, protocols and conduit ends changed, claim CSRs
 * removed, suppressions added...). For each case: if `fleet validate` exits 0, `fleet plan
 * --all-stacks` (every platform and site stack, offline under the mock runtime) must exit 0 too;
 * validate itself must never crash (exit 70). A failing case prints its files and both outputs.
 *
 * Runs: FLEET_PROP_RUNS (default sized for <= 90 s on the 2-core CI machine); seed: FLEET_PROP_SEED
 * (default: the clock), printed so a failure can be replayed.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { parse, stringify } from "yaml";
import { main } from "../../cli/index";
import { writeFleet } from "../../src/generate";

const RUNS = Number(process.env.FLEET_PROP_RUNS ?? 20);
const SEED = Number(process.env.FLEET_PROP_SEED ?? Date.now() % 2 ** 31);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

export interface FleetCase {
    seed: number;
    regions: number;
    sites: number;
    gateways: number;
    equipment: number;
    provisioning: "mixed" | "fleet-claim" | "csr" | "aws-generated";
    /** `fleet init site` starters added in the first region. */
    starters: number;
    mutations: Mutation[];
}

export const MUTATION_KINDS = [
    "drop-key",
    "duplicate-item",
    "rename-key",
    "segment-overlap",
    "cloud-overlap",
    "dmz-overlap",
    "cloud-is-segment",
    "level",
    "protocol",
    "conduit-end",
    "remove-csrs",
    "provisioning",
    "uplink",
    "region",
    "rename-site",
    "reference",
    "number",
    "suppression",
    "drop-site",
    "ports",
    "address",
    "cidr-size",
    "region-settings",
] as const;
export type MutationKind = (typeof MUTATION_KINDS)[number];
export interface Mutation {
    kind: MutationKind;
    /** Indices interpreted modulo whatever the mutation picks from (site, item, key...). */
    a: number;
    b: number;
    c: number;
}

const LEVELS = [0, 1, 2, 3, 3.5, 4, 5, 6, 2.5];
const PROTOCOLS = ["opcua", "s7", "modbus-tcp", "ethernet-ip", "mqtts", "https", "ssh", "mqtt", "http", "rdp", "dnp3"];
const UPLINKS = ["vpn", "direct-connect", "internet", "satellite"];
const MODES = ["fleet-claim", "csr", "aws-generated", "manual"];
const LISTS = ["segments", "conduits", "gateways", "plcs", "equipment", "sensors"];
const RULES = ["ot-cleartext-protocol-contained", "ot-conduit-justified", "not-a-rule"];

const mutationArb: fc.Arbitrary<Mutation> = fc.record({
    kind: fc.constantFrom(...MUTATION_KINDS),
    a: fc.nat(1000),
    b: fc.nat(1000),
    c: fc.nat(1000),
});

export const fleetCaseArb: fc.Arbitrary<FleetCase> = fc.record({
    seed: fc.integer({ min: 1, max: 10_000 }),
    regions: fc.integer({ min: 1, max: 4 }),
    sites: fc.integer({ min: 1, max: 6 }),
    gateways: fc.integer({ min: 1, max: 3 }),
    equipment: fc.integer({ min: 1, max: 4 }),
    provisioning: fc.constantFrom("mixed", "fleet-claim", "csr", "aws-generated"),
    starters: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 2 }) }),
    mutations: fc.oneof(
        { weight: 1, arbitrary: fc.constant([] as Mutation[]) },
        { weight: 4, arbitrary: fc.array(mutationArb, { minLength: 1, maxLength: 4 }) },
    ),
});

interface FleetFiles {
    fleet: Obj;
    sites: { file: string; data: Obj }[];
}

const pick = <T>(xs: readonly T[], i: number): T | undefined => (xs.length === 0 ? undefined : xs[i % xs.length]);
const isObj = (v: Json | undefined): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const specOf = (s: Obj): Obj => (isObj(s.spec) ? s.spec : (s.spec = {}));
const listOf = (s: Obj, key: string): Json[] => {
    const v = specOf(s)[key];
    return Array.isArray(v) ? v : [];
};
const objects = (xs: Json[]): Obj[] => xs.filter(isObj);

/** Every object holding a key, with the key, in document order (for drop/rename). */
function keyed(root: Json, out: { holder: Obj; key: string }[] = []): { holder: Obj; key: string }[] {
    if (Array.isArray(root)) for (const x of root) keyed(x, out);
    else if (isObj(root))
        for (const k of Object.keys(root)) {
            out.push({ holder: root, key: k });
            keyed(root[k], out);
        }
    return out;
}

function arrays(root: Json, out: Json[][] = []): Json[][] {
    if (Array.isArray(root)) {
        if (root.length > 0) out.push(root);
        for (const x of root) arrays(x, out);
    } else if (isObj(root)) for (const v of Object.values(root)) arrays(v, out);
    return out;
}

function numbers(root: Json, out: { holder: Obj | Json[]; key: string | number }[] = []): typeof out {
    if (Array.isArray(root)) root.forEach((x, i) => (typeof x === "number" ? out.push({ holder: root, key: i }) : numbers(x, out)));
    else if (isObj(root))
        for (const [k, v] of Object.entries(root)) {
            if (typeof v === "number") out.push({ holder: root, key: k });
            else numbers(v, out);
        }
    return out;
}

const segmentsOf = (s: Obj) => objects(listOf(s, "segments"));
const dmzOf = (s: Obj) => segmentsOf(s).find((g) => g.purdueLevel === 3.5);

/** Apply one mutation to the parsed files; returns a one-line description (printed with a failing case). */
function mutate(files: FleetFiles, m: Mutation, dir: string): string {
    const site = pick(files.sites, m.a);
    const other = pick(files.sites, m.b);
    if (!site) return "no site";
    const name = String((site.data.metadata as Obj | undefined)?.name ?? site.file);
    switch (m.kind) {
        case "drop-key":
        case "rename-key": {
            const root: Json = m.c % 5 === 0 ? files.fleet : site.data;
            const keys = keyed(root);
            const k = pick(keys, m.b);
            if (!k) return "no key";
            const value = k.holder[k.key];
            delete k.holder[k.key];
            if (m.kind === "rename-key") k.holder[`${k.key}${m.c % 2 ? "s" : "_"}`] = value;
            return `${m.kind} ${k.key} in ${root === files.fleet ? "fleet.yaml" : site.file}`;
        }
        case "duplicate-item": {
            const list = m.c % 3 === 0 ? arrays(site.data) : LISTS.map((l) => listOf(site.data, l)).filter((l) => l.length > 0);
            const l = pick(list, m.b);
            if (!l) return "no list";
            l.push(JSON.parse(JSON.stringify(l[m.c % l.length])) as Json);
            return `duplicate-item in ${site.file}`;
        }
        case "segment-overlap": {
            const segs = segmentsOf(site.data);
            const x = pick(segs, m.b);
            const y = pick(segs, m.c);
            if (!x || !y) return "no segment";
            x.cidr = m.a % 2 ? y.cidr : String(y.cidr).replace(/\/\d+$/, "/28");
            return `segment ${String(x.name)} of ${name} takes ${String(x.cidr)} (from ${String(y.name)})`;
        }
        case "cloud-overlap": {
            const theirs = isObj(specOf(other!.data).cloudNetwork) ? ((specOf(other!.data).cloudNetwork as Obj).cidr as Json) : "10.64.0.0/24";
            specOf(site.data).cloudNetwork = { cidr: m.c % 2 ? theirs : String(theirs).replace(/\/\d+$/, "/16") };
            return `cloudNetwork of ${name} overlaps ${other!.file}`;
        }
        case "dmz-overlap": {
            const mine = dmzOf(site.data);
            const theirs = dmzOf(other!.data);
            if (!mine || !theirs) return "no dmz";
            mine.cidr = theirs.cidr;
            return `DMZ of ${name} = DMZ of ${other!.file}`;
        }
        case "cloud-is-segment": {
            const seg = pick(segmentsOf(other!.data), m.c);
            if (!seg) return "no segment";
            specOf(site.data).cloudNetwork = { cidr: seg.cidr };
            return `cloudNetwork of ${name} = segment ${String(seg.name)} of ${other!.file}`;
        }
        case "level": {
            const seg = pick(segmentsOf(site.data), m.b);
            if (!seg) return "no segment";
            seg.purdueLevel = LEVELS[m.c % LEVELS.length];
            return `segment ${String(seg.name)} of ${name} at level ${String(seg.purdueLevel)}`;
        }
        case "protocol": {
            const target = m.a % 3 === 0 ? pick(objects(listOf(site.data, "plcs")), m.b) : pick(objects(listOf(site.data, "conduits")), m.b);
            if (!target) return "nothing to change";
            target.protocol = PROTOCOLS[m.c % PROTOCOLS.length];
            return `${String(target.name)} of ${name} speaks ${String(target.protocol)}`;
        }
        case "conduit-end": {
            const conduit = pick(objects(listOf(site.data, "conduits")), m.b);
            const ends = [...segmentsOf(site.data).map((s) => s.name as Json), "cloud", "internet"];
            if (!conduit) return "no conduit";
            conduit[m.a % 2 ? "from" : "to"] = ends[m.c % ends.length];
            return `conduit ${String(conduit.name)} of ${name}: ${String(conduit.from)} -> ${String(conduit.to)}`;
        }
        case "remove-csrs": {
            fs.rmSync(path.join(dir, "certs", name), { recursive: true, force: true });
            return `certs/${name} removed`;
        }
        case "provisioning":
            specOf(site.data).provisioning = { mode: MODES[m.c % MODES.length] };
            return `${name} provisioning ${MODES[m.c % MODES.length]}`;
        case "uplink": {
            const c = isObj(specOf(site.data).connectivity) ? (specOf(site.data).connectivity as Obj) : {};
            c.uplink = UPLINKS[m.c % UPLINKS.length];
            if (m.b % 2) delete c.vpn;
            specOf(site.data).connectivity = c;
            return `${name} uplink ${String(c.uplink)}${m.b % 2 ? " without vpn settings" : ""}`;
        }
        case "region": {
            const regions = [...Object.keys(isObj(specOf(files.fleet).regions) ? (specOf(files.fleet).regions as Obj) : {}), "ap-south-1"];
            const meta = site.data.metadata as Obj;
            meta.region = regions[m.c % regions.length];
            return `${name} moved to ${String(meta.region)}`;
        }
        case "rename-site": {
            const meta = site.data.metadata as Obj;
            meta.name = m.c % 2 ? (other!.data.metadata as Obj).name : `${name}-b`;
            return `${site.file} named ${String(meta.name)}`;
        }
        case "reference": {
            const list = pick(["equipment", "sensors", "plcs", "gateways"], m.b)!;
            const item = pick(objects(listOf(site.data, list)), m.c);
            if (!item) return "no item";
            const field = list === "equipment" ? (m.a % 2 ? "plc" : "gateway") : list === "sensors" ? "gateway" : "segment";
            const pool = field === "segment" ? segmentsOf(site.data) : objects(listOf(site.data, field === "plc" ? "plcs" : "gateways"));
            item[field] = pick(pool, m.a)?.name ?? "nowhere";
            return `${list} ${String(item.name)} of ${name}: ${field} ${String(item[field])}`;
        }
        case "number": {
            const ns = numbers(site.data);
            const n = pick(ns, m.b);
            if (!n) return "no number";
            const values = [0, -1, 1, 2, 65536, 3.5, 1e9];
            (n.holder as Record<string | number, Json>)[n.key] = values[m.c % values.length];
            return `a number of ${name} set to ${values[m.c % values.length]}`;
        }
        case "suppression": {
            const conduit = pick(objects(listOf(site.data, "conduits")), m.b);
            const list = Array.isArray(specOf(site.data).suppressions) ? (specOf(site.data).suppressions as Json[]) : [];
            list.push({ policy: RULES[m.c % RULES.length], target: `conduit/${String(conduit?.name ?? "none")}`, reason: "property test" });
            specOf(site.data).suppressions = list;
            return `suppression of ${RULES[m.c % RULES.length]} in ${name}`;
        }
        case "drop-site":
            files.sites.splice(files.sites.indexOf(site), 1);
            return `${site.file} removed`;
        case "address": {
            const item = pick([...objects(listOf(site.data, "gateways")), ...objects(listOf(site.data, "plcs"))], m.b);
            const seg = pick(segmentsOf(site.data), m.c);
            if (!item || !seg) return "no device";
            const [a, b, c2, d] = String(seg.cidr).split("/")[0].split(".").map(Number);
            const addresses = [`${a}.${b}.${c2}.${d}`, `${a}.${b}.${c2}.${d + 1}`, `${a}.${b}.${c2}.${d + 200}`, "8.8.8.8", "10.0.0.1"];
            item.address = addresses[m.a % addresses.length];
            return `${String(item.name)} of ${name} at ${String(item.address)}`;
        }
        case "cidr-size": {
            const seg = pick(segmentsOf(site.data), m.b);
            if (!seg) return "no segment";
            const sizes = ["/8", "/16", "/23", "/30", "/32"];
            seg.cidr = String(seg.cidr).replace(/\/\d+$/, sizes[m.c % sizes.length]);
            return `segment ${String(seg.name)} of ${name} is ${String(seg.cidr)}`;
        }
        case "region-settings": {
            const regions = specOf(files.fleet).regions;
            const region = isObj(regions) ? pick(Object.values(regions).filter(isObj), m.b) : undefined;
            if (!region) return "no region";
            const settings: Json[] = [
                { stream: { mode: "provisioned", shards: 0 } },
                { stream: { mode: "provisioned" } },
                { timeseries: { engine: "timestream" } },
                { timeseries: { engine: "influxdb", instanceType: "db.t3.micro" } },
                { eks: true, sagemaker: true, grafana: false },
            ];
            region.analytics = settings[m.c % settings.length];
            return `a region's analytics: ${JSON.stringify(region.analytics)}`;
        }
        case "ports": {
            const conduit = pick(objects(listOf(site.data, "conduits")), m.b);
            if (!conduit) return "no conduit";
            conduit.ports = [[22], [502, 4840], [0], [80, 80], []][m.c % 5];
            return `conduit ${String(conduit.name)} of ${name} ports ${JSON.stringify(conduit.ports)}`;
        }
    }
}

interface Run {
    code: number;
    out: string;
    err: string;
}

async function cli(args: string[]): Promise<Run> {
    let out = "";
    let err = "";
    const code = await main(["node", "fleet", ...args], { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), isTTY: false });
    return { code, out, err };
}

/** Write the case's fleet into `dir`; returns what was done, for the failure report. */
export async function materialize(c: FleetCase, dir: string): Promise<string[]> {
    const regions = Math.min(c.regions, c.sites);
    writeFleet(dir, {
        sites: c.sites,
        gateways: c.gateways,
        equipment: c.equipment,
        seed: c.seed,
        regions,
        provisioning: c.provisioning === "mixed" ? undefined : c.provisioning,
        oneOffSensors: (c.seed % 3) + 1,
    });
    const steps = [`generated ${c.sites} sites in ${regions} regions (seed ${c.seed}, ${c.provisioning})`];
    const fleetData = parse(fs.readFileSync(path.join(dir, "fleet.yaml"), "utf8")) as Obj;
    const firstRegion = Object.keys((fleetData.spec as Obj).regions as Obj)[0];
    for (let i = 0; i < c.starters; i++) {
        const r = await cli(["init", "site", `starter-${i + 1}`, "--region", firstRegion, "--dir", dir]);
        steps.push(`fleet init site starter-${i + 1}: exit ${r.code} ${r.err.trim()}`);
    }
    if (c.mutations.length === 0) return steps;
    const siteDir = path.join(dir, "sites");
    const files: FleetFiles = {
        fleet: parse(fs.readFileSync(path.join(dir, "fleet.yaml"), "utf8")) as Obj,
        sites: fs
            .readdirSync(siteDir)
            .sort()
            .map((f) => ({ file: `sites/${f}`, data: parse(fs.readFileSync(path.join(siteDir, f), "utf8")) as Obj })),
    };
    for (const m of c.mutations) steps.push(mutate(files, m, dir));
    fs.rmSync(siteDir, { recursive: true });
    fs.mkdirSync(siteDir);
    fs.writeFileSync(path.join(dir, "fleet.yaml"), stringify(files.fleet));
    for (const s of files.sites) fs.writeFileSync(path.join(dir, s.file), stringify(s.data));
    return steps;
}

function dump(dir: string): string {
    const out: string[] = [];
    const walk = (d: string) => {
        for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((x, y) => x.name.localeCompare(y.name))) {
            const p = path.join(d, e.name);
            if (e.isDirectory()) walk(p);
            else if (/\.ya?ml$/.test(e.name)) out.push(`--- ${path.relative(dir, p)}\n${fs.readFileSync(p, "utf8")}`);
            else out.push(`--- ${path.relative(dir, p)} (${fs.statSync(p).size} bytes)`);
        }
    };
    walk(dir);
    return out.join("\n");
}

describe("property: a fleet that validate accepts always plans", function () {
    this.timeout(600_000);
    const stats = { accepted: 0, rejected: 0, acceptedWith: {} as Record<string, number> };

    after(() =>
        console.log(
            `      validate accepted ${stats.accepted} and rejected ${stats.rejected} fleets; accepted after mutations: ${JSON.stringify(stats.acceptedWith)}`,
        ),
    );

    it(`generated and mutated fleets (seed ${SEED}, ${RUNS} runs; FLEET_PROP_SEED / FLEET_PROP_RUNS replay or lengthen)`, async () => {
        console.log(`      property seed ${SEED}, runs ${RUNS}`);
        await fc.assert(
            fc.asyncProperty(fleetCaseArb, async (c) => {
                const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-prop-"));
                try {
                    const steps = await materialize(c, dir);
                    const v = await cli(["validate", "--dir", dir, "-o", "json"]);
                    const report = () => `case ${JSON.stringify(c)}\n${steps.join("\n")}\n${dump(dir)}\nvalidate: exit ${v.code}\n${v.out}${v.err}`;
                    assert.notEqual(v.code, 70, `validate crashed:\n${report()}`);
                    if (v.code !== 0) {
                        assert.equal(v.code, 1, `validate exits 0 or 1:\n${report()}`);
                        const json = JSON.parse(v.out) as { valid: boolean; errors: number };
                        assert.equal(json.valid, false);
                        stats.rejected++;
                        return;
                    }
                    stats.accepted++;
                    for (const kind of new Set(c.mutations.map((m) => m.kind))) stats.acceptedWith[kind] = (stats.acceptedWith[kind] ?? 0) + 1;
                    const siteCount = fs.readdirSync(path.join(dir, "sites")).length;
                    // What `fleet plan` runs (one plan per region) and what deploys run (every platform and site stack).
                    for (const args of [["plan"], ["plan", "--all-stacks"]]) {
                        const p = await cli([...args, "--dir", dir, "-o", "json"]);
                        assert.equal(p.code, 0, `validate accepted the fleet, fleet ${args.join(" ")} failed:\n${report()}\n${args.join(" ")}: ${p.err}`);
                        const plan = JSON.parse(p.out) as { resources: { site: string | null }[] };
                        assert.equal(new Set(plan.resources.map((r) => r.site).filter((s) => s !== null)).size, siteCount, "every site planned");
                    }
                } finally {
                    fs.rmSync(dir, { recursive: true, force: true });
                }
            }),
            { numRuns: RUNS, seed: SEED, endOnFailure: true, verbose: 0 },
        );
    });

    it("two `fleet init site` starters in the region of a one-site fleet validate --strict and plan", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-prop-starters-"));
        try {
            await materialize({ seed: 7, regions: 1, sites: 1, gateways: 1, equipment: 1, provisioning: "csr", starters: 2, mutations: [] }, dir);
            assert.deepEqual(fs.readdirSync(path.join(dir, "sites")).sort(), ["starter-1.yaml", "starter-2.yaml", "stuttgart-00001.yaml"]);
            // Starters enroll by fleet claim: without their claim CSRs validate warns (and --strict fails).
            const warned = await cli(["validate", "--strict", "--dir", dir, "-o", "json"]);
            assert.equal(warned.code, 1);
            assert.deepEqual(
                (JSON.parse(warned.out) as { diagnostics: { file: string; message: string }[] }).diagnostics.map((d) => `${d.file}: ${d.message.slice(0, 50)}`),
                [
                    "sites/starter-1.yaml: no claim CSR at certs/starter-1/claim.csr.pem: the",
                    "sites/starter-2.yaml: no claim CSR at certs/starter-2/claim.csr.pem: the",
                ],
            );
            for (const s of ["starter-1", "starter-2"]) assert.equal((await cli(["certs", "claim", s, "--dir", dir])).code, 0);
            const v = await cli(["validate", "--strict", "--dir", dir, "-o", "json"]);
            assert.equal(v.code, 0, v.out + v.err);
            assert.deepEqual(JSON.parse(v.out).diagnostics, []);
            const p = await cli(["plan", "--all-stacks", "--dir", dir, "-o", "json"]);
            assert.equal(p.code, 0, p.err);
            const sites = new Set((JSON.parse(p.out) as { resources: { site: string | null }[] }).resources.map((r) => r.site));
            assert.deepEqual([...sites].sort(), [null, "starter-1", "starter-2", "stuttgart-00001"]);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
