/**
 * Lambda code, bundled by the program itself: esbuild compiles `functions/<name>/index.ts` (and
 * what it imports from `src/`) into one CommonJS file at program run time, so `pulumi up` needs
 * no build step. bundleFunction(name) bundles a function of functions/; bundleEntry(name, entry)
 * bundles any other entry point under the repository root (the global stack's Comprehend
 * endpoint manager, src/region/comprehend-endpoint-bundle.ts) with the same options and through the same caches. The AWS SDK v3 stays external: the Lambda runtime (LAMBDA_RUNTIME) ships it, which keeps
 * bundles a few kilobytes.
 *
 * Bundles are deterministic (same source → same bytes, no timestamps, no absolute paths), and the
 * SHA-256 of the code is exposed so that plans show a code change.
 *
 * Bundling costs ~250 ms of CPU and an esbuild child process, so bundles are cached twice: per
 * process (a Map), and on disk (`<cache root>/bundles/`, see src/util/cache-dir.ts) for the next
 * process. A disk entry is keyed by the esbuild version and the complete build options (which
 * hold the repository root and the entry points with their names) and records what the bundle was made from:
 * - the SHA-256 of every input file esbuild read (its metafile);
 * - the SHA-256 (or absence) of every package.json, tsconfig.json and jsconfig.json from each
 *   input's directory up to the root, since esbuild reads them to compile and resolve;
 * - the file names in every directory an input or a relative import lives in, so that a new file
 *   that would win an import's resolution (`names.tsx` beside `names.ts`, `x.ts` beside `x/`) is seen;
 * - the SHA-256 of each output, checked against the code when the entry is read.
 * The entry is used only when all of it still holds, which makes it what esbuild would produce
 * now; anything else (stale, truncated, corrupt, unreadable) is a miss: esbuild runs and the
 * entry is rewritten. The cache can only make a run faster, never fail it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { BuildOptions, BuildResult } from "esbuild";
import { zipSync } from "fflate";
import { cacheDir, cacheKey, readCacheEntry, sha256, writeCacheEntry } from "../util/cache-dir";
import { rootWith } from "../util/repo-root";

/**
 * Packages the Lambda bundles leave out: the AWS SDK v3 (the Lambda runtime ships it) and
 * onnxruntime-web, whose WebAssembly file cannot be bundled. The zip of a function whose bundle
 * requires onnxruntime-web carries the package's run-time files instead (ortRuntimeFiles,
 * functionFiles): node_modules/ beside index.js, where Node finds it from /var/task.
 */
export const BUNDLE_EXTERNAL: readonly string[] = ["@aws-sdk/*", "onnxruntime-web"];

export { LAMBDA_RUNTIME } from "./lambda-runtime";
export const ESBUILD_TARGET = "node22";

export interface Bundle {
    /** The function's directory name under functions/, or the name given to bundleEntry. */
    name: string;
    code: string;
    /** Hex SHA-256 of `code`. */
    sha256: string;
}

/** Bundles of this process by `<root>\0<name>\0<entry point>`. */
const cache = new Map<string, Bundle>();
const memoKey = (root: string, name: string, entry: string) => `${root}\0${name}\0${entry}`;

/** The regional functions: bundled together in one esbuild call the first time any is asked for. */
export const REGIONAL_FUNCTIONS = [
    "anomaly-scorer",
    "db-migrate",
    "edge-anomaly",
    "model-trainer",
    "registry-sync",
    "telemetry-writer",
    "work-order-ack",
    "work-order-ack-request",
] as const;

/** The repository root: the nearest ancestor of this file that holds functions/ and package.json. */
export function repoRoot(from = __dirname): string {
    return rootWith("functions", from);
}

/** What happened to bundle requests in this process: how often esbuild ran, how often the disk answered. */
export const bundleStats = { esbuildRuns: 0, diskHits: 0, diskMisses: 0, diskWrites: 0 };

type Build = (options: BuildOptions & { write: false; metafile: true }) => BuildResult<BuildOptions & { write: false; metafile: true }>;
let buildOverride: Build | undefined;

