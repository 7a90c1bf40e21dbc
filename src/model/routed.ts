/**
 * The ranges AWS routes for the sites of a region, in the model layer so the loader can check
 * them with positions (`fleet validate`) and the network derivations can build on the same
 * facts: attached sites share one routed network (the region's Transit Gateway), so their
 * cloudNetwork, the plant segments that open flows to the cloud and the regional VPCs must not
 * overlap. Pure: sites in, claims and overlap groups out.
 */
import { ipText, parseCidr, type Cidr } from "./cidr";
import type { RegionModel, SegmentModel, SiteModel, Uplink } from "./types";
import { cmp } from "../util/compare";

/** The inspection VPC's range unless the region says otherwise: shared address space (RFC 6598), rarely used by plants. */
export const DEFAULT_INSPECTION_CIDR = "100.64.0.0/26";
/** The regional workload VPC (apps and ML services), present when the region turns one of them on. */
export const WORKLOAD_CIDR = "10.253.0.0/20";
/** The regional analytics data VPC. */
export const DATA_VPC_CIDR = "10.254.0.0/24";
/**
 * The shared endpoint VPC of a region whose `network.endpoints` is `shared`, unless fleet.yaml
 * says otherwise: the /26 after the inspection VPC in shared address space, clear of the
 * workload and data VPCs (10.253.0.0/20, 10.254.0.0/24).
 */
export const DEFAULT_ENDPOINT_CIDR = "100.64.0.64/26";
/** A landing VPC is split in two subnets of at least /28, one per Availability Zone: /27 or larger. */
export const LANDING_MAX_PREFIX = 27;

/** A site reaches AWS over a private attachment (VPN or Direct Connect) rather than the internet. */
export function isAttached(uplink: Uplink): boolean {
    return uplink !== "internet";
}

/** Whether the region needs the workload network (apps cluster or ML services). */
export function needsWorkloadNetwork(region: RegionModel): boolean {
    const a = region.analytics;
    return a.eks || a.ecs || a.sagemaker || a.comprehend;
}

/** Whether the region builds the shared endpoint VPC: its endpoints are `shared` and a shared-mode site of it is attached. */
export function hasEndpointVpc(region: RegionModel, sites: readonly SiteModel[]): boolean {
    return region.network.endpoints === "shared" && sites.some((s) => s.region === region.name && s.cloudNetwork.shared && isAttached(s.connectivity.uplink));
}

