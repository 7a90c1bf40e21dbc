/**
 * Property tests with fast-check on the example fleet of the repository:
 *  - random mutations (delete a field, change a value's type, random strings, numbers and
 *    unicode, duplicated list items, shuffled lists) never make loadFleet throw, and it returns
 *    either a model or at least one error, every finding with a file and a position;
 *  - shuffling any list of a site file gives the same model (positions aside): the model is keyed
 *    by names, never by places in a list.
 * Runs are bounded and seeded; set FC_SEED to replay a failure (fast-check prints the seed).
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { TypeCompiler } from "@sinclair/typebox/compiler";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import fc from "fast-check";
import { parse } from "yaml";
import { loadFleet } from "../../src/model/load";
import { FleetSchema, SiteSchema } from "../../src/model/schema";
import { checkSchema } from "../../src/model/schema-check";
import { cleanup, REPO, stripPositions, tempDir, toYaml } from "./helpers";

const SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : 20261126;
const RUNS = process.env.FC_RUNS ? Number(process.env.FC_RUNS) : 200;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Path = (string | number)[];

/** The example fleet as data: fleet.yaml and each site file, by relative path. */
function exampleFiles(): Record<string, Json> {
    const out: Record<string, Json> = { "fleet.yaml": parse(fs.readFileSync(path.join(REPO, "fleet.yaml"), "utf8")) };
    for (const f of fs.readdirSync(path.join(REPO, "sites")).sort()) out[`sites/${f}`] = parse(fs.readFileSync(path.join(REPO, "sites", f), "utf8"));
    return out;
}

/** Every path into a value (the root included), in a stable order. */
function paths(value: Json, at: Path = []): Path[] {
    const out: Path[] = [at];
    if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...at, i])));
    else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...at, k]));
    return out;
}

function get(value: Json, p: Path): Json {
    return p.reduce<Json>((v, k) => (v as Record<string | number, Json>)[k], value);
}

/** Write `files` into a fresh directory (with the example's CSR files, which a csr site needs). */
function writeFleet(files: Record<string, Json>): string {
    const dir = tempDir("fleet-prop-");
    for (const [rel, data] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
        fs.writeFileSync(path.join(dir, rel), toYaml(data));
    }
    fs.cpSync(path.join(REPO, "certs"), path.join(dir, "certs"), { recursive: true });
    return dir;
}

/** A replacement value of any kind: wrong types, odd text, extreme numbers. */
const anyValue: fc.Arbitrary<Json> = fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.string({ unit: "grapheme", maxLength: 12 }),
    fc.string({ unit: "binary", maxLength: 12 }),
    fc.constantFrom("", " ", "cloud", "opcua", "10.40.0.0/24", "192.168.35.10", "7d", "0s", "__proto__", "~", "null", "yes", "-1", "1e400", "{equipment}"),
    fc.integer(),
    fc.double(),
    fc.constantFrom(0, -1, 1.5, 2 ** 53 + 1, Number.MAX_VALUE, Infinity, -Infinity, NaN),
    fc.boolean(),
    fc.constant(null),
    fc.constant([] as Json[]),
    fc.constant({} as Json),
    fc.array(fc.string({ maxLength: 6 }), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 2 }),
);

type Mutation =
    | { op: "delete"; pick: number }
    | { op: "replace"; pick: number; value: Json }
    | { op: "duplicate"; pick: number }
    | { op: "shuffle"; pick: number; seed: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({ op: fc.constant("delete" as const), pick: fc.nat() }),
    fc.record({ op: fc.constant("replace" as const), pick: fc.nat(), value: anyValue }),
    fc.record({ op: fc.constant("duplicate" as const), pick: fc.nat() }),
    fc.record({ op: fc.constant("shuffle" as const), pick: fc.nat(), seed: fc.nat() }),
);

