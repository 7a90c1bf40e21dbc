/**
 * The fleet's disk cache: where it lives, and how entries are read, written and pruned. Shared by
 * every cache of the tool (Lambda bundles under `bundles/`, loaded YAML under its own kind), so
 * they agree on one root, one set of environment variables and one safety rule.
 *
 * Location: `FLEET_CACHE_DIR` when set, else `$XDG_CACHE_HOME/fleet` (an absolute XDG_CACHE_HOME
 * only, as the XDG spec says), else `~/.cache/fleet`; each kind is a subdirectory. The first of
 * these that is set is the one used (an explicit FLEET_CACHE_DIR that cannot be written means no
 * cache, not a cache somewhere else). `FLEET_NO_CACHE=1` turns every cache off.
 *
 * A cache is an optimisation, never a requirement: every function here answers `undefined` or
 * `false` instead of throwing, and a caller with no cache directory does the work itself.
 *
 * Safety: the directories are created with mode 0700 and entries with 0600. A kind directory
 * that is not owned by this user or that others may write is not used, since whoever can write
 * an entry could choose the Lambda code the program deploys.
 *
 * Pruning: entries not used for 30 days are deleted, at most once a day per kind directory, when
 * an entry is written (a cache miss). A hit only refreshes the entry's modification time, and only
 * when it is more than a day old, so "last used" is known to the day without a write per hit.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { writeFileAtomic } from "./atomic-write";

const DAY_MS = 24 * 60 * 60 * 1000;
/** Entries not used for this long are deleted by pruneCache. */
export const CACHE_MAX_AGE_MS = 30 * DAY_MS;
/** Name of the file whose modification time records the last prune of a kind directory. */
export const PRUNE_STAMP = ".last-prune";

/** A cache kind is one plain directory name: `bundles`, `load`. */
const KIND = /^[a-z0-9][a-z0-9-]*$/;
/** Entry names are plain file names (no separators, not hidden). */
const ENTRY = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Whether the environment turns caching off (`FLEET_NO_CACHE=1`, or `true`/`yes`). */
export function cacheDisabled(env: NodeJS.ProcessEnv = process.env): boolean {
    const v = (env.FLEET_NO_CACHE ?? "").trim().toLowerCase();
    return v !== "" && v !== "0" && v !== "false" && v !== "no";
}

/**
 * The cache root the environment names, without touching the disk: FLEET_CACHE_DIR, else
 * $XDG_CACHE_HOME/fleet, else ~/.cache/fleet. Undefined when caching is disabled or no home is known.
 */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string | undefined {
    if (cacheDisabled(env)) return undefined;
    if (env.FLEET_CACHE_DIR) return path.resolve(env.FLEET_CACHE_DIR);
    const xdg = env.XDG_CACHE_HOME;
    if (xdg && path.isAbsolute(xdg)) return path.join(xdg, "fleet");
    let home: string;
    try {
        home = os.homedir();
    } catch {
        return undefined;
    }
    return home ? path.join(home, ".cache", "fleet") : undefined;
}

const resolved = new Map<string, string | undefined>();

/**
 * The directory of one kind of cache entry (`<root>/<kind>`), created (mode 0700) when missing;
 * undefined when caching is disabled, the directory cannot be created or written, or it is not
 * private to this user. Decided once per process for each root and kind.
 */
export function cacheDir(kind: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
    if (!KIND.test(kind)) throw new Error(`cache kind ${JSON.stringify(kind)} must be a lower-case name like "bundles"`);
    const root = cacheRoot(env);
    if (root === undefined) return undefined;
    const dir = path.join(root, kind);
    if (resolved.has(dir)) return resolved.get(dir);
    const usable = usableDir(dir) ? dir : undefined;
    resolved.set(dir, usable);
    return usable;
}

/** Forget which cache directories were found usable (for tests that change them mid-process). */
export function clearCacheDirMemo(): void {
    resolved.clear();
}

function usableDir(dir: string): boolean {
    try {
        fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
        const st = fs.statSync(dir);
        if (!st.isDirectory()) return false;
        if (typeof process.getuid === "function") {
            if (st.uid !== process.getuid()) return false;
            if ((st.mode & 0o022) !== 0) return false;
        }
        fs.accessSync(dir, fs.constants.R_OK | fs.constants.W_OK | fs.constants.X_OK);
        return true;
    } catch {
        return false;
    }
}

