/**
 * Hostile input, exhaustively: the committed corpus (test/fixtures/fuzz, test/fixtures/hostile)
 * and fast-check mutations through every CLI input: site files, fleet.yaml, CSR files, stack
 * exports, preview JSON, and names that become file paths. Never a crash (internal error, stack
 * trace), never a hang, never a write outside the output directory; exit 1 or 2 with a message.
 * Fixed seed and bounded runs: the suite has a fixed budget in CI. Most runs call the CLI
 * in-process (`main(argv, io)`); a sample is spawned as users run it, timed.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { main } from "../../cli/index";
import { csrProblem } from "../../src/edge/csr";
import { copyFleet, ROOT } from "./helpers";

const FUZZ = path.join(ROOT, "test", "fixtures", "fuzz");
const HOSTILE = path.join(ROOT, "test", "fixtures", "hostile");
const BIN = path.join(ROOT, "bin", "fleet.js");
const NAMES = JSON.parse(fs.readFileSync(path.join(FUZZ, "names.json"), "utf8")) as string[];
const SEED = 20261126;
/** A guard against hangs, not a timing assertion: the 2 s budget is measured and reported. */
const GUARD_MS = 20_000;
const timings: { label: string; ms: number }[] = [];

interface Run {
    code: number;
    out: string;
    err: string;
    ms: number;
}

async function cli(args: string[], label = args.slice(0, 2).join(" ")): Promise<Run> {
    let out = "";
    let err = "";
    const io = {
        out: (t: string) => void (out += t.endsWith("\n") ? t : `${t}\n`),
        err: (t: string) => void (err += t.endsWith("\n") ? t : `${t}\n`),
        isTTY: false,
    };
    const t0 = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
        main(["node", "fleet", ...args], io),
        new Promise<number>((resolve) => (timer = setTimeout(() => resolve(-999), GUARD_MS))),
    ]);
    clearTimeout(timer);
    const ms = Date.now() - t0;
    timings.push({ label, ms });
    return { code, out, err, ms };
}

function spawned(args: string[], cwd: string): Run {
    const t0 = Date.now();
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", timeout: GUARD_MS, env: { ...process.env, CI: "true" } });
    const ms = Date.now() - t0;
    timings.push({ label: `spawned ${args.slice(0, 2).join(" ")}`, ms });
    assert.equal(r.signal, null, `fleet ${args.join(" ")}: killed after ${ms} ms (hang?)`);
    return { code: r.status ?? -1, out: r.stdout, err: r.stderr, ms };
}

/** A refusal as the conventions want it: exit 1 or 2, a message, no stack trace, no internal error. */
function assertRefused(r: Run, what: string, pattern?: RegExp): void {
    assert.notEqual(r.code, -999, `${what}: no answer within ${GUARD_MS} ms`);
    assert.ok(r.code === 1 || r.code === 2, `${what}: exit ${r.code}\n${r.err}`);
    assertClean(r, what);
    assert.ok(r.err.trim().length > 0, `${what}: no message`);
    if (pattern) assert.match(r.err, pattern, what);
}

/** Whatever the outcome: no crash, no trace. */
function assertClean(r: Run, what: string): void {
    assert.notEqual(r.code, -999, `${what}: no answer within ${GUARD_MS} ms`);
    assert.ok([0, 1, 2].includes(r.code), `${what}: exit ${r.code} (crash)\n${r.err}`);
    assert.doesNotMatch(r.err, /internal error|\n\s+at [\w.<>]+ \(|^\s+at /m, `${what}: stack trace or internal error\n${r.err}`);
}

/** Every file under `root` with its content hash (directories are not compared). */
function snapshot(root: string): Map<string, string> {
    const out = new Map<string, string>();
    const walk = (dir: string) => {
        for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
            const p = path.join(dir, e.name);
            if (e.isDirectory()) walk(p);
            else out.set(path.relative(root, p), e.isFile() ? crypto.createHash("sha1").update(fs.readFileSync(p)).digest("hex") : "special");
        }
    };
    walk(root);
    return out;
}

/** Files created, changed or removed between two snapshots. */
function changes(a: Map<string, string>, b: Map<string, string>): string[] {
    const out = new Set<string>();
    for (const [k, v] of a) if (b.get(k) !== v) out.add(k);
    for (const k of b.keys()) if (!a.has(k)) out.add(k);
    return [...out].sort();
}