/** Replace esbuild's buildSync (tests: a counting or failing bundler); undefined restores esbuild. */
export function setBundlerForTests(build: Build | undefined): void {
    buildOverride = build;
}

/** Forget the bundles of this process, so the next call starts as a fresh process would (tests). */
export function clearBundleMemo(): void {
    cache.clear();
}

/** Bump when the layout of a disk entry changes: old entries are then simply never read. */
const ENTRY_FORMAT = 1;
/** An input modified this close to the start of the build may not be what esbuild read: not cached. */
const RACY_MS = 2_000;
/** Files esbuild consults in each directory above an input. */
const CONFIG_FILES = ["package.json", "tsconfig.json", "jsconfig.json"];

interface CacheEntry {
    format: number;
    key: string;
    esbuild: string;
    /** Input files (relative to the root, as esbuild names them) → hex SHA-256. */
    inputs: Record<string, string>;
    /** package.json/tsconfig.json/jsconfig.json near the inputs → hex SHA-256, or null when absent. */
    configs: Record<string, string | null>;
    /** Directories of inputs and relative imports → hex SHA-256 of their sorted file names, or null when absent. */
    dirs: Record<string, string | null>;
    /** Bundle (function) name → code and its hex SHA-256. */
    outputs: Record<string, { sha256: string; code: string }>;
}

/** Bundle one function (cached per process and on disk); the regional functions are bundled in one call. */
export function bundleFunction(name: string, root = repoRoot()): Bundle {
    const names: string[] = (REGIONAL_FUNCTIONS as readonly string[]).includes(name) ? [...REGIONAL_FUNCTIONS] : [name];
    const entries = Object.fromEntries(names.map((n) => [n, path.join("functions", n, "index.ts")]));
    return bundleGroup(entries, name, root, (n, entry) => `Lambda function ${JSON.stringify(n)} has no source: ${entry} is missing`);
}

/** A bundle name: becomes the output file's name (`<name>.js`), so no path separators. */
const BUNDLE_NAME = /^[a-z0-9][a-z0-9-]*$/;

/**
 * Bundle one entry point (a path relative to `root`, inside it) as `name`, with the options and
 * the caches of bundleFunction: the Lambda code of a function that does not live in functions/.
 */
export function bundleEntry(name: string, entryPoint: string, root = repoRoot()): Bundle {
    if (!BUNDLE_NAME.test(name)) throw new Error(`bundle name ${JSON.stringify(name)} must be lowercase letters, digits and hyphens`);
    const entry = path.relative(root, path.resolve(root, entryPoint));
    if (path.isAbsolute(entryPoint) || entry === "" || entry === ".." || entry.startsWith(`..${path.sep}`)) {
        throw new Error(
            `entry point ${JSON.stringify(entryPoint)} of bundle ${JSON.stringify(name)} must be a file path relative to the repository root ${root}, inside it`,
        );
    }
    return bundleGroup({ [name]: entry }, name, root, (n, e) => `bundle ${JSON.stringify(n)} has no source: ${e} is missing`);
}

/**
 * Bundle `entries` (name → entry point relative to `root`) in one esbuild call, unless the
 * process or the disk already has them, and return the bundle `wanted`.
 */
