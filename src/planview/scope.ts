/**
 * Which regions and sites a command works on, from `--region` and `--site`. Unknown names are
 * usage errors (exit 2) with a "did you mean". Pure: no Pulumi import, so light commands use it.
 */
import { FleetError } from "../model/diagnostics";
import { findSite, unknownName } from "../model/lookup";
import type { FleetModel } from "../model/types";

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
        throw unknownName("unknown region", opts.region, regions, "regions of fleet.yaml");
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