describe("reliability: hostile input (corpus and fuzzing)", function () {
    this.timeout(300_000);
    let root: string;
    let fleetDir: string;
    let outDir: string;
    before(() => {
        root = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-fuzz-"));
        // The sandbox: <root>/work/fleet (the fleet) and <root>/work/out (the output directory),
        // with <root>/etc and <root>/x as canaries a traversal would reach.
        fleetDir = path.join(root, "work", "fleet");
        outDir = path.join(root, "work", "out");
        fs.mkdirSync(path.dirname(fleetDir), { recursive: true });
        fs.renameSync(copyFleet(), fleetDir);
        fs.mkdirSync(outDir);
        fs.mkdirSync(path.join(root, "etc"));
        fs.writeFileSync(path.join(root, "etc", "passwd"), "canary\n");
    });
    after(() => {
        fs.rmSync(root, { recursive: true, force: true });
        const sorted = [...timings].sort((a, b) => b.ms - a.ms);
        const over = sorted.filter((t) => t.ms > 2000);
        // The per-input budget (2 s) is reported, not asserted: timing assertions flake on loaded machines.
        console.log(
            `      fuzz budget: ${timings.length} inputs, slowest ${sorted[0]?.ms ?? 0} ms (${sorted[0]?.label ?? "-"}), ${over.length} over 2 s${
                over.length
                    ? `: ${over
                          .slice(0, 5)
                          .map((t) => `${t.label} ${t.ms} ms`)
                          .join(", ")}`
                    : ""
            }`,
        );
    });

    /** Run `args`; the only files that may change are under `allowed` (relative to root), and only on success. */
    async function confined(args: string[], allowed: string[], what: string): Promise<Run> {
        const before = snapshot(root);
        const r = await cli(args, what);
        const changed = changes(before, snapshot(root));
        const outside = changed.filter((f) => !allowed.some((a) => f === a || f.startsWith(`${a}/`)));
        assert.deepEqual(outside, [], `${what}: wrote outside ${allowed.join(", ") || "nothing allowed"} (exit ${r.code})\n${r.err}`);
        if (r.code !== 0)
            assert.deepEqual(
                changed.filter((f) => !f.startsWith("work/out/")),
                [],
                `${what}: failed but changed files`,
            );
        assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, "polluted"), false, `${what}: polluted Object.prototype`);
        return r;
    }

    const F = () => fleetDir;
    const O = () => outDir;
    /** Commands that turn a name into a path, with the directories each may write. */
    const NAME_COMMANDS: { label: string; args: (n: string) => string[]; allowed: string[] }[] = [
        { label: "certs csr <site>", args: (n) => ["certs", "csr", n, "gw-cork-01", "--dir", F()], allowed: [] },
        { label: "certs csr <gateway>", args: (n) => ["certs", "csr", "cork-fill-finish", n, "--dir", F()], allowed: [] },
        { label: "certs claim <site>", args: (n) => ["certs", "claim", n, "--dir", F()], allowed: [] },
        { label: "bootstrap <site>", args: (n) => ["bootstrap", n, "gw-cork-01", "--out", O(), "--dir", F()], allowed: ["work/out"] },
        { label: "bootstrap <gateway>", args: (n) => ["bootstrap", "cork-fill-finish", n, "--out", O(), "--dir", F()], allowed: ["work/out"] },
        { label: "export conduits <site>", args: (n) => ["export", "conduits", n, "--dir", F()], allowed: [] },
        { label: "graph <site>", args: (n) => ["graph", n, "--dir", F()], allowed: [] },
        { label: "dashboards --site", args: (n) => ["dashboards", "--site", n, "--out", O(), "--dir", F()], allowed: ["work/out"] },
        { label: "init site <name>", args: (n) => ["init", "site", n, "--region", "eu-central-1", "--dir", F()], allowed: [] },
    ];

    /** A name that is a valid site or gateway name may succeed (init site "sites"); it then writes only its own files. */
    async function tryName(c: (typeof NAME_COMMANDS)[number], n: string): Promise<void> {
        const safe = /^[a-z][a-z0-9-]{1,30}$/.test(n);
        const what = `${c.label} ${JSON.stringify(n.slice(0, 40))}`;
        const allowed = safe ? [...c.allowed, `work/fleet/sites/${n}.yaml`, `work/fleet/certs/${n}`, "work/fleet/certs/cork-fill-finish"] : c.allowed;
        const r = await confined(c.args(n), allowed, what);
        if (safe) assertClean(r, what);
        else assertRefused(r, what);
        // Undo a success so the fleet stays the example.
        if (safe && r.code === 0) {
            fs.rmSync(path.join(fleetDir, "sites", `${n}.yaml`), { force: true });
            fs.rmSync(path.join(fleetDir, "certs", n), { recursive: true, force: true });
        }
    }

    it(`names used as file paths (${NAMES.length + 2} corpus names through ${NAME_COMMANDS.length} commands) are refused, nothing written outside`, async () => {
        // Every name through the commands that check names first; the most hostile ones through
        // the commands that load the whole fleet (slower).
        const cheap = new Set(["certs csr <site>", "certs csr <gateway>", "certs claim <site>", "init site <name>", "graph <site>"]);
        const worst = ["../../etc", "/etc/passwd", "a/../../b", "..", "", "--out=/tmp/fleet-fuzz-escape", "a\u0000b", "x".repeat(5000)];
        for (const c of NAME_COMMANDS) {
            for (const name of cheap.has(c.label) ? [...NAMES, "a\u0000b", "x".repeat(5000)] : worst) await tryName(c, name);
        }
    });

    it("fast-check: random names and path fragments through every name command (fixed seed, 6 runs each)", async () => {
        const fragment = fc.oneof(
            fc.constantFrom("..", ".", "/", "\\", "etc", "x", "~", "\u0000", "\n", "%2f", "-", "--dir", "cork-fill-finish"),
            fc.string({ maxLength: 12 }),
        );
        const name = fc.array(fragment, { minLength: 1, maxLength: 6 }).map((parts) => parts.join(""));
        for (const c of NAME_COMMANDS) {
            await fc.assert(
                fc.asyncProperty(name, (n) => tryName(c, n)),
                { numRuns: 6, seed: SEED, endOnFailure: true },
            );
        }
    });

    it("--out that is a file, or inside one: refused with a message, the file untouched", async () => {
        const fleetYaml = path.join(fleetDir, "fleet.yaml");
        for (const args of [
            ["generate", "--sites", "1", "--out", fleetYaml],
            ["generate", "--sites", "1", "--out", path.join(fleetYaml, "x")],
            ["dashboards", "--out", fleetYaml, "--dir", fleetDir],
            ["bootstrap", "cork-fill-finish", "gw-cork-01", "--out", fleetYaml, "--dir", fleetDir],
            ["graph", "cork-fill-finish", "--out", path.join(fleetYaml, "g.mmd"), "--dir", fleetDir],
            ["export", "conduits", "cork-fill-finish", "--out", path.join(fleetYaml, "c.nft"), "--dir", fleetDir],
            ["check", "--stack-export", path.join(FUZZ, "stack-export", "array.json"), "--out", path.join(fleetYaml, "r.txt"), "--dir", fleetDir],
        ]) {
            const r = await confined(args, [], args.slice(0, 2).join(" "));
            assertRefused(r, args.join(" "));
        }
    });

    it("CSR corpus at certs/<site>/<gateway>.csr.pem: each is refused naming the file, or is a key type AWS IoT signs", async () => {
        const target = path.join(fleetDir, "certs", "cork-fill-finish", "gw-cork-01.csr.pem");
        const original = fs.readFileSync(target);
        const huge = `-----BEGIN CERTIFICATE REQUEST-----\n${"A".repeat(64).concat("\n").repeat(160_000)}-----END CERTIFICATE REQUEST-----\n`;
        const cases: [string, Buffer | string][] = [
            ...fs.readdirSync(path.join(FUZZ, "csr")).map((f) => [f, fs.readFileSync(path.join(FUZZ, "csr", f))] as [string, Buffer]),
            ["huge (10 MB)", huge],
        ];
        try {
            for (const [label, content] of cases) {
                fs.writeFileSync(target, content);
                const r = await confined(["validate", "--dir", fleetDir], [], `validate csr ${label}`);
                assertClean(r, label);
                if (r.code === 0) {
                    // Only CSRs AWS IoT signs may pass: RSA 2048+ or ECDSA P-256/P-384, right CN.
                    assert.ok(["rsa-key.csr.pem", "p384-key.csr.pem"].includes(label), `${label} was accepted`);
                } else {
                    assertRefused(r, label, /certs\/cork-fill-finish\/gw-cork-01\.csr\.pem/);
                }
            }
        } finally {
            fs.writeFileSync(target, original);
        }
    });

    it("fast-check: csrProblem never throws on mutated or random PEM text (fixed seed, 300 runs)", () => {
        const good = fs.readFileSync(path.join(ROOT, "certs", "cork-fill-finish", "gw-cork-01.csr.pem"), "utf8");
        const mutated = fc
            .tuple(fc.nat(good.length), fc.nat(40), fc.string({ maxLength: 20 }))
            .map(([at, del, ins]) => good.slice(0, at) + ins + good.slice(at + del));
        fc.assert(
            fc.property(
                fc.oneof(
                    mutated,
                    fc.string({ maxLength: 400 }),
                    fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b).toString("latin1")),
                ),
                (text) => {
                    const p = csrProblem(text, "acme-cork-fill-finish-gw-cork-01");
                    assert.ok(p === undefined || (typeof p === "string" && p.length > 0));
                    if (text !== good && p === undefined) assert.ok(text.includes("CERTIFICATE REQUEST"));
                },
            ),
            { numRuns: 300, seed: SEED },
        );
    });

    it("site-file corpus (test/fixtures/fuzz/site and the loader's hostile YAML): exit 1 naming the file", async () => {
        const target = path.join(fleetDir, "sites", "austin-smt.yaml");
        const original = fs.readFileSync(target);
        const files = [
            ...fs.readdirSync(path.join(FUZZ, "site")).map((f) => path.join(FUZZ, "site", f)),
            ...fs
                .readdirSync(HOSTILE)
                .filter((f) => f.endsWith(".yaml"))
                .map((f) => path.join(HOSTILE, f)),
        ];
        try {
            for (const f of files) {
                fs.copyFileSync(f, target);
                const r = await confined(["validate", "--dir", fleetDir], [], `validate site ${path.basename(f)}`);
                assertRefused(r, path.relative(ROOT, f), /sites\/austin-smt\.yaml/);
            }
            fs.writeFileSync(target, `${original.toString("utf8")}\n# ${"x".repeat(10 << 20)}\n`);
            assertRefused(await confined(["validate", "--dir", fleetDir], [], "validate 10 MB site"), "10 MB site file", /sites\/austin-smt\.yaml/);
        } finally {
            fs.writeFileSync(target, original);
        }
    });

    it("fleet.yaml corpus (the loader's hostile YAML): exit 1 naming fleet.yaml", async () => {
        const target = path.join(fleetDir, "fleet.yaml");
        const original = fs.readFileSync(target);
        try {
            for (const f of fs.readdirSync(HOSTILE).filter((x) => x.endsWith(".yaml"))) {
                fs.copyFileSync(path.join(HOSTILE, f), target);
                assertRefused(await confined(["validate", "--dir", fleetDir], [], `validate fleet ${f}`), f, /fleet\.yaml/);
            }
        } finally {
            fs.writeFileSync(target, original);
        }
    });

    it("fast-check: line-level mutations of a site file and of fleet.yaml never crash the loader (fixed seed, 25 + 10 runs)", async () => {
        for (const [rel, runs] of [
            ["sites/austin-smt.yaml", 25],
            ["fleet.yaml", 10],
        ] as const) {
            const target = path.join(fleetDir, rel);
            const original = fs.readFileSync(target, "utf8");
            const lines = original.split("\n");
            const mutation = fc.oneof(
                fc.tuple(fc.constant("delete"), fc.nat(lines.length - 1), fc.integer({ min: 1, max: 8 }), fc.constant("")),
                fc.tuple(fc.constant("duplicate"), fc.nat(lines.length - 1), fc.integer({ min: 1, max: 8 }), fc.constant("")),
                fc.tuple(
                    fc.constant("insert"),
                    fc.nat(lines.length - 1),
                    fc.constant(0),
                    fc.oneof(
                        fc.string({ maxLength: 30 }),
                        fc.constantFrom("- ", ": ", "&a", "*a", "!!js/function x", "{", "[", "\t", "'", '"', "0x", "~", "<<: *a"),
                    ),
                ),
                fc.tuple(fc.constant("indent"), fc.nat(lines.length - 1), fc.integer({ min: 1, max: 4 }), fc.constant("")),
            );
            try {
                await fc.assert(
                    fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), async (ops) => {
                        const l = [...lines];
                        for (const [op, at, n, text] of ops) {
                            if (op === "delete") l.splice(at, n);
                            else if (op === "duplicate") l.splice(at, 0, ...l.slice(at, at + n));
                            else if (op === "insert") l.splice(at, 0, (l[at] ?? "").slice(0, (l[at] ?? "").search(/\S|$/)) + text);
                            else l[at] = " ".repeat(n) + (l[at] ?? "");
                        }
                        fs.writeFileSync(target, l.join("\n"));
                        const r = await confined(["validate", "--dir", fleetDir], [], `validate mutated ${rel}`);
                        assertClean(r, `${rel} ${JSON.stringify(ops)}`);
                        if (r.code !== 0) assert.match(r.err, /\w+\.yaml/, `${rel}: the message names no file`);
                    }),
                    { numRuns: runs, seed: SEED, endOnFailure: true },
                );
            } finally {
                fs.writeFileSync(target, original);
            }
        }
    });

    it("stack-export and preview-JSON corpus, then fast-check JSON shapes: a message, never a crash", async () => {
        for (const [flag, dir] of [
            ["--stack-export", "stack-export"],
            ["--preview-json", "preview"],
        ] as const) {
            for (const f of fs.readdirSync(path.join(FUZZ, dir))) {
                const r = await confined(["check", flag, path.join(FUZZ, dir, f), "--dir", fleetDir], [], `check ${flag} ${f}`);
                assertClean(r, `${flag} ${f}`);
                if (r.code !== 0) assert.ok(r.err.trim().length > 0, `${flag} ${f}: no message`);
            }
        }
        const file = path.join(outDir, "input.json");
        const resource = fc.record(
            {
                urn: fc.oneof(fc.string(), fc.constant("urn:pulumi:s::p::aws:s3/bucket:Bucket::b"), fc.integer()),
                type: fc.oneof(fc.constantFrom("aws:s3/bucket:Bucket", "aws:iot/policy:Policy", "aws:iam/role:Role"), fc.jsonValue()),
                inputs: fc.jsonValue(),
                outputs: fc.jsonValue(),
            },
            { requiredKeys: [] },
        );
        const exportShape = fc.oneof(
            fc.jsonValue(),
            fc.record({
                version: fc.jsonValue(),
                deployment: fc.oneof(
                    fc.jsonValue(),
                    fc.record({ resources: fc.oneof(fc.jsonValue(), fc.array(fc.oneof(resource, fc.jsonValue()), { maxLength: 5 })) }),
                ),
            }),
        );
        const previewShape = fc.oneof(
            fc.jsonValue(),
            fc.record({
                steps: fc.oneof(
                    fc.jsonValue(),
                    fc.array(
                        fc.record(
                            {
                                op: fc.oneof(fc.constantFrom("create", "update", "same", "delete"), fc.jsonValue()),
                                urn: fc.jsonValue(),
                                newState: fc.oneof(resource, fc.jsonValue()),
                            },
                            { requiredKeys: [] },
                        ),
                        { maxLength: 5 },
                    ),
                ),
            }),
        );
        for (const [flag, shape] of [
            ["--stack-export", exportShape],
            ["--preview-json", previewShape],
        ] as const) {
            await fc.assert(
                fc.asyncProperty(shape, async (value) => {
                    fs.writeFileSync(file, JSON.stringify(value));
                    const r = await confined(["check", flag, file, "--dir", fleetDir], ["work/out"], `check ${flag} fuzz`);
                    assertClean(r, `${flag} ${JSON.stringify(value).slice(0, 300)}`);
                }),
                { numRuns: 20, seed: SEED, endOnFailure: true },
            );
        }
    });

    it("spawned as users run it (a sample, timed): refusals exit 1 or 2 with a message and no stack trace", () => {
        const cwd = path.join(root, "work");
        const before = snapshot(root);
        const cases: string[][] = [
            ["certs", "csr", "../../etc", "x", "--dir", fleetDir],
            ["bootstrap", "cork-fill-finish", "../../x", "--out", outDir, "--dir", fleetDir],
            ["generate", "--sites", "1", "--out", path.join(fleetDir, "fleet.yaml")],
            ["check", "--stack-export", path.join(FUZZ, "stack-export", "deep-nesting.json"), "--dir", fleetDir],
        ];
        for (const args of cases) {
            const r = spawned(args, cwd);
            assertRefused(r, `spawned fleet ${args.join(" ")}`);
        }
        assert.deepEqual(changes(before, snapshot(root)), []);
    });
});
