/**
 * Load a fleet directory: `fleet.yaml` and `sites/*.yaml` to a checked, normalized FleetModel,
 * with every problem found in one pass. Never throws for bad input.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { sortDiagnostics, type Diagnostic } from "./diagnostics";
import { checkFleetWide, normalizeFleet, normalizeSite, Reporter } from "./normalize";
import type { FleetFile, SiteFile } from "./schema";
import { checkSchema } from "./schema-check";
import type { FleetModel, SiteModel } from "./types";
import { decodeUtf8, MAX_FILE_BYTES, parseYaml, type ParsedYaml } from "./yaml";

export interface LoadResult {
    /** The model, present when there is no error. */
    model?: FleetModel;
    diagnostics: Diagnostic[];
    errors: number;
    warnings: number;
    /** Files read, relative to the fleet directory. */
    files: string[];
}

export const MAX_SITE_FILES = 5000;

/** Read and parse one file, refusing oversized or non-UTF-8 input before parsing. */
export function readYamlFile(dir: string, rel: string): ParsedYaml {
    const abs = path.join(dir, rel);
    const fail = (message: string): ParsedYaml => ({
        file: rel,
        data: undefined,
        position: () => ({ line: 0, col: 0 }),
        diagnostics: [{ level: "error", file: rel, line: 0, col: 0, field: "", message }],
    });
    let stat: fs.Stats;
    try {
        stat = fs.statSync(abs);
    } catch {
        return fail("file not found");
    }
    if (!stat.isFile()) return fail("is not a regular file");
    if (stat.size > MAX_FILE_BYTES) {
        return fail(`file is ${stat.size} bytes; the limit is ${MAX_FILE_BYTES} bytes (${MAX_FILE_BYTES / 1048576} MiB); split the site or remove generated content`);
    }
    if (stat.size === 0) return fail("file is empty; a fleet file starts with apiVersion: fleet.iot/v1 and a kind");
    const bytes = fs.readFileSync(abs);
    const decoded = decodeUtf8(rel, bytes);
    if (decoded.diagnostic) return { ...fail(""), diagnostics: [decoded.diagnostic] };
    return parseYaml(rel, decoded.text!);
}

function expectDocument(parsed: ParsedYaml, kind: "Fleet" | "Site"): boolean {
    const d = parsed.data;
    const problem =
        d === undefined || d === null
            ? "file has no content; expected a map with apiVersion, kind, metadata and spec"
            : Array.isArray(d)
              ? `file is a list; expected a map with apiVersion: fleet.iot/v1, kind: ${kind}, metadata and spec`
              : typeof d !== "object"
                ? `file is a single value (${JSON.stringify(d).slice(0, 40)}); expected a map with apiVersion: fleet.iot/v1, kind: ${kind}, metadata and spec`
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
            message: kind === "Site" ? `a ${k} file in sites/; fleet.yaml holds the Fleet, sites/ holds one Site per file` : `fleet.yaml must be kind Fleet, not ${k}`,
        });
        return false;
    }
    return true;
}

/** Site files in `sites/`, sorted, `.yaml` and `.yml`. */
export function siteFiles(dir: string): string[] {
    const sitesDir = path.join(dir, "sites");
    let entries: fs.Dirent[];
    try {
        entries = fs.readdirSync(sitesDir, { withFileTypes: true });
    } catch {
        return [];
    }
    return entries
        .filter((e) => (e.isFile() || e.isSymbolicLink()) && /\.ya?ml$/.test(e.name))
        .map((e) => `sites/${e.name}`)
        .sort();
}

export function loadFleet(dir: string): LoadResult {
    const absDir = path.resolve(dir);
    const diagnostics: Diagnostic[] = [];
    const finish = (model?: FleetModel): LoadResult => {
        const sorted = sortDiagnostics(diagnostics);
        const errors = sorted.filter((d) => d.level === "error").length;
        return { model: errors === 0 ? model : undefined, diagnostics: sorted, errors, warnings: sorted.length - errors, files };
    };
    const files: string[] = [];
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
    files.push("fleet.yaml");
    const fleetParsed = readYamlFile(absDir, "fleet.yaml");
    diagnostics.push(...fleetParsed.diagnostics);
    let fleet: FleetModel | undefined;
    const fleetRep = new Reporter(fleetParsed, diagnostics);
    if (fleetParsed.data !== undefined && expectDocument(fleetParsed, "Fleet")) {
        const schemaProblems = checkSchema("Fleet", fleetParsed);
        diagnostics.push(...schemaProblems);
        if (schemaProblems.length === 0) fleet = normalizeFleet(fleetParsed.data as FleetFile, fleetRep, absDir);
    } else diagnostics.push(...fleetParsed.diagnostics.filter((d) => !diagnostics.includes(d)));

    const rels = siteFiles(absDir);
    if (rels.length > MAX_SITE_FILES) {
        diagnostics.push({ level: "error", file: "sites", line: 0, col: 0, field: "", message: `${rels.length} site files; the limit is ${MAX_SITE_FILES}` });
        return finish();
    }
    if (rels.length === 0) {
        diagnostics.push({ level: "warning", file: "sites", line: 0, col: 0, field: "", message: "no site files (sites/*.yaml); add one with `fleet init site NAME --region R`" });
    }
    const sites: { site: SiteModel; rep: Reporter }[] = [];
    const exists = (rel: string) => fs.existsSync(path.join(absDir, rel));
    for (const rel of rels) {
        files.push(rel);
        const parsed = readYamlFile(absDir, rel);
        diagnostics.push(...parsed.diagnostics);
        if (parsed.data === undefined && parsed.diagnostics.length > 0) continue;
        const before = parsed.diagnostics.length;
        if (!expectDocument(parsed, "Site")) {
            diagnostics.push(...parsed.diagnostics.slice(before));
            continue;
        }
        const schemaProblems = checkSchema("Site", parsed);
        diagnostics.push(...schemaProblems);
        if (schemaProblems.length > 0 || !fleet) continue;
        const rep = new Reporter(parsed, diagnostics);
        const data = parsed.data as SiteFile;
        const site = normalizeSite(data, rep, fleet, exists);
        const stem = path.basename(rel).replace(/\.ya?ml$/, "");
        if (stem !== site.name) rep.warn(["metadata", "name"], `site ${JSON.stringify(site.name)} is in ${rel}; name the file sites/${site.name}.yaml so it is easy to find`);
        sites.push({ site, rep });
    }
    if (fleet) {
        checkFleetWide(fleet, sites, fleetRep);
        fleet.sites = sites.map((s) => s.site).sort((a, b) => (a.name < b.name ? -1 : 1));
    }
    return finish(fleet);
}
