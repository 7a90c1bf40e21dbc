/**
 * The loader's check of Direct Connect gateway groups (src/model/direct-connect.ts): per region,
 * a direct-connect site whose range would be a further prefix of a group that already advertises
 * the most one association takes is an error at its `connectivity.uplink`, in file order, so
 * `fleet validate` reports what the regional network could not build.
 */
import { directConnectOverflow } from "../direct-connect";
import type { FleetModel, SiteModel } from "../types";
import type { Reporter } from "./context";
import { cmp } from "../../util/compare";

export function checkDirectConnectGroups(fleet: FleetModel, sites: readonly { site: SiteModel; rep: Reporter }[]): void {
    const files = [...sites].sort((a, b) => cmp(a.site.file, b.site.file));
    const repOf = new Map(files.map(({ site, rep }) => [site, rep]));
    for (const region of fleet.regions) {
        const mine = files.filter(({ site }) => site.region === region.name).map(({ site }) => site);
        for (const { site, message } of directConnectOverflow(region.name, mine)) repOf.get(site)!.error(["spec", "connectivity", "uplink"], message);
    }
}
