/**
 * Just enough YAML writing for generated fleet files: block maps and lists, flow maps for
 * short records (one machine per line, as people write them), and scalars quoted only where
 * YAML would read them as something else. Much faster than a general serializer, and the
 * loader reads the result back, so a mistake here fails the generator's tests.
 */

export type Scalar = string | number | boolean;
export type Value = Scalar | undefined | Value[] | { [key: string]: Value };

const PLAIN = /^[A-Za-z0-9_/][A-Za-z0-9 _./@%+-]*$/;
const RESERVED = /^(true|false|yes|no|on|off|null|y|n|~)$/i;
/** What the YAML 1.2 core schema (and YAML 1.1 readers) would take for a number. */
const NUMERIC = /^([-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9]*)?)([eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$/;

/** A scalar as YAML text. */
export function scalar(v: Scalar): string {
    if (typeof v === "number") {
        if (!Number.isFinite(v)) throw new Error(`cannot write ${v} as YAML`);
        return String(v);
    }
    if (typeof v === "boolean") return v ? "true" : "false";
    if (PLAIN.test(v) && !RESERVED.test(v) && !NUMERIC.test(v) && !v.endsWith(" ")) return v;
    return JSON.stringify(v);
}

/** `{ a: 1, b: x }`, skipping undefined fields; nested maps stay in flow style. */
export function flow(value: Value): string {
    if (value === undefined) return "~";
    if (Array.isArray(value)) return `[${value.map(flow).join(", ")}]`;
    if (typeof value === "object") {
        const parts = Object.entries(value)
            .filter(([, v]) => v !== undefined)
            .map(([k, v]) => `${scalar(k)}: ${flow(v)}`);
        return parts.length ? `{ ${parts.join(", ")} }` : "{}";
    }
    return scalar(value);
}

/** Lines of a block list of flow maps: `- { name: a, ... }`. */
export function flowList(items: Value[], indent: string): string {
    return items.map((item) => `${indent}- ${flow(item)}\n`).join("");
}

/**
 * Lines of a block list of block maps, one field a line; values that are maps or lists are
 * written in flow style.
 */
export function blockList(items: { [key: string]: Value }[], indent: string): string {
    let out = "";
    for (const item of items) {
        let first = true;
        for (const [k, v] of Object.entries(item)) {
            if (v === undefined) continue;
            out += `${indent}${first ? "- " : "  "}${scalar(k)}: ${flow(v)}\n`;
            first = false;
        }
    }
    return out;
}
