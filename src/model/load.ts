/**
 * Load a fleet directory: `fleet.yaml` and `sites/*.yaml` to a checked, normalized FleetModel,
 * with every problem found in one pass. Never throws for bad input.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { show, sortDiagnostics, type Diagnostic } from "./diagnostics";
import { checkIdentities } from "./normalize/identity";
import { applyGoverned, governedSuppressions, todayUtc } from "./normalize/suppressions";
import { checkFleetWide, normalizeFleet, normalizeSite, readFleetText, Reporter, type SiteInputs } from "./normalize";
import { API_VERSION, SITE_FILES_CEILING, type FleetFile, type SiteFile } from "./schema";
import { checkSchema } from "./schema-check";
import { sha256 } from "../util/cache-dir";
import { LoadCache, type FileDeps } from "./load-cache";
import type { FleetModel, SiteModel } from "./types";
import { decodeUtf8, parseYaml, type ParsedYaml } from "./yaml";
import { readInsideFleet } from "./fleet-file";
import { cmp } from "../util/compare";

export interface LoadResult {
    /** The model, present when there is no error. */
    model?: FleetModel;
    diagnostics: Diagnostic[];
    errors: number;
    warnings: number;
    /** Files read, relative to the fleet directory. */
    files: string[];
}

/**
 * Site files read by default: a larger sites/ is refused before any of its files is read (a
 * resource-exhaustion guard). fleet.yaml `spec.limits.siteFiles` raises it explicitly, up to
 * SITE_FILES_CEILING: the measured 10,000-site fleet plans in about 2 GB (docs/benchmarks.md),
 * so 20,000 stays within Node's default heap on a 16 GB build machine.
 */
export const MAX_SITE_FILES = 5000;

/** The refusal of a sites/ with `count` files above `limit`: names the setting that raises it, or says to split when even that is not enough. */
export function siteFilesMessage(count: number, limit: number): string {
    return count > SITE_FILES_CEILING
        ? `${count} site files; the limit is ${limit} and spec.limits.siteFiles in fleet.yaml allows at most ${SITE_FILES_CEILING}; split the sites into several fleet directories`
        : `${count} site files; the limit is ${limit}; raise it with spec.limits.siteFiles: ${count} in fleet.yaml (at most ${SITE_FILES_CEILING})`;
}

/** Read one file's bytes, refusing oversized input, what is not a regular file and links out of the fleet directory (fleet-file.ts). Never throws. */
export function readFileBytes(dir: string, rel: string): { bytes: Buffer } | { failed: ParsedYaml } {
    const read = readInsideFleet(dir, rel);
    return "bytes" in read ? read : { failed: failedFile(rel, read.problem) };
}

function failedFile(rel: string, message: string, line = 0, col = 0): ParsedYaml {
    return { file: rel, data: undefined, position: () => ({ line, col }), diagnostics: [{ level: "error", file: rel, line, col, field: "", message }] };
}

/** Decode and parse bytes read from `rel`. Never throws. */
function parseBytes(rel: string, bytes: Buffer): ParsedYaml {
    const decoded = decodeUtf8(rel, bytes);
    if (decoded.diagnostic) return { ...failedFile(rel, ""), diagnostics: [decoded.diagnostic] };
    return parseYaml(rel, decoded.text!);
}

/** Read and parse one file, refusing oversized or non-UTF-8 input before parsing. Never throws. */
export function readYamlFile(dir: string, rel: string): ParsedYaml {
    const read = readFileBytes(dir, rel);
    return "failed" in read ? read.failed : parseBytes(rel, read.bytes);
}

/**
 * A file known to parse (its result came from the load cache): no data, and positions from
 * parsing the text on first use, for diagnostics the fleet-wide checks may still report in it.
 */
function parsedLater(rel: string, text: string): ParsedYaml {
    let parsed: ParsedYaml | undefined;
    return {
        file: rel,
        data: undefined,
        diagnostics: [],
        position: (p, which) => (parsed ??= parseYaml(rel, text)).position(p, which),
        release: () => {
            parsed = undefined;
        },
    };
}

