/**
 * The load cache: a site file already checked and normalized, unchanged since, is not parsed,
 * schema-checked and normalized again. Parsing YAML with positions is most of the time of
 * loading a fleet (4 s of 6.5 s for 1,000 sites), and `fleet plan --site`, `fleet check` and
 * every region's `pulumi up` load the whole fleet.
 *
 * An entry is the normalized SiteModel of one site file and the warnings found in it, under a
 * key made of everything the result depends on:
 *   - the bytes of the site file and its path in the fleet directory (the name check reads it);
 *   - the bytes of fleet.yaml and the fleet directory (defaults, equipment types, regions);
 *   - the loader's own code and the versions of the libraries it uses (a new fleet version,
 *     or a rebuilt loader, is a new key);
 * and the other files normalization looked at (the CSRs of csr-mode gateways): the entry lists
 * each with whether it existed and the SHA-256 of what was read, and a lookup checks them again.
 *
 * Only files without errors are stored; a file with an error is checked in full every time, so
 * errors always come from the real parse with real positions. On a hit the site's position
 * lookup parses the text again on first use only (the fleet-wide checks need it to report, say,
 * overlapping networks across sites).
 *
 * The cache is `<cache root>/load/` (src/util/cache-dir.ts: FLEET_CACHE_DIR, XDG_CACHE_HOME,
 * ~/.cache/fleet; FLEET_NO_CACHE=1 or `fleet --no-cache` turns it off). Whatever goes wrong
 * with it (unwritable, corrupt or stale entries) is a miss, never an error.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { cacheDir, cacheKey, readCacheEntry, removeCacheEntry, writeCacheEntry } from "../util/cache-dir";
import type { Diagnostic } from "./diagnostics";
import type { SiteModel } from "./types";

/** Bumped when the entry format changes. */
const FORMAT = 2;

/** What normalizing one site looked at besides its own file: path → SHA-256 of the text, "unreadable", or null when absent. */
export type FileDeps = Record<string, string | null>;

/**
 * The bulk of a site (about 85% of its JSON in a typical factory): read only when used. A plan
 * of one site, or the regional platform, never looks at other sites' devices, so a 1,000-site
 * `fleet plan --site` parses 1,000 small objects and one big one.
 */
const DETAIL = ["plcs", "equipment", "sensors"] as const;
type Detail = Pick<SiteModel, (typeof DETAIL)[number]>;

interface Entry {
    format: number;
    key: string;
    /** The site's keys in order, so the cached site reads (and serializes) as the original. */
    keys: string[];
    /** The site without DETAIL. */
    site: Record<string, unknown>;
    /** JSON text of DETAIL. */
    detail: string;
    diagnostics: Diagnostic[];
    deps: FileDeps;
}

let fingerprintMemo: string | undefined;

/**
 * The loader's code and libraries: every compiled module of src/ and policies/ (normalization
 * uses the naming rules of src/naming, the CSR check of src/edge, the policy names of policies/)
 * and the versions of the YAML and schema libraries. Computed once per process (about 2 MB read).
 */
export function codeFingerprint(): string {
    if (fingerprintMemo !== undefined) return fingerprintMemo;
    const hash = createHash("sha256");
    // This file is <root>/src/model/load-cache.{js,ts}: <root> is dist/ when compiled.
    const root = path.resolve(__dirname, "..", "..");
    for (const dir of ["src", "policies"]) {
        for (const file of walk(path.join(root, dir))) {
            hash.update(path.relative(root, file));
            hash.update("\0");
            hash.update(fs.readFileSync(file));
            hash.update("\0");
        }
    }
    for (const lib of ["yaml", "@sinclair/typebox", "ajv", "ipaddr.js", "@peculiar/x509"]) {
        let version = "?";
        try {
            version = (require(`${lib}/package.json`) as { version: string }).version;
        } catch {
            // not resolvable from here: the version stays unknown, the key stays stable
        }
        hash.update(`${lib}@${version}\0`);
    }
    fingerprintMemo = hash.digest("hex");
    return fingerprintMemo;
}

