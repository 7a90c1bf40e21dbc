/**
 * The fleet-wide network checks of the loader: what the regional network would refuse to build
 * (src/model/routed.ts), reported in the site file that introduced it, with a position, one
 * error per group of overlapping ranges (listing every site in the group), and a suggested range
 * that is free in the whole fleet. A site range over a region's shared endpoint VPC is reported
 * at fleet.yaml's endpointCidr instead, naming the sites.
 */
import { overlaps, parseCidr, type Cidr } from "../cidr";
import { show } from "../diagnostics";
import { freeRange, isAttached, LANDING_MAX_PREFIX, listClaims, overlapGroups, regionClaims, usedRanges, type RangeClaim } from "../routed";
import type { FleetFile } from "../schema";
import type { FleetModel, RegionModel, SegmentModel, SiteModel } from "../types";
import type { PathSegment } from "../yaml";
import type { Reporter } from "./context";
import { cmp } from "../../util/compare";

type Checked = { site: SiteModel; rep: Reporter };

/** The data path of a segment's cidr in its file (the model's list is sorted by name; the file's is not). */
function segmentPath(rep: Reporter, site: SiteModel, segment: SegmentModel): PathSegment[] {
    for (let i = 0; i < site.segments.length; i++) {
        const p = rep.parsed.position(["spec", "segments", i]);
        if (p.line === segment.at.line && p.col === segment.at.col) return ["spec", "segments", i, "cidr"];
    }
    return ["spec", "segments"];
}

/** `; 10.0.1.0/24 is free in the fleet and its regions`, or nothing when the private ranges are full. */
function suggestion(prefix: number, used: readonly Cidr[]): string {
    const free = freeRange(prefix, used);
    return free ? `; ${free} is free in the fleet and its regions` : "";
}

/**
 * cloudNetwork ranges are unique in the whole fleet: per group of overlapping ranges, one error
 * in the last site file of the group (file order), naming every other site of the group.
 */
function checkCloudNetworks(sites: readonly Checked[], used: readonly Cidr[]): void {
    const files = [...sites].sort((a, b) => cmp(a.site.file, b.site.file));
    const claims = files.flatMap(({ site, rep }, order) => {
        // A shared-mode site has no range of its own: its cloud is the region's endpoint VPC.
        const c = site.cloudNetwork.shared ? undefined : regionClaimOf(site);
        return c ? [{ owner: `the cloudNetwork of site ${show(site.name)}`, cidr: c, site, rep, order }] : [];
    });
    for (const group of overlapGroups(claims)) {
        const blamed = group[group.length - 1];
        blamed.rep.error(
            ["spec", "cloudNetwork", "cidr"],
            `${show(blamed.site.cloudNetwork.cidr)} overlaps ${listClaims(group.slice(0, -1))}; sites share one routed network per region, so ranges must not overlap anywhere in the fleet${suggestion(blamed.cidr.prefix, used)}`,
        );
    }
}

/** The site's cloudNetwork, parsed; undefined when it does not parse (reported per site). */
function regionClaimOf(site: SiteModel): Cidr | undefined {
    const c = parseCidr(site.cloudNetwork.cidr);
    return "cidr" in c ? c.cidr : undefined;
}

/**
 * The site ranges that overlap a region's shared endpoint VPC: one error at fleet.yaml's
 * `spec.regions.<region>.network.endpointCidr` (where the range is chosen, or its closest parent
 * when the default applies), naming each site range it overlaps, in site-file order.
 */
function checkEndpointVpc(region: RegionModel, endpoint: RangeClaim, claims: readonly RangeClaim[], fleetRep: Reporter, used: readonly Cidr[]): void {
    const over = claims.filter((c) => c.site && overlaps(c.cidr, endpoint.cidr)).sort((a, b) => a.order - b.order);
    if (over.length === 0) return;
    const written = (fleetRep.parsed.data as FleetFile | undefined)?.spec?.regions?.[region.name]?.network?.endpointCidr;
    fleetRep.error(
        ["spec", "regions", region.name, "network", "endpointCidr"],
        `${show(endpoint.cidr.text)}${written === undefined ? " (the default)" : ""} overlaps ${listClaims(over)}; the endpoint VPC shares region ${region.name}'s routed network (its Transit Gateway) with the attached sites, so ranges AWS routes must be unique in the region: set endpointCidr clear of them${suggestion(endpoint.cidr.prefix, used)}`,
    );
}

/**
 * Per region: the routed ranges of attached sites, the inspection VPC and (when the region has
 * one) the workload VPC. A group made only of cloudNetworks is the fleet-wide check's; any other
 * group is one error at its last claim. Attached sites need a landing range of /27 or larger.
 * The endpoint VPC's overlaps are reported at fleet.yaml (checkEndpointVpc).
 */
function checkRegions(fleet: FleetModel, sites: readonly Checked[], used: readonly Cidr[], fleetRep: Reporter): void {
    const repOf = new Map(sites.map(({ site, rep }) => [site, rep]));
    for (const { site, rep } of sites) {
        const c = regionClaimOf(site);
        // Smaller than /28 is reported per site (segments.ts): AWS attaches nothing that small.
        if (c && !site.cloudNetwork.shared && isAttached(site.connectivity.uplink) && c.prefix > LANDING_MAX_PREFIX && c.prefix <= 28) {
            rep.error(
                ["spec", "cloudNetwork", "cidr"],
                `${show(site.cloudNetwork.cidr)} is too small for the site's landing VPC: an attached site (uplink ${site.connectivity.uplink}) needs /${LANDING_MAX_PREFIX} or larger (two /28 subnets, one per Availability Zone)${suggestion(LANDING_MAX_PREFIX, used)}`,
            );
        }
    }
    for (const region of fleet.regions) {
        const all = regionClaims(
            region,
            sites.map((s) => s.site),
        );
        const endpoint = all.find((c) => c.vpc === "endpoint");
        if (endpoint) checkEndpointVpc(region, endpoint, all, fleetRep, used);
        const claims = all.filter((c) => c !== endpoint);
        for (const group of overlapGroups(claims)) {
            // Only cloudNetworks: the fleet-wide check's. Within one site: the site's own checks (segments.ts).
            if (group.every((c) => c.site && !c.segment)) continue;
            if (group.every((c) => c.site?.name === group[0].site?.name)) continue;
            const blamed = group[group.length - 1];
            const rep = blamed.site && repOf.get(blamed.site);
            if (!blamed.site || !rep) continue;
            const path = blamed.segment ? segmentPath(rep, blamed.site, blamed.segment) : ["spec", "cloudNetwork", "cidr"];
            rep.error(
                path,
                `${show(blamed.cidr.text)} (${blamed.owner}) overlaps ${listClaims(group.slice(0, -1))}; sites attached to one region's Transit Gateway share a routed network, so ranges AWS routes must be unique in region ${region.name}${suggestion(blamed.cidr.prefix, used)}`,
            );
        }
    }
}

/** Every fleet-wide network check, once every site is normalized. */
export function checkRoutedRanges(fleet: FleetModel, sites: readonly Checked[], fleetRep: Reporter): void {
    const used = usedRanges(sites.map((s) => s.site));
    checkCloudNetworks(sites, used);
    checkRegions(fleet, sites, used, fleetRep);
}
