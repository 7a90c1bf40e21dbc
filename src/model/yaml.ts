/**
 * Safe YAML reading with source positions.
 *
 * Hostile input is refused before it can cost much: a size limit checked before reading, strict
 * UTF-8, no NUL characters, a bounded nesting depth (checked on the text before parsing, because
 * the parser recurses, and again on the parsed tree), a bounded number of aliases (the "billion
 * laughs" bomb), duplicate keys, keys that would reach an object's prototype, keys that are not
 * plain values, and tags (`!!js/function`, `!custom`): fleet files are plain data.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import type { Diagnostic } from "./diagnostics";
import { aliasExpansion, checkTree, depthMessage, MAX_ALIASES, MAX_ALIAS_VALUES, MAX_DEPTH, scanDepth, type PathSegment } from "./yaml-guards";

export { MAX_ALIASES, MAX_ALIAS_VALUES, MAX_DEPTH, type PathSegment } from "./yaml-guards";

/** Largest file we read: a site with 20,000 sensors is well under this. */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;
/** Problems of one kind reported per file before the rest are summarized. */
const MAX_REPORTED = 20;
export interface ParsedYaml {
    file: string;
    /** The plain data, or undefined when the file could not be parsed. */
    data: unknown;
    /** Position (1-based line and column) of the node at a data path, or of its closest parent. */
    position(path: PathSegment[], which?: "key" | "value"): { line: number; col: number };
    diagnostics: Diagnostic[];
    /**
     * Drop the syntax tree once the file is checked (a fleet of 1,000 sites holds 1,000 trees
     * otherwise); a later position() parses the text again, once.
     */
    release?(): void;
}

function fileError(file: string, message: string, line = 0, col = 0, field = ""): Diagnostic {
    return { level: "error", file, line, col, field, message };
}

/** 1-based line and column of an offset, counting on the text (for errors found before parsing). */
function lineColOf(text: string, offset: number): { line: number; col: number } {
    let line = 1;
    let start = 0;
    for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) {
        line++;
        start = i + 1;
    }
    return { line, col: offset - start + 1 };
}

/** Decode bytes as strict UTF-8, naming the line and column of the first bad byte. */
export function decodeUtf8(file: string, bytes: Uint8Array): { text?: string; diagnostic?: Diagnostic } {
    try {
        return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
    } catch {
        let line = 1;
        let col = 1;
        let bad = 0;
        const decoder = new TextDecoder("utf-8", { fatal: true });
        for (let i = 0; i < bytes.length;) {
            const b = bytes[i];
            const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
            let ok = len > 0 && i + len <= bytes.length;
            if (ok && len > 1) {
                try {
                    decoder.decode(bytes.subarray(i, i + len));
                } catch {
                    ok = false;
                }
            }
            if (!ok) {
                bad = i;
                break;
            }
            if (b === 0x0a) {
                line++;
                col = 1;
            } else col++;
            i += len;
        }
        return {
            diagnostic: fileError(
                file,
                `not valid UTF-8 (byte 0x${bytes[bad]?.toString(16).padStart(2, "0")} at offset ${bad}); save the file as UTF-8`,
                line,
                col,
            ),
        };
    }
}

/**
 * YAML 1.2, core schema (plain JSON-like values), no merge keys. Duplicate keys are refused by
 * checkTree with one set per map: the parser's own `uniqueKeys` compares each key with every
 * earlier key of its map, quadratic (a 20,000-key map took ~5 s; linear now, see docs/site-files.md).
 */
const PARSE_OPTIONS = {
    uniqueKeys: false,
    prettyErrors: false,
    strict: true,
    version: "1.2",
    schema: "core",
    merge: false,
    keepSourceTokens: false,
} as const;