/** Hex SHA-256 of text (UTF-8) or bytes: how the caches fingerprint what an entry depends on. */
export function sha256(data: string | Uint8Array): string {
    return createHash("sha256").update(data).digest("hex");
}

/** Hex SHA-256 of a JSON rendering of `parts`: a cache key from the things an entry depends on. */
export function cacheKey(...parts: unknown[]): string {
    return sha256(JSON.stringify(parts));
}

function entryPath(dir: string, name: string): string | undefined {
    return ENTRY.test(name) ? path.join(dir, name) : undefined;
}

/**
 * The text of entry `name` in `dir`, or undefined when there is none or it cannot be read. Marks
 * the entry used (its modification time) when the last mark is more than a day old. The caller
 * still checks that the text is what it expects: an entry can be stale, truncated or corrupt.
 */
export function readCacheEntry(dir: string, name: string, now = Date.now()): string | undefined {
    const file = entryPath(dir, name);
    if (file === undefined) return undefined;
    let fd: number;
    try {
        fd = fs.openSync(file, "r");
    } catch {
        return undefined;
    }
    try {
        const st = fs.fstatSync(fd);
        if (!st.isFile()) return undefined;
        const text = fs.readFileSync(fd, "utf8");
        if (now - st.mtimeMs > DAY_MS) {
            try {
                const t = new Date(now);
                fs.futimesSync(fd, t, t);
            } catch {
                // a read-only entry is still a good entry
            }
        }
        return text;
    } catch {
        return undefined;
    } finally {
        fs.closeSync(fd);
    }
}

/**
 * Write entry `name` in `dir` atomically (a temporary file beside it, then a rename), so a
 * process reading it in parallel sees the old entry or the new one, never half of one. False
 * (and nothing left behind) when it cannot be written. Prunes the directory at most once a day.
 */
export function writeCacheEntry(dir: string, name: string, text: string, now = Date.now()): boolean {
    const file = entryPath(dir, name);
    if (file === undefined) return false;
    let ok = true;
    try {
        writeFileAtomic(file, text, 0o600);
    } catch {
        ok = false;
    }
    pruneCache(dir, { now });
    return ok;
}

/** Delete entry `name` (a corrupt entry, say); quiet when it is not there. */
export function removeCacheEntry(dir: string, name: string): void {
    const file = entryPath(dir, name);
    if (file === undefined) return;
    try {
        fs.rmSync(file, { force: true });
    } catch {
        // nothing to do: the next write replaces it
    }
}

/**
 * Delete the entries of `dir` (and temporary files of killed writers) not used for `maxAgeMs`
 * (30 days). Runs at most once a day per directory (the modification time of `.last-prune`)
 * unless `force`. Returns how many files were deleted.
 */
export function pruneCache(dir: string, opts: { now?: number; maxAgeMs?: number; force?: boolean } = {}): number {
    const now = opts.now ?? Date.now();
    const maxAge = opts.maxAgeMs ?? CACHE_MAX_AGE_MS;
    const stamp = path.join(dir, PRUNE_STAMP);
    try {
        if (!opts.force) {
            try {
                if (now - fs.statSync(stamp).mtimeMs < DAY_MS) return 0;
            } catch {
                // no stamp yet: prune now
            }
        }
        writeFileAtomic(stamp, "", 0o600);
        const t = new Date(now);
        fs.utimesSync(stamp, t, t);
        let removed = 0;
        for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
            if (!e.isFile() || e.name === PRUNE_STAMP) continue;
            const isTemp = e.name.startsWith(".") && e.name.endsWith(".tmp");
            if (!isTemp && !ENTRY.test(e.name)) continue;
            const file = path.join(dir, e.name);
            try {
                const age = now - fs.statSync(file).mtimeMs;
                if (age > (isTemp ? DAY_MS : maxAge)) {
                    fs.rmSync(file, { force: true });
                    removed++;
                }
            } catch {
                // gone already, or not ours to delete
            }
        }
        return removed;
    } catch {
        return 0;
    }
}
