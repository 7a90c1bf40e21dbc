/**
 * What the regional network needs of the sites of a region, as the component's invariant: the
 * loader reports the same problems with positions (src/model/normalize/routed-checks.ts), so a
 * fleet that `fleet validate` accepts never fails here. Both read src/model/routed.ts.
 */
import { hasEndpointVpc, isAttached, listClaims, overlapGroups, regionClaims } from "../model/routed";
import type { RegionModel, SiteModel } from "../model/types";
import { landingPlan } from "./cidr-plan";
import { cmp } from "../util/compare";

/** Problems, each starting with the site file and field, saying what to change; empty when fine. One per group of overlapping ranges. */
export function regionNetworkProblems(region: RegionModel, sites: SiteModel[], inspectionCidr: string): string[] {
    const problems: string[] = [];
    const mine = sites.filter((s) => s.region === region.name && isAttached(s.connectivity.uplink)).sort((a, b) => cmp(a.file, b.file));
    for (const site of mine.filter((s) => !s.cloudNetwork.shared)) {
        const landing = landingPlan(site.cloudNetwork.cidr);
        if ("error" in landing) problems.push(`${site.file}: cloudNetwork.cidr: ${landing.error}`);
    }
    if (hasEndpointVpc(region, sites)) {
        const endpoint = landingPlan(region.network.endpointCidr);
        if ("error" in endpoint) problems.push(`fleet.yaml: spec.regions.${region.name}.network.endpointCidr: ${endpoint.error}`);
    }
    for (const group of overlapGroups(regionClaims(region, sites, inspectionCidr))) {
        const blamed = group[group.length - 1];
        if (!blamed.site) continue;
        const field = blamed.segment ? `segments.${blamed.segment.name}.cidr` : "cloudNetwork.cidr";
        problems.push(
            `${blamed.site.file}: ${field}: ${blamed.cidr.text} overlaps ${listClaims(group.slice(0, -1))}; sites attached to one region's Transit Gateway share a routed network, so ranges AWS routes must be unique in the region`,
        );
    }
    return problems;
}
