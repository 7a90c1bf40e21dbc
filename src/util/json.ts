/**
 * JSON from outside (stack exports, preview output): parsed only when its nesting is bounded. The
 * readers and rules that walk parsed values recurse, so a document nested 100,000 levels deep
 * would end in "Maximum call stack size exceeded" (an internal error) instead of a clear message.
 */

/** Deepest nesting accepted: Pulumi state nests a few levels per resource property (a policy document ~10). */
export const MAX_JSON_DEPTH = 512;

/** Where nesting first passes `max` levels (1-based line and column), or undefined. Linear, outside strings. */
export function jsonTooDeep(text: string, max = MAX_JSON_DEPTH): { line: number; col: number } | undefined {
    let depth = 0;
    let inString = false;
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (inString) {
            if (c === 92 /* \ */) i++;
            else if (c === 34 /* " */) inString = false;
            continue;
        }
        if (c === 34) inString = true;
        else if (c === 91 /* [ */ || c === 123 /* { */) {
            if (++depth > max) return { line, col: i - lineStart + 1 };
        } else if (c === 93 /* ] */ || c === 125 /* } */) depth--;
        else if (c === 10) {
            line++;
            lineStart = i + 1;
        }
    }
    return undefined;
}

/** Parse JSON whose nesting is at most `max` levels; throws an Error with a message for people otherwise. */
export function parseJsonBounded(text: string, max = MAX_JSON_DEPTH): unknown {
    const deep = jsonTooDeep(text, max);
    if (deep) throw new Error(`nested deeper than ${max} levels (line ${deep.line}, column ${deep.col})`);
    return JSON.parse(text);
}
