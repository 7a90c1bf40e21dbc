/**
 * Lambda code, bundled by the program itself: esbuild compiles `functions/<name>/index.ts` (and
 * what it imports from `src/`) into one CommonJS file at program run time, so `pulumi up` needs
 * no build step. The AWS SDK v3 stays external: the nodejs22.x runtime ships it, which keeps
 * bundles a few kilobytes and bundling a few milliseconds.
 *
 * Bundles are cached per process and deterministic (same source → same bytes, no timestamps,
 * no absolute paths), and the SHA-256 of the code is exposed so that plans show a code change.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

export const LAMBDA_RUNTIME = "nodejs22.x";
export const ESBUILD_TARGET = "node22";

export interface Bundle {
    /** The function's directory name under functions/. */
    name: string;
    code: string;
    /** Hex SHA-256 of `code`. */
    sha256: string;
}

const cache = new Map<string, Bundle>();

/** The regional functions: bundled together in one esbuild call the first time any is asked for. */
export const REGIONAL_FUNCTIONS = ["anomaly-scorer", "db-migrate", "registry-sync", "telemetry-writer", "work-order-ack", "work-order-ack-request"] as const;

/** The repository root: the nearest ancestor of this file that holds functions/ and package.json. */
export function repoRoot(from = __dirname): string {
    let dir = from;
    for (;;) {
        if (fs.existsSync(path.join(dir, "functions")) && fs.existsSync(path.join(dir, "package.json"))) return dir;
        const up = path.dirname(dir);
        if (up === dir) throw new Error(`cannot find the functions/ directory above ${from}`);
        dir = up;
    }
}

/** Bundle one function (cached per process); the regional functions are bundled in one call. */
export function bundleFunction(name: string, root = repoRoot()): Bundle {
    const key = `${root}\0${name}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const names: string[] = (REGIONAL_FUNCTIONS as readonly string[]).includes(name) ? [...REGIONAL_FUNCTIONS] : [name];
    for (const n of names) {
        const entry = path.join(root, "functions", n, "index.ts");
        if (!fs.existsSync(entry)) throw new Error(`Lambda function ${JSON.stringify(n)} has no source: ${path.relative(root, entry)} is missing`);
    }
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const esbuild = require("esbuild") as typeof import("esbuild");
    const result = esbuild.buildSync({
        entryPoints: Object.fromEntries(names.map((n) => [n, path.join("functions", n, "index.ts")])),
        absWorkingDir: root,
        outdir: "bundle", // nothing is written (write: false); names the outputs
        bundle: true,
        platform: "node",
        target: ESBUILD_TARGET,
        format: "cjs",
        external: ["@aws-sdk/*"],
        write: false,
        minify: false,
        sourcemap: false,
        legalComments: "none",
        logLevel: "silent",
        charset: "utf8",
    });
    if (result.errors.length > 0) throw new Error(`bundling ${names.join(", ")} failed: ${result.errors.map((e) => e.text).join("; ")}`);
    for (const out of result.outputFiles) {
        const n = path.basename(out.path, ".js");
        cache.set(`${root}\0${n}`, { name: n, code: out.text, sha256: createHash("sha256").update(out.text).digest("hex") });
    }
    const bundle = cache.get(key);
    if (!bundle) throw new Error(`bundling ${name} produced no output`);
    return bundle;
}
