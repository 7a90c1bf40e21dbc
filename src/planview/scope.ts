/**
 * Which regions and sites a command works on, from `--region` and `--site`. Unknown names are
 * usage errors (exit 2) with a "did you mean". Pure: no Pulumi import, so light commands use it.
 */
import { FleetError, knownList } from "../model/diagnostics";
import type { FleetModel, SiteModel } from "../model/types";

export interface ScopeOptions {
    region?: string;
    site?: string;
}

export interface RegionScope {
    region: string;
    /** Only these sites; undefined means every site of the region. */
    sites?: string[];
}

/** The regions (in fleet order) and sites selected; every region when neither option is given. */
export function resolveScope(model: FleetModel, opts: ScopeOptions): RegionScope[] {
    const regions = model.regions.map((r) => r.name);
    if (opts.region !== undefined && !regions.includes(opts.region)) {
        throw new FleetError(`unknown region ${JSON.stringify(opts.region)}; ${knownList(opts.region, regions, "regions of fleet.yaml")}`, [], 2);
    }
    if (opts.site !== undefined) {
        const site = findSite(model, opts.site);
        if (opts.region !== undefined && site.region !== opts.region) {
            throw new FleetError(`site ${JSON.stringify(site.name)} is in region ${site.region}, not ${opts.region}`, [], 2);
        }
        return [{ region: site.region, sites: [site.name] }];
    }
    return regions.filter((r) => opts.region === undefined || r === opts.region).map((region) => ({ region }));
}

/** The site named `name`, or a usage error listing the sites. */
export function findSite(model: FleetModel, name: string): SiteModel {
    const site = model.sites.find((s) => s.name === name);
    if (!site) {
        throw new FleetError(
            `unknown site ${JSON.stringify(name)}; ${knownList(
                name,
                model.sites.map((s) => s.name),
                "sites",
            )}`,
            [],
            2,
        );
    }
    return site;
}