export interface LoadOptions {
    /** Quota keys fleet.yaml `quotas:` may use (src/quotas/catalogue.ts); unchecked when absent. */
    quotaKeys?: readonly string[];
    /**
     * Reuse the checked, normalized result of site files unchanged since an earlier load
     * (src/model/load-cache.ts). The CLI and the Pulumi program turn it on; off by default.
     */
    cache?: boolean;
    /**
     * The policy rules a site's `suppressions[].policy` may name (policies/catalogue.ts's
     * POLICY_NAMES). The model layer does not import the policy pack, so the names are passed in.
     * Every caller that loads for validating, planning or checking passes them (the CLI, the
     * Pulumi program, the policy pack). Without them a suppression's policy name is not checked
     * (its target and reason still are): only tests that do not look at suppressions load so.
     */
    knownRules?: readonly string[];
    /**
     * The mandatory rules (severity `mandatory` in policies/catalogue.ts): a site file may not
     * suppress them without an approval in fleet.yaml `spec.suppressions`. Unchecked when absent.
     */
    mandatoryRules?: readonly string[];
    /**
     * The sites/ folder holds only some of the fleet's site files (a site stack's program,
     * src/program/partial-load.ts): fleet.yaml approvals naming other sites are not errors there.
     */
    siteSubset?: boolean;
    /** Today (YYYY-MM-DD, UTC) for the expiry of fleet.yaml suppressions; defaults to the clock. */
    today?: string;
}

/** Whether parsed data is a document of the kind expected here; reports why not. */
function expectDocument(parsed: ParsedYaml, kind: "Fleet" | "Site"): boolean {
    const d = parsed.data;
    const shape = `a map with apiVersion: ${API_VERSION}, kind: ${kind}, metadata and spec`;
    const problem =
        d === undefined || d === null
            ? `file is empty (or only comments); expected ${shape}`
            : Array.isArray(d)
              ? `file is a list; expected ${shape}`
              : typeof d !== "object"
                ? `file is a single ${typeof d} (starting ${excerpt(String(d))}), not a map; expected ${shape}`
                : undefined;
    if (problem) {
        parsed.diagnostics.push({ level: "error", file: parsed.file, line: 1, col: 1, field: "", message: problem });
        return false;
    }
    const k = (d as Record<string, unknown>).kind;
    if (k !== undefined && k !== kind && (k === "Fleet" || k === "Site")) {
        const at = parsed.position(["kind"]);
        parsed.diagnostics.push({
            level: "error",
            file: parsed.file,
            line: at.line,
            col: at.col,
            field: "kind",
            message:
                kind === "Site"
                    ? `"Fleet" is not accepted in a site file; expected "Site" (fleet.yaml holds the Fleet, sites/ holds one Site per file)`
                    : `"Site" is not accepted in fleet.yaml; expected "Fleet" (a Site goes in sites/<name>.yaml)`,
        });
        return false;
    }
    return true;
}

/** Site files in `sites/`, sorted, `.yaml` and `.yml`. */
export function siteFiles(dir: string): string[] {
    return listSites(dir).files;
}

/** A short, escaped excerpt of untrusted text for a message: at most `max` characters of its first line, JSON-quoted. */
export function excerpt(text: string, max = 24): string {
    const line = text.split(/\r?\n/, 1)[0];
    const cut = [...line].slice(0, max).join("");
    // JSON.stringify escapes control characters; escape the invisible and bidirectional ones too (no terminal tricks).
    const quoted = JSON.stringify(cut).replace(
        /[\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g,
        (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
    );
    return cut.length < line.length || line.length < text.trimEnd().length ? `${quoted}…` : quoted;
}

/**
 * The site files of `sites/` (names ending `.yaml` or `.yml`, files or links to files), sorted,
 * and a problem for everything else: an error when `sites` is not a readable directory (read as
 * "no sites", the next deployment would delete every site), a warning naming each entry skipped.
 */
export function listSites(dir: string): { files: string[]; problems: Diagnostic[] } {
    const sitesDir = path.join(dir, "sites");
    const problem = (level: "error" | "warning", file: string, message: string): Diagnostic => ({ level, file, line: 0, col: 0, field: "", message });
    let entries: fs.Dirent[];
    try {
        entries = fs.readdirSync(sitesDir, { withFileTypes: true });
    } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === "ENOENT") return { files: [], problems: [] };
        const why =
            code === "ENOTDIR"
                ? "is not a directory; sites/ is a directory holding one <site>.yaml per site"
                : `could not be read (${code ?? (e as Error).message}); fix its permissions (the fleet cannot be judged without its sites)`;
        return { files: [], problems: [problem("error", "sites", why)] };
    }
    const files: string[] = [];
    const problems: Diagnostic[] = [];
    for (const e of entries) {
        const rel = `sites/${e.name}`;
        const yaml = /\.ya?ml$/.test(e.name);
        if (yaml && (e.isFile() || e.isSymbolicLink())) files.push(rel);
        else if (e.isDirectory())
            problems.push(problem("warning", rel, "is a directory and was ignored; site files sit directly in sites/ (sub-directories are not read)"));
        else if (yaml) problems.push(problem("warning", rel, "is not a regular file (a socket, pipe or device) and was ignored"));
        else if (/\.ya?ml$/i.test(e.name))
            problems.push(
                problem(
                    "warning",
                    rel,
                    `was ignored: only names ending in lowercase .yaml or .yml are site files; rename it to ${e.name.replace(/\.ya?ml$/i, ".yaml")}`,
                ),
            );
        else if (e.name !== ".gitkeep") problems.push(problem("warning", rel, "was ignored: site files are named <site>.yaml (or .yml)"));
    }
    return { files: files.sort(), problems: problems.sort((a, b) => cmp(a.file, b.file)) };
}

