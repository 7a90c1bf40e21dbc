/** src/util/cache-dir.ts: where the fleet's disk cache lives, and how its entries are read, written and pruned. */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
    cacheDir,
    cacheDisabled,
    cacheKey,
    cacheRoot,
    clearCacheDirMemo,
    CACHE_MAX_AGE_MS,
    PRUNE_STAMP,
    pruneCache,
    readCacheEntry,
    removeCacheEntry,
    writeCacheEntry,
} from "../../src/util/cache-dir";

const DAY = 24 * 60 * 60 * 1000;

describe("util: cache directory", () => {
    let tmp: string;

    beforeEach(() => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-cache-dir-"));
        clearCacheDirMemo();
    });
    afterEach(() => {
        clearCacheDirMemo();
        fs.rmSync(tmp, { recursive: true, force: true });
    });

    it("the root: FLEET_CACHE_DIR, else an absolute XDG_CACHE_HOME/fleet, else ~/.cache/fleet; FLEET_NO_CACHE turns it off", () => {
        assert.equal(cacheRoot({ FLEET_CACHE_DIR: "/c/x", XDG_CACHE_HOME: "/xdg" }), "/c/x");
        assert.equal(cacheRoot({ FLEET_CACHE_DIR: "rel/dir" }), path.resolve("rel/dir"));
        assert.equal(cacheRoot({ XDG_CACHE_HOME: "/xdg" }), "/xdg/fleet");
        assert.equal(cacheRoot({ XDG_CACHE_HOME: "relative" }), path.join(os.homedir(), ".cache", "fleet"), "a relative XDG_CACHE_HOME is ignored");
        assert.equal(cacheRoot({}), path.join(os.homedir(), ".cache", "fleet"));
        assert.equal(cacheRoot({ FLEET_CACHE_DIR: "/c/x", FLEET_NO_CACHE: "1" }), undefined);
        assert.deepEqual(
            ["1", "true", "yes", "TRUE", "", "0", "false", "no"].map((v) => cacheDisabled({ FLEET_NO_CACHE: v })),
            [true, true, true, true, false, false, false, false],
        );
        assert.equal(cacheDisabled({}), false);
    });

    it("cacheDir creates <root>/<kind> with mode 0700, and refuses kinds that are not plain names", () => {
        const root = path.join(tmp, "a", "b");
        const dir = cacheDir("bundles", { FLEET_CACHE_DIR: root });
        assert.equal(dir, path.join(root, "bundles"));
        for (const d of [path.join(tmp, "a"), root, dir]) assert.equal(fs.statSync(d).mode & 0o777, 0o700, d);
        assert.equal(cacheDir("bundles", { FLEET_CACHE_DIR: root, FLEET_NO_CACHE: "1" }), undefined);
        for (const bad of ["../x", "a/b", "", ".hidden", "Bundles"])
            assert.throws(() => cacheDir(bad, { FLEET_CACHE_DIR: root }), {
                message: `cache kind ${JSON.stringify(bad)} must be a lower-case name like "bundles"`,
            });
    });

    it("cacheDir is undefined for a root it cannot create, or a kind directory others can write", () => {
        fs.writeFileSync(path.join(tmp, "file"), "");
        assert.equal(cacheDir("bundles", { FLEET_CACHE_DIR: path.join(tmp, "file", "c") }), undefined);
        fs.mkdirSync(path.join(tmp, "open", "load"), { recursive: true });
        fs.chmodSync(path.join(tmp, "open", "load"), 0o775);
        assert.equal(cacheDir("load", { FLEET_CACHE_DIR: path.join(tmp, "open") }), undefined);
        fs.chmodSync(path.join(tmp, "open", "load"), 0o755);
        assert.equal(cacheDir("load", { FLEET_CACHE_DIR: path.join(tmp, "open") }), undefined, "decided once per process");
        clearCacheDirMemo();
        assert.equal(cacheDir("load", { FLEET_CACHE_DIR: path.join(tmp, "open") }), path.join(tmp, "open", "load"));
    });

    it("entries: written atomically with mode 0600, read back, removed; unsafe names are refused", () => {
        const dir = cacheDir("bundles", { FLEET_CACHE_DIR: tmp })!;
        assert.equal(writeCacheEntry(dir, "k.json", "v1"), true);
        assert.equal(writeCacheEntry(dir, "k.json", "v2"), true);
        assert.equal(readCacheEntry(dir, "k.json"), "v2");
        assert.equal(fs.statSync(path.join(dir, "k.json")).mode & 0o777, 0o600);
        assert.deepEqual(fs.readdirSync(dir).sort(), [PRUNE_STAMP, "k.json"]);
        assert.equal(readCacheEntry(dir, "missing.json"), undefined);
        for (const bad of ["../escape.json", "a/b.json", ".hidden", ""]) {
            assert.equal(writeCacheEntry(dir, bad, "x"), false, bad);
            assert.equal(readCacheEntry(dir, bad), undefined, bad);
        }
        assert.equal(fs.existsSync(path.join(tmp, "escape.json")), false);
        removeCacheEntry(dir, "k.json");
        removeCacheEntry(dir, "k.json");
        assert.deepEqual(fs.readdirSync(dir), [PRUNE_STAMP]);
        assert.equal(writeCacheEntry(path.join(tmp, "gone", "x"), "k.json", "v"), true, "writes create a missing directory");
        fs.writeFileSync(path.join(tmp, "f"), "");
        assert.equal(writeCacheEntry(path.join(tmp, "f"), "k.json", "v"), false, "a directory that is a file: false, no exception");
    });

    it("a read marks the entry used (its mtime) only when the last mark is more than a day old", () => {
        const dir = cacheDir("bundles", { FLEET_CACHE_DIR: tmp })!;
        writeCacheEntry(dir, "e.json", "x");
        const file = path.join(dir, "e.json");
        const now = Date.now();
        const hoursAgo = new Date(now - 5 * 60 * 60 * 1000);
        fs.utimesSync(file, hoursAgo, hoursAgo);
        readCacheEntry(dir, "e.json", now);
        assert.equal(Math.round(fs.statSync(file).mtimeMs), hoursAgo.getTime());
        const daysAgo = new Date(now - 3 * DAY);
        fs.utimesSync(file, daysAgo, daysAgo);
        assert.equal(readCacheEntry(dir, "e.json", now), "x");
        assert.equal(Math.round(fs.statSync(file).mtimeMs), now);
    });

    it("prune deletes entries unused for 30 days and stale temporary files, at most once a day", () => {
        const dir = path.join(tmp, "p");
        fs.mkdirSync(dir);
        const now = Date.now();
        const age = (name: string, ms: number) => {
            fs.writeFileSync(path.join(dir, name), "");
            fs.utimesSync(path.join(dir, name), new Date(now - ms), new Date(now - ms));
        };
        age("old.json", CACHE_MAX_AGE_MS + 1000);
        age("young.json", CACHE_MAX_AGE_MS - 2 * DAY);
        age(".young.json.123.0badf00d.tmp", 2 * DAY);
        age(".fresh.json.123.0badf00d.tmp", 60_000);
        fs.mkdirSync(path.join(dir, "subdir"));
        assert.equal(pruneCache(dir, { now }), 2);
        assert.deepEqual(fs.readdirSync(dir).sort(), [".fresh.json.123.0badf00d.tmp", PRUNE_STAMP, "subdir", "young.json"]);
        assert.equal(Math.round(fs.statSync(path.join(dir, PRUNE_STAMP)).mtimeMs), now);

        age("old2.json", CACHE_MAX_AGE_MS + 1000);
        assert.equal(pruneCache(dir, { now: now + DAY - 1 }), 0, "pruned less than a day ago");
        assert.equal(fs.existsSync(path.join(dir, "old2.json")), true);
        assert.equal(pruneCache(dir, { now: now + DAY + 1 }), 2);
        assert.deepEqual(fs.readdirSync(dir).sort(), [PRUNE_STAMP, "subdir", "young.json"], "old2.json and the now day-old temporary file are gone");
        age("old3.json", CACHE_MAX_AGE_MS + 1000);
        assert.equal(pruneCache(dir, { now, force: true }), 1);
        assert.equal(pruneCache(path.join(tmp, "nowhere"), { now }), 0);
    });

    it("cacheKey is the SHA-256 of the parts' JSON", () => {
        // sha256('["a",1,{"b":[2]}]')
        assert.equal(cacheKey("a", 1, { b: [2] }), "6b65553bb8f592f54047d9a65ab2ca9f33277266976507dceabb7f608e0f628c");
        assert.notEqual(cacheKey("a", 1, { b: [3] }), cacheKey("a", 1, { b: [2] }));
    });
});
