/**
 * What the loader checks of a site's VPN peer: the Amazon-side ASNs a plant router must not use,
 * and the documentation ranges the example fleet uses as placeholders. src/network/uplink.ts
 * builds the attachment on these.
 */
import * as ipaddr from "ipaddr.js";

/** Amazon-side ASN of the Transit Gateway. */
export const TRANSIT_GATEWAY_ASN = 64512;
/** Amazon-side ASN of the sites' Direct Connect gateways: must differ from the Transit Gateway's. */
export const DX_GATEWAY_ASN = 64513;

/** TEST-NET-1/2/3 (RFC 5737): the example fleet's placeholders, accepted so examples plan whole. */
const DOCUMENTATION = ["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24"].map((c) => ipaddr.IPv4.parseCIDR(c));
export function isDocumentation(address: string): boolean {
    const ip = ipaddr.IPv4.parse(address);
    return DOCUMENTATION.some(([net, bits]) => ip.match(net, bits));
}
