/**
 * The address plan of generated sites: a fleet-wide unique cloud attachment /24 and DMZ block
 * per site (ranges AWS routes back to must be unique among the sites of a region), and the plant
 * zones laid out inside the site, where sites may reuse ranges.
 */
import { ipText } from "../model/cidr";
import type { Random } from "./random";

/** Cloud attachment ranges are /24s in 10.64.0.0 - 10.255.255.0. */
export const CLOUD_SITES = 192 * 256;

/** An IPv4 address plan for one zone: a block big enough for its hosts, hosts from offset 10. */
export interface Zone {
    name: string;
    level: 0 | 1 | 2 | 3 | 3.5 | 4 | 5;
    hosts: number;
    base: number;
    size: number;
    next: number;
    description: string;
}

/** The cloud attachment range of site `index`: the index-th /24 from 10.64.0.0, unique fleet-wide. */
export function cloudRange(index: number): string {
    if (!Number.isInteger(index) || index < 0 || index >= CLOUD_SITES) throw new RangeError(`site index ${index} is outside 0-${CLOUD_SITES - 1}`);
    return `10.${64 + Math.floor(index / 256)}.${index % 256}.0/24`;
}

/** Addresses of a site's DMZ block, by the gateways it holds: at least a /26. */
export function dmzBlockSize(gateways: number): number {
    let size = 64;
    while (size < gateways + 12) size *= 2;
    return size;
}

/** DMZ blocks live in 10.0.0.0/10: below the cloud attachment ranges (10.64.0.0 and up). */
const DMZ_SPACE = { base: (10 << 24) >>> 0, size: 2 ** 22 };

/**
 * The DMZ of site `index`: the index-th block of its size in 10.0.0.0/10. Unique in the fleet,
 * because the DMZ opens the flows to the cloud, and ranges AWS routes back to must be unique
 * among the sites that share a region's Transit Gateway.
 */
export function dmzRange(index: number, gateways: number): { base: number; size: number } {
    const size = dmzBlockSize(gateways);
    if ((index + 1) * size > DMZ_SPACE.size)
        throw new RangeError(`no DMZ block for site ${index + 1}: ${DMZ_SPACE.size / size} sites with ${gateways} gateways fit in 10.0.0.0/10`);
    return { base: DMZ_SPACE.base + index * size, size };
}

/** How many sites with this many gateways the address plan holds. */
export function maxSites(gateways: number): number {
    return Math.min(CLOUD_SITES, DMZ_SPACE.size / dmzBlockSize(gateways));
}

/**
 * Lay the plant zones out (the DMZ is placed by dmzRange): /24s at the familiar third octets
 * (10, 12, 20, 30) of 192.168.0.0/16 or 172.16.0.0/16 when every zone fits in a /24, else
 * blocks of the needed size one after the other in 172.16.0.0/12. These ranges stay inside the
 * plant (no flow to the cloud starts in them), so sites may reuse them.
 */
export function layOut(zones: Zone[], octets: number[], rng: Random): void {
    const fits = zones.every((z) => z.hosts + 12 <= 254);
    if (fits) {
        const base = rng.chance(0.5) ? (192 << 24) + (168 << 16) : (172 << 24) + (16 << 16);
        zones.forEach((z, i) => {
            z.base = (base >>> 0) + octets[i] * 256;
            z.size = 256;
        });
        return;
    }
    let cursor = ((172 << 24) >>> 0) + (16 << 16);
    for (const z of zones) {
        let size = 256;
        while (size < z.hosts + 12) size *= 2;
        cursor = Math.ceil(cursor / size) * size;
        z.base = cursor;
        z.size = size;
        cursor += size;
    }
}

export function host(z: Zone): string {
    const offset = 10 + z.next++;
    if (offset >= z.size - 1) throw new Error(`zone ${z.name} (${z.size} addresses) is full`);
    return ipText(z.base + offset);
}
