/**
 * Direct Connect gateway groups: direct-connect sites are spread over at most DX_GROUPS Direct
 * Connect gateways per region, by a hash of the site name, so a site's group never changes when
 * others are added (no plant has to move its virtual interface because the fleet grew). 4 × 200
 * prefixes cover 800 sites while using 4 of the 20 Direct Connect gateways a transit gateway takes.
 * components/region/direct-connect.ts builds the gateways; the loader checks the prefix limit
 * (normalize/direct-connect-checks.ts), so `fleet validate` reports it with a position.
 */
import { createHash } from "node:crypto";
import type { SiteModel } from "./types";
import { appendTo } from "../util/multimap";

export const DX_GROUPS = 4;

/**
 * Prefixes one Direct Connect gateway association to a transit gateway may advertise to
 * on-premises ("Number of prefixes per AWS Transit Gateway from AWS to on-premises on a transit
 * virtual interface", 200, not adjustable: https://docs.aws.amazon.com/directconnect/latest/UserGuide/limits.html).
 */
export const DX_ALLOWED_PREFIXES_MAX = 200;

/** The Direct Connect gateway group of a site: `0`…`3`, from the SHA-256 of its name. */
export function directConnectGroup(site: string): string {
    return String(createHash("sha256").update(site).digest()[0] % DX_GROUPS);
}

/**
 * The groups of a region's direct-connect sites, in group order, each with the prefixes its
 * association advertises (the sites' cloudNetwork ranges, unique and sorted) and its sites in the
 * order given.
 */
export function directConnectGroups(sites: readonly SiteModel[]): { group: string; prefixes: string[]; sites: SiteModel[] }[] {
    const groups = new Map<string, SiteModel[]>();
    for (const s of sites) {
        if (s.connectivity.uplink !== "direct-connect") continue;
        appendTo(groups, directConnectGroup(s.name), s);
    }
    return [...groups]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([group, members]) => ({ group, prefixes: [...new Set(members.map((s) => s.cloudNetwork.cidr))].sort(), sites: members }));
}

/**
 * The direct-connect sites that do not fit their group: a group advertises at most
 * DX_ALLOWED_PREFIXES_MAX prefixes, so every site (in the order given) whose range would be a
 * further prefix of a full group, with the message the loader and the component report.
 */
export function directConnectOverflow(region: string, sites: readonly SiteModel[]): { site: SiteModel; message: string }[] {
    const out: { site: SiteModel; message: string }[] = [];
    for (const { group, prefixes, sites: members } of directConnectGroups(sites)) {
        if (prefixes.length <= DX_ALLOWED_PREFIXES_MAX) continue;
        const admitted = new Set<string>();
        for (const s of members) {
            if (admitted.has(s.cloudNetwork.cidr)) continue;
            if (admitted.size < DX_ALLOWED_PREFIXES_MAX) {
                admitted.add(s.cloudNetwork.cidr);
                continue;
            }
            out.push({
                site: s,
                message: `uplink direct-connect puts site ${s.name} in Direct Connect gateway group ${group} of region ${region} (chosen by a hash of the site name), which already advertises ${DX_ALLOWED_PREFIXES_MAX} prefixes, the most one association takes (https://docs.aws.amazon.com/directconnect/latest/UserGuide/limits.html); use uplink vpn for this site, or put it in another region`,
            });
        }
    }
    return out;
}
