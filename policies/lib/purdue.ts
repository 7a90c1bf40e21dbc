/**
 * The Purdue reference model (ISA-95 / IEC 62443-3-2 zones and conduits) as data: the order of
 * the levels, the ports of remote-access and engineering tools, the private address ranges a
 * plant segment may use, and the flow a sensor source implies. Pure: the Purdue rules in
 * policies/rules/ot-*.ts read it.
 */
import ipaddr from "ipaddr.js";
import { DEFAULT_PORTS } from "../../src/model/protocols";
import type { PurdueLevel } from "../../src/model/types";

/** The levels bottom to top; 3.5 is the industrial DMZ, `cloud` counts as 5. */
export const LEVELS: readonly PurdueLevel[] = [0, 1, 2, 3, 3.5, 4, 5];

/** How many level boundaries a conduit between two levels crosses (3 to 4 crosses two: 3|3.5 and 3.5|4). */
export function boundariesCrossed(from: PurdueLevel, to: PurdueLevel): number {
    return Math.abs(LEVELS.indexOf(from) - LEVELS.indexOf(to));
}

/**
 * Ports of remote-access and engineering tools, each with what listens there. Sources: the IANA
 * service name registry (22 ssh, 23 telnet, 3389 ms-wbt-server, 5900 rfb), RFC 6143 §1 (a VNC
 * server on display N listens on 5900+N; 5800+N serves the Java viewer over HTTP), TeamViewer's
 * "Which ports are used by TeamViewer?" (5938), CODESYS online help "Gateway" and "PLC Settings"
 * (1217 gateway, 11740-11743 runtime TCP), CISA ICS advisories for Phoenix Contact ILC controllers
 * (1962 PC WORX, 20547 ProConOS). Data protocols that engineering tools also speak (S7 102,
 * EtherNet/IP 44818) are not listed: SCADA and gateways read values over them.
 */
export const REMOTE_ACCESS_PORTS: readonly { from: number; to: number; what: string }[] = [
    { from: 22, to: 22, what: "SSH" },
    { from: 23, to: 23, what: "Telnet" },
    { from: 1217, to: 1217, what: "CODESYS gateway" },
    { from: 1962, to: 1962, what: "PC WORX engineering" },
    { from: 3389, to: 3389, what: "RDP" },
    { from: 5800, to: 5809, what: "VNC (HTTP viewer)" },
    { from: 5900, to: 5909, what: "VNC" },
    { from: 5938, to: 5938, what: "TeamViewer" },
    { from: 11740, to: 11743, what: "CODESYS runtime" },
    { from: 20547, to: 20547, what: "ProConOS engineering" },
];

/** Conduit protocols that are remote access whatever their ports. */
export const REMOTE_ACCESS_PROTOCOLS: ReadonlySet<string> = new Set(["ssh", "rdp"]);

/** What a port is used for when it is a remote-access or engineering port, else undefined. */
export function remoteAccessTool(port: number): string | undefined {
    return REMOTE_ACCESS_PORTS.find((r) => port >= r.from && port <= r.to)?.what;
}

/** Private IPv4 space a plant segment may use: RFC 1918 §3 and RFC 6598 (shared address space). */
export const PRIVATE_RANGES: readonly string[] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"];

const parsedPrivate = PRIVATE_RANGES.map((r) => ipaddr.IPv4.parseCIDR(r));

/** Whether an IPv4 CIDR lies entirely inside one private range; throws on text that is not an IPv4 CIDR. */
export function isPrivateCidr(cidr: string): boolean {
    const [net, bits] = ipaddr.IPv4.parseCIDR(cidr);
    return parsedPrivate.some(([range, rangeBits]) => bits >= rangeBits && net.match(range, rangeBits));
}

/** Whether text is an IPv4 address in dotted-quad form. */
export const isIPv4Address = (text: string): boolean => ipaddr.IPv4.isValidFourPartDecimal(text);

/** Whether an IPv4 address lies in an IPv4 CIDR. */
export function inCidr(address: string, cidr: string): boolean {
    if (!isIPv4Address(address)) return false;
    return ipaddr.IPv4.parse(address).match(ipaddr.IPv4.parseCIDR(cidr));
}

/** Default ports of URL schemes a sensor endpoint may use (IANA: opc.tcp 4840, mqtt 1883, secure-mqtt 8883, http 80, https 443). */
const SCHEME_PORTS: Record<string, number> = { "opc.tcp": 4840, mqtt: 1883, mqtts: 8883, http: 80, https: 443, modbus: 502, "modbus-tcp": 502 };

/** The host and ports a sensor source makes its gateway connect to. */
export interface SourceFlow {
    host: string;
    /** The ports the connection may use: the endpoint's port, else the scheme's or the protocol's well-known ports. */
    ports: number[];
    /** Which field named the host. */
    field: "address" | "endpoint";
}

/**
 * The flow a sensor source implies: to `endpoint`'s host when it has one (`opc.tcp://10.1.2.3:4840/x`),
 * else to `address`; undefined when it names neither. Throws when the endpoint is not a URL.
 */
export function sourceFlow(source: { protocol: string; address?: string; endpoint?: string }): SourceFlow | undefined {
    const defaults = (DEFAULT_PORTS as Record<string, { port: number }[] | undefined>)[source.protocol]?.map((p) => p.port) ?? [];
    if (source.endpoint !== undefined) {
        const m = /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)(?::(\d*))?(?:[/?#].*)?$/i.exec(source.endpoint.trim());
        if (!m || m[2] === "") throw new Error(`endpoint ${JSON.stringify(source.endpoint)} is not a URL with a host (scheme://host[:port]/path)`);
        const scheme = m[1].toLowerCase();
        const host = (m[2].startsWith("[") ? m[2].slice(1, -1) : m[2]).toLowerCase();
        const ports = m[3] ? [Number(m[3])] : scheme in SCHEME_PORTS ? [SCHEME_PORTS[scheme]] : defaults;
        return { host, ports, field: "endpoint" };
    }
    if (source.address !== undefined) return { host: source.address.trim().toLowerCase(), ports: defaults, field: "address" };
    return undefined;
}

/** Whether a host is the gateway itself (a local server): no flow leaves its segment. */
export function isLoopback(host: string): boolean {
    if (host === "localhost") return true;
    if (!ipaddr.isValid(host)) return false;
    return ipaddr.process(host).range() === "loopback";
}
