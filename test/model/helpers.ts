/**
 * Helpers of the model tests: temporary fleet directories made from the base fixture
 * (test/fixtures/model/base) with one change, from YAML text or from JS objects.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { formatDiagnostic } from "../../src/model/diagnostics";
import { POLICY_NAMES } from "../../policies/catalogue";
import { loadFleet, type LoadResult } from "../../src/model/load";

/** The repository root (tests run from dist/test/model). */
export const REPO = path.resolve(__dirname, "..", "..", "..");
export const BASE = path.join(REPO, "test", "fixtures", "model", "base");
export const HOSTILE = path.join(REPO, "test", "fixtures", "hostile");

/** What a test puts at a path: text, a JS object (written as YAML), an edit of the base text, or null to delete. */
export type FileChange = string | Buffer | object | null | ((text: string) => string);

const made: string[] = [];

/** The text of every file of a fixture directory, by relative path. */
export function readTree(dir: string): Record<string, string> {
    const out: Record<string, string> = {};
    const walk = (rel: string) => {
        for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
            const r = rel ? `${rel}/${e.name}` : e.name;
            if (e.isDirectory()) walk(r);
            else out[r] = fs.readFileSync(path.join(dir, r), "utf8");
        }
    };
    walk("");
    return out;
}

/** A new empty temporary directory, removed by cleanup(). */
export function tempDir(prefix = "fleet-test-"): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    made.push(dir);
    return dir;
}

/** A copy of the repository's example fleet (fleet.yaml, sites/, certs/; not its git history) in a temporary directory. */
export function exampleCopy(prefix = "fleet-example-"): string {
    const dir = tempDir(prefix);
    fs.copyFileSync(path.join(REPO, "fleet.yaml"), path.join(dir, "fleet.yaml"));
    fs.cpSync(path.join(REPO, "sites"), path.join(dir, "sites"), { recursive: true });
    fs.cpSync(path.join(REPO, "certs"), path.join(dir, "certs"), { recursive: true });
    return dir;
}

/**
 * A temporary fleet directory: the base fixture (or `base`) with `changes` applied. A function
 * change edits the base text of that file; an object is written as YAML; null deletes.
 */
export function fleetDir(changes: Record<string, FileChange> = {}, base: Record<string, string> = readTree(BASE)): string {
    const dir = tempDir();
    const files: Record<string, string | Buffer> = { ...base };
    for (const [rel, change] of Object.entries(changes)) {
        if (change === null) delete files[rel];
        else if (typeof change === "function") {
            assert.ok(rel in files, `no base file ${rel} to edit`);
            files[rel] = change(files[rel] as string);
        } else if (typeof change === "string" || Buffer.isBuffer(change)) files[rel] = change;
        else files[rel] = toYaml(change);
    }
    for (const [rel, content] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
        fs.writeFileSync(path.join(dir, rel), content);
    }
    return dir;
}

/** A fleet directory with only fleet.yaml (from the base) and the given files. */
export function fleetWith(files: Record<string, FileChange>): string {
    const base = readTree(BASE);
    return fleetDir(files, { "fleet.yaml": base["fleet.yaml"] });
}

/** Replace exactly one occurrence of `from` (each pair in turn); fails the test otherwise. */
export function edit(...pairs: [string, string][]): (text: string) => string {
    return (text) => {
        for (const [from, to] of pairs) {
            const count = text.split(from).length - 1;
            assert.equal(count, 1, `edit: expected exactly one ${JSON.stringify(from)} in the base text, found ${count}`);
            text = text.replace(from, () => to);
        }
        return text;
    };
}

/** Insert lines after the (single) line that equals `after`. */
export function insertAfter(after: string, lines: string): (text: string) => string {
    return edit([`${after}\n`, `${after}\n${lines.endsWith("\n") ? lines : `${lines}\n`}`]);
}

export function toYaml(value: unknown): string {
    return stringify(value, { lineWidth: 0 });
}

/** Every diagnostic of loading a directory, formatted as the CLI prints it. */
export function messages(dir: string): string[] {
    return loadFleet(dir, { knownRules: POLICY_NAMES }).diagnostics.map(formatDiagnostic);
}

export function load(dir: string): LoadResult {
    return loadFleet(dir, { knownRules: POLICY_NAMES });
}

/** Remove every temporary directory made so far. */
export function cleanup(): void {
    while (made.length > 0) fs.rmSync(made.pop()!, { recursive: true, force: true });
}

/** A deep copy of a model without source positions (`at`) and the directory it came from. */
export function stripPositions<T>(value: T): T {
    return JSON.parse(JSON.stringify(value, (k, v) => (k === "at" || k === "dir" ? undefined : v)));
}

export interface Case {
    name: string;
    changes: Record<string, FileChange>;
    /** Every finding, formatted and sorted, or a function of the fleet directory. */
    expect: string[] | ((dir: string) => string[]);
}

/**
 * One mocha test per case: load the base fleet with the case's changes and compare every finding
 * exactly; a model must come back exactly when there is no error.
 */
export function runCases(cases: Case[]): void {
    for (const c of cases) {
        it(c.name, () => {
            const dir = fleetDir(c.changes);
            const result = loadFleet(dir, { knownRules: POLICY_NAMES });
            const expected = typeof c.expect === "function" ? c.expect(dir) : c.expect;
            assert.deepEqual(result.diagnostics.map(formatDiagnostic), expected);
            const errors = result.diagnostics.filter((d) => d.level === "error").length;
            assert.equal(result.errors, errors);
            assert.equal(result.warnings, result.diagnostics.length - errors);
            assert.equal(result.model === undefined, errors > 0, "a model exactly when there is no error");
        });
    }
}