/** Segments that open flows to the cloud: the only plant ranges AWS routes back to the site; by name. */
export function cloudSourceSegments(site: SiteModel): SegmentModel[] {
    const from = new Set(site.conduits.filter((c) => c.to === "cloud").map((c) => c.from));
    return site.segments.filter((s) => from.has(s.name)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** One range someone routes: a regional VPC (no site) or a site's cloudNetwork or segment. */
export interface RangeClaim {
    /** How messages name it: `the cloudNetwork of site "a"`, `segment "dmz" of site "a"`, `the regional inspection VPC`. */
    owner: string;
    cidr: Cidr;
    site?: SiteModel;
    /** The segment, for a segment's claim; absent for a cloudNetwork. */
    segment?: SegmentModel;
    /** Which regional VPC this is, for a regional claim (no site). */
    vpc?: "inspection" | "workload" | "endpoint";
    /** Order of blame: regional VPCs first, then sites by file; the last claim of a group is reported. */
    order: number;
}

const parsed = (text: string): Cidr | undefined => {
    const r = parseCidr(text);
    return "cidr" in r ? r.cidr : undefined;
};

/** Regional VPCs first (never blamed), then each site's claims in site-file order. */
export function regionClaims(region: RegionModel, sites: readonly SiteModel[], inspectionCidr = DEFAULT_INSPECTION_CIDR): RangeClaim[] {
    const claims: RangeClaim[] = [];
    const insp = parsed(inspectionCidr);
    if (insp) claims.push({ owner: "the regional inspection VPC", cidr: insp, order: -2, vpc: "inspection" });
    const workload = needsWorkloadNetwork(region);
    if (workload) claims.push({ owner: "the regional workload VPC", cidr: parsed(WORKLOAD_CIDR)!, order: -1, vpc: "workload" });
    const mine = [...sites].filter((s) => s.region === region.name).sort((a, b) => cmp(a.file, b.file));
    const endpoint = hasEndpointVpc(region, mine) ? parsed(region.network.endpointCidr) : undefined;
    if (endpoint) claims.push({ owner: "the regional endpoint VPC", cidr: endpoint, order: -3, vpc: "endpoint" });
    mine.forEach((site, i) => {
        const attached = isAttached(site.connectivity.uplink);
        const cloud = parsed(site.cloudNetwork.cidr);
        // A shared-mode site's cloud is the endpoint VPC, claimed once above.
        if (cloud && !site.cloudNetwork.shared && (attached || workload))
            claims.push({ owner: `the cloudNetwork of site ${JSON.stringify(site.name)}`, cidr: cloud, site, order: i });
        if (!attached) return;
        for (const segment of cloudSourceSegments(site)) {
            const c = parsed(segment.cidr);
            if (c) claims.push({ owner: `segment ${JSON.stringify(segment.name)} of site ${JSON.stringify(site.name)}`, cidr: c, site, segment, order: i });
        }
    });
    return claims;
}

/**
 * Claims that overlap, grouped: one group per run of ranges that overlap one another (sorted by
 * start address, one sweep, n·log n), members in blame order. Groups of one are left out.
 */
export function overlapGroups<T extends { cidr: Cidr; order: number }>(claims: readonly T[]): T[][] {
    const sorted = [...claims].sort((a, b) => a.cidr.first - b.cidr.first || a.order - b.order);
    const groups: T[][] = [];
    let current: T[] = [];
    let reach = -1;
    for (const c of sorted) {
        if (current.length > 0 && c.cidr.first <= reach) current.push(c);
        else {
            if (current.length > 1) groups.push(current);
            current = [c];
            reach = -1;
        }
        reach = Math.max(reach, c.cidr.last);
    }
    if (current.length > 1) groups.push(current);
    return groups.map((g) => [...g].sort((a, b) => a.order - b.order));
}

/** Where suggested ranges come from: the private ranges of RFC 1918, in this order. */
const POOLS = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map((t) => parsed(t)!);

/**
 * The first block of `/prefix` in the private ranges that overlaps none of `taken`, or
 * undefined when none is left. Linear in the number of taken ranges.
 */
export function freeRange(prefix: number, taken: readonly Cidr[], pools: readonly Cidr[] = POOLS): string | undefined {
    const size = 2 ** (32 - prefix);
    const sorted = [...taken].sort((a, b) => a.first - b.first);
    for (const pool of pools) {
        if (prefix < pool.prefix) continue;
        let candidate = pool.first;
        for (const t of sorted) {
            if (candidate + size - 1 > pool.last) break;
            if (t.last < candidate) continue;
            if (t.first > candidate + size - 1) break;
            candidate = Math.ceil((t.last + 1) / size) * size;
        }
        if (candidate + size - 1 <= pool.last) return `${ipText(candidate)}/${prefix}`;
    }
    return undefined;
}

/** Every range the fleet or its regions use: what a suggested range must stay clear of. */
export function usedRanges(sites: readonly SiteModel[]): Cidr[] {
    const texts = [DEFAULT_INSPECTION_CIDR, WORKLOAD_CIDR, DATA_VPC_CIDR, ...sites.flatMap((s) => [s.cloudNetwork.cidr, ...s.segments.map((g) => g.cidr)])];
    return texts.flatMap((t) => {
        const c = parsed(t);
        return c ? [c] : [];
    });
}

/** A claim and the other members of its group, as one sentence: `a (r1), b (r2) and c (r3)`. */
export function listClaims(claims: readonly RangeClaim[]): string {
    const parts = claims.map((c) => `${c.owner} (${c.cidr.text})`);
    return parts.length <= 1 ? parts.join("") : `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
}
