/**
 * The disk cache of Lambda bundles (src/analytics/bundle.ts over src/util/cache-dir.ts): a process
 * whose function sources have not changed reads the bundles instead of running esbuild, and gets
 * the same bytes esbuild would produce now. Every test works on a copy of functions/ and src/ in
 * a temporary repository root and a temporary FLEET_CACHE_DIR.
 */
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { BUNDLE_EXTERNAL, bundleFunction, bundleStats, clearBundleMemo, REGIONAL_FUNCTIONS, setBundlerForTests, type Bundle } from "../../src/analytics/bundle";
import { clearCacheDirMemo, PRUNE_STAMP } from "../../src/util/cache-dir";
import {
    backdate,
    BUNDLE_JS,
    bundleSandboxPerTest,
    cacheFiles,
    copyRepo,
    entryFiles,
    HOUR,
    noEsbuild,
    resetStats,
    sha256,
    withoutCache,
} from "./bundle-test-helpers";

const DAY = 24 * HOUR;

function readEntry(cache: string): {
    inputs: Record<string, string>;
    configs: Record<string, string | null>;
    dirs: Record<string, string | null>;
    outputs: Record<string, { sha256: string; code: string }>;
} {
    const [file] = entryFiles(cache);
    return JSON.parse(fs.readFileSync(path.join(cache, "bundles", file), "utf8"));
}

/** The regional bundles of `root` as esbuild makes them with no cache at all. */
function freshBundles(root: string): Map<string, Bundle> {
    return withoutCache(() => new Map(REGIONAL_FUNCTIONS.map((n) => [n, { ...bundleFunction(n, root) }])));
}

/** Every regional bundle of `root` as a fresh process would get it (memo cleared first). */
function bundlesOf(root: string): Map<string, Bundle> {
    clearBundleMemo();
    return new Map(REGIONAL_FUNCTIONS.map((n) => [n, { ...bundleFunction(n, root) }]));
}

