/**
 * Every import of every source file follows the layer table (test/architecture/layers.ts). Reads the
 * TypeScript sources (not dist), resolves each relative import or require to a file, and names both
 * files of every edge that runs against the table.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { allowed, layerOf, LAYERS } from "./layers";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const SOURCE_DIRS = ["src", "components", "policies", "cli", "functions", "edge"];

function sources(dir: string, out: string[] = []): string[] {
    if (!fs.existsSync(dir)) return out;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory() && e.name !== "node_modules" && e.name !== "dist") sources(p, out);
        else if (e.isFile() && e.name.endsWith(".ts") && !e.name.endsWith(".d.ts")) out.push(p);
    }
    return out;
}

/** Relative module specifiers of `import ... from`, `export ... from`, `import("...")` and `require("...")`. */
export function specifiers(text: string): string[] {
    const found: string[] = [];
    const re = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)(["'])(\.{1,2}\/[^"']*)\1/gm;
    for (let m = re.exec(text); m; m = re.exec(text)) found.push(m[2]);
    return found;
}

function resolve(fromFile: string, spec: string): string | undefined {
    const base = path.resolve(path.dirname(fromFile), spec);
    for (const candidate of [base, `${base}.ts`, `${base}.json`, path.join(base, "index.ts")])
        if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
    return undefined;
}

const rel = (p: string) => path.relative(ROOT, p).split(path.sep).join("/");

describe("architecture: one-way layers", () => {
    it("finds the specifiers of every import form", () => {
        const text = [
            'import { a } from "../model/types";',
            'export * from "./fleet";',
            'import "./lazy-modules";',
            'const x = require("../../src/plan/plan") as typeof import("../../src/plan/plan");',
            'import * as fs from "node:fs";',
            'const y = await import("./late");',
        ].join("\n");
        assert.deepEqual(specifiers(text), ["../model/types", "./fleet", "./lazy-modules", "../../src/plan/plan", "../../src/plan/plan", "./late"]);
    });

    it("places files in layers by their longest prefix", () => {
        assert.equal(layerOf("src/model/normalize/index.ts")?.name, "model");
        assert.equal(layerOf("src/model/types.ts")?.name, "model");
        assert.equal(layerOf("src/util/cache-dir.ts")?.name, "util");
        assert.equal(layerOf("components/site/site.ts")?.name, "components");
        assert.equal(layerOf("cli/commands/plan.ts")?.name, "cli");
        assert.equal(layerOf("src/plan/plan.ts")?.name, "operations");
        assert.equal(layerOf("edge/collector/main.ts")?.name, "edge");
        assert.equal(layerOf("README.md"), undefined);
    });

    it("judges edges by the table: down is allowed, up and sideways across stacks are not", () => {
        const by = (n: string) => LAYERS.find((l) => l.name === n)!;
        assert.equal(allowed(by("components"), by("model")), true);
        assert.equal(allowed(by("model"), by("derivations")), false);
        assert.equal(allowed(by("model"), by("policies")), false);
        assert.equal(allowed(by("util"), by("model")), false);
        assert.equal(allowed(by("components"), by("program")), false);
        assert.equal(allowed(by("policies"), by("operations")), false);
        assert.equal(allowed(by("operations"), by("policies")), true);
        assert.equal(allowed(by("edge"), by("derivations"), "src/naming/index.ts"), false);
        assert.equal(allowed(by("edge"), by("model"), "src/model/types.ts"), true);
        assert.equal(allowed(by("edge"), by("model"), "src/model/load.ts"), false);
        assert.equal(allowed(by("edge"), by("derivations"), "src/analytics/telemetry.ts"), true);
        assert.equal(allowed(by("functions"), by("components")), false);
    });

    it("every source file lies in a layer, and every import runs down the table", () => {
        const files = SOURCE_DIRS.flatMap((d) => sources(path.join(ROOT, d)));
        assert.ok(files.length > 200, `found only ${files.length} source files`);
        const unplaced = files.map(rel).filter((f) => !layerOf(f));
        assert.deepEqual(unplaced, [], "source files outside every layer: add them to test/architecture/layers.ts");
        const violations: string[] = [];
        for (const file of files) {
            const from = layerOf(rel(file))!;
            for (const spec of specifiers(fs.readFileSync(file, "utf8"))) {
                const target = resolve(file, spec);
                if (!target || !target.startsWith(ROOT + path.sep)) continue;
                const to = layerOf(rel(target));
                if (!to) {
                    violations.push(`${rel(file)} (${from.name}) imports ${rel(target)}, which is in no layer`);
                    continue;
                }
                if (!allowed(from, to, rel(target))) violations.push(`${rel(file)} (${from.name}) imports ${rel(target)} (${to.name})`);
            }
        }
        assert.deepEqual(violations, [], `imports against the layer table (test/architecture/layers.ts):\n  ${violations.join("\n  ")}`);
    });
});
