/**
 * Loaded by mocha before any test (.mocharc.json `require`): the disk caches (checked site files,
 * Lambda bundles) of the test run go to a fresh temporary directory, removed at exit, never to the
 * user's ~/.cache/fleet. Tests of the caches point FLEET_CACHE_DIR elsewhere themselves.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

if (!process.env.FLEET_CACHE_DIR) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-test-cache-"));
    process.env.FLEET_CACHE_DIR = dir;
    process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
}