/** A permutation of a list from a seed (a small linear congruential generator, Fisher-Yates). */
function permute<T>(items: T[], seed: number): T[] {
    const out = [...items];
    let x = seed >>> 0 || 1;
    for (let i = out.length - 1; i > 0; i--) {
        x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
        const j = x % (i + 1);
        [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
}

/** Apply a mutation to a copy of a file's data; describes what it did, for the failure report. */
function mutate(data: Json, m: Mutation): { data: Json; did: string } {
    const copy = structuredClone(data);
    const all = paths(copy);
    const p = all[m.pick % all.length];
    const parentPath = p.slice(0, -1);
    const key = p[p.length - 1];
    const parent = p.length ? (get(copy, parentPath) as Record<string | number, Json> | Json[]) : undefined;
    switch (m.op) {
        case "delete":
            if (!parent) return { data: {}, did: "emptied the file" };
            if (Array.isArray(parent)) parent.splice(key as number, 1);
            else delete (parent as Record<string, Json>)[key as string];
            return { data: copy, did: `deleted ${p.join(".")}` };
        case "replace":
            if (!parent) return { data: m.value, did: `replaced the file with ${JSON.stringify(m.value)}` };
            (parent as Record<string | number, Json>)[key] = structuredClone(m.value);
            return { data: copy, did: `set ${p.join(".")} to ${JSON.stringify(m.value)}` };
        case "duplicate":
            if (!Array.isArray(parent)) return { data: copy, did: "nothing (not a list item)" };
            parent.splice(key as number, 0, structuredClone(parent[key as number]));
            return { data: copy, did: `duplicated ${p.join(".")}` };
        case "shuffle": {
            const target = get(copy, p);
            if (!Array.isArray(target)) return { data: copy, did: "nothing (not a list)" };
            const shuffled = permute(target, m.seed);
            if (!parent) return { data: shuffled, did: "shuffled the file" };
            (parent as Record<string | number, Json>)[key] = shuffled;
            return { data: copy, did: `shuffled ${p.join(".")}` };
        }
    }
}

describe("model: properties (fast-check)", function () {
    this.timeout(600_000);
    afterEach(cleanup);
    const base = exampleFiles();
    const names = Object.keys(base);

    it(`random mutations never throw and give a model or positioned errors (${RUNS} runs, seed ${SEED})`, () => {
        fc.assert(
            fc.property(fc.array(fc.tuple(fc.nat(names.length - 1), mutation), { minLength: 1, maxLength: 3 }), (steps) => {
                const files = { ...base };
                const did: string[] = [];
                for (const [which, m] of steps) {
                    const name = names[which];
                    const r = mutate(files[name], m);
                    files[name] = r.data;
                    did.push(`${name}: ${r.did}`);
                }
                const dir = writeFleet(files);
                try {
                    const result = loadFleet(dir);
                    const errors = result.diagnostics.filter((d) => d.level === "error");
                    assert.equal(result.errors, errors.length, did.join("; "));
                    if (result.model) assert.equal(errors.length, 0, did.join("; "));
                    else assert.ok(errors.length >= 1, `no model and no error after: ${did.join("; ")}`);
                    for (const d of result.diagnostics) {
                        assert.ok(result.files.includes(d.file) || d.file === "sites", `finding in an unknown file: ${JSON.stringify(d)}`);
                        assert.ok(
                            Number.isInteger(d.line) && d.line >= 1 && Number.isInteger(d.col) && d.col >= 1,
                            `finding without a position: ${JSON.stringify(d)} after ${did.join("; ")}`,
                        );
                        assert.equal(typeof d.field, "string");
                        assert.ok(d.message.length > 0);
                    }
                } finally {
                    fs.rmSync(dir, { recursive: true, force: true });
                }
            }),
            { numRuns: RUNS, seed: SEED, endOnFailure: true },
        );
    });

    it(`the fast schema check (TypeBox) and ajv agree on every mutated file (${RUNS * 5} runs, seed ${SEED})`, () => {
        // checkSchema trusts TypeBox's compiled check for valid files and asks ajv only when it
        // fails: a file TypeBox accepts and ajv refuses would skip its findings entirely.
        checkSchema("Site", { file: "x", data: {}, diagnostics: [], position: () => ({ line: 1, col: 1 }) }); // registers the email format
        const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true, strictNumbers: true });
        addFormats(ajv, ["email"]);
        const checkers = {
            fleet: { fast: TypeCompiler.Compile(FleetSchema), ajv: ajv.compile(FleetSchema) },
            site: { fast: TypeCompiler.Compile(SiteSchema), ajv: ajv.compile(SiteSchema) },
        };
        fc.assert(
            fc.property(fc.nat(names.length - 1), fc.array(mutation, { minLength: 1, maxLength: 2 }), (which, steps) => {
                const name = names[which];
                let data = base[name];
                const did: string[] = [];
                for (const m of steps) {
                    const r = mutate(data, m);
                    data = r.data;
                    did.push(r.did);
                }
                const c = name === "fleet.yaml" ? checkers.fleet : checkers.site;
                assert.equal(c.fast.Check(data), c.ajv(data), `${name}: ${did.join("; ")}`);
            }),
            { numRuns: RUNS * 5, seed: SEED, endOnFailure: true },
        );
    });

    it(`shuffling any list of a site file gives the same model, positions aside (${RUNS} runs, seed ${SEED})`, () => {
        const expected = stripPositions(loadFleet(writeFleet(base)).model);
        assert.ok(expected, "the example fleet is valid");
        const siteNames = names.filter((n) => n.startsWith("sites/"));
        const lists = siteNames.flatMap((name) =>
            paths(base[name])
                .filter((p) => Array.isArray(get(base[name], p)) && (get(base[name], p) as Json[]).length > 1)
                .map((p) => ({ name, p })),
        );
        assert.ok(lists.length > 10, "the example sites have lists to shuffle");
        fc.assert(
            fc.property(fc.nat(lists.length - 1), fc.nat(), (which, seed) => {
                const { name, p } = lists[which];
                const files = { ...base, [name]: structuredClone(base[name]) };
                const parent = get(files[name], p.slice(0, -1)) as Record<string | number, Json>;
                parent[p[p.length - 1]] = permute(get(files[name], p) as Json[], seed);
                const dir = writeFleet(files);
                try {
                    const result = loadFleet(dir);
                    assert.deepEqual(result.diagnostics, [], `${name}: ${p.join(".")}`);
                    assert.deepEqual(stripPositions(result.model), expected, `${name}: ${p.join(".")} shuffled`);
                } finally {
                    fs.rmSync(dir, { recursive: true, force: true });
                }
            }),
            { numRuns: RUNS, seed: SEED, endOnFailure: true },
        );
    });
});
