/**
 * The difference between two offline plans: resources added, removed, updated in place and
 * replaced, with the input paths that changed. Deletions and replacements of data stores,
 * device identities and encryption keys come first: they lose data or cut devices off.
 */
import type { PlannedResource } from "../plan/plan";
import { criticalityOf, forcesReplacement, type Criticality } from "./replace";

export interface InputChange {
    /** `tags.owner`, `statements[0].actions[1]`; `policy(json).Statement[0]` inside JSON text. */
    path: string;
    /** Absent (undefined) when the path is new. */
    before?: unknown;
    /** Absent (undefined) when the path was removed. */
    after?: unknown;
    forcesReplacement: boolean;
    /** Set when a whole element of a list keyed by name was added or removed (`path` ends in `[<name>]`). */
    element?: "added" | "removed";
}

export type ChangeKind = "add" | "remove" | "update" | "replace" | "rename";

export interface ResourceChange {
    kind: ChangeKind;
    urn: string;
    /** For `rename` and URN-change replacements: the URN in the base plan. */
    previousUrn?: string;
    type: string;
    name: string;
    region: string;
    site?: string;
    custom: boolean;
    /** The input changes of an update or replacement, sorted by path. */
    inputs: InputChange[];
    /** Why a replacement happens. */
    reason?: string;
    /** Set for removals and replacements of critical types. */
    critical?: Criticality;
    /** The resource is protected: `pulumi up` refuses to delete it until unprotected. */
    protect: boolean;
    /** Removed from the stack but kept in AWS (`retainOnDelete` in the base plan). */
    retainOnDelete?: boolean;
}

export interface PlanDiff {
    /** Critical deletions and replacements first, then by kind, region, site, URN. */
    changes: ResourceChange[];
    counts: Record<ChangeKind, number> & { critical: number };
}

const KIND_ORDER: Record<ChangeKind, number> = { remove: 0, replace: 1, rename: 2, update: 3, add: 4 };

/**
 * A resource's identity across stacks: its region and its URN without the stack name. A site
 * that moved from its region stack to its own stack (`fleet migrate stacks`, a state move) keeps
 * it, so the move is neither a deletion nor a creation.
 */
export function identityKey(r: Pick<PlannedResource, "urn" | "region">): string {
    return `${r.region}\u0000${r.urn.replace(/^urn:pulumi:[^:]*::/, "")}`;
}

export function diffPlans(base: PlannedResource[], head: PlannedResource[]): PlanDiff {
    const baseByUrn = new Map(base.map((r) => [identityKey(r), r]));
    const headByUrn = new Map(head.map((r) => [identityKey(r), r]));
    const removed = base.filter((r) => !headByUrn.has(identityKey(r)));
    const added = head.filter((r) => !baseByUrn.has(identityKey(r)));
    const changes: ResourceChange[] = [];
    const matchedRemoved = new Set<string>();

    const answers = inheritedAliases(head);
    for (const a of added) {
        const viaAlias = removed.find((r) => !matchedRemoved.has(r.urn) && (answers?.get(a.urn)?.includes(r.urn) || aliasMatches(a, r)));
        const sameIdentity =
            viaAlias ??
            removed.find(
                (r) =>
                    !matchedRemoved.has(r.urn) &&
                    r.type === a.type &&
                    (r.name === a.name || (physicalName(r) !== undefined && physicalName(r) === physicalName(a))),
            );
        if (!sameIdentity) {
            changes.push(change("add", a, []));
            continue;
        }
        matchedRemoved.add(sameIdentity.urn);
        const inputs = diffInputs(a.type, sameIdentity.inputs, a.inputs);
        const forced = inputs.filter((c) => c.forcesReplacement);
        if (viaAlias && forced.length === 0) {
            changes.push({ ...change("rename", a, inputs), previousUrn: sameIdentity.urn });
        } else {
            const reason = viaAlias
                ? `renamed with an alias, but ${forced.map((c) => c.path).join(", ")} changed`
                : `its URN changed from ${sameIdentity.urn} and no alias carries the old one`;
            changes.push({
                ...change("replace", a, inputs),
                previousUrn: sameIdentity.urn,
                reason,
                critical: criticalityOf(a.type),
                protect: sameIdentity.protect,
            });
        }
    }
    for (const r of removed) {
        if (!matchedRemoved.has(r.urn))
            changes.push({ ...change("remove", r, []), critical: criticalityOf(r.type), ...(r.retainOnDelete ? { retainOnDelete: true } : {}) });
    }
    for (const h of head) {
        const b = baseByUrn.get(identityKey(h));
        if (!b) continue;
        const inputs = diffInputs(h.type, b.inputs, h.inputs);
        if (inputs.length === 0) continue;
        const forced = inputs.filter((c) => c.forcesReplacement);
        if (forced.length > 0) {
            changes.push({
                ...change("replace", h, inputs),
                reason: `${forced
                    .map((c) => c.path.split(/[.[(]/)[0])
                    .filter((v, i, a) => a.indexOf(v) === i)
                    .join(", ")} cannot change in place`,
                critical: criticalityOf(h.type),
                protect: b.protect,
            });
        } else {
            changes.push(change("update", h, inputs));
        }
    }
    changes.sort(
        (a, b) =>
            Number(b.critical !== undefined) - Number(a.critical !== undefined) ||
            KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
            a.region.localeCompare(b.region) ||
            (a.site ?? "").localeCompare(b.site ?? "") ||
            a.urn.localeCompare(b.urn),
    );
    const counts = { add: 0, remove: 0, update: 0, replace: 0, rename: 0, critical: 0 };
    for (const c of changes) {
        counts[c.kind]++;
        if (c.critical) counts.critical++;
    }
    return { changes, counts };
}

