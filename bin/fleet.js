#!/usr/bin/env node
"use strict";
// The `fleet` command: runs the compiled CLI (`npm run build` makes dist/).
const path = require("node:path");
const fs = require("node:fs");
const entry = path.join(__dirname, "..", "dist", "cli", "index.js");
if (!fs.existsSync(entry)) {
    process.stderr.write("fleet: the CLI is not built yet; run `npm run build` in " + path.join(__dirname, "..") + "\n");
    process.exit(2);
}
// A reader that stops early (`fleet plan -o json | head`, `fleet validate 2>&1 | head`) is not an
// error: stop quietly, on either stream.
for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (err) => {
        if (err && err.code === "EPIPE") process.exit(process.exitCode ?? 0);
        throw err;
    });
}
require(entry).main(process.argv).then(
    (code) => { process.exitCode = code; },
    (err) => { process.stderr.write(String(err && err.stack || err) + "\n"); process.exitCode = 70; },
);