describe("analytics: disk cache of Lambda bundles", function () {
    this.timeout(120_000);
    let tmp: string;
    let root: string;
    let cache: string;
    let reference: Map<string, Bundle>;
    bundleSandboxPerTest("fleet-bundle-cache-", freshBundles, (s) => ({ tmp, root, cache, reference } = s));

    it("the first call runs esbuild once for the regional functions, writes one private entry and returns esbuild's bytes", () => {
        assert.deepEqual(cacheFiles(cache), [], "FLEET_NO_CACHE=1 wrote nothing");
        const got = bundlesOf(root);
        assert.deepEqual(bundleStats, { esbuildRuns: 1, diskHits: 0, diskMisses: 1, diskWrites: 1 });
        for (const [n, b] of reference) assert.deepEqual(got.get(n), b, n);
        const files = entryFiles(cache);
        assert.equal(files.length, 1);
        assert.match(files[0], /^[0-9a-f]{64}\.json$/);
        assert.deepEqual(cacheFiles(cache), [PRUNE_STAMP, files[0]], "no temporary file left behind");
        assert.equal(fs.statSync(cache).mode & 0o777, 0o700);
        assert.equal(fs.statSync(path.join(cache, "bundles")).mode & 0o777, 0o700);
        assert.equal(fs.statSync(path.join(cache, "bundles", files[0])).mode & 0o777, 0o600);

        const entry = readEntry(cache);
        // The inputs are exactly what esbuild reports having read, each with the SHA-256 of the file.
        const esbuild = require("esbuild") as typeof import("esbuild");
        const meta = esbuild.buildSync({
            entryPoints: REGIONAL_FUNCTIONS.map((n) => `functions/${n}/index.ts`),
            absWorkingDir: root,
            outdir: "x",
            bundle: true,
            platform: "node",
            format: "cjs",
            external: [...BUNDLE_EXTERNAL],
            write: false,
            metafile: true,
            logLevel: "silent",
        }).metafile;
        assert.deepEqual(Object.keys(entry.inputs).sort(), Object.keys(meta.inputs).sort());
        assert.ok(Object.keys(entry.inputs).includes("functions/anomaly-scorer/index.ts") && Object.keys(entry.inputs).includes("src/analytics/anomaly.ts"));
        for (const [p, h] of Object.entries(entry.inputs)) assert.equal(h, sha256(fs.readFileSync(path.join(root, p))), p);
        assert.equal(entry.configs["package.json"], sha256(fs.readFileSync(path.join(root, "package.json"))));
        assert.equal(entry.configs["tsconfig.json"], sha256(fs.readFileSync(path.join(root, "tsconfig.json"))));
        assert.equal(entry.configs["functions/anomaly-scorer/package.json"], null);
        assert.equal(
            entry.dirs["src/analytics"],
            sha256(
                fs
                    .readdirSync(path.join(root, "src", "analytics"))
                    .sort()
                    .join("\0"),
            ),
        );
        assert.deepEqual(Object.keys(entry.outputs).sort(), [...REGIONAL_FUNCTIONS].sort());
        for (const [n, o] of Object.entries(entry.outputs)) assert.deepEqual(o, { sha256: reference.get(n)!.sha256, code: reference.get(n)!.code }, n);
    });

    it("a second call in a fresh module state reads the entry without running esbuild, byte for byte", () => {
        bundlesOf(root);
        const entryBefore = fs.readFileSync(path.join(cache, "bundles", entryFiles(cache)[0]), "utf8");
        resetStats();
        setBundlerForTests(noEsbuild);
        const got = bundlesOf(root);
        assert.deepEqual(bundleStats, { esbuildRuns: 0, diskHits: 1, diskMisses: 0, diskWrites: 0 });
        for (const [n, b] of reference) assert.deepEqual(got.get(n), b, n);
        assert.equal(fs.readFileSync(path.join(cache, "bundles", entryFiles(cache)[0]), "utf8"), entryBefore, "a hit rewrites nothing");
        // the per-process memo stays in front: the same object, no disk read
        assert.equal(bundleFunction("db-migrate", root), bundleFunction("db-migrate", root));
        assert.equal(bundleStats.diskHits, 1);
    });

    it("a new process with the cache warm does not run esbuild (child process)", () => {
        bundlesOf(root);
        const script = `const b = require(${JSON.stringify(BUNDLE_JS)}); const x = b.bundleFunction("anomaly-scorer", ${JSON.stringify(root)}); process.stdout.write(JSON.stringify({ stats: b.bundleStats, sha256: x.sha256, esbuildLoaded: Object.keys(require.cache).some((k) => k.includes("/node_modules/esbuild/lib/")) }));`;
        const out = JSON.parse(execFileSync(process.execPath, ["-e", script], { env: { ...process.env, FLEET_CACHE_DIR: cache }, encoding: "utf8" }));
        assert.deepEqual(out, {
            stats: { esbuildRuns: 0, diskHits: 1, diskMisses: 0, diskWrites: 0 },
            sha256: reference.get("anomaly-scorer")!.sha256,
            esbuildLoaded: false,
        });
    });

    it("a changed entry point is a miss: esbuild runs, the new code is returned, and the entry is rewritten once the file has settled", () => {
        bundlesOf(root);
        const file = path.join(root, "functions", "anomaly-scorer", "index.ts");
        fs.appendFileSync(file, '\nconsole.log("cache probe");\n');
        const expected = freshBundles(root);
        assert.notEqual(expected.get("anomaly-scorer")!.sha256, reference.get("anomaly-scorer")!.sha256);
        assert.equal(expected.get("db-migrate")!.sha256, reference.get("db-migrate")!.sha256);

        resetStats();
        const got = bundlesOf(root);
        assert.deepEqual(got, expected);
        assert.match(got.get("anomaly-scorer")!.code, /console\.log\("cache probe"\)/);
        // just modified: esbuild might have read the file mid-edit, so the result is not recorded
        assert.deepEqual(bundleStats, { esbuildRuns: 1, diskHits: 0, diskMisses: 1, diskWrites: 0 });
        assert.equal(readEntry(cache).outputs["anomaly-scorer"].sha256, reference.get("anomaly-scorer")!.sha256);

        backdate(root);
        resetStats();
        assert.deepEqual(bundlesOf(root), expected);
        assert.deepEqual(bundleStats, { esbuildRuns: 1, diskHits: 0, diskMisses: 1, diskWrites: 1 });
        assert.equal(readEntry(cache).outputs["anomaly-scorer"].sha256, expected.get("anomaly-scorer")!.sha256);
        assert.equal(readEntry(cache).inputs["functions/anomaly-scorer/index.ts"], sha256(fs.readFileSync(file)));

        resetStats();
        setBundlerForTests(noEsbuild);
        assert.deepEqual(bundlesOf(root), expected);
        assert.deepEqual(bundleStats, { esbuildRuns: 0, diskHits: 1, diskMisses: 0, diskWrites: 0 });
    });

    it("a changed imported source under src/ is a miss even when the bundle comes out the same", () => {
        bundlesOf(root);
        fs.appendFileSync(path.join(root, "src", "analytics", "anomaly.ts"), "\n// a comment esbuild drops\n");
        backdate(root);
        resetStats();
        assert.deepEqual(bundlesOf(root), reference);
        assert.deepEqual(bundleStats, { esbuildRuns: 1, diskHits: 0, diskMisses: 1, diskWrites: 1 });
    });

    it("a new file that wins an import's resolution (region.tsx beside src/naming/region.ts) is a miss", () => {
        bundlesOf(root);
        const names = path.join(root, "src", "naming", "region.ts");
        fs.writeFileSync(path.join(root, "src", "naming", "region.tsx"), fs.readFileSync(names, "utf8") + '\nconsole.log("shadowed");\n');
        backdate(root);
        resetStats();
        const got = bundlesOf(root);
        assert.deepEqual(bundleStats, { esbuildRuns: 1, diskHits: 0, diskMisses: 1, diskWrites: 1 });
        assert.match(got.get("anomaly-scorer")!.code, /console\.log\("shadowed"\)/);
        assert.deepEqual(got, freshBundles(root));
    });

    it("a package.json or tsconfig.json appearing or changing near an input is a miss", () => {
        bundlesOf(root);
        fs.writeFileSync(path.join(root, "functions", "anomaly-scorer", "package.json"), '{ "sideEffects": false }\n');
        backdate(root);
        resetStats();
        bundlesOf(root);
        assert.deepEqual(bundleStats, { esbuildRuns: 1, diskHits: 0, diskMisses: 1, diskWrites: 1 });

        fs.appendFileSync(path.join(root, "tsconfig.json"), "\n");
        backdate(root);
        resetStats();
        bundlesOf(root);
        assert.deepEqual(bundleStats, { esbuildRuns: 1, diskHits: 0, diskMisses: 1, diskWrites: 1 });
    });

    for (const [what, damage] of [
        ["truncated", (text: string) => text.slice(0, Math.floor(text.length / 2))],
        ["empty", () => ""],
        ["not JSON", () => "\u0000garbage"],
        [
            "code that does not match its SHA-256",
            (text: string) => {
                const e = JSON.parse(text);
                e.outputs["anomaly-scorer"].code += "\nprocess.exit(1);";
                return JSON.stringify(e);
            },
        ],
        [
            "an output missing",
            (text: string) => {
                const e = JSON.parse(text);
                delete e.outputs["db-migrate"];
                return JSON.stringify(e);
            },
        ],
        ["no inputs to check", (text: string) => JSON.stringify({ ...JSON.parse(text), inputs: {} })],
    ] as const) {
        it(`a corrupt entry (${what}) is a miss: esbuild's bytes, and the entry is repaired`, () => {
            bundlesOf(root);
            const file = path.join(cache, "bundles", entryFiles(cache)[0]);
            const good = fs.readFileSync(file, "utf8");
            const bad = damage(good);
            assert.notEqual(bad, good, "the damage changes the entry");
            fs.writeFileSync(file, bad);
            resetStats();
            assert.deepEqual(bundlesOf(root), reference);
            assert.deepEqual(bundleStats, { esbuildRuns: 1, diskHits: 0, diskMisses: 1, diskWrites: 1 });
            assert.equal(fs.readFileSync(file, "utf8"), good);
        });
    }

    it("FLEET_NO_CACHE=1 reads and writes nothing: esbuild runs in every fresh process", () => {
        bundlesOf(root); // a valid entry exists
        const before = cacheFiles(cache);
        process.env.FLEET_NO_CACHE = "1";
        fs.rmSync(cache, { recursive: true });
        resetStats();
        assert.deepEqual(bundlesOf(root), reference);
        assert.deepEqual(bundlesOf(root), reference);
        assert.deepEqual(bundleStats, { esbuildRuns: 2, diskHits: 0, diskMisses: 0, diskWrites: 0 });
        assert.equal(fs.existsSync(cache), false, "FLEET_NO_CACHE=1 created nothing");
        assert.equal(before.length, 2);
    });

    it("a cache directory that cannot be created still bundles, writing nothing", () => {
        fs.writeFileSync(path.join(tmp, "a-file"), "");
        process.env.FLEET_CACHE_DIR = path.join(tmp, "a-file", "cache");
        resetStats();
        assert.deepEqual(bundlesOf(root), reference);
        assert.deepEqual(bundlesOf(root), reference);
        assert.deepEqual(bundleStats, { esbuildRuns: 2, diskHits: 0, diskMisses: 0, diskWrites: 0 });
        assert.equal(fs.statSync(path.join(tmp, "a-file")).isFile(), true);
    });

    it("a bundles directory others may write is not trusted: bundled every time, nothing read or written there", () => {
        bundlesOf(root);
        const dir = path.join(cache, "bundles");
        fs.chmodSync(dir, 0o777);
        const before = cacheFiles(cache);
        clearCacheDirMemo();
        resetStats();
        setBundlerForTests(undefined);
        assert.deepEqual(bundlesOf(root), reference);
        assert.deepEqual(bundleStats, { esbuildRuns: 1, diskHits: 0, diskMisses: 0, diskWrites: 0 });
        assert.deepEqual(cacheFiles(cache), before);
    });

    it("a bundles directory owned by another user is not trusted (as root, who can give it away)", function () {
        if (process.getuid?.() !== 0) this.skip();
        bundlesOf(root);
        fs.chownSync(path.join(cache, "bundles"), 65534, 65534);
        const before = cacheFiles(cache);
        clearCacheDirMemo();
        resetStats();
        assert.deepEqual(bundlesOf(root), reference);
        assert.deepEqual(bundleStats, { esbuildRuns: 1, diskHits: 0, diskMisses: 0, diskWrites: 0 });
        assert.deepEqual(cacheFiles(cache), before);
    });

    it("a read-only bundles directory still bundles (not as root: root writes anyway)", function () {
        if (process.getuid?.() === 0) this.skip();
        fs.mkdirSync(path.join(cache, "bundles"), { recursive: true, mode: 0o500 });
        clearCacheDirMemo();
        resetStats();
        assert.deepEqual(bundlesOf(root), reference);
        assert.deepEqual(bundleStats, { esbuildRuns: 1, diskHits: 0, diskMisses: 0, diskWrites: 0 });
        assert.deepEqual(cacheFiles(cache), []);
    });

    it("a miss prunes entries unused for 30 days (at most daily); a hit prunes nothing", () => {
        const dir = path.join(cache, "bundles");
        fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
        const old = path.join(dir, `${"0".repeat(64)}.json`);
        const recent = path.join(dir, `${"1".repeat(64)}.json`);
        fs.writeFileSync(old, "{}");
        fs.writeFileSync(recent, "{}");
        fs.utimesSync(old, new Date(Date.now() - 31 * DAY), new Date(Date.now() - 31 * DAY));
        fs.utimesSync(recent, new Date(Date.now() - 29 * DAY), new Date(Date.now() - 29 * DAY));
        bundlesOf(root); // a miss: writes its entry, prunes
        // The new entry's name is a hash of options holding the temporary root: it may start with 0 or 1 too.
        const mine = entryFiles(cache).filter((f) => f !== path.basename(old) && f !== path.basename(recent));
        assert.equal(mine.length, 1);
        assert.deepEqual(cacheFiles(cache), [PRUNE_STAMP, ...[`${"1".repeat(64)}.json`, ...mine].sort()]);

        // a hit with an expired entry present and no prune stamp: nothing is deleted
        fs.writeFileSync(old, "{}");
        fs.utimesSync(old, new Date(Date.now() - 31 * DAY), new Date(Date.now() - 31 * DAY));
        fs.rmSync(path.join(dir, PRUNE_STAMP));
        resetStats();
        bundlesOf(root);
        assert.equal(bundleStats.diskHits, 1);
        assert.equal(fs.existsSync(old), true);
    });

    it("parallel cold processes agree: one valid entry, no temporary file, the same bytes", async () => {
        const script = `const b = require(${JSON.stringify(BUNDLE_JS)}); process.stdout.write(b.bundleFunction("telemetry-writer", ${JSON.stringify(root)}).sha256);`;
        const run = () =>
            new Promise<string>((resolve, reject) => {
                const p = spawn(process.execPath, ["-e", script], { env: { ...process.env, FLEET_CACHE_DIR: cache }, stdio: ["ignore", "pipe", "inherit"] });
                let out = "";
                p.stdout.on("data", (d) => (out += d));
                p.on("error", reject);
                p.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`child exited ${code}`))));
            });
        const shas = await Promise.all([run(), run(), run(), run()]);
        assert.deepEqual(shas, Array(4).fill(reference.get("telemetry-writer")!.sha256));
        assert.equal(entryFiles(cache).length, 1);
        assert.deepEqual(
            cacheFiles(cache).filter((f) => f.endsWith(".tmp")),
            [],
        );
        resetStats();
        setBundlerForTests(noEsbuild);
        assert.deepEqual(bundlesOf(root), reference);
        assert.equal(bundleStats.diskHits, 1);
    });

    it("different repository roots and function groups have separate entries", () => {
        bundlesOf(root);
        const other = copyRepo(fs.mkdtempSync(path.join(tmp, "other-")));
        fs.mkdirSync(path.join(other, "functions", "solo"));
        fs.writeFileSync(path.join(other, "functions", "solo", "index.ts"), 'export const handler = async () => "solo";\n');
        backdate(other);
        resetStats();
        clearBundleMemo();
        const solo = bundleFunction("solo", other);
        assert.match(solo.code, /"solo"/);
        assert.equal(solo.sha256, sha256(solo.code));
        assert.deepEqual(bundlesOf(other), reference);
        assert.deepEqual(bundleStats, { esbuildRuns: 2, diskHits: 0, diskMisses: 2, diskWrites: 2 });
        assert.equal(entryFiles(cache).length, 3);
    });
});
