/**
 * What every part of normalization shares: the defaults, the order of lists, the Reporter that
 * turns a data path into a position, and the per-site context the site's parts read.
 */
import { show, type Diagnostic } from "../diagnostics";
import { readInsideFleet } from "../fleet-file";
import type { SiteFile } from "../schema";
import { fieldName } from "../schema-check";
import type { FleetModel, RegionModel, SourceRef } from "../types";
import type { ParsedYaml, PathSegment } from "../yaml";
import { cmp } from "../../util/compare";

export const DEFAULT_RETENTION = { hot: "7d", warm: "90d", archive: "7y" };
export const DEFAULT_NUCLEUS = "2.14.3";
export const DEFAULT_OFFLINE_BUFFER_MIB = 1024;
/** Share of the uplink above which a warning says the plan is tight. */
export const BANDWIDTH_WARN_SHARE = 0.8;
/** The reserved zone name for the site's AWS endpoints. */
export const CLOUD = "cloud";
/** Kinds of suppression target and where their names live. */
export const TARGET_KINDS = ["site", "segment", "conduit", "gateway", "plc", "equipment", "sensor"] as const;

export { cmp };
/** A copy sorted by name: the model is keyed by names, so reordering a YAML list changes nothing. */
export const byName = <T extends { name: string }>(items: T[]): T[] => [...items].sort((a, b) => cmp(a.name, b.name));
export const SEVERITY_ORDER = ["critical", "warning", "info"];

/** A number as a message shows it: at most 4 significant digits, no float noise (0.333, 1200). */
export function num(n: number): string {
    return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(4)));
}

/** Collects findings for one file, resolving data paths to positions. */
export class Reporter {
    constructor(
        readonly parsed: ParsedYaml,
        readonly out: Diagnostic[],
    ) {}
    at(path: PathSegment[]): SourceRef {
        const p = this.parsed.position(path);
        return { file: this.parsed.file, line: p.line, col: p.col };
    }
    error(path: PathSegment[], message: string, which: "key" | "value" = "value"): void {
        this.add("error", path, message, which);
    }
    warn(path: PathSegment[], message: string, which: "key" | "value" = "value"): void {
        this.add("warning", path, message, which);
    }
    private add(level: "error" | "warning", path: PathSegment[], message: string, which: "key" | "value"): void {
        const p = this.parsed.position(path, which);
        this.out.push({ level, file: this.parsed.file, line: p.line, col: p.col, field: fieldName(path), message });
    }
}

/** What normalizing a site looks at besides its file and the fleet. */
export interface SiteInputs {
    /** How it looks at the fleet directory (the CSRs), so the loader can record what a site's result depends on. */
    fileExists: (rel: string) => boolean;
    readText?: (rel: string) => FleetText;
    /** Policy names a suppression may name (LoadOptions.knownRules); unchecked when absent. */
    knownRules?: readonly string[];
    /** Rules a site file may not suppress without a fleet.yaml approval (LoadOptions.mandatoryRules). */
    mandatoryRules?: readonly string[];
}

/** One site being normalized: its file, the fleet, where findings go, and how it reads the fleet directory. */
export interface SiteContext {
    fleet: FleetModel;
    spec: SiteFile["spec"];
    siteName: string;
    rep: Reporter;
    look: SiteInputs;
    fileExists: (rel: string) => boolean;
    readText: (rel: string) => FleetText;
    /** A path under `spec`. */
    S: (...p: PathSegment[]) => PathSegment[];
    /** Report the second and later items of a list with a name already used. */
    unique: <T extends { name: string }>(items: T[] | undefined, list: string, noun: string) => void;
    /** The site's region, when its endpoints are `shared`: the site's cloud is the region's endpoint VPC. */
    sharedEndpoints?: RegionModel;
}

export function siteContext(file: SiteFile, rep: Reporter, fleet: FleetModel, look: SiteInputs): SiteContext {
    const S = (...p: PathSegment[]) => ["spec", ...p];
    const unique = <T extends { name: string }>(items: T[] | undefined, list: string, noun: string) => {
        const seen = new Map<string, number>();
        (items ?? []).forEach((item, i) => {
            const first = seen.get(item.name);
            if (first !== undefined) rep.error(S(list, i, "name"), `duplicate ${noun} name ${show(item.name)}; also at ${list}[${first}]`);
            else seen.set(item.name, i);
        });
    };
    return {
        fleet,
        spec: file.spec,
        siteName: file.metadata.name,
        rep,
        look,
        fileExists: look.fileExists,
        readText: look.readText ?? ((rel: string) => readFleetText(fleet.dir, rel)),
        S,
        unique,
        sharedEndpoints: fleet.regions.find((r) => r.name === file.metadata.region && r.network.endpoints === "shared"),
    };
}

/** The text of a file of the fleet directory, or why it was not read (a sentence that follows the file's name). */
export type FleetText = { text: string } | { problem: string };

/**
 * The text of a file of the fleet directory (a CSR), read as site files are (fleet-file.ts): a
 * path that resolves outside the fleet directory, a non-file or an oversized file is refused
 * without reading it.
 */
export function readFleetText(dir: string, rel: string): FleetText {
    const read = readInsideFleet(dir, rel, "a certificate signing request is a PEM text file");
    return "bytes" in read ? { text: read.bytes.toString("utf8") } : read;
}
