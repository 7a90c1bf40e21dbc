/** Text and JSON output of `fleet diff`. Dangerous changes first, in capitals. */
import { show } from "../model/diagnostics";
import { displayType } from "../planview/summary";
import { palette, type Palette } from "../util/colour";
import { formatModelChange, type ModelChange } from "./model-diff";
import type { InputChange, PlanDiff, ResourceChange } from "./plan-diff";

export interface DiffReport {
    base: { ref: string; commit: string };
    modelChanges: ModelChange[];
    diff: PlanDiff;
}

const SYMBOL: Record<ResourceChange["kind"], string> = { add: "+", remove: "-", update: "~", replace: "+-", rename: ">" };

function plural(n: number, word: string): string {
    return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function where(c: ResourceChange): string {
    return c.site ? `${c.region} / site ${c.site}` : `${c.region} / regional platform`;
}

/** Names listed per grouped line before "and N more". */
const LISTED = 4;

/**
 * The input changes of one resource as lines: whole elements of a named list added or removed
 * are grouped into one line per list (`content(json).sensors: removed a, b and 4 more`).
 */
export function inputLines(inputs: InputChange[], c: Palette): string[] {
    const lines: string[] = [];
    const groups = new Map<string, { path: string; element: "added" | "removed"; names: string[]; forced: boolean }>();
    for (const i of inputs) {
        if (i.element) {
            const open = i.path.lastIndexOf("[");
            const list = i.path.slice(0, open);
            const key = `${list}\0${i.element}`;
            const g = groups.get(key) ?? { path: list, element: i.element, names: [], forced: false };
            g.names.push(i.path.slice(open + 1, -1));
            g.forced ||= i.forcesReplacement;
            if (!groups.has(key)) {
                groups.set(key, g);
                lines.push(key);
            }
            continue;
        }
        const mark = i.forcesReplacement ? " (forces replacement)" : "";
        const text =
            i.before === undefined
                ? c.green(`+ ${show(i.after)}`)
                : i.after === undefined
                  ? c.red(`- ${show(i.before)}`)
                  : `${show(i.before)} -> ${show(i.after)}`;
        lines.push(`${i.path}: ${text}${mark}`);
    }
    return lines.map((l) => {
        const g = groups.get(l);
        if (!g) return l;
        const names = g.names.slice(0, LISTED).join(", ") + (g.names.length > LISTED ? ` and ${g.names.length - LISTED} more` : "");
        const text = `${g.element} ${names}`;
        return `${g.path}: ${g.element === "added" ? c.green(`+ ${text}`) : c.red(`- ${text}`)}${g.forced ? " (forces replacement)" : ""}`;
    });
}

function colourModelLine(m: ModelChange, c: Palette): string {
    const text = formatModelChange(m);
    return m.change === "added" ? c.green(`+ ${text}`) : m.change === "removed" ? c.red(`- ${text}`) : c.yellow(`~ ${text}`);
}

export function formatDiff(report: DiffReport, opts: { colour?: boolean } = {}): string {
    const { diff } = report;
    const c = palette(opts.colour ?? false);
    const lines: string[] = [`fleet diff: ${report.base.ref} (${report.base.commit.slice(0, 12)}) -> working tree`, ""];
    const critical = diff.changes.filter((c) => c.critical);
    if (critical.length > 0) {
        const danger: string[] = [];
        danger.push(
            `!!! DANGER: ${plural(critical.length, "change")} ${critical.length === 1 ? "deletes or replaces" : "delete or replace"} stored data, device identities or keys`,
        );
        for (const ch of critical) {
            const verb = ch.kind === "remove" ? (ch.retainOnDelete ? "DROP FROM STACK (kept in AWS)" : "DELETE") : "REPLACE";
            danger.push(
                `!!!   ${verb} ${ch.critical!.toUpperCase()} ${displayType(ch.type)} ${ch.name} (${where(ch)})${ch.protect ? " [protected: pulumi up will refuse until it is unprotected]" : ""}`,
            );
            if (ch.reason) danger.push(`!!!     because ${ch.reason}`);
        }
        danger.push(
            "!!!   Data in deleted stores is lost; devices whose thing, certificate or policy is replaced must be re-provisioned. Check before you deploy.",
        );
        lines.push(...danger.map((l) => c.bold(c.red(l))), "");
    }
    lines.push("changes in the fleet files:");
    if (report.modelChanges.length === 0) lines.push("  none");
    for (const m of report.modelChanges) lines.push(`  ${colourModelLine(m, c)}`);
    lines.push("");
    const cloud = diff.changes.filter((c) => c.custom);
    // providers are custom resources too: a change to their default tags touches every resource
    const counts = { add: 0, remove: 0, update: 0, replace: 0, rename: 0 };
    for (const c of cloud) counts[c.kind]++;
    if (cloud.length === 0) {
        lines.push("resource changes: none");
    } else {
        lines.push(
            `resource changes: ${counts.add} to add, ${counts.remove} to remove, ${counts.update} to update, ${counts.replace} to replace${counts.rename ? `, ${counts.rename} renamed` : ""}`,
        );
        let group = "";
        for (const ch of cloud) {
            if (where(ch) !== group) {
                group = where(ch);
                lines.push(`  ${group}`);
            }
            const head = `${SYMBOL[ch.kind].padEnd(2)} ${displayType(ch.type)} ${ch.name}${ch.kind === "replace" ? " (REPLACE)" : ""}${ch.critical ? ` [${ch.critical}]` : ""}`;
            const paint = ch.kind === "add" ? c.green : ch.kind === "remove" || ch.kind === "replace" ? c.red : c.yellow;
            lines.push(`    ${paint(head)}`);
            if (ch.previousUrn) lines.push(`         was ${ch.previousUrn}`);
            for (const l of inputLines(ch.inputs, c)) lines.push(`         ${l}`);
        }
    }
    const components = diff.changes.length - cloud.length;
    if (components > 0) lines.push(`  (and ${plural(components, "component change")})`);
    return lines.join("\n");
}

export function toJsonDiff(report: DiffReport): unknown {
    return { base: report.base, modelChanges: report.modelChanges, counts: report.diff.counts, changes: report.diff.changes };
}
