/**
 * The one snapshot helper of the tests. A snapshot is a committed file under a test folder's
 * `__snapshots__/`; a value is compared with it as text (strings as they are, anything else as
 * pretty JSON with a final newline).
 * - `UPDATE_SNAPSHOTS=1` rewrites the snapshot (review the diff before committing it);
 * - a missing snapshot fails when `CI` is set (it is never created silently on CI) and is written
 *   otherwise, so a new test records its first snapshot on the developer's machine;
 * - any difference fails, naming the file and how to record an intended change.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "./fleets";

export function snapshotText(value: unknown): string {
    return typeof value === "string" ? value : `${JSON.stringify(value, null, 2)}\n`;
}

/** Compare `value` with the snapshot file `file` (an absolute path). */
export function matchSnapshotFile(file: string, value: unknown): void {
    const text = snapshotText(value);
    const shown = path.relative(REPO_ROOT, file);
    if (process.env.UPDATE_SNAPSHOTS === "1" || !fs.existsSync(file)) {
        if (process.env.UPDATE_SNAPSHOTS !== "1" && process.env.CI) {
            assert.fail(`snapshot ${shown} is missing; run the test with UPDATE_SNAPSHOTS=1, review the file and commit it`);
        }
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, text);
        return;
    }
    assert.equal(text, fs.readFileSync(file, "utf8"), `output differs from snapshot ${shown}; if the change is intended, rerun with UPDATE_SNAPSHOTS=1`);
}

/** `matchSnapshot(name, value)` for the snapshots of one test folder (`test/<folder>/__snapshots__`). */
export function snapshotsOf(folder: string): (name: string, value: unknown) => void {
    const dir = path.join(REPO_ROOT, "test", folder, "__snapshots__");
    return (name, value) => matchSnapshotFile(path.join(dir, name), value);
}
