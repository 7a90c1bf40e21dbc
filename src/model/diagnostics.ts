/**
 * Findings about the user's files: every problem is reported with the file, the position, the
 * field, the bad value and what would be accepted. Pure data, so the CLI can print it as text or
 * JSON and tests can compare it exactly.
 */

import type { Diagnostic } from "../errors";
import { cmp } from "../util/compare";

// The types live in src/errors.ts (the bottom layer); re-exported here for the model's users.
export { FleetError, type Diagnostic, type Level } from "../errors";

/** `file:line:col: field: message`, the one format every command prints. */
export function formatDiagnostic(d: Diagnostic): string {
    const where = d.line > 0 ? `${d.file}:${d.line}:${d.col}` : d.file;
    const level = d.level === "warning" ? "warning: " : "";
    return d.field ? `${where}: ${level}${d.field}: ${d.message}` : `${where}: ${level}${d.message}`;
}

/**
 * Sort by file, then line, then column, then field, then message (by code point, not locale):
 * stable output whatever the check order and wherever it runs.
 */
export function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
    return [...ds].sort((a, b) => cmp(a.file, b.file) || a.line - b.line || a.col - b.col || cmp(a.field, b.field) || cmp(a.message, b.message));
}

/** JSON string of a value as it appears in messages: `"edge-dm"`, `42`, `true`. */
export function show(value: unknown): string {
    if (typeof value === "string") {
        const s = value.length > 80 ? `${value.slice(0, 77)}...` : value;
        return JSON.stringify(s);
    }
    if (value === undefined) return "nothing";
    if (typeof value === "number" && !Number.isFinite(value)) return String(value);
    try {
        const s = JSON.stringify(value);
        return s.length > 80 ? `${s.slice(0, 77)}...` : s;
    } catch {
        return String(value);
    }
}

/**
 * Edit distance counting a swap of two neighbouring characters as one edit (optimal string
 * alignment), so `vnp` is one edit from `vpn`: swaps are the commonest typo.
 */
export function editDistance(a: string, b: string): number {
    if (a === b) return 0;
    const m = a.length;
    const n = b.length;
    let prev2 = new Array<number>(n + 1).fill(0);
    let prev = Array.from({ length: n + 1 }, (_, j) => j);
    for (let i = 1; i <= m; i++) {
        const cur = new Array<number>(n + 1);
        cur[0] = i;
        for (let j = 1; j <= n; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
            cur[j] = d;
        }
        prev2 = prev;
        prev = cur;
    }
    return prev[n];
}

/** The closest candidate when it is close enough to be a likely typo, else undefined. */
export function didYouMean(value: string, candidates: Iterable<string>): string | undefined {
    // Names are short; a long value is no typo of one (and would cost a long comparison).
    if (value.length > 100) return undefined;
    let best: string | undefined;
    let bestDistance = Infinity;
    const v = value.toLowerCase();
    const list = [...candidates];
    for (const c of list) {
        const d = editDistance(v, c.toLowerCase());
        if (d < bestDistance) {
            bestDistance = d;
            best = c;
        }
    }
    if (best === undefined) return undefined;
    const limit = Math.max(1, Math.min(3, Math.floor(best.length / 3)));
    if (bestDistance <= limit) return best;
    // A part of a longer name (`claim` for `fleet-claim`), when only one name contains it.
    if (v.length >= 4) {
        const containing = list.filter((c) => c.toLowerCase().includes(v));
        if (containing.length === 1) return containing[0];
    }
    return undefined;
}

/**
 * `known: a, b, c` (at most `max` listed), with a "did you mean" first when one is close;
 * `empty` is said instead when there are no candidates (default: `no <noun> defined`).
 */
export function knownList(value: string, candidates: string[], noun = "known", empty?: string, max = 12): string {
    const guess = didYouMean(value, candidates);
    const listed = candidates.length > max ? `${candidates.slice(0, max).join(", ")}, ... (${candidates.length} in all)` : candidates.join(", ");
    const known = candidates.length === 0 ? (empty ?? `no ${noun === "known" ? "names are" : noun} defined`) : `${noun}: ${listed}`;
    return guess ? `did you mean ${show(guess)}? ${known}` : known;
}
