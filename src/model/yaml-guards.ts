/**
 * The guards of safe YAML reading (see yaml.ts): the nesting depth scanned on the text before the
 * parser recurses into it, and the parsed tree's own checks (depth, duplicate and forbidden keys,
 * tags, and how much data aliases may add).
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type Node } from "yaml";

export type PathSegment = string | number;

/** Deepest nesting of maps and lists a fleet file can need is about 8; real files never reach 64. */
export const MAX_DEPTH = 64;
/** Aliases allowed per file; a few anchors are handy, thousands are an attack. */
export const MAX_ALIASES = 100;
/**
 * Values that aliases may add to a file in all. The alias count alone stops exponential bombs,
 * not a wide one: a 2 MiB anchored list used 100 times is 200 MiB of data.
 */
export const MAX_ALIAS_VALUES = 100_000;
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);
/** Explicit tags that only restate what a plain value already is. */
const PLAIN_TAGS = new Set(["str", "int", "float", "bool", "null", "map", "seq"].map((t) => `tag:yaml.org,2002:${t}`));

export const depthMessage = `nested deeper than ${MAX_DEPTH} levels; fleet files need fewer than 10`;

/**
 * Offset where nesting first exceeds what the parser may safely recurse into, or undefined.
 *
 * Flow nesting (`[[[` or `{{{`) is counted exactly, outside quotes and comments. Block nesting
 * costs at least one column a level, so a line whose indentation (spaces and the `-`, `?`, `:`
 * indicators of compact nested collections, as in `- - - x`) is wider than 4 columns a level is
 * refused. The parsed tree is checked again exactly (checkTree).
 */
export function scanDepth(text: string): number | undefined {
    let flow = 0;
    let inQuote = 0;
    const n = text.length;
    // Start as if after a newline, so the first line's indentation counts too.
    for (let i = -1; i < n; i++) {
        const c = i < 0 ? 10 : text.charCodeAt(i);
        if (inQuote !== 0) {
            if (c === 92 /* \ */ && inQuote === 34) i++;
            else if (c === inQuote) inQuote = 0;
            continue;
        }
        switch (c) {
            case 35 /* # */: {
                const prev = i > 0 ? text.charCodeAt(i - 1) : 10;
                if (prev === 32 || prev === 9 || prev === 10 || prev === 13) {
                    const nl = text.indexOf("\n", i);
                    if (nl < 0) return undefined;
                    i = nl - 1;
                }
                break;
            }
            case 34 /* " */:
            case 39 /* ' */: {
                const prev = i > 0 ? text.charCodeAt(i - 1) : 10;
                // A quote opens a quoted scalar only where a scalar can start.
                if (
                    flow > 0 ||
                    prev === 32 ||
                    prev === 9 ||
                    prev === 10 ||
                    prev === 13 ||
                    prev === 58 ||
                    prev === 44 ||
                    prev === 91 ||
                    prev === 123 ||
                    prev === 45 ||
                    prev === 63
                )
                    inQuote = c;
                break;
            }
            case 91 /* [ */:
            case 123 /* { */:
                if (++flow > MAX_DEPTH) return i;
                break;
            case 93 /* ] */:
            case 125 /* } */:
                if (flow > 0) flow--;
                break;
            case 10 /* \n */: {
                if (flow > 0) break;
                let j = i + 1;
                while (j < n) {
                    const d = text.charCodeAt(j);
                    if (d !== 32 && d !== 45 && d !== 63 && d !== 58) break;
                    j++;
                }
                if (j - (i + 1) > MAX_DEPTH * 4) return j;
                break;
            }
        }
    }
    return undefined;
}

export interface TreeProblem {
    message: string;
    offset: number;
    path: PathSegment[];
}

/** A node met on the walk, with the way back to the root (paths are built only for problems). */
interface Visit {
    node: unknown;
    depth: number;
    parent: Visit | undefined;
    key: PathSegment;
}

function pathOf(v: Visit | undefined): PathSegment[] {
    const out: PathSegment[] = [];
    for (let at = v; at?.parent; at = at.parent) out.push(at.key);
    return out.reverse();
}

const tagOf = (n: unknown): string | undefined => (n && typeof n === "object" && "tag" in n ? (n as { tag?: string }).tag : undefined);
const showTag = (tag: string) => (tag.startsWith("tag:yaml.org,2002:") ? `!!${tag.slice(18)}` : tag);
const tagMessage = (tag: string) => `tag ${showTag(tag)} is not supported; fleet files hold plain values (remove the tag)`;

