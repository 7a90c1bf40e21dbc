#!/usr/bin/env node
/**
 * Bundles the policy pack into itself: policies/dist/index.js (the pack, package.json's main) and
 * policies/dist/pack.js (the policies without constructing the pack, for tests and tools), each
 * one file with the fleet loader and its libraries inside. Only @pulumi/policy and @pulumi/pulumi
 * stay outside: the engine's pack host provides them from the pack's own node_modules
 * (policies/package.json). So `pulumi preview --policy-pack ./policies`, a copy of the folder or a
 * published pack run without the repository around them.
 *
 * Run from anywhere: `node policies/build.js [outdir]` (npm run build runs it after tsc).
 */
"use strict";
const path = require("node:path");
const esbuild = require("esbuild");

const here = __dirname;
const outdir = path.resolve(process.argv[2] ?? path.join(here, "dist"));

esbuild
    .build({
        entryPoints: { index: path.join(here, "index.ts"), pack: path.join(here, "pack.ts") },
        outdir,
        bundle: true,
        platform: "node",
        target: "node20",
        format: "cjs",
        sourcemap: false,
        legalComments: "inline",
        external: ["@pulumi/policy", "@pulumi/pulumi"],
        logLevel: "warning",
        tsconfig: path.join(here, "..", "tsconfig.json"),
    })
    .then(() => process.stdout.write(`policy pack bundled into ${path.relative(process.cwd(), outdir) || "."}\n`))
    .catch(() => process.exit(1));
