/**
 * What the bundle cache tests share (bundle-cache.test.ts, bundle-entry-cache.test.ts): a copy
 * of the repository's sources in a temporary root, old enough for the cache to record, the cache
 * directory's files, and the bundler's counters.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { bundleStats, clearBundleMemo, setBundlerForTests } from "../../src/analytics/bundle";
import { clearCacheDirMemo } from "../../src/util/cache-dir";

export const REPO = path.resolve(__dirname, "..", "..", "..");
/** The compiled bundler, for tests that run it in a child process. */
export const BUNDLE_JS = path.resolve(__dirname, "..", "..", "src", "analytics", "bundle.js");
export const HOUR = 60 * 60 * 1000;
/** The environment the caches read; tests save, clear and restore these. */
export const ENV_KEYS = ["FLEET_CACHE_DIR", "FLEET_NO_CACHE", "XDG_CACHE_HOME"] as const;

export const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

/** Set every file and directory under `dir` (and `dir`) to `ago` milliseconds in the past. */
export function backdate(dir: string, ago = HOUR): void {
    const t = new Date(Date.now() - ago);
    for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) fs.utimesSync(path.join(e.parentPath, e.name), t, t);
    fs.utimesSync(dir, t, t);
}

/** A repository root holding copies of what the bundles are made from, none of it just modified. */
export function copyRepo(into: string): string {
    const root = path.join(into, "repo");
    fs.mkdirSync(root);
    for (const p of ["functions", "src"]) fs.cpSync(path.join(REPO, p), path.join(root, p), { recursive: true });
    for (const f of ["package.json", "tsconfig.json"]) fs.copyFileSync(path.join(REPO, f), path.join(root, f));
    backdate(root);
    return root;
}

/** The files of the bundles cache directory, temporary and prune stamp included. */
export function cacheFiles(cache: string): string[] {
    const dir = path.join(cache, "bundles");
    return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

/** The entries of the bundles cache directory. */
export function entryFiles(cache: string): string[] {
    return cacheFiles(cache).filter((f) => f.endsWith(".json"));
}

export function resetStats(): void {
    Object.assign(bundleStats, { esbuildRuns: 0, diskHits: 0, diskMisses: 0, diskWrites: 0 });
}

/** A bundler that fails the test if it is called. */
export const noEsbuild = () => {
    throw new Error("esbuild must not run: the bundle is in the cache");
};

export type SavedEnv = Partial<Record<(typeof ENV_KEYS)[number], string>>;

/** After a test: the real bundler, empty memos, the environment as it was, the temporary root gone. */
export function cleanUpAfterTest(saved: SavedEnv, tmp: string): void {
    setBundlerForTests(undefined);
    clearBundleMemo();
    clearCacheDirMemo();
    for (const k of ENV_KEYS) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
    }
    fs.rmSync(tmp, { recursive: true, force: true });
}

/** What `fn` returns with FLEET_NO_CACHE=1 (no cache read or written); the variable and the bundle memo are restored after. */
export function withoutCache<T>(fn: () => T): T {
    const saved = process.env.FLEET_NO_CACHE;
    process.env.FLEET_NO_CACHE = "1";
    clearBundleMemo();
    try {
        return fn();
    } finally {
        if (saved === undefined) delete process.env.FLEET_NO_CACHE;
        else process.env.FLEET_NO_CACHE = saved;
        clearBundleMemo();
    }
}

export interface Sandbox<R> {
    tmp: string;
    root: string;
    cache: string;
    reference: R;
}

/**
 * Before each test of the calling describe: a temporary root (copyRepo), the cache variables
 * cleared, `reference(root)` made with the real bundler and no cache, FLEET_CACHE_DIR at
 * <tmp>/cache, empty memos and zero counters; `ready` receives them. After each: cleanUpAfterTest.
 */
export function bundleSandboxPerTest<R>(prefix: string, reference: (root: string) => R, ready: (sandbox: Sandbox<R>) => void): void {
    const savedEnv: SavedEnv = {};
    let tmp = "";
    before(() => {
        for (const k of ENV_KEYS) savedEnv[k] = process.env[k];
    });
    beforeEach(() => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
        const root = copyRepo(tmp);
        const cache = path.join(tmp, "cache");
        for (const k of ENV_KEYS) delete process.env[k];
        setBundlerForTests(undefined);
        const made = reference(root);
        process.env.FLEET_CACHE_DIR = cache;
        clearCacheDirMemo();
        clearBundleMemo();
        resetStats();
        ready({ tmp, root, cache, reference: made });
    });
    afterEach(() => cleanUpAfterTest(savedEnv, tmp));
}
