/**
 * Reading resource properties the way every rule needs to: values that are unknown until the
 * deployment runs, secrets that were masked, and shapes that differ between inputs (`plans`,
 * `pulumi preview`) and state (`pulumi stack export`). No Pulumi import: the rules stay pure.
 */

/**
 * The sentinels Pulumi uses for a value that is unknown during preview. `pulumi preview --json`
 * writes every unknown as the string one; @pulumi/policy keeps the typed ones.
 */
export const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // string (and every computed value in preview JSON)
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
    "030794c1-ac77-496b-92df-f27374a8bd58", // asset
    "e48ece36-62e2-4504-bad9-02848725956a", // archive
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

/** The canonical unknown value the offline engine uses (the one preview JSON writes). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** What a masked secret looks like in plans and in preview JSON. */
export const SECRET_MASK = "[secret]";

export function isUnknown(v: unknown): boolean {
    return UNKNOWN_SENTINELS.has(v as string);
}

/** Whether an unknown value appears anywhere inside `v` (also inside strings built from one). */
export function containsUnknown(v: unknown): boolean {
    if (typeof v === "string") return [...UNKNOWN_SENTINELS].some((s) => v.includes(s));
    // Arrays and objects by their values; numbers, booleans and nothing have none.
    return Object.values(v ?? {}).some(containsUnknown);
}

export function isObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The value at a dotted path (`a.b.0.c`), undefined when any step is missing. */
export function get(obj: unknown, path: string): unknown {
    let cur: unknown = obj;
    for (const key of path.split(".")) {
        if (isUnknown(cur)) return cur;
        if (Array.isArray(cur)) {
            // A key that is no index (`x`, `1.5`, `length`) is no element: Number() gives NaN or a fraction.
            cur = cur[Number(key)];
        } else if (isObject(cur)) {
            cur = cur[key];
        } else {
            return undefined;
        }
    }
    return cur;
}

/** A value as a list: arrays as they are, one value as a list of one, nothing as []. */
export function list(v: unknown): unknown[] {
    if (v === undefined || v === null) return [];
    return Array.isArray(v) ? v : [v];
}

/**
 * A tri-state reading of one property: `ok` when the check passes, `bad` with what was found,
 * `unknown` when the value is unknown at preview. Rules turn these into findings.
 */
export type Verdict = "ok" | "bad" | "unknown";

/** Verdict of `pred(value)`, unknown when the value (or anything inside it) is unknown. */
export function judge(value: unknown, pred: (v: unknown) => boolean): Verdict {
    if (containsUnknown(value)) return "unknown";
    return pred(value) ? "ok" : "bad";
}

/** JSON of a value for a message, cut to a readable length. */
export function show(v: unknown): string {
    if (v === undefined) return "nothing";
    if (isUnknown(v)) return "(unknown at preview)";
    let s: string;
    try {
        s = JSON.stringify(v) ?? String(v);
    } catch {
        s = String(v);
    }
    return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** Tags as a map, from the `aws` map form or the `aws-native` list of `{key, value}`. */
export function tagMap(v: unknown): Record<string, string> | undefined {
    if (Array.isArray(v)) {
        const out: Record<string, string> = {};
        for (const t of v) if (isObject(t) && typeof t.key === "string") out[t.key] = String(t.value ?? "");
        return out;
    }
    if (isObject(v)) {
        const out: Record<string, string> = {};
        for (const [k, x] of Object.entries(v)) if (x !== undefined && x !== null) out[k] = String(x);
        return out;
    }
    return undefined;
}
