/** Tags on every taggable resource: the fleet's own, plus who owns the resource. */
import type { FleetModel, SiteModel } from "./model/types";

/** The same tags with keys in sorted order, so reordering fleet.yaml changes no input. */
function sorted(tags: Record<string, string>): Record<string, string> {
    return Object.fromEntries(Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function regionTags(fleet: FleetModel, region: string): Record<string, string> {
    return sorted({ ...fleet.tags, "fleet:name": fleet.name, "fleet:region": region, "fleet:managed-by": "fleet" });
}

export function siteTags(fleet: FleetModel, site: SiteModel): Record<string, string> {
    return sorted({ ...regionTags(fleet, site.region), "fleet:site": site.name });
}

/**
 * The tags as the list of `{ key, value }` that @pulumi/aws-native takes, sorted by key, so
 * reordering the tags in fleet.yaml changes no input.
 */
export function nativeTagList(tags: Record<string, string>): { key: string; value: string }[] {
    return Object.entries(tags)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, value]) => ({ key, value }));
}