/** Parse one YAML document from text. Never throws. */
export function parseYaml(file: string, text: string): ParsedYaml {
    let lineCounter = new LineCounter();
    const diagnostics: Diagnostic[] = [];
    let doc: Document.Parsed | undefined;
    let released = false;
    const pos = (offset: number) => lineCounter.linePos(offset);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const source = text;
    const result: ParsedYaml = {
        file,
        data: undefined,
        diagnostics,
        position: (path, which = "value") => {
            if (released && !doc) {
                lineCounter = new LineCounter();
                doc = parseDocument(source, { ...PARSE_OPTIONS, lineCounter });
            }
            return locate(doc, path, which, pos);
        },
        release: () => {
            released = true;
            doc = undefined;
        },
    };
    const nul = text.indexOf("\u0000");
    if (nul >= 0) {
        const at = lineColOf(text, nul);
        diagnostics.push(fileError(file, "contains a NUL character (byte 0x00); a fleet file is UTF-8 text", at.line, at.col));
        return result;
    }
    const deep = scanDepth(text);
    if (deep !== undefined) {
        const at = lineColOf(text, deep);
        diagnostics.push(fileError(file, depthMessage, at.line, at.col));
        return result;
    }
    try {
        doc = parseDocument(text, { ...PARSE_OPTIONS, lineCounter });
    } catch (e) {
        diagnostics.push(
            fileError(file, /call stack/i.test(String((e as Error)?.message)) ? depthMessage : `could not be parsed as YAML: ${(e as Error)?.message}`),
        );
        return result;
    }
    const seen = new Set<string>();
    for (const err of doc.errors) {
        const at = pos(err.pos[0]);
        const tooDeep = /call stack/i.test(err.message);
        const d = fileError(file, tooDeep ? depthMessage : yamlMessage(err.code, err.message), at.line, at.col);
        if (err.code === "DUPLICATE_KEY") {
            const dup = keyAt(doc, err.pos[0]);
            if (dup) {
                d.message = `duplicate key ${JSON.stringify(dup.key)}; each key may appear once in a map`;
                d.field = fieldOf(dup.path);
            }
        }
        const key = tooDeep ? "deep" : `${d.line}:${d.col}:${d.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        diagnostics.push(d);
    }
    if (doc.errors.length > 0) return result;
    for (const w of doc.warnings) {
        if (w.code === "TAG_RESOLVE_FAILED") continue; // reported as an error by checkTree
        const at = pos(w.pos[0]);
        diagnostics.push({ ...fileError(file, yamlMessage(w.code, w.message), at.line, at.col), level: "warning" });
    }
    const { problems, aliases } = checkTree(doc.contents);
    if (problems.length > 0) {
        for (const p of problems.slice(0, MAX_REPORTED)) {
            const at = pos(p.offset);
            diagnostics.push(fileError(file, p.message, at.line, at.col, fieldOf(p.path)));
        }
        if (problems.length > MAX_REPORTED) {
            diagnostics.push(fileError(file, `${problems.length - MAX_REPORTED} more problems like these not shown`));
        }
        return result;
    }
    if (aliases > 0 && aliasExpansion(doc) > MAX_ALIAS_VALUES) {
        diagnostics.push(
            fileError(
                file,
                `aliases expand to more than ${MAX_ALIAS_VALUES} values; this looks like a YAML alias bomb ("billion laughs"); write the values out`,
            ),
        );
        return result;
    }
    try {
        result.data = doc.toJS({ maxAliasCount: MAX_ALIASES });
    } catch (e) {
        const message = String((e as Error)?.message);
        diagnostics.push(
            fileError(
                file,
                /alias/i.test(message)
                    ? `too many alias expansions (more than ${MAX_ALIASES}); this looks like a YAML alias bomb ("billion laughs"); write the values out`
                    : /call stack/i.test(message)
                      ? depthMessage
                      : `could not be read: ${message}`,
            ),
        );
    }
    return result;
}

function yamlMessage(code: string, message: string): string {
    const first = message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
    switch (code) {
        case "DUPLICATE_KEY":
            return "duplicate key; each key may appear once in a map";
        case "MULTIPLE_DOCS":
            return "more than one YAML document (a second `---`); a fleet file holds exactly one";
        default:
            return `invalid YAML: ${first}`;
    }
}

/** The key starting at an offset and its data path, for messages about duplicate keys. */
function keyAt(doc: Document.Parsed, offset: number): { key: string; path: PathSegment[] } | undefined {
    const stack: { node: unknown; path: PathSegment[]; depth: number }[] = [{ node: doc.contents, path: [], depth: 0 }];
    while (stack.length > 0) {
        const { node, path, depth } = stack.pop()!;
        if (depth > MAX_DEPTH) continue;
        if (isMap(node)) {
            for (const item of node.items) {
                if (!isPair(item) || !isScalar(item.key)) continue;
                const key = String(item.key.value);
                if (item.key.range?.[0] === offset) return { key, path: [...path, key] };
                stack.push({ node: item.value, path: [...path, key], depth: depth + 1 });
            }
        } else if (isSeq(node)) {
            node.items.forEach((item, i) => stack.push({ node: item, path: [...path, i], depth: depth + 1 }));
        }
    }
    return undefined;
}

/** The user-facing name of a data path: `spec.` is dropped, list items are `name[2]`. */
export function fieldOf(path: PathSegment[]): string {
    const rest = path[0] === "spec" ? path.slice(1) : path;
    let out = "";
    for (const seg of rest) {
        if (typeof seg === "number") out += `[${seg}]`;
        else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(seg)) out += out ? `.${seg}` : seg;
        else out += `[${JSON.stringify(seg)}]`;
    }
    return out;
}

function locate(
    doc: Document.Parsed | undefined,
    path: PathSegment[],
    which: "key" | "value",
    pos: (offset: number) => { line: number; col: number },
): { line: number; col: number } {
    if (!doc || !doc.contents) return { line: 1, col: 1 };
    let node: Node | null = doc.contents as Node;
    let best: number = node.range?.[0] ?? 0;
    for (let i = 0; i < path.length; i++) {
        const seg = path[i];
        if (isMap(node)) {
            const want = String(seg);
            let pair: { key: unknown; value: unknown } | undefined;
            for (const p of node.items) {
                if (isScalar(p.key) && String(p.key.value) === want) {
                    pair = p;
                    break;
                }
            }
            if (!pair) break;
            const keyNode = pair.key as Node;
            const last = i === path.length - 1;
            if (last && which === "key") {
                best = keyNode.range?.[0] ?? best;
                break;
            }
            node = (pair.value as Node | null) ?? null;
            best = node?.range?.[0] ?? keyNode.range?.[0] ?? best;
        } else if (isSeq(node) && typeof seg === "number") {
            const item = node.items[seg] as Node | undefined;
            if (!item) break;
            node = item;
            best = item.range?.[0] ?? best;
        } else break;
        if (!node) break;
    }
    const p = pos(best);
    return { line: p.line, col: p.col };
}
