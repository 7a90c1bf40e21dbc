/**
 * The Comprehend endpoint manager's bundle (functions/comprehend-endpoint, bundled by
 * src/region/comprehend-endpoint-bundle.ts through bundleEntry) goes
 * through the disk cache of src/analytics/bundle.ts like the functions/ bundles: a fresh process
 * whose sources have not changed reads it instead of running esbuild and gets esbuild's bytes.
 * Every test works on a copy of functions/ and src/ in a temporary repository root and a
 * temporary FLEET_CACHE_DIR.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { bundleEntry, bundleFunction, bundleStats, clearBundleMemo, REGIONAL_FUNCTIONS, setBundlerForTests, type Bundle } from "../../src/analytics/bundle";
import { endpointManagerBundle, ENDPOINT_MANAGER } from "../../src/region/comprehend-endpoint-bundle";
import { backdate, BUNDLE_JS, bundleSandboxPerTest, entryFiles, noEsbuild, resetStats, sha256, withoutCache } from "./bundle-test-helpers";

const GLOBAL_BUNDLE_JS = path.resolve(__dirname, "..", "..", "src", "region", "comprehend-endpoint-bundle.js");

/** The global bundle as a fresh process gets it. */
function globalBundle(root: string): Bundle {
    clearBundleMemo();
    return { ...endpointManagerBundle(root) };
}

/** The global bundle of `root` with no cache at all. */
function freshGlobalBundle(root: string): Bundle {
    return withoutCache(() => globalBundle(root));
}

/** What the endpoint manager's bundle was before it used the cache: its own esbuild call (now on functions/comprehend-endpoint/index.ts). */
function previousBundleCode(root: string): string {
    const esbuild = require("esbuild") as typeof import("esbuild");
    const result = esbuild.buildSync({
        entryPoints: [ENDPOINT_MANAGER.entryPoint],
        absWorkingDir: root,
        outfile: "index.js",
        bundle: true,
        platform: "node",
        target: "node22",
        format: "cjs",
        external: ["@aws-sdk/*"],
        write: false,
        legalComments: "none",
        logLevel: "silent",
    });
    // esbuild names the entry's exports variable after the entry: `comprehend_endpoint_exports`
    // (the folder of index.ts) through bundleEntry's named entry point, `index_exports` through
    // this outfile call. That name is the only difference the two calls may have.
    return result.outputFiles[0].text.replace(/\bindex_exports\b/g, "comprehend_endpoint_exports");
}