function change(kind: ChangeKind, r: PlannedResource, inputs: InputChange[]): ResourceChange {
    return { kind, urn: r.urn, type: r.type, name: r.name, region: r.region, site: r.site, custom: r.custom, inputs, protect: r.protect };
}

/** The physical name a resource asks for, when it sets one. */
function physicalName(r: PlannedResource): string | undefined {
    for (const key of ["name", "bucket", "thingName", "tableName", "bucketName", "clusterIdentifier", "identifier", "alias"]) {
        const v = r.inputs[key];
        if (typeof v === "string" && v !== "") return `${key}=${v}`;
    }
    return undefined;
}

/**
 * The URNs each resource answers to, aliases inherited from renamed parents included (a renamed
 * Site renames its children), from src/plan/aliases when that module is present.
 */
function inheritedAliases(head: PlannedResource[]): Map<string, string[]> | undefined {
    try {
        const mod = require("../plan/aliases") as { answersTo?: (r: PlannedResource[]) => Map<string, string[]> };
        return mod.answersTo?.(head);
    } catch {
        return undefined;
    }
}

/** Whether `added` declares an alias for `removed` (a full URN, or a name/type/parent spec). */
function aliasMatches(added: PlannedResource, removed: PlannedResource): boolean {
    for (const alias of added.aliases) {
        if (alias === removed.urn) return true;
        if (alias.startsWith("urn:")) continue;
        try {
            const spec = (JSON.parse(alias) as { spec?: { name?: string; type?: string } }).spec ?? (JSON.parse(alias) as { name?: string; type?: string });
            const name = spec.name || added.name;
            const type = spec.type || added.type;
            if (removed.name === name && removed.type === type) return true;
        } catch {
            /* not a spec we understand */
        }
    }
    return false;
}

/** Deep difference of two input objects; paths sorted; JSON text compared structurally. */
export function diffInputs(type: string, before: Record<string, unknown>, after: Record<string, unknown>): InputChange[] {
    const out: InputChange[] = [];
    const walk = (b: unknown, a: unknown, path: string, top: string) => {
        if (deepEqual(b, a)) return;
        const bj = jsonText(b);
        const aj = jsonText(a);
        if (bj !== undefined && aj !== undefined) return walk(bj, aj, `${path}(json)`, top);
        if (isObject(b) && isObject(a)) {
            const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
            for (const k of keys) walk(b[k], a[k], `${path}.${k}`, top);
            return;
        }
        if (Array.isArray(b) && Array.isArray(a)) {
            const key = listKey(b, a);
            if (key) {
                // Lists of named things are compared by name, so removing one machine is one change.
                const bm = new Map(b.map((x) => [keyOf(x, key), x]));
                const am = new Map(a.map((x) => [keyOf(x, key), x]));
                for (const [k, x] of bm) {
                    if (am.has(k)) walk(x, am.get(k), `${path}[${k}]`, top);
                    else out.push({ path: `${path}[${k}]`, before: x, forcesReplacement: forcesReplacement(type, top), element: "removed" });
                }
                for (const [k, x] of am)
                    if (!bm.has(k)) out.push({ path: `${path}[${k}]`, after: x, forcesReplacement: forcesReplacement(type, top), element: "added" });
                return;
            }
            for (let i = 0; i < Math.max(a.length, b.length); i++) walk(b[i], a[i], `${path}[${i}]`, top);
            return;
        }
        const c: InputChange = { path, forcesReplacement: forcesReplacement(type, top) };
        if (b !== undefined) c.before = b;
        if (a !== undefined) c.after = a;
        out.push(c);
    };
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    for (const k of keys) walk(before[k], after[k], k, k);
    return out;
}

/** Fields that name the elements of a list (machines, sensors, gateways, IAM statements). */
const LIST_KEYS = ["name", "Name", "Sid", "id"];

function keyOf(x: unknown, key: string): string {
    return typeof x === "string" ? x : String((x as Record<string, unknown>)[key]);
}

/**
 * How to match the elements of two lists: by a naming field every element has (unique in each
 * list), by value for lists of distinct strings, else by position (undefined).
 */
export function listKey(b: unknown[], a: unknown[]): string | undefined {
    const unique = (xs: unknown[], f: (x: unknown) => unknown) => new Set(xs.map(f)).size === xs.length;
    if (b.length + a.length === 0) return undefined;
    const all = [...b, ...a];
    if (all.every((x) => typeof x === "string") && unique(b, (x) => x) && unique(a, (x) => x)) {
        // Same strings in another order: positions say more than "nothing added or removed".
        const bs = new Set(b);
        return a.length === b.length && a.every((x) => bs.has(x)) ? undefined : "=";
    }
    for (const key of LIST_KEYS) {
        const named = all.every((x) => isObject(x) && typeof x[key] === "string" && x[key] !== "");
        if (named && unique(b, (x) => (x as Record<string, unknown>)[key]) && unique(a, (x) => (x as Record<string, unknown>)[key])) return key;
    }
    return undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** A string holding a JSON object or array (policy documents, recipes), parsed; else undefined. */
function jsonText(v: unknown): unknown {
    if (typeof v !== "string" || !/^\s*[[{]/.test(v)) return undefined;
    try {
        const parsed: unknown = JSON.parse(v);
        return parsed !== null && typeof parsed === "object" ? parsed : undefined;
    } catch {
        return undefined;
    }
}

export function deepEqual(a: unknown, b: unknown): boolean {
    if (a === b) return true;
    if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
    if (isObject(a) && isObject(b)) {
        const ka = Object.keys(a).filter((k) => a[k] !== undefined);
        const kb = Object.keys(b).filter((k) => b[k] !== undefined);
        return ka.length === kb.length && ka.every((k) => deepEqual(a[k], b[k]));
    }
    return false;
}