function bundleGroup(entries: Record<string, string>, wanted: string, root: string, missing: (name: string, entry: string) => string): Bundle {
    const key = memoKey(root, wanted, entries[wanted]);
    const hit = cache.get(key);
    if (hit) return hit;
    const names = Object.keys(entries);
    for (const n of names) {
        if (!fs.existsSync(path.join(root, entries[n]))) throw new Error(missing(n, entries[n]));
    }
    const options = buildOptions(entries, root);
    const disk = diskSlot(options);
    const stored = disk && readEntry(disk, names, root);
    if (stored) {
        bundleStats.diskHits++;
        for (const [n, out] of Object.entries(stored.outputs)) cache.set(memoKey(root, n, entries[n]), { name: n, code: out.code, sha256: out.sha256 });
    } else {
        if (disk) bundleStats.diskMisses++;
        const started = Date.now();
        const result = runEsbuild(options);
        if (result.errors.length > 0) throw new Error(`bundling ${names.join(", ")} failed: ${result.errors.map((e) => e.text).join("; ")}`);
        const outputs: CacheEntry["outputs"] = {};
        for (const out of result.outputFiles) {
            const n = path.basename(out.path, ".js");
            if (!Object.hasOwn(entries, n)) continue;
            const b: Bundle = { name: n, code: out.text, sha256: sha256(out.text) };
            outputs[n] = { sha256: b.sha256, code: b.code };
            cache.set(memoKey(root, n, entries[n]), b);
        }
        if (disk) writeEntry(disk, root, result.metafile, outputs, started);
    }
    const bundle = cache.get(key);
    if (!bundle) throw new Error(`bundling ${wanted} produced no output`);
    return bundle;
}

/** esbuild's options for `entries` (name → entry point relative to `root`): the disk entry's key. */
function buildOptions(entries: Record<string, string>, root: string): BuildOptions & { write: false; metafile: true } {
    return {
        entryPoints: { ...entries },
        absWorkingDir: root,
        outdir: "bundle", // nothing is written (write: false); names the outputs
        bundle: true,
        platform: "node",
        target: ESBUILD_TARGET,
        format: "cjs",
        external: [...BUNDLE_EXTERNAL],
        write: false,
        metafile: true, // the inputs esbuild read: what a disk entry is checked against
        minify: false,
        sourcemap: false,
        legalComments: "none",
        logLevel: "silent",
        charset: "utf8",
    };
}

function runEsbuild(options: BuildOptions & { write: false; metafile: true }): BuildResult<BuildOptions & { write: false; metafile: true }> {
    bundleStats.esbuildRuns++;
    if (buildOverride) return buildOverride(options);

    const esbuild = require("esbuild") as typeof import("esbuild");
    return esbuild.buildSync(options);
}

/** The installed esbuild's version, read from its package.json (loading esbuild itself costs more). */
function esbuildVersion(): string | undefined {
    try {
        const v = (require("esbuild/package.json") as { version?: unknown }).version;
        return typeof v === "string" ? v : undefined;
    } catch {
        return undefined;
    }
}

interface DiskSlot {
    dir: string;
    file: string;
    key: string;
    esbuild: string;
}

/** Where the entry for these build options lives; undefined when there is no usable cache. */
function diskSlot(options: BuildOptions): DiskSlot | undefined {
    try {
        const dir = cacheDir("bundles");
        const version = esbuildVersion();
        if (dir === undefined || version === undefined) return undefined;
        const key = cacheKey("fleet-lambda-bundle", ENTRY_FORMAT, version, options);
        return { dir, file: `${key}.json`, key, esbuild: version };
    } catch {
        return undefined;
    }
}

/** Hex SHA-256 of a file's bytes; null when there is no such file (checked without an exception: most config files are absent). */
function fileHash(file: string): string | null {
    try {
        if (fs.statSync(file, { throwIfNoEntry: false }) === undefined) return null;
        return sha256(fs.readFileSync(file));
    } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT" || (e as NodeJS.ErrnoException).code === "ENOTDIR") return null;
        throw e;
    }
}

function listingHash(dir: string): string | null {
    try {
        return sha256(fs.readdirSync(dir).sort().join("\0"));
    } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT" || (e as NodeJS.ErrnoException).code === "ENOTDIR") return null;
        throw e;
    }
}

/** Whether `file` was modified so close to the start of the build that esbuild may have read an older version. */
function racy(file: string, started: number): boolean {
    try {
        return fs.statSync(file).mtimeMs > started - RACY_MS;
    } catch {
        return false;
    }
}

