/**
 * What changed in the fleet files, in the users' terms: sites, gateways, PLCs, equipment,
 * sensors, segments and conduits added, removed or changed (with the fields that changed).
 * Shown above the resource changes of `fleet diff` so a reviewer can tie one to the other.
 */
import type { FleetModel, SiteModel } from "../model/types";
import { deepEqual } from "./plan-diff";

export type ElementKind =
    "region" | "equipment type" | "fleet setting" | "site" | "site setting" | "segment" | "conduit" | "gateway" | "plc" | "equipment" | "sensor";

export interface ModelChange {
    /** The site the element belongs to; undefined for fleet-level elements. */
    site?: string;
    kind: ElementKind;
    name: string;
    change: "added" | "removed" | "changed" | "renamed";
    /** For `renamed`: the name in the base (listed in the site's `previousNames`). */
    previousName?: string;
    /** Changed fields (dotted paths), for `changed`. */
    fields?: string[];
}

const COLLECTIONS: [keyof SiteModel, ElementKind][] = [
    ["segments", "segment"],
    ["conduits", "conduit"],
    ["gateways", "gateway"],
    ["plcs", "plc"],
    ["equipment", "equipment"],
    ["sensors", "sensor"],
];

/** Positions and derived figures say nothing about what changed. */
const IGNORED = new Set(["at", "dir", "file", "plannedBytesPerSecond"]);

function strip(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(strip);
    if (v && typeof v === "object") {
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (!IGNORED.has(k)) out[k] = strip(x);
        return out;
    }
    return v;
}

/** Dotted paths of the fields that differ (one level into objects, whole arrays). */
function changedFields(b: unknown, a: unknown, prefix = ""): string[] {
    const bo = b as Record<string, unknown>;
    const ao = a as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(bo), ...Object.keys(ao)])].filter((k) => !IGNORED.has(k)).sort();
    const out: string[] = [];
    for (const k of keys) {
        const bv = strip(bo[k]);
        const av = strip(ao[k]);
        if (deepEqual(bv, av)) continue;
        const isObj = (v: unknown) => v !== null && typeof v === "object" && !Array.isArray(v);
        if (isObj(bv) && isObj(av)) out.push(...changedFields(bv, av, `${prefix}${k}.`));
        else out.push(`${prefix}${k}`);
    }
    return out;
}

function diffNamed<T extends { name: string }>(base: T[], head: T[], kind: ElementKind, site: string | undefined, out: ModelChange[]): void {
    const b = new Map(base.map((x) => [x.name, x]));
    const h = new Map(head.map((x) => [x.name, x]));
    for (const [name, x] of b) {
        if (!h.has(name)) out.push({ site, kind, name, change: "removed" });
        else {
            const fields = changedFields(x, h.get(name));
            if (fields.length > 0) out.push({ site, kind, name, change: "changed", fields });
        }
    }
    for (const name of h.keys()) if (!b.has(name)) out.push({ site, kind, name, change: "added" });
}

export function diffModels(base: FleetModel, head: FleetModel): ModelChange[] {
    const out: ModelChange[] = [];
    for (const key of ["name", "tags", "defaults"] as const) {
        if (!deepEqual(strip(base[key]), strip(head[key])))
            out.push({ kind: "fleet setting", name: key, change: "changed", fields: isPlain(base[key]) ? changedFields(base[key], head[key]) : undefined });
    }
    const withoutSites = (rs: FleetModel["regions"]) => rs.map((r) => ({ ...r, sites: [] as string[] }));
    diffNamed(withoutSites(base.regions), withoutSites(head.regions), "region", undefined, out);
    diffNamed(Object.values(base.equipmentTypes), Object.values(head.equipmentTypes), "equipment type", undefined, out);
    const baseSites = new Map(base.sites.map((s) => [s.name, s]));
    const headSites = new Map(head.sites.map((s) => [s.name, s]));
    // A site whose previousNames holds a vanished site's name was renamed, not replaced.
    const renamedFrom = new Map<string, string>();
    for (const [name, h] of headSites) {
        if (baseSites.has(name)) continue;
        const old = h.previousNames.find((p) => baseSites.has(p) && !headSites.has(p));
        if (old) renamedFrom.set(name, old);
    }
    const renamedOld = new Set(renamedFrom.values());
    for (const [name] of baseSites) if (!headSites.has(name) && !renamedOld.has(name)) out.push({ kind: "site", name, change: "removed" });
    for (const [name, h] of headSites) {
        const previous = renamedFrom.get(name);
        const b = baseSites.get(previous ?? name);
        if (!b) {
            out.push({ kind: "site", name, change: "added" });
            continue;
        }
        if (previous) out.push({ kind: "site", name, change: "renamed", previousName: previous });
        const collections = new Set(COLLECTIONS.map(([k]) => k as string));
        const renameNoise = new Set(["name", "previousNames"]);
        for (const field of changedFields(b, h).filter((f) => !collections.has(f.split(".")[0]) && !(previous && renameNoise.has(f)))) {
            out.push({ site: name, kind: "site setting", name: field, change: "changed" });
        }
        for (const [key, kind] of COLLECTIONS) diffNamed(b[key] as { name: string }[], h[key] as { name: string }[], kind, name, out);
    }
    return out;
}

function isPlain(v: unknown): boolean {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** `site stuttgart-body: gateway gw-body-05 removed`, one line per change. */
export function formatModelChange(c: ModelChange): string {
    const where = c.site ? `site ${c.site}: ` : "";
    if (c.kind === "site setting") return `${where}${c.name} changed`;
    if (c.change === "renamed") return `${where}${c.kind} ${c.previousName} renamed to ${c.name}`;
    const fields = c.change === "changed" && c.fields && c.fields.length > 0 ? ` (${c.fields.join(", ")})` : "";
    return `${where}${c.kind} ${c.name} ${c.change}${fields}`;
}
