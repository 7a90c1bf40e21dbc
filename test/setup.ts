/**
 * Loaded by mocha before any test (.mocharc.json `require`): the disk caches (checked site files,
 * Lambda bundles) of the test run go to a fresh temporary directory, removed at exit, never to the
 * user's ~/.cache/fleet. Tests of the caches point FLEET_CACHE_DIR elsewhere themselves.
 */
import { createHook } from "node:async_hooks";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

if (!process.env.FLEET_CACHE_DIR) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-test-cache-"));
    process.env.FLEET_CACHE_DIR = dir;
    process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
}

/**
 * FLEET_TEST_HANDLES=1: also remember where each timer and immediate was created, and print the
 * creation stack of every one still pending after the last test (finds the test that leaks one).
 */
const pending = new Map<number, { stack: string; handle: { hasRef?(): boolean } }>();
if (process.env.FLEET_TEST_HANDLES) {
    createHook({
        init(id, type, _trigger, handle: { hasRef?(): boolean }) {
            if (type === "Timeout" || type === "Immediate") pending.set(id, { stack: `${type}${new Error().stack!.replace(/^Error/, "")}`, handle });
        },
        destroy(id) {
            pending.delete(id);
        },
    }).enable();
}

/**
 * After the last test: name what still keeps the process alive (a server, socket or timer a test
 * did not stop), so a leak shows in the log; `exit: true` in .mocharc.json then ends the run
 * instead of letting such a leak hold CI until its time limit.
 */
export const mochaHooks = {
    afterAll(): void {
        const active = process.getActiveResourcesInfo();
        // This process's own stdout and stderr are no leak: a PipeWrap each under CI (output piped), a TTYWrap in a terminal.
        for (const stream of [process.stdout, process.stderr]) {
            const handle = (stream as unknown as { _handle?: { constructor: { name: string } } })._handle;
            const at = handle ? active.indexOf(`${handle.constructor.name}Wrap`) : -1;
            if (at >= 0) active.splice(at, 1);
        }
        if (active.length > 0) {
            const counts = new Map<string, number>();
            for (const r of active) counts.set(r, (counts.get(r) ?? 0) + 1);
            process.stderr.write(`\nstill active after the last test: ${[...counts].map(([r, n]) => `${r} x${n}`).join(", ")}\n`);
            for (const { stack, handle } of pending.values()) if (handle.hasRef?.() !== false) process.stderr.write(`created at: ${stack}\n`);
        }
    },
};
