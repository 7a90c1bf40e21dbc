/**
 * Safe YAML reading with source positions.
 *
 * Hostile input is refused before it can cost much: a size limit checked before reading, strict
 * UTF-8, a bounded number of aliases (the "billion laughs" bomb), a bounded nesting depth,
 * duplicate keys, and keys that would reach an object's prototype.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import type { Diagnostic } from "./diagnostics";

/** Largest file we read: a site with 20,000 sensors is well under this. */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;
/** Deepest nesting of maps and lists a fleet file can need is about 8; real files never reach 64. */
export const MAX_DEPTH = 64;
/** Aliases allowed per file; a few anchors are handy, thousands are an attack. */
export const MAX_ALIASES = 100;
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

export type PathSegment = string | number;

export interface ParsedYaml {
    file: string;
    /** The plain data, or undefined when the file could not be parsed. */
    data: unknown;
    /** Position (1-based line and column) of the node at a data path, or of its closest parent. */
    position(path: PathSegment[], which?: "key" | "value"): { line: number; col: number };
    diagnostics: Diagnostic[];
}

function fileError(file: string, message: string, line = 0, col = 0): Diagnostic {
    return { level: "error", file, line, col, field: "", message };
}

/** Decode bytes as strict UTF-8, naming the line of the first bad byte. */
export function decodeUtf8(file: string, bytes: Uint8Array): { text?: string; diagnostic?: Diagnostic } {
    try {
        return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
    } catch {
        let line = 1;
        let col = 1;
        let bad = 0;
        // Find the first invalid sequence by decoding growing prefixes of each line.
        for (let i = 0; i < bytes.length; ) {
            const b = bytes[i];
            const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
            let ok = len > 0 && i + len <= bytes.length;
            if (ok && len > 1) {
                try {
                    new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(i, i + len));
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

/** Parse one YAML document from text. Never throws. */
export function parseYaml(file: string, text: string): ParsedYaml {
    const lineCounter = new LineCounter();
    const diagnostics: Diagnostic[] = [];
    let doc: Document.Parsed | undefined;
    const pos = (offset: number) => {
        const p = lineCounter.linePos(offset);
        return { line: p.line, col: p.col };
    };
    const result: ParsedYaml = {
        file,
        data: undefined,
        diagnostics,
        position: (path, which = "value") => locate(doc, path, which, pos),
    };
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.includes("\u0000")) {
        const at = pos(text.indexOf("\u0000"));
        diagnostics.push(fileError(file, "contains a NUL character; a YAML file is text", at.line, at.col));
        return result;
    }
    const depthProblem = scanDepth(text);
    if (depthProblem !== undefined) {
        lineCounter.addNewLine(0);
        for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineCounter.addNewLine(i + 1);
        const at = pos(depthProblem);
        diagnostics.push(fileError(file, `nested deeper than ${MAX_DEPTH} levels; fleet files need far less`, at.line, at.col));
        return result;
    }
    try {
        doc = parseDocument(text, {
            lineCounter,
            uniqueKeys: true,
            prettyErrors: false,
            strict: true,
            version: "1.2",
            schema: "core",
            merge: false,
        });
    } catch (e) {
        diagnostics.push(fileError(file, `could not be parsed as YAML: ${(e as Error).message}`));
        return result;
    }
    for (const err of doc.errors) {
        const at = pos(err.pos[0]);
        diagnostics.push(fileError(file, yamlMessage(err.code, err.message), at.line, at.col));
    }
    if (doc.errors.length > 0) return result;
    for (const w of doc.warnings) {
        const at = pos(w.pos[0]);
        diagnostics.push({ ...fileError(file, yamlMessage(w.code, w.message), at.line, at.col), level: "warning" });
    }
    const forbidden = findForbiddenKey(doc.contents);
    if (forbidden) {
        const at = pos(forbidden.offset);
        diagnostics.push(
            fileError(file, `key ${JSON.stringify(forbidden.key)} is not allowed (it names an object prototype)`, at.line, at.col),
        );
        return result;
    }
    try {
        result.data = doc.toJS({ maxAliasCount: MAX_ALIASES });
    } catch (e) {
        const message = (e as Error).message;
        diagnostics.push(
            fileError(
                file,
                /alias/i.test(message)
                    ? `too many alias expansions (more than ${MAX_ALIASES}); this looks like a YAML alias bomb`
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
            return "duplicate key: each key may appear once in a map";
        case "MULTIPLE_DOCS":
            return "more than one YAML document; a fleet file holds exactly one";
        default:
            return `invalid YAML: ${first}`;
    }
}

/** Offset where bracket/indent nesting first exceeds MAX_DEPTH, scanning the text once. */
function scanDepth(text: string): number | undefined {
    let flow = 0;
    let inQuote: string | undefined;
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (inQuote) {
            if (c === "\\" && inQuote === '"') i++;
            else if (c === inQuote) inQuote = undefined;
            continue;
        }
        if (c === "#" && (i === 0 || /\s/.test(text[i - 1]))) {
            const nl = text.indexOf("\n", i);
            if (nl < 0) break;
            i = nl;
            continue;
        }
        if (c === '"' || c === "'") {
            if (flow > 0 || i === 0 || /[\s:,[{-]/.test(text[i - 1])) inQuote = c;
        } else if (c === "[" || c === "{") {
            if (++flow > MAX_DEPTH) return i;
        } else if (c === "]" || c === "}") flow = Math.max(0, flow - 1);
        else if (c === "\n") {
            let indent = 0;
            let j = i + 1;
            while (j < text.length && (text[j] === " " || text[j] === "-")) {
                indent++;
                j++;
            }
            // Block nesting costs at least one column a level.
            if (flow === 0 && indent > MAX_DEPTH * 4) return j;
        }
    }
    return undefined;
}

function findForbiddenKey(node: unknown): { key: string; offset: number } | undefined {
    const stack: unknown[] = [node];
    while (stack.length > 0) {
        const n = stack.pop();
        if (isMap(n)) {
            for (const item of n.items) {
                if (isScalar(item.key) && FORBIDDEN_KEYS.has(String(item.key.value))) {
                    return { key: String(item.key.value), offset: item.key.range?.[0] ?? 0 };
                }
                stack.push(item.value);
            }
        } else if (isSeq(n)) {
            for (const item of n.items) stack.push(item);
        }
    }
    return undefined;
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
            const pair: any = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
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
    return pos(best);
}
