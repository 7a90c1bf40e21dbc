/**
 * Conduits resolved to flows: the source and destination ranges and ports of each conduit of a
 * site, the one input of every rule renderer (AWS Network Firewall, nftables, CSV), so the
 * documented zones and conduits and every enforcement point say the same thing.
 */
import { isAttached } from "../model/routed";
import type { PortSpec, PurdueLevel, SiteModel } from "../model/types";

/** Private ranges (RFC 1918 and the shared range of RFC 6598): anything else is the internet. */
export const PRIVATE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"] as const;

/** Where a flow goes: a range, or (for the `cloud` zone of an `internet` site) the public internet. */
export type Destination = { kind: "cidr"; cidr: string } | { kind: "internet" };

export interface Flow {
    site: string;
    conduit: string;
    from: string;
    fromCidr: string;
    fromLevel: PurdueLevel;
    /** A segment name or `cloud`. */
    to: string;
    destination: Destination;
    toLevel: PurdueLevel;
    protocol: string;
    /** Sorted by transport, then port. */
    ports: PortSpec[];
    justification?: string;
    /** The conduit goes to the site's cloud zone. */
    cloud: boolean;
}

/** A site reaches AWS over a private attachment (VPN or Direct Connect) rather than the internet (src/model/routed.ts). */
export { hasEndpointVpc, isAttached } from "../model/routed";

export function sortPorts(ports: PortSpec[]): PortSpec[] {
    const seen = new Set<string>();
    return [...ports]
        .sort((a, b) => (a.transport === b.transport ? a.port - b.port : a.transport < b.transport ? -1 : 1))
        .filter((p) => {
            const k = `${p.transport}/${p.port}`;
            if (seen.has(k)) return false;
            seen.add(k);
            return true;
        });
}

/**
 * Every conduit of the site as a flow, sorted by conduit name (never by position in the file).
 * `cloud` resolves to the site's cloudNetwork when the site is attached, else to the internet.
 */
export function siteFlows(site: SiteModel): Flow[] {
    const cidrOf = new Map(site.segments.map((s) => [s.name, s.cidr]));
    return [...site.conduits]
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
        .map((c) => {
            const cloud = c.to === "cloud";
            const destination: Destination = cloud
                ? isAttached(site.connectivity.uplink)
                    ? { kind: "cidr", cidr: site.cloudNetwork.cidr }
                    : { kind: "internet" }
                : { kind: "cidr", cidr: cidrOf.get(c.to)! };
            return {
                site: site.name,
                conduit: c.name,
                from: c.from,
                fromCidr: cidrOf.get(c.from)!,
                fromLevel: c.fromLevel,
                to: c.to,
                destination,
                toLevel: c.toLevel,
                protocol: c.protocol,
                ports: sortPorts(c.ports),
                justification: c.justification,
                cloud,
            };
        });
}

/** Segments that open flows to the cloud: the only plant ranges AWS routes back to the site. */
export function cloudSourceCidrs(site: SiteModel): string[] {
    return [
        ...new Set(
            siteFlows(site)
                .filter((f) => f.cloud)
                .map((f) => f.fromCidr),
        ),
    ].sort();
}

/** Every segment range of the site, sorted. */
export function siteSegmentCidrs(site: SiteModel): string[] {
    return [...new Set(site.segments.map((s) => s.cidr))].sort();
}
