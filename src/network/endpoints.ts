/**
 * The AWS endpoints a site's gateways need, by region: the interface VPC endpoint services of
 * the site's landing VPC and the TLS server names (SNI) the egress allow-list admits.
 */
import { contains, parseCidr } from "../model/cidr";
import type { SiteModel } from "../model/types";
import { isAttached, PRIVATE_RANGES, siteFlows } from "./flows";
import { cmp } from "../util/compare";

export type EndpointKey = "iot-data" | "iot-credentials" | "greengrass" | "s3";

export interface EndpointService {
    key: EndpointKey;
    /** The VPC endpoint service name. */
    serviceName: string;
    /**
     * Whether AWS creates the private DNS names. IoT Core data and credentials endpoints do not
     * support it: their account-specific names get private hosted zones instead.
     */
    privateDns: boolean;
}

/** Interface endpoints of a site's landing VPC. S3 is an interface endpoint: a gateway endpoint is unreachable from on-premises networks. */
export function endpointServices(region: string): EndpointService[] {
    return [
        { key: "iot-data", serviceName: `com.amazonaws.${region}.iot.data`, privateDns: false },
        { key: "iot-credentials", serviceName: `com.amazonaws.${region}.iot.credentials`, privateDns: false },
        { key: "greengrass", serviceName: `com.amazonaws.${region}.greengrass`, privateDns: true },
        { key: "s3", serviceName: `com.amazonaws.${region}.s3`, privateDns: true },
    ];
}

/**
 * Server names a gateway may open TLS to, as domain suffixes (a leading dot matches the name and
 * every name below it): the account's IoT data (`<prefix>-ats.iot.<region>…`), credentials
 * (`<prefix>.credentials.iot.<region>…`) and Greengrass data-plane (`greengrass-ats.iot.<region>…`)
 * endpoints, the Greengrass API, and regional S3 (component artifacts).
 */
export function egressDomains(region: string): string[] {
    return [`.iot.${region}.amazonaws.com`, `.greengrass.${region}.amazonaws.com`, `.s3.${region}.amazonaws.com`];
}

/** One inbound rule of an endpoint security group. */
export interface EndpointIngress {
    protocol: "tcp" | "udp";
    port: number;
    cidrBlocks: string[];
    description: string;
}

/**
 * Inbound rules per security group, default and adjustable ("Inbound or outbound rules per
 * security group", 60; each CIDR of a rule counts as one rule:
 * https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html#vpc-limits-security-groups).
 */
export const SG_INBOUND_RULES_DEFAULT = 60;

/**
 * The shared endpoint VPC's security group: one rule per transport and port that some site's
 * conduit to `cloud` uses, admitting the private ranges (PRIVATE_RANGES) that hold the cloud-facing
 * segments. Bounded by the ports, not the sites: one rule per site conduit would pass the 60-rule
 * quota at a few dozen sites (a prefix-list reference counts as its maximum entries, so a list of
 * every segment does not help). Which segment may use which port stays exact in the regional
 * Network Firewall (suricata.ts, one pass rule per site conduit and port), which every packet
 * from a plant crosses before it reaches the endpoint VPC.
 */
export function sharedEndpointIngress(sites: SiteModel[]): { rules: EndpointIngress[]; problem?: string } {
    const ports = new Map<string, { protocol: "tcp" | "udp"; port: number; sources: Set<string> }>();
    for (const site of sites.filter((s) => s.cloudNetwork.shared && isAttached(s.connectivity.uplink))) {
        for (const f of siteFlows(site).filter((x) => x.cloud)) {
            const range = PRIVATE_RANGES.find((r) => within(f.fromCidr, r));
            for (const p of f.ports) {
                const key = `${p.transport}/${String(p.port).padStart(5, "0")}`;
                const entry = ports.get(key) ?? { protocol: p.transport, port: p.port, sources: new Set<string>() };
                if (range) entry.sources.add(range);
                ports.set(key, entry);
            }
        }
    }
    const rules = [...ports.entries()]
        .sort(([a], [b]) => cmp(a, b))
        .filter(([, e]) => e.sources.size > 0)
        .map(([, e]) => ({
            protocol: e.protocol,
            port: e.port,
            cidrBlocks: PRIVATE_RANGES.filter((r) => e.sources.has(r)),
            description: `plant conduits to cloud on ${e.protocol}/${e.port}; exact per site in the regional firewall`,
        }));
    const count = rules.reduce((n, r) => n + r.cidrBlocks.length, 0);
    return count > SG_INBOUND_RULES_DEFAULT
        ? { rules, problem: `the endpoint security group needs ${count} inbound rules; a security group holds ${SG_INBOUND_RULES_DEFAULT} by default` }
        : { rules };
}

/** Whether a CIDR lies inside another (both valid; the loader checked them). */
function within(inner: string, outer: string): boolean {
    const i = parseCidr(inner);
    const o = parseCidr(outer);
    return "cidr" in i && "cidr" in o && contains(o.cidr, i.cidr.first) && contains(o.cidr, i.cidr.last);
}
