/**
 * Device Defender Detect for the gateways of a region: the behaviors of the region's security
 * profile (aws-native `iot:SecurityProfile`), which of them quarantine a gateway and which also
 * deactivate its certificate.
 *
 * Only cloud-side metrics (measured by AWS IoT, no agent on the gateway) are used: the gateways
 * run no Device Defender agent component, so device-side metrics such as `aws:all-bytes-out`
 * would never report and their behaviors would never alarm. Metric names, operators and the
 * accepted durations are from the AWS IoT Device Defender developer guide, "Cloud-side metrics"
 * (https://docs.aws.amazon.com/iot-device-defender/latest/devguide/detect-cloud-side-metrics.html):
 * `aws:num-authorization-failures`, `aws:num-connection-attempts`, `aws:num-disconnects`,
 * `aws:num-messages-sent` (durations 300, 600, 900, 1800 or 3600 s), `aws:message-byte-size`
 * (per message, no duration) and `aws:source-ip-address` (operators `in-cidr-set` /
 * `not-in-cidr-set`, value `cidrs`).
 */
import { AGGREGATE_BYTES, MESSAGE_BYTES, sensorBytesPerSecond } from "../model/bandwidth";
import type { SiteModel } from "../model/types";

/** What a violation of a behavior does: quarantine only, or quarantine and deactivate the certificate. */
export type Response = "quarantine" | "quarantine-and-deactivate";

export interface DetectBehavior {
    /** Behavior name (`[a-zA-Z0-9:_-]`, at most 128): what the remediation Lambda keys on. */
    name: string;
    metric: string;
    criteria: {
        comparisonOperator: "greater-than" | "greater-than-equals" | "less-than" | "less-than-equals" | "in-cidr-set" | "not-in-cidr-set";
        value: { count?: string; cidrs?: string[] };
        durationSeconds?: number;
        consecutiveDatapointsToAlarm: number;
        consecutiveDatapointsToClear: number;
    };
    response: Response;
    /** Why the threshold is what it is (docs/security-operations.md lists it). */
    why: string;
}

/** The evaluation window of the counting behaviors (seconds; one of the durations AWS accepts). */
export const WINDOW_SECONDS = 300;
/** Headroom over the planned message rate before a gateway counts as misbehaving. */
export const VOLUME_HEADROOM = 4;
/** A gateway reconnecting more often than this in a window is flapping or being replayed. */
export const MAX_CONNECTION_ATTEMPTS = 10;
export const MAX_DISCONNECTS = 5;
/** Authorization failures tolerated in a window (a misconfigured topic, once, is not an attack). */
export const MAX_AUTHORIZATION_FAILURES = 5;
/** The largest message a gateway is planned to send (an aggregate), times headroom for batching. */
export const MAX_MESSAGE_BYTES = AGGREGATE_BYTES * 16;

/** Messages per second a gateway of a site is planned to send (bytes planned / bytes per message). */
export function plannedMessagesPerSecond(site: SiteModel, gateway: string): number {
    // Bytes / 128 counts an aggregate (192 bytes) as 1.5 messages: the threshold errs high, never low.
    const bytes = site.sensors.filter((s) => s.gateway === gateway).reduce((sum, s) => sum + sensorBytesPerSecond(s.sampleRateHz, s.transmit), 0);
    return bytes / MESSAGE_BYTES;
}

/**
 * The message-count threshold of a region: the busiest gateway's planned messages in one
 * window, times the headroom, and at least one message a second (status and alarms of a quiet
 * gateway must never trip it).
 */
export function messageThreshold(sites: SiteModel[]): number {
    let busiest = 0;
    for (const site of sites) for (const g of site.gateways) busiest = Math.max(busiest, plannedMessagesPerSecond(site, g.name));
    return Math.ceil(Math.max(busiest, 1) * WINDOW_SECONDS * VOLUME_HEADROOM);
}

/** Egress addresses known from the site files (the VPN peer of `uplink: vpn` sites), as /32 CIDRs, sorted. */
export function knownEgressCidrs(sites: SiteModel[]): string[] {
    return [...new Set(sites.flatMap((s) => (s.connectivity.vpn ? [`${s.connectivity.vpn.peerIp}/32`] : [])))].sort();
}

const counting = (count: number) => ({
    comparisonOperator: "greater-than" as const,
    value: { count: String(count) },
    durationSeconds: WINDOW_SECONDS,
    consecutiveDatapointsToAlarm: 1,
    consecutiveDatapointsToClear: 2,
});

/** The behaviors of a region's security profile, sorted by name. */
export function detectBehaviors(sites: SiteModel[]): DetectBehavior[] {
    const out: DetectBehavior[] = [
        {
            name: "authorization-failures",
            metric: "aws:num-authorization-failures",
            criteria: counting(MAX_AUTHORIZATION_FAILURES),
            response: "quarantine-and-deactivate",
            why: `more than ${MAX_AUTHORIZATION_FAILURES} denied publishes/subscribes in ${WINDOW_SECONDS} s: the certificate is probing beyond its policy`,
        },
        {
            name: "connection-attempts",
            metric: "aws:num-connection-attempts",
            criteria: counting(MAX_CONNECTION_ATTEMPTS),
            response: "quarantine",
            why: `more than ${MAX_CONNECTION_ATTEMPTS} connection attempts in ${WINDOW_SECONDS} s: a reconnect loop or a cloned identity`,
        },
        {
            name: "disconnects",
            metric: "aws:num-disconnects",
            criteria: counting(MAX_DISCONNECTS),
            response: "quarantine",
            why: `more than ${MAX_DISCONNECTS} disconnects in ${WINDOW_SECONDS} s: two clients with one client ID push each other off`,
        },
        {
            name: "message-volume",
            metric: "aws:num-messages-sent",
            criteria: counting(messageThreshold(sites)),
            response: "quarantine",
            why: `more than ${VOLUME_HEADROOM}x the busiest gateway's planned messages (site files, src/model/bandwidth.ts) in ${WINDOW_SECONDS} s`,
        },
        {
            name: "message-size",
            metric: "aws:message-byte-size",
            criteria: {
                comparisonOperator: "greater-than",
                value: { count: String(MAX_MESSAGE_BYTES) },
                consecutiveDatapointsToAlarm: 1,
                consecutiveDatapointsToClear: 1,
            },
            response: "quarantine",
            why: `a message larger than ${MAX_MESSAGE_BYTES} bytes (16 planned aggregates): exfiltration or a broken batcher`,
        },
    ];
    const cidrs = knownEgressCidrs(sites);
    if (cidrs.length > 0) {
        out.push({
            name: "source-ip-off-site",
            metric: "aws:source-ip-address",
            criteria: { comparisonOperator: "not-in-cidr-set", value: { cidrs }, consecutiveDatapointsToAlarm: 1, consecutiveDatapointsToClear: 1 },
            response: "quarantine-and-deactivate",
            why: "a connection from outside every known site egress address: the certificate is used off-site",
        });
    }
    return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** The behavior names whose violation also deactivates the certificate, sorted. */
export function deactivatingBehaviors(behaviors: DetectBehavior[]): string[] {
    return behaviors
        .filter((b) => b.response === "quarantine-and-deactivate")
        .map((b) => b.name)
        .sort();
}
