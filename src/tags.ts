/** Tags on every taggable resource: the fleet's own, plus who owns the resource. */
import type { FleetModel, SiteModel } from "./model/types";

export function regionTags(fleet: FleetModel, region: string): Record<string, string> {
    return { ...fleet.tags, "fleet:name": fleet.name, "fleet:region": region, "fleet:managed-by": "fleet" };
}

export function siteTags(fleet: FleetModel, site: SiteModel): Record<string, string> {
    return { ...regionTags(fleet, site.region), "fleet:site": site.name };
}