/** The stored bundles for `names`, when the entry is intact and everything it was made from is unchanged. */
function readEntry(slot: DiskSlot, names: string[], root: string): CacheEntry | undefined {
    try {
        const text = readCacheEntry(slot.dir, slot.file);
        if (text === undefined) return undefined;
        const e = JSON.parse(text) as CacheEntry;
        if (e.format !== ENTRY_FORMAT || e.key !== slot.key || e.esbuild !== slot.esbuild) return undefined;
        if (typeof e.inputs !== "object" || typeof e.configs !== "object" || typeof e.dirs !== "object" || typeof e.outputs !== "object") return undefined;
        const outs = Object.keys(e.outputs).sort();
        if (JSON.stringify(outs) !== JSON.stringify([...names].sort())) return undefined;
        for (const n of outs) {
            const o = e.outputs[n];
            if (typeof o?.code !== "string" || o.sha256 !== sha256(o.code)) return undefined;
        }
        if (Object.keys(e.inputs).length === 0) return undefined;
        for (const [p, h] of Object.entries(e.inputs)) if (fileHash(path.resolve(root, p)) !== h) return undefined;
        for (const [p, h] of Object.entries(e.configs)) if (fileHash(path.resolve(root, p)) !== h) return undefined;
        for (const [d, h] of Object.entries(e.dirs)) if (listingHash(path.resolve(root, d)) !== h) return undefined;
        return e;
    } catch {
        return undefined;
    }
}

/** Record what the bundles were made from and store them; skipped when an input changed during the build. */
function writeEntry(slot: DiskSlot, root: string, metafile: import("esbuild").Metafile, outputs: CacheEntry["outputs"], started: number): void {
    try {
        const inputs: CacheEntry["inputs"] = {};
        const configs: CacheEntry["configs"] = {};
        const dirs: CacheEntry["dirs"] = {};
        const watchedDirs = new Set<string>();
        const configDirs = new Set<string>();
        const rel = (abs: string) => path.relative(root, abs).split(path.sep).join("/") || ".";
        for (const [input, info] of Object.entries(metafile.inputs)) {
            const abs = path.resolve(root, input);
            const h = fileHash(abs);
            if (h === null || racy(abs, started)) return; // not a file, or changed while (or just before) esbuild read it
            inputs[input] = h;
            watchedDirs.add(path.dirname(abs));
            for (const imp of info.imports) {
                if (imp.external || imp.original === undefined || !/^\.\.?(\/|$)/.test(imp.original)) continue;
                watchedDirs.add(path.dirname(path.resolve(path.dirname(abs), imp.original)));
            }
            for (let d = path.dirname(abs); ; d = path.dirname(d)) {
                configDirs.add(d);
                if (d === root || path.dirname(d) === d) break;
            }
        }
        for (const d of configDirs) {
            for (const f of CONFIG_FILES) {
                const abs = path.join(d, f);
                const h = fileHash(abs);
                if (h !== null && racy(abs, started)) return;
                configs[rel(abs)] = h;
            }
        }
        for (const d of watchedDirs) {
            if (racy(d, started)) return; // a file was added or removed there during the build
            dirs[rel(d)] = listingHash(d);
        }
        const entry: CacheEntry = { format: ENTRY_FORMAT, key: slot.key, esbuild: slot.esbuild, inputs, configs, dirs, outputs };
        if (writeCacheEntry(slot.dir, slot.file, JSON.stringify(entry))) bundleStats.diskWrites++;
    } catch {
        // the cache is an optimisation: a bundle that cannot be recorded is still a bundle
    }
}

/** A bundle requires onnxruntime-web (esbuild writes an external require exactly like this). */
const ORT_REQUIRE = /\brequire\("onnxruntime-web"\)/;
/**
 * What onnxruntime-web's Node build imports dynamically, beside its entry file: the Emscripten
 * loader (ort-wasm-simd-threaded.mjs, named in dist/ort.node.min.js) and the WebAssembly module
 * it instantiates. The other variants in dist/ (jsep, jspi, asyncify: WebGPU and browsers) are
 * never loaded in Node with the "wasm" execution provider.
 */
export const ORT_DYNAMIC_FILES: readonly string[] = ["ort-wasm-simd-threaded.mjs", "ort-wasm-simd-threaded.wasm"];