/**
 * One walk over the parsed tree (iterative, so it cannot overflow the stack): nesting depth,
 * keys that name an object prototype, keys that are lists or maps, and tags. Also counts the
 * aliases, so that a file without any skips the alias expansion check.
 */
export function checkTree(root: unknown): { problems: TreeProblem[]; aliases: number } {
    const problems: TreeProblem[] = [];
    let aliases = 0;
    const stack: Visit[] = [{ node: root, depth: 0, parent: undefined, key: "" }];
    while (stack.length > 0) {
        const visit = stack.pop()!;
        const { node, depth } = visit;
        if (!node) continue;
        if (isAlias(node)) {
            aliases++;
            continue;
        }
        const tag = tagOf(node);
        if (tag !== undefined && !PLAIN_TAGS.has(tag)) problems.push({ message: tagMessage(tag), offset: (node as Node).range?.[0] ?? 0, path: pathOf(visit) });
        if (isMap(node)) {
            if (depth >= MAX_DEPTH) {
                problems.push({ message: depthMessage, offset: node.range?.[0] ?? 0, path: [] });
                continue;
            }
            const keys = new Set<string>();
            for (const item of node.items) {
                const k = item.key;
                if (isScalar(k)) {
                    const key = String(k.value);
                    if (keys.has(key)) {
                        problems.push({
                            message: `duplicate key ${JSON.stringify(key)}; each key may appear once in a map`,
                            offset: k.range?.[0] ?? 0,
                            path: [...pathOf(visit), key],
                        });
                        continue;
                    }
                    keys.add(key);
                    if (FORBIDDEN_KEYS.has(key)) {
                        problems.push({
                            message: `key ${JSON.stringify(key)} is not allowed; __proto__, constructor and prototype are reserved (they reach an object's prototype)`,
                            offset: k.range?.[0] ?? 0,
                            path: [...pathOf(visit), key],
                        });
                        continue;
                    }
                    const keyTag = k.tag;
                    if (keyTag !== undefined && !PLAIN_TAGS.has(keyTag))
                        problems.push({ message: tagMessage(keyTag), offset: k.range?.[0] ?? 0, path: [...pathOf(visit), key] });
                    stack.push({ node: item.value, depth: depth + 1, parent: visit, key });
                } else if (k !== null && k !== undefined) {
                    if (isAlias(k)) aliases++;
                    problems.push({
                        message: "a key must be a plain name, not a list, a map or an alias",
                        offset: (k as Node).range?.[0] ?? 0,
                        path: pathOf(visit),
                    });
                } else stack.push({ node: item.value, depth: depth + 1, parent: visit, key: "" });
            }
        } else if (isSeq(node)) {
            if (depth >= MAX_DEPTH) {
                problems.push({ message: depthMessage, offset: node.range?.[0] ?? 0, path: [] });
                continue;
            }
            const items = node.items;
            for (let i = 0; i < items.length; i++) stack.push({ node: items[i], depth: depth + 1, parent: visit, key: i });
        }
    }
    return { problems: problems.sort((a, b) => a.offset - b.offset), aliases };
}

/**
 * How many values the aliases of a document add when expanded (each alias counts the nodes of
 * what it names, aliases inside included), stopping early once over the limit.
 */
export function aliasExpansion(doc: Document.Parsed): number {
    const sizes = new Map<unknown, number>();
    let aliases = 0;
    const size = (node: unknown, depth: number): number => {
        if (!node || depth > MAX_DEPTH + MAX_ALIASES) return 1;
        if (isAlias(node)) {
            aliases++;
            const target = aliases > MAX_ALIASES * 10 ? undefined : node.resolve(doc);
            if (!target) return MAX_ALIAS_VALUES + 1;
            const known = sizes.get(target);
            if (known !== undefined) return known;
            const n = size(target, depth + 1);
            sizes.set(target, n);
            return n;
        }
        let n = 1;
        if (isMap(node)) {
            for (const item of node.items) {
                n += size(item.key, depth + 1) + size(item.value, depth + 1);
                if (n > MAX_ALIAS_VALUES) return n;
            }
        } else if (isSeq(node)) {
            for (const item of node.items) {
                n += size(item, depth + 1);
                if (n > MAX_ALIAS_VALUES) return n;
            }
        }
        return n;
    };
    let total = 0;
    const stack: unknown[] = [doc.contents];
    while (stack.length > 0 && total <= MAX_ALIAS_VALUES) {
        const node = stack.pop();
        if (isAlias(node)) total += size(node, 0);
        else if (isMap(node)) for (const item of node.items) stack.push(item.key, item.value);
        else if (isSeq(node)) for (const item of node.items) stack.push(item);
    }
    return total;
}
