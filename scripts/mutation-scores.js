#!/usr/bin/env node
/**
 * Writes the per-file mutation scores of a StrykerJS JSON report (mutation-testing-report-schema)
 * into the table of docs/testing.md, "Mutation testing of the policy pack". Rows of files the
 * report does not hold are kept, so targeted runs (`--mutate <files>`) add up.
 *
 *   node scripts/mutation-scores.js [reports/mutation/policies.json]
 *   node scripts/mutation-scores.js reports/mutation/edge.json --section edge
 *
 * `--section NAME` writes the table between `<!-- mutation-scores:NAME:begin ... -->` and
 * `<!-- mutation-scores:NAME:end -->` instead (the edge runtime's table, stryker.edge.conf.json).
 *
 * Score as StrykerJS computes it: (killed + timeout) / (killed + timeout + survived + no coverage).
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const args = process.argv.slice(2);
const sectionAt = args.indexOf("--section");
const section = sectionAt >= 0 ? args.splice(sectionAt, 2)[1] : undefined;
if (sectionAt >= 0 && !/^[a-z][a-z0-9-]*$/.test(section ?? "")) throw new Error("--section: expected a name such as edge");
const reportPath = path.resolve(root, args[0] ?? "reports/mutation/policies.json");
const docPath = path.join(root, "docs", "testing.md");
const tag = section ? `mutation-scores:${section}` : "mutation-scores";
const BEGIN = `<!-- ${tag}:begin (scripts/mutation-scores.js) -->`;
const END = `<!-- ${tag}:end -->`;

const report = JSON.parse(fs.readFileSync(reportPath, "utf8"));
const date = new Date(fs.statSync(reportPath).mtime).toISOString().slice(0, 10);
const rows = new Map();
const doc = fs.readFileSync(docPath, "utf8");
const start = doc.indexOf(BEGIN);
const end = doc.indexOf(END);
if (start < 0 || end < start) throw new Error(`${docPath} has no ${BEGIN} ... ${END} block`);
for (const line of doc.slice(start + BEGIN.length, end).split("\n")) {
    const m = /^\| `([^`]+)` \|/.exec(line);
    if (m) rows.set(m[1], line);
}
for (const [file, { mutants }] of Object.entries(report.files)) {
    const n = (status) => mutants.filter((m) => m.status === status).length;
    const detected = n("Killed") + n("Timeout");
    const valid = detected + n("Survived") + n("NoCoverage");
    const score = valid === 0 ? "n/a" : `${((100 * detected) / valid).toFixed(2)}%`;
    const rel = path.relative(root, path.resolve(root, file)).split(path.sep).join("/");
    rows.set(rel, `| \`${rel}\` | ${score} | ${detected} | ${n("Survived")} | ${n("NoCoverage")} | ${date} |`);
}
const table = [
    "| file | score | killed + timeout | survived | no coverage | run |",
    "|---|---|---|---|---|---|",
    ...[...rows.keys()].sort().map((k) => rows.get(k)),
];
fs.writeFileSync(docPath, `${doc.slice(0, start + BEGIN.length)}\n${table.join("\n")}\n${doc.slice(end)}`);
console.log(`${docPath}: ${report ? Object.keys(report.files).length : 0} file(s) from ${path.relative(root, reportPath)}`);