function walk(dir: string): string[] {
    const out: string[] = [];
    let entries: fs.Dirent[];
    try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
        return out;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) out.push(...walk(p));
        else if (e.isFile() && /\.(js|ts)$/.test(e.name) && !e.name.endsWith(".d.ts")) out.push(p);
    }
    return out;
}

export interface SiteCacheKey {
    /** Absolute fleet directory. */
    dir: string;
    /** SHA-256 of fleet.yaml's bytes. */
    fleetSha: string;
    /** The site file, relative to the fleet directory. */
    rel: string;
    /** SHA-256 of the site file's bytes. */
    siteSha: string;
    /** The policy names suppressions were checked against (LoadOptions.knownRules), if any. */
    knownRules?: readonly string[];
    /** The mandatory rules (LoadOptions.mandatoryRules), if any. */
    mandatoryRules?: readonly string[];
}

/** The load cache of this process's environment, or undefined when caching is off or impossible. */
export class LoadCache {
    private constructor(private readonly dir: string) {}

    static open(): LoadCache | undefined {
        const dir = cacheDir("load");
        return dir === undefined ? undefined : new LoadCache(dir);
    }

    private name(k: SiteCacheKey): string {
        return `${cacheKey(FORMAT, codeFingerprint(), k.dir, k.fleetSha, k.rel, k.siteSha, k.knownRules ?? null, k.mandatoryRules ?? null)}.json`;
    }

    /**
     * The cached result of a site file, when there is one and every file it depends on is as it
     * was; `fileState` gives a dependency's state now, as FileDeps records it.
     */
    get(k: SiteCacheKey, fileState: (rel: string) => string | null): { site: SiteModel; diagnostics: Diagnostic[] } | undefined {
        const name = this.name(k);
        const text = readCacheEntry(this.dir, name);
        if (text === undefined) return undefined;
        let entry: Entry;
        try {
            entry = JSON.parse(text) as Entry;
        } catch {
            removeCacheEntry(this.dir, name);
            return undefined;
        }
        if (!isEntry(entry) || entry.key !== name) {
            removeCacheEntry(this.dir, name);
            return undefined;
        }
        for (const [rel, want] of Object.entries(entry.deps)) if (fileState(rel) !== want) return undefined;
        return { site: withDetail(entry), diagnostics: entry.diagnostics };
    }

    /** Store the result of a site file that has no error. */
    put(k: SiteCacheKey, site: SiteModel, diagnostics: Diagnostic[], deps: FileDeps): void {
        if (diagnostics.some((d) => d.level === "error")) return;
        const name = this.name(k);
        const light: Record<string, unknown> = {};
        const detail: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(site)) ((DETAIL as readonly string[]).includes(key) ? detail : light)[key] = value;
        const entry: Entry = { format: FORMAT, key: name, keys: Object.keys(site), site: light, detail: JSON.stringify(detail), diagnostics, deps };
        writeCacheEntry(this.dir, name, JSON.stringify(entry));
    }
}

/**
 * The site of an entry, its DETAIL parsed on first use (once for the three). Keys keep their
 * original order; a DETAIL key can be assigned like any other.
 */
function withDetail(entry: Entry): SiteModel {
    let detail: Detail | undefined;
    const load = (): Detail => (detail ??= JSON.parse(entry.detail) as Detail);
    const site: Record<string, unknown> = {};
    for (const key of entry.keys) {
        if (!(DETAIL as readonly string[]).includes(key)) {
            site[key] = entry.site[key];
            continue;
        }
        Object.defineProperty(site, key, {
            enumerable: true,
            configurable: true,
            get: () => load()[key as keyof Detail],
            set: (value: unknown) => Object.defineProperty(site, key, { value, writable: true, enumerable: true, configurable: true }),
        });
    }
    return site as unknown as SiteModel;
}

function isEntry(e: unknown): e is Entry {
    if (!e || typeof e !== "object") return false;
    const o = e as Partial<Entry>;
    return (
        o.format === FORMAT &&
        typeof o.key === "string" &&
        !!o.site &&
        typeof o.site === "object" &&
        Array.isArray(o.keys) &&
        typeof o.detail === "string" &&
        Array.isArray(o.diagnostics) &&
        !!o.deps &&
        typeof o.deps === "object" &&
        Object.values(o.deps).every((v) => v === null || typeof v === "string")
    );
}
