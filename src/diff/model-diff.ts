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
    /** Changed fields (dotted paths as written in the YAML files), for `changed`. */
    fields?: string[];
    /** For an added or removed machine: its sensors, added or removed with it (not listed apart). */
    sensors?: string[];
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
const IGNORED = new Set(["at", "dir", "file", "plannedBytesPerSecond", "thingName", "fromLevel", "toLevel"]);

/** Fields the model holds under another name than the YAML files: shown as users write them. */
const YAML_NAMES: Record<string, string> = { hotDays: "hot", warmDays: "warm", archiveDays: "archive", windowSeconds: "window" };

/** Derived fields per element kind (a machine's sensor names come from its type). */
const DERIVED: Partial<Record<ElementKind, string[]>> = { equipment: ["sensors"] };

function yamlPath(field: string): string {
    return field
        .split(".")
        .map((p) => YAML_NAMES[p] ?? p)
        .join(".");
}

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
        else out.push(yamlPath(`${prefix}${k}`));
    }
    return out;
}

function diffNamed<T extends { name: string; previousNames?: string[] }>(
    base: T[],
    head: T[],
    kind: ElementKind,
    site: string | undefined,
    out: ModelChange[],
): void {
    const b = new Map(base.map((x) => [x.name, x]));
    const h = new Map(head.map((x) => [x.name, x]));
    // An element whose previousNames holds a vanished element's name was renamed, not replaced.
    const renamedFrom = new Map<string, string>();
    for (const [name, x] of h) {
        const old = b.has(name) ? undefined : x.previousNames?.find((p) => b.has(p) && !h.has(p) && ![...renamedFrom.values()].includes(p));
        if (old) renamedFrom.set(name, old);
    }
    const renamedOld = new Set(renamedFrom.values());
    const derived = new Set(DERIVED[kind] ?? []);
    const fieldsOf = (x: T, y: T, rename: boolean) =>
        changedFields(x, y).filter((f) => !derived.has(f.split(".")[0]) && !(rename && (f === "name" || f === "previousNames")));
    for (const [name, x] of b) {
        if (renamedOld.has(name)) continue;
        if (!h.has(name)) out.push({ site, kind, name, change: "removed" });
        else {
            const fields = fieldsOf(x, h.get(name)!, false);
            if (fields.length > 0) out.push({ site, kind, name, change: "changed", fields });
        }
    }
    for (const [name, x] of h) {
        const previous = renamedFrom.get(name);
        if (previous) {
            out.push({ site, kind, name, change: "renamed", previousName: previous });
            const fields = fieldsOf(b.get(previous)!, x, true);
            if (fields.length > 0) out.push({ site, kind, name, change: "changed", fields });
        } else if (!b.has(name)) out.push({ site, kind, name, change: "added" });
    }
}

/** The sensors of an added or removed machine go with it: one line, not one per sensor. */
function foldSensors(changes: ModelChange[], base: SiteModel, head: SiteModel): ModelChange[] {
    const owner = new Map<string, string>();
    for (const s of [...base.sensors, ...head.sensors]) if (s.equipment) owner.set(s.name, s.equipment);
    const machines = new Map(changes.filter((c) => c.kind === "equipment" && (c.change === "added" || c.change === "removed")).map((c) => [c.name, c]));
    return changes.filter((c) => {
        const machine = c.kind === "sensor" ? machines.get(owner.get(c.name) ?? "") : undefined;
        if (!machine || machine.change !== c.change) return true;
        (machine.sensors ??= []).push(c.name);
        return false;
    });
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
        const site: ModelChange[] = [];
        for (const [key, kind] of COLLECTIONS) diffNamed(b[key] as { name: string }[], h[key] as { name: string }[], kind, name, site);
        out.push(...foldSensors(site, b, h));
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
    const sensors = c.sensors?.length ? ` with its ${c.sensors.length === 1 ? "sensor" : `${c.sensors.length} sensors`}` : "";
    return `${where}${c.kind} ${c.name} ${c.change}${sensors}${fields}`;
}
