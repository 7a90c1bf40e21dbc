/**
 * What a removal leaves behind: resources of the base plan that are gone from the head plan but
 * are `retainOnDelete` (a removed site's device identities, docs/operations.md), so `pulumi up`
 * drops them from the stack without deleting them in AWS. `fleet diff` says so, per site, with
 * the steps to delete them on purpose.
 */
import type { PlannedResource } from "../plan/plan";
import { answersTo } from "../plan/aliases";

export interface RetainedSite {
    region: string;
    /** Undefined for the regional platform. */
    site?: string;
    /** Whether the site is gone from the head plan entirely (its file was removed). */
    siteRemoved: boolean;
    resources: { type: string; name: string; urn: string }[];
}

/** Retained resources of `base` that no resource of `head` answers to (aliases included). */
export function retainedRemovals(base: PlannedResource[], head: PlannedResource[]): RetainedSite[] {
    const answered = new Set<string>();
    for (const urns of answersTo(head).values()) for (const u of urns) answered.add(u);
    const headSites = new Set(head.map((r) => `${r.region}\0${r.site ?? ""}`));
    const groups = new Map<string, RetainedSite>();
    for (const r of base) {
        if (!r.retainOnDelete || answered.has(r.urn)) continue;
        const key = `${r.region}\0${r.site ?? ""}`;
        let g = groups.get(key);
        if (!g) {
            g = { region: r.region, site: r.site, siteRemoved: r.site !== undefined && !headSites.has(key), resources: [] };
            groups.set(key, g);
        }
        g.resources.push({ type: r.type, name: r.name, urn: r.urn });
    }
    const out = [...groups.values()].sort((a, b) => a.region.localeCompare(b.region) || (a.site ?? "").localeCompare(b.site ?? ""));
    for (const g of out) g.resources.sort((a, b) => a.urn.localeCompare(b.urn));
    return out;
}

/** The loud text block of `fleet diff` for retained removals (empty when there are none). */
export function formatRetained(groups: RetainedSite[]): string[] {
    const lines: string[] = [];
    for (const g of groups) {
        const what = g.site === undefined ? `the regional platform of ${g.region}` : `site ${g.site} (${g.region})`;
        lines.push(
            `!!! RETAINED, NOT DELETED: ${g.site !== undefined && g.siteRemoved ? `site ${g.site} is removed from the fleet, but` : `in ${what}`} ${g.resources.length} resource${g.resources.length === 1 ? "" : "s"} stay${g.resources.length === 1 ? "s" : ""} in AWS (retainOnDelete):`,
        );
        for (const r of g.resources) lines.push(`!!!   KEEP ${r.type} ${r.name}`);
        if (g.site !== undefined) {
            lines.push(
                `!!!   pulumi up drops them from the stack only; the devices keep their identities. To delete them on purpose:`,
                `!!!     1. put sites/${g.site}.yaml back and run \`fleet up --region ${g.region} --release-site ${g.site}\``,
                `!!!     2. remove sites/${g.site}.yaml again and run \`fleet up --region ${g.region}\` (see docs/operations.md)`,
            );
        }
        lines.push("");
    }
    return lines;
}
