/** The plant's connectivity: its VPN peer and whether the planned telemetry fits the uplink. */
import * as ipaddr from "ipaddr.js";
import { kbps, sensorBytesPerSecond } from "../bandwidth";
import { show } from "../diagnostics";
import type { SensorModel } from "../types";
import { DX_GATEWAY_ASN, isDocumentation, TRANSIT_GATEWAY_ASN } from "../uplink";
import { BANDWIDTH_WARN_SHARE, type SiteContext } from "./context";

/** Check the VPN settings and the uplink budget; returns the planned telemetry in bytes per second. */
export function checkConnectivity(ctx: SiteContext, sensors: SensorModel[]): number {
    const { spec, rep, S } = ctx;
    // The plant's VPN peer.
    const vpn = spec.connectivity.vpn;
    if (vpn && spec.connectivity.uplink !== "vpn") {
        rep.warn(S("connectivity", "vpn"), `vpn settings are used only with uplink: vpn; this site's uplink is ${spec.connectivity.uplink}`);
    } else if (vpn) {
        const range = ipaddr.IPv4.isValidFourPartDecimal(vpn.peerIp) ? ipaddr.IPv4.parse(vpn.peerIp).range() : "invalid";
        if (range === "invalid") rep.error(S("connectivity", "vpn", "peerIp"), `${show(vpn.peerIp)} is not an IPv4 address`);
        else if (range !== "unicast" && !isDocumentation(vpn.peerIp)) {
            rep.error(S("connectivity", "vpn", "peerIp"), `${show(vpn.peerIp)} is a ${range} address; the VPN peer is the plant router's public IPv4 address`);
        }
        if (vpn.bgpAsn === TRANSIT_GATEWAY_ASN || vpn.bgpAsn === DX_GATEWAY_ASN) {
            rep.error(
                S("connectivity", "vpn", "bgpAsn"),
                `${vpn.bgpAsn} is the AWS side's ASN; use another private ASN (64512-65534 or 4200000000-4294967294) for the plant router`,
            );
        }
    }

    // Uplink budget.
    const plannedBytesPerSecond = sensors.reduce((sum, s) => sum + sensorBytesPerSecond(s.sampleRateHz, s.transmit), 0);
    const planned = kbps(plannedBytesPerSecond);
    const bw = spec.connectivity.bandwidthKbps;
    if (planned > bw) {
        rep.error(
            S("connectivity", "bandwidthKbps"),
            `planned telemetry needs ${planned.toFixed(1)} kbps but the uplink has ${bw} kbps; raise bandwidthKbps or send less (aggregate, deadband or alarm-only transmit modes)`,
        );
    } else if (planned > bw * BANDWIDTH_WARN_SHARE) {
        rep.warn(
            S("connectivity", "bandwidthKbps"),
            `planned telemetry needs ${planned.toFixed(1)} kbps, over ${BANDWIDTH_WARN_SHARE * 100}% of the ${bw} kbps uplink; little room is left for catching up after an outage`,
        );
    }

    return plannedBytesPerSecond;
}