/**
 * Load a fleet directory: every file is read, checked against its schema, then (when it matches)
 * checked for meaning and normalized. Every problem of every file is reported, sorted; the model
 * is returned only when there is no error. Never throws for bad input.
 */
export function loadFleet(dir: string, opts: LoadOptions = {}): LoadResult {
    const absDir = path.resolve(dir);
    const cache = opts.cache ? LoadCache.open() : undefined;
    const diagnostics: Diagnostic[] = [];
    const files: string[] = [];
    const finish = (model?: FleetModel): LoadResult => {
        const sorted = sortDiagnostics(diagnostics);
        const errors = sorted.filter((d) => d.level === "error").length;
        return { model: errors === 0 ? model : undefined, diagnostics: sorted, errors, warnings: sorted.length - errors, files };
    };
    if (!fs.existsSync(path.join(absDir, "fleet.yaml"))) {
        diagnostics.push({
            level: "error",
            file: "fleet.yaml",
            line: 0,
            col: 0,
            field: "",
            message: `no fleet.yaml in ${absDir}; run fleet in a fleet directory or pass --dir DIR`,
        });
        return finish();
    }
    /** Check a file read; its data when it is a map of the right kind that matches the schema. */
    const check = (rel: string, kind: "Fleet" | "Site", parsed: ParsedYaml): ParsedYaml & { ok: boolean } => {
        const parsedOk = !parsed.diagnostics.some((d) => d.level === "error") && expectDocument(parsed, kind);
        diagnostics.push(...parsed.diagnostics);
        if (!parsedOk) return { ...parsed, ok: false };
        const schemaProblems = checkSchema(kind, parsed);
        diagnostics.push(...schemaProblems);
        return { ...parsed, ok: schemaProblems.length === 0 };
    };

    files.push("fleet.yaml");
    const fleetBytes = readFileBytes(absDir, "fleet.yaml");
    const fleetParsed = check("fleet.yaml", "Fleet", "failed" in fleetBytes ? fleetBytes.failed : parseBytes("fleet.yaml", fleetBytes.bytes));
    const fleetSha = "bytes" in fleetBytes ? sha256(fleetBytes.bytes) : undefined;
    const fleetRep = new Reporter(fleetParsed, diagnostics);
    const fleet = fleetParsed.ok ? normalizeFleet(fleetParsed.data as FleetFile, fleetRep, absDir) : undefined;
    if (fleet) scaleSettings(fleet, fleetParsed.data as FleetFile, fleetRep, opts.quotaKeys);
    const approvals = (fleetParsed.data as FleetFile | undefined)?.spec?.suppressions ?? [];
    if (fleet) fleet.suppressions = governedSuppressions(approvals, fleetRep, opts.today ?? todayUtc(), opts.knownRules);

    const listed = listSites(absDir);
    diagnostics.push(...listed.problems);
    if (listed.problems.some((p) => p.level === "error")) return finish();
    const rels = listed.files;
    const siteLimit = (fleetParsed.ok && (fleetParsed.data as FleetFile).spec.limits?.siteFiles) || MAX_SITE_FILES;
    if (rels.length > siteLimit) {
        diagnostics.push({ level: "error", file: "sites", line: 0, col: 0, field: "", message: siteFilesMessage(rels.length, siteLimit) });
        return finish();
    }
    if (rels.length === 0) {
        diagnostics.push({
            level: "warning",
            file: "sites",
            line: 0,
            col: 0,
            field: "",
            message: "no site files (sites/*.yaml); add one with `fleet init site NAME --region R`",
        });
    }
    const sites: { site: SiteModel; rep: Reporter }[] = [];
    const readText = (rel: string) => readFleetText(absDir, rel);
    const exists = (rel: string) => fs.existsSync(path.join(absDir, rel));
    /** What a file normalization looked at is now: the SHA-256 of its text, "unreadable", or null when absent. */
    const fileState = (rel: string): string | null => {
        const read = readText(rel);
        return "text" in read ? sha256(read.text) : exists(rel) ? "unreadable" : null;
    };
    for (const rel of rels) {
        files.push(rel);
        const bytes = readFileBytes(absDir, rel);
        if ("failed" in bytes) {
            check(rel, "Site", bytes.failed);
            continue;
        }
        const key =
            cache && fleet && fleetSha !== undefined
                ? { dir: absDir, fleetSha, rel, siteSha: sha256(bytes.bytes), knownRules: opts.knownRules, mandatoryRules: opts.mandatoryRules }
                : undefined;
        const hit = key && cache!.get(key, fileState);
        if (hit) {
            diagnostics.push(...hit.diagnostics);
            sites.push({ site: hit.site, rep: new Reporter(parsedLater(rel, decodeUtf8(rel, bytes.bytes).text ?? ""), diagnostics) });
            continue;
        }
        const from = diagnostics.length;
        const parsed = check(rel, "Site", parseBytes(rel, bytes.bytes));
        // Semantic checks need a schema-valid site and a usable fleet.yaml.
        if (!parsed.ok || !fleet) continue;
        // With a cache, record what normalizing looks at besides the file: the entry is valid while those are unchanged.
        const deps: FileDeps = {};
        const watched =
            <T>(look: (f: string) => T) =>
            (f: string): T => {
                if (key) deps[f] = fileState(f);
                return look(f);
            };
        const one = normalizeOne(
            rel,
            parsed,
            fleet,
            { fileExists: watched(exists), readText: watched(readText), knownRules: opts.knownRules, mandatoryRules: opts.mandatoryRules },
            diagnostics,
        );
        sites.push(one);
        if (key)
            cache!.put(
                key,
                one.site,
                diagnostics.slice(from).filter((d) => d.file === rel),
                deps,
            );
    }
    if (fleet) {
        checkFleetWide(fleet, sites, fleetRep);
        checkIdentities(fleet.name, sites);
        applyGoverned(
            fleet.suppressions ?? [],
            sites.map((s) => s.site),
            fleetRep,
            approvals,
            opts.siteSubset === true,
        );
        fleet.sites = sites.map((s) => s.site).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    }
    return finish(fleet);
}