/** A file of a function's zip: its path in the zip and the file it is read from. */
export interface ZipFile {
    /** Path inside the zip (forward slashes), e.g. node_modules/onnxruntime-web/package.json. */
    path: string;
    /** Absolute path of the installed file. */
    source: string;
}

const ortFilesMemo = new Map<string, ZipFile[]>();

/**
 * The files Node reads to run onnxruntime-web from `root`'s node_modules, sorted by zip path:
 * the `node`/`require` entry of its package.json exports with everything it requires statically
 * (esbuild follows the graph: onnxruntime-common's CommonJS build), every package.json Node reads
 * to resolve those files and their module type, and ORT_DYNAMIC_FILES. Nothing else of the 145 MB
 * package (other builds, source maps, type declarations). Paths keep the installed layout.
 */
export function ortRuntimeFiles(root = repoRoot()): ZipFile[] {
    const hit = ortFilesMemo.get(root);
    if (hit) return hit;
    const entry = require.resolve("onnxruntime-web", { paths: [root] });
    const esbuild = require("esbuild") as typeof import("esbuild");
    const result = esbuild.buildSync({
        entryPoints: [entry],
        absWorkingDir: root,
        bundle: true,
        write: false,
        metafile: true,
        platform: "node",
        format: "cjs",
        logLevel: "silent",
    });
    const files = new Set<string>();
    const modules = path.join(root, "node_modules");
    for (const input of Object.keys(result.metafile.inputs)) {
        const abs = path.resolve(root, input);
        files.add(abs);
        // the package.json files Node reads for them (module type, exports): each directory up to the package's own
        for (let d = path.dirname(abs); d.startsWith(modules + path.sep); d = path.dirname(d)) {
            const pj = path.join(d, "package.json");
            if (fs.existsSync(pj)) files.add(pj);
            const parent = path.basename(path.dirname(d));
            if (parent === "node_modules" || (parent.startsWith("@") && path.basename(path.dirname(path.dirname(d))) === "node_modules")) break;
        }
    }
    for (const f of ORT_DYNAMIC_FILES) {
        const abs = path.join(path.dirname(entry), f);
        if (!fs.existsSync(abs)) throw new Error(`onnxruntime-web has no ${f} beside ${entry}: the package changed; see docs/models.md`);
        files.add(abs);
    }
    const out = [...files]
        .map((source) => {
            const rel = path.relative(root, source).split(path.sep).join("/");
            if (!rel.startsWith("node_modules/")) throw new Error(`onnxruntime-web loads ${source}, outside ${modules}`);
            return { path: rel, source };
        })
        .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    ortFilesMemo.set(root, out);
    return out;
}

/** What goes into a function's zip besides index.js: onnxruntime-web's run-time files when its bundle requires it. */
export function functionFiles(bundle: Bundle, root = repoRoot()): ZipFile[] {
    return ORT_REQUIRE.test(bundle.code) ? ortRuntimeFiles(root) : [];
}

/** Fixed time of every zip entry: 1980-01-01, the earliest a zip can store. */
const ZIP_TIME = new Date(1980, 0, 1, 0, 0, 0);

/** The deployment zip of a function: index.js and functionFiles, sorted, fixed times, deflated (level 9). */
export function functionZip(name: string, root = repoRoot()): { zip: Uint8Array; sha256: string; paths: string[] } {
    const bundle = bundleFunction(name, root);
    const files: [string, Uint8Array][] = [
        ["index.js", new TextEncoder().encode(bundle.code)],
        ...functionFiles(bundle, root).map((f): [string, Uint8Array] => [f.path, fs.readFileSync(f.source)]),
    ];
    files.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const entries = Object.fromEntries(files.map(([p, data]) => [p, [data, { mtime: ZIP_TIME, os: 3, attrs: 0o100644 << 16, level: 9 }]]));
    const zip = zipSync(entries as never, { mtime: ZIP_TIME });
    return { zip, sha256: sha256(zip), paths: files.map(([p]) => p) };
}
