/**
 * Well-known ports of the protocols a conduit may name, and which of them are cleartext OT
 * protocols (they must stay inside the plant: see the policy `ot-cleartext-protocol-contained`).
 */
import type { Protocol } from "./schema";
import type { PortSpec } from "./types";

const tcp = (...ports: number[]): PortSpec[] => ports.map((port) => ({ port, transport: "tcp" as const }));
const udp = (...ports: number[]): PortSpec[] => ports.map((port) => ({ port, transport: "udp" as const }));

export const DEFAULT_PORTS: Record<Protocol, PortSpec[]> = {
    opcua: tcp(4840),
    "modbus-tcp": tcp(502),
    s7: tcp(102),
    "ethernet-ip": [...tcp(44818), ...udp(2222)],
    dnp3: tcp(20000),
    profinet: udp(34964),
    bacnet: udp(47808),
    mqtt: tcp(1883),
    mqtts: tcp(8883),
    http: tcp(80),
    https: tcp(443),
    ssh: tcp(22),
    rdp: tcp(3389),
    ntp: udp(123),
    dns: [...udp(53), ...tcp(53)],
    syslog: udp(514),
    snmp: udp(161),
    sql: tcp(1433, 5432),
};

/** Transport used for explicit ports of a protocol: UDP-only protocols keep UDP. */
export function transportOf(protocol: Protocol): "tcp" | "udp" {
    const ports = DEFAULT_PORTS[protocol];
    return ports.every((p) => p.transport === "udp") ? "udp" : "tcp";
}

/** Ports that carry unauthenticated, unencrypted industrial traffic. */
export const CLEARTEXT_OT_PORTS: ReadonlySet<number> = new Set([502, 44818, 2222, 102, 20000, 1883]);

/** Protocols whose traffic is cleartext OT traffic whatever port it uses. */
export const CLEARTEXT_OT_PROTOCOLS: ReadonlySet<Protocol> = new Set<Protocol>(["modbus-tcp", "ethernet-ip", "s7", "dnp3", "mqtt", "profinet", "bacnet"]);

/** Ports allowed northbound across the industrial DMZ. */
export const NORTHBOUND_PORTS: ReadonlySet<number> = new Set([8883, 443]);