describe("global: the Comprehend endpoint manager's bundle goes through the disk cache", function () {
    this.timeout(120_000);
    let root: string;
    let cache: string;
    let reference: Bundle;
    bundleSandboxPerTest("fleet-global-bundle-", freshGlobalBundle, (s) => ({ root, cache, reference } = s));

    it("the uncached bundle is byte for byte what the global stack's own esbuild call made before", () => {
        assert.equal(reference.code, previousBundleCode(root));
        assert.equal(reference.sha256, sha256(reference.code));
        assert.equal(reference.name, "comprehend-endpoint-manager");
        assert.match(reference.code, /exports\.handler|handler:/);
        assert.deepEqual(entryFiles(cache), [], "FLEET_NO_CACHE=1 wrote nothing");
    });

    it("the first call runs esbuild once and writes one entry made from the lambda's sources", () => {
        assert.deepEqual(globalBundle(root), reference);
        assert.deepEqual(bundleStats, { esbuildRuns: 1, diskHits: 0, diskMisses: 1, diskWrites: 1 });
        const files = entryFiles(cache);
        assert.equal(files.length, 1);
        const entry = JSON.parse(fs.readFileSync(path.join(cache, "bundles", files[0]), "utf8")) as {
            inputs: Record<string, string>;
            outputs: Record<string, { sha256: string; code: string }>;
        };
        assert.ok(Object.keys(entry.inputs).includes(ENDPOINT_MANAGER.entryPoint), Object.keys(entry.inputs).join(", "));
        assert.ok(
            Object.keys(entry.inputs).every((p) => p.startsWith("src/") || p.startsWith("functions/comprehend-endpoint/")),
            "only the lambda and what it imports",
        );
        for (const [p, h] of Object.entries(entry.inputs)) assert.equal(h, sha256(fs.readFileSync(path.join(root, p))), p);
        assert.deepEqual(entry.outputs, { "comprehend-endpoint-manager": { sha256: reference.sha256, code: reference.code } });
    });

    it("a second fresh call reads the cache without esbuild and equals a fresh bundle byte for byte", () => {
        globalBundle(root);
        resetStats();
        setBundlerForTests(noEsbuild);
        const second = globalBundle(root);
        assert.deepEqual(bundleStats, { esbuildRuns: 0, diskHits: 1, diskMisses: 0, diskWrites: 0 });
        assert.deepEqual(second, reference);
        assert.equal(second.code, previousBundleCode(root));
    });

    it("a new process with the cache warm does not load esbuild (child process)", () => {
        globalBundle(root);
        const script = `const g = require(${JSON.stringify(GLOBAL_BUNDLE_JS)}); const b = require(${JSON.stringify(BUNDLE_JS)}); const x = g.endpointManagerBundle(${JSON.stringify(root)}); process.stdout.write(JSON.stringify({ stats: b.bundleStats, sha256: x.sha256, esbuildLoaded: Object.keys(require.cache).some((k) => k.includes("/node_modules/esbuild/lib/")) }));`;
        const out = JSON.parse(execFileSync(process.execPath, ["-e", script], { env: { ...process.env, FLEET_CACHE_DIR: cache }, encoding: "utf8" }));
        assert.deepEqual(out, { stats: { esbuildRuns: 0, diskHits: 1, diskMisses: 0, diskWrites: 0 }, sha256: reference.sha256, esbuildLoaded: false });
    });

    it("a changed import of the lambda is a miss: esbuild runs and returns the new code", () => {
        globalBundle(root);
        const lambda = path.join(root, ENDPOINT_MANAGER.entryPoint);
        fs.appendFileSync(lambda, '\nexport const cacheProbe = "changed-global-lambda";\n');
        backdate(root);
        resetStats();
        setBundlerForTests(noEsbuild);
        assert.throws(() => globalBundle(root), /esbuild must not run/);
        setBundlerForTests(undefined);
        resetStats();
        const changed = globalBundle(root);
        assert.deepEqual(bundleStats, { esbuildRuns: 1, diskHits: 0, diskMisses: 1, diskWrites: 1 });
        assert.match(changed.code, /changed-global-lambda/);
        assert.equal(changed.code, previousBundleCode(root));
    });

    it("the global and the regional bundles have separate entries; neither changes the other", () => {
        globalBundle(root);
        clearBundleMemo();
        const regional = REGIONAL_FUNCTIONS.map((n) => bundleFunction(n, root));
        assert.deepEqual(bundleStats, { esbuildRuns: 2, diskHits: 0, diskMisses: 2, diskWrites: 2 });
        assert.equal(entryFiles(cache).length, 2);
        resetStats();
        setBundlerForTests(noEsbuild);
        assert.deepEqual(globalBundle(root), reference);
        assert.deepEqual(
            REGIONAL_FUNCTIONS.map((n) => bundleFunction(n, root)),
            regional,
        );
        assert.deepEqual(bundleStats, { esbuildRuns: 0, diskHits: 2, diskMisses: 0, diskWrites: 0 });
    });

    it("bundleEntry refuses a missing entry point, one outside the root, and a name that is not a file name", () => {
        assert.throws(() => bundleEntry("nope", "src/global/no-such-lambda.ts", root), {
            message: 'bundle "nope" has no source: src/global/no-such-lambda.ts is missing',
        });
        assert.throws(
            () => bundleEntry("escape", "../outside.ts", root),
            /entry point "\.\.\/outside\.ts" of bundle "escape" must be a file path relative to the repository root/,
        );
        assert.throws(() => bundleEntry("abs", path.join(root, ENDPOINT_MANAGER.entryPoint), root), /must be a file path relative to the repository root/);
        assert.throws(() => bundleEntry("a/b", ENDPOINT_MANAGER.entryPoint, root), /bundle name "a\/b" must be lowercase letters, digits and hyphens/);
        assert.deepEqual(bundleStats, { esbuildRuns: 0, diskHits: 0, diskMisses: 0, diskWrites: 0 });
    });
});
