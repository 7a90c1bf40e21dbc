/** Checks across the sites of a fleet, once every site is normalized. */
import { show } from "../diagnostics";
import type { SiteFile } from "../schema";
import { FORECAST_KINDS, type FleetModel, type SiteModel } from "../types";
import { cmp, type Reporter } from "./context";
import { checkDirectConnectGroups } from "./direct-connect-checks";
import { checkRoutedRanges } from "./routed-checks";

/**
 * Fleet-wide checks once every site is normalized: unique site names, previous names, cloud
 * ranges that do not overlap (routed-checks.ts), and serials that belong to one site. Linear or
 * n·log n in the number of sites: ranges are compared after sorting by start address, not pairwise.
 */
export function checkFleetWide(fleet: FleetModel, sites: { site: SiteModel; rep: Reporter }[], fleetRep: Reporter): void {
    // Site names, in file order: the later file is the one reported.
    const byName = new Map<string, string>();
    for (const { site, rep } of sites) {
        const other = byName.get(site.name);
        if (other) rep.error(["metadata", "name"], `site name ${show(site.name)} is already used by ${other}; site names are unique in the fleet`);
        else byName.set(site.name, site.file);
    }
    // Previous names: not a current site, and claimed by one site only.
    const previous = new Map<string, string>();
    for (const { site, rep } of sites) {
        const written = (rep.parsed.data as SiteFile | undefined)?.metadata?.previousNames ?? [];
        site.previousNames.forEach((p) => {
            const j = written.indexOf(p);
            const current = byName.get(p);
            const other = previous.get(p);
            if (current !== undefined && p !== site.name) {
                rep.error(
                    ["metadata", "previousNames", j],
                    `previous name ${show(p)} is the name of a current site (${current}); a previous name must not be in use`,
                );
            } else if (other !== undefined && other !== site.name) {
                rep.error(
                    ["metadata", "previousNames", j],
                    `previous name ${show(p)} is also a previous name of site ${show(other)}; a name can move to one site only`,
                );
            } else previous.set(p, site.name);
        });
    }
    // Ranges AWS routes: cloudNetworks fleet-wide, attached sites' routed ranges per region.
    checkRoutedRanges(fleet, sites, fleetRep);
    // Direct Connect gateway groups: at most 200 prefixes each.
    checkDirectConnectGroups(fleet, sites);
    // Serials: a device belongs to one site (duplicates inside a site are reported there).
    const serials = new Map<string, { site: string; gateway: string }>();
    for (const { site, rep } of sites) {
        // The model's gateways are sorted by name; findings point at the file's list.
        const written = ((rep.parsed.data as SiteFile | undefined)?.spec?.gateways ?? []).map((g) => g.name);
        site.gateways.forEach((g) => {
            const i = written.indexOf(g.name);
            const o = serials.get(g.serial);
            if (o && o.site !== site.name)
                rep.error(
                    ["spec", "gateways", i, "serial"],
                    `serial ${show(g.serial)} is also listed for gateway ${show(o.gateway)} of site ${show(o.site)}; a device can belong to one site only`,
                );
            else if (!o) serials.set(g.serial, { site: site.name, gateway: g.name });
        });
    }
    const regionSites = new Map<string, string[]>(fleet.regions.map((r) => [r.name, []]));
    for (const { site } of sites) regionSites.get(site.region)?.push(site.name);
    for (const region of fleet.regions) region.sites = [...new Set(regionSites.get(region.name))].sort(cmp);
    // forecasting: true with nothing to forecast builds no job; say so.
    const kinds = new Set<string>(FORECAST_KINDS);
    for (const region of fleet.regions) {
        if (!region.analytics.forecasting) continue;
        const regional = sites.filter(({ site }) => site.region === region.name);
        if (!regional.some(({ site }) => site.sensors.some((s) => kinds.has(s.kind.toLowerCase()))))
            fleetRep.warn(
                ["spec", "regions", region.name, "analytics", "forecasting"],
                `no sensor of region ${show(region.name)} has a kind the forecasting job reads (${FORECAST_KINDS.join(", ")}); no forecasting job is built until one does`,
            );
    }
}
