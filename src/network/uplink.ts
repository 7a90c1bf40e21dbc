/**
 * How a site's uplink attaches to the region's Transit Gateway: ASNs, the plant's VPN peer, the
 * IPsec parameters, and the plant ranges AWS routes back to the site.
 *
 * The plant's public IP is not in the site format yet. The proposed optional field (see
 * docs/network.md) is read here when the loader provides it:
 *
 *     connectivity:
 *       uplink: vpn
 *       vpn: { peerIp: 203.0.113.10, bgpAsn: 65010 }   # bgpAsn optional, default 65000
 *
 * Without it, a VPN site gets its landing network but no VPN: the plan says so instead of
 * inventing an address.
 */
import * as ipaddr from "ipaddr.js";
import type { SiteModel } from "../model/types";
import { DX_GATEWAY_ASN, isDocumentation, TRANSIT_GATEWAY_ASN } from "../model/uplink";

// The AWS-side ASNs and the documentation ranges are checked by the loader (src/model/uplink.ts).
export { DX_GATEWAY_ASN, isDocumentation, TRANSIT_GATEWAY_ASN };

/** The plant router's ASN when the site does not say. */
export const DEFAULT_PLANT_ASN = 65000;

export interface VpnPeer {
    peerIp: string;
    bgpAsn: number;
}

/** The optional connectivity fields this module reads (proposed extension of the site format). */
interface ConnectivityExtension {
    vpn?: { peerIp?: string; bgpAsn?: number };
}

export type PeerResult = { peer: VpnPeer } | { missing: string } | { error: string };

/** The plant's VPN peer, a reason it is missing, or what is wrong with it. */
export function vpnPeerOf(site: SiteModel): PeerResult {
    const vpn = (site.connectivity as SiteModel["connectivity"] & ConnectivityExtension).vpn;
    if (!vpn?.peerIp) {
        return {
            missing: `${site.file}: connectivity.vpn.peerIp is not set; the plant's public IPv4 address is needed to create the customer gateway and the VPN`,
        };
    }
    if (!ipaddr.IPv4.isValidFourPartDecimal(vpn.peerIp))
        return { error: `${site.file}: connectivity.vpn.peerIp: ${JSON.stringify(vpn.peerIp)} is not an IPv4 address` };
    const range = ipaddr.IPv4.parse(vpn.peerIp).range();
    if (range !== "unicast" && !isDocumentation(vpn.peerIp))
        return { error: `${site.file}: connectivity.vpn.peerIp: ${vpn.peerIp} is a ${range} address; the VPN peer must be the plant's public IPv4 address` };
    const asn = vpn.bgpAsn ?? DEFAULT_PLANT_ASN;
    if (!Number.isInteger(asn) || asn < 1 || asn > 4_294_967_294 || asn === TRANSIT_GATEWAY_ASN || asn === DX_GATEWAY_ASN) {
        return {
            error: `${site.file}: connectivity.vpn.bgpAsn: ${asn} is not usable; use a private ASN (64512-65534 or 4200000000-4294967294) other than ${TRANSIT_GATEWAY_ASN} and ${DX_GATEWAY_ASN}`,
        };
    }
    return { peer: { peerIp: vpn.peerIp, bgpAsn: asn } };
}

/**
 * IPsec settings of both tunnels: IKEv2 only, AES-256 (GCM or CBC with SHA-2) and elliptic-curve
 * Diffie-Hellman groups 19-21. A plant router that lacks them needs a stronger router, not a
 * weaker default. AWS starts the tunnels, so a plant reboot needs no action on the AWS side.
 */
export const VPN_TUNNEL = {
    ikeVersions: ["ikev2"],
    phase1EncryptionAlgorithms: ["AES256-GCM-16", "AES256"],
    phase1IntegrityAlgorithms: ["SHA2-256", "SHA2-384", "SHA2-512"],
    phase1DhGroupNumbers: [19, 20, 21],
    phase2EncryptionAlgorithms: ["AES256-GCM-16", "AES256"],
    phase2IntegrityAlgorithms: ["SHA2-256", "SHA2-384", "SHA2-512"],
    phase2DhGroupNumbers: [19, 20, 21],
    startupAction: "start",
    dpdTimeoutAction: "restart",
} as const;