/** Semantic checks and normalization of one schema-valid site file; its problems go to `out`. */
function normalizeOne(rel: string, parsed: ParsedYaml, fleet: FleetModel, look: SiteInputs, out: Diagnostic[]): { site: SiteModel; rep: Reporter } {
    const rep = new Reporter(parsed, out);
    const site = normalizeSite(parsed.data as SiteFile, rep, fleet, look);
    const stem = path.basename(rel).replace(/\.ya?ml$/, "");
    if (stem !== site.name) rep.warn(["metadata", "name"], `site ${show(site.name)} is in ${rel}; name the file sites/${site.name}.yaml so it is easy to find`);
    parsed.release?.();
    return { site, rep };
}

/**
 * The scale-out settings of fleet.yaml: each region's `account` and the `quotas:` values, checked
 * against the quota keys the caller knows (passed in: the catalogue sits above the model).
 */
function scaleSettings(fleet: FleetModel, file: FleetFile, rep: Reporter, quotaKeys?: readonly string[]): void {
    const spec = file.spec as FleetFile["spec"] & { quotas?: Record<string, number | Record<string, number>>; regions: Record<string, { account?: string }> };
    for (const region of fleet.regions) {
        const account = spec.regions[region.name]?.account;
        if (account !== undefined) region.account = account;
    }
    if (spec.quotas === undefined) return;
    fleet.quotas = spec.quotas;
    if (!quotaKeys) return;
    for (const key of Object.keys(spec.quotas)) {
        if (!quotaKeys.includes(key))
            rep.error(["spec", "quotas", key], `unknown quota ${JSON.stringify(key)}; use one of ${quotaKeys.join(", ")} (fleet quotas lists them)`, "key");
    }
}
