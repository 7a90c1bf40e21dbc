#!/usr/bin/env node
// Removes compiled files whose TypeScript source is gone (moved or deleted), so a stale
// dist/src/model/normalize.js cannot shadow dist/src/model/normalize/index.js and a moved test
// does not run twice. tsc's incremental build never deletes outputs; `npm run build` runs this after it.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const dist = path.join(root, "dist");
let removed = 0;
function walk(dir) {
    if (!fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) {
            walk(p);
            if (fs.readdirSync(p).length === 0) fs.rmdirSync(p);
            continue;
        }
        const m = /^(.*)\.js(\.map)?$/.exec(e.name);
        if (!m) continue;
        const rel = path.relative(dist, path.join(dir, m[1]));
        if (!fs.existsSync(path.join(root, `${rel}.ts`))) {
            fs.rmSync(p);
            removed++;
        }
    }
}
for (const top of fs.existsSync(dist) ? fs.readdirSync(dist) : []) {
    if (fs.statSync(path.join(dist, top)).isDirectory()) walk(path.join(dist, top));
}
if (removed > 0) console.error(`clean-dist: removed ${removed} compiled file(s) whose source is gone`);
