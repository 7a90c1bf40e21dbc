/** Text and JSON output of `fleet diff`. Dangerous changes first, in capitals. */
import { show } from "../model/diagnostics";
import { displayType } from "../planview/summary";
import { formatModelChange, type ModelChange } from "./model-diff";
import type { PlanDiff, ResourceChange } from "./plan-diff";

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

export function formatDiff(report: DiffReport): string {
    const { diff } = report;
    const lines: string[] = [`fleet diff: ${report.base.ref} (${report.base.commit.slice(0, 12)}) -> working tree`, ""];
    const critical = diff.changes.filter((c) => c.critical);
    if (critical.length > 0) {
        lines.push(
            `!!! DANGER: ${plural(critical.length, "change")} ${critical.length === 1 ? "deletes or replaces" : "delete or replace"} stored data, device identities or keys`,
        );
        for (const c of critical) {
            const verb = c.kind === "remove" ? (c.retainOnDelete ? "DROP FROM STACK (kept in AWS)" : "DELETE") : "REPLACE";
            lines.push(
                `!!!   ${verb} ${c.critical!.toUpperCase()} ${displayType(c.type)} ${c.name} (${where(c)})${c.protect ? " [protected: pulumi up will refuse until it is unprotected]" : ""}`,
            );
            if (c.reason) lines.push(`!!!     because ${c.reason}`);
        }
        lines.push(
            "!!!   Data in deleted stores is lost; devices whose thing, certificate or policy is replaced must be re-provisioned. Check before you deploy.",
            "",
        );
    }
    lines.push("changes in the fleet files:");
    if (report.modelChanges.length === 0) lines.push("  none");
    for (const m of report.modelChanges) lines.push(`  ${formatModelChange(m)}`);
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
        for (const c of cloud) {
            if (where(c) !== group) {
                group = where(c);
                lines.push(`  ${group}`);
            }
            lines.push(
                `    ${SYMBOL[c.kind].padEnd(2)} ${displayType(c.type)} ${c.name}${c.kind === "replace" ? " (REPLACE)" : ""}${c.critical ? ` [${c.critical}]` : ""}`,
            );
            if (c.previousUrn) lines.push(`         was ${c.previousUrn}`);
            for (const i of c.inputs) {
                const mark = i.forcesReplacement ? " (forces replacement)" : "";
                const text =
                    i.before === undefined ? `+ ${show(i.after)}` : i.after === undefined ? `- ${show(i.before)}` : `${show(i.before)} -> ${show(i.after)}`;
                lines.push(`         ${i.path}: ${text}${mark}`);
            }
        }
    }
    const components = diff.changes.length - cloud.length;
    if (components > 0) lines.push(`  (and ${plural(components, "component change")})`);
    return lines.join("\n");
}

export function toJsonDiff(report: DiffReport): unknown {
    return { base: report.base, modelChanges: report.modelChanges, counts: report.diff.counts, changes: report.diff.changes };
}
