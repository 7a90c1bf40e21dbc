/**
 * The Comprehend endpoint manager's Lambda code, bundled by the program (no build step): esbuild
 * compiles src/global/comprehend-endpoint-lambda.ts with what it imports; the AWS SDK stays
 * external (the nodejs22.x runtime ships it). Deterministic and cached per process.
 */
import { createHash } from "node:crypto";
import * as path from "node:path";
import { repoRoot } from "../analytics/bundle";

let cached: { code: string; sha256: string } | undefined;

export function endpointManagerBundle(): { code: string; sha256: string } {
    if (cached) return cached;
    const root = repoRoot();
    const esbuild = require("esbuild") as typeof import("esbuild");
    const result = esbuild.buildSync({
        entryPoints: [path.join("src", "global", "comprehend-endpoint-lambda.ts")],
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
    if (result.errors.length > 0) throw new Error(`bundling the Comprehend endpoint manager failed: ${result.errors.map((e) => e.text).join("; ")}`);
    const code = result.outputFiles[0].text;
    cached = { code, sha256: createHash("sha256").update(code).digest("hex") };
    return cached;
}
