/** Conduits between zones, what they let a gateway reach, and why a source is unreachable. */
import { contains, parseIpv4 } from "../cidr";
import { knownList, show } from "../diagnostics";
import { DEFAULT_PORTS, transportOf } from "../protocols";
import type { ConduitModel, GatewayModel, PurdueLevel } from "../types";
import { CLOUD, type SiteContext } from "./context";
import type { SiteSegments } from "./segments";
import type { SiteDevices } from "./devices";

export interface SiteConduits {
    conduits: ConduitModel[];
    /** Whether traffic from one segment may reach another over a protocol. */
    reachable: (from: string, to: string, protocol: string) => boolean;
    /** Why a gateway cannot read an address over a protocol, or undefined when it can. */
    unreachable: (gw: GatewayModel, address: string, protocol: string) => string | undefined;
}

export function normalizeConduits(ctx: SiteContext, seg: SiteSegments, dev: SiteDevices): SiteConduits {
    const { spec, rep, S, unique } = ctx;
    const { segLevel, segmentNames, segCidr, segmentList } = seg;
    const { gateways } = dev;
    // Conduits.
    unique(spec.conduits, "conduits", "conduit");
    const suppressed = (policy: string, target: string) =>
        (spec.suppressions ?? []).some((s) => s.policy === policy && s.target === target && s.reason.trim().length >= 10) ||
        (ctx.fleet.suppressions ?? []).some((s) => s.site === ctx.siteName && s.policy === policy && s.target === target);
    const zoneNames = [...segmentNames, CLOUD];
    const conduits: ConduitModel[] = [];
    (spec.conduits ?? []).forEach((c, i) => {
        let ok = true;
        for (const end of ["from", "to"] as const) {
            const value = c[end];
            if (value !== CLOUD && !segLevel.has(value)) {
                rep.error(S("conduits", i, end), `unknown zone ${show(value)}; ${knownList(value, zoneNames, "known")} (segments, or \`cloud\`)`);
                ok = false;
            }
        }
        if (c.from === CLOUD) {
            rep.error(S("conduits", i, "from"), `a conduit cannot be opened from \`cloud\`; the plant side opens every connection to AWS (swap from and to)`);
            ok = false;
        } else if (c.from === c.to) {
            rep.error(
                S("conduits", i, "to"),
                `conduit ${show(c.name)} goes from ${show(c.from)} to itself; a conduit joins two different zones (traffic inside a zone needs none)`,
            );
            ok = false;
        }
        if (c.ports) {
            const seenPorts = new Set<number>();
            for (const [j, port] of c.ports.entries()) {
                if (seenPorts.has(port)) rep.warn(S("conduits", i, "ports", j), `port ${port} is listed twice`);
                seenPorts.add(port);
            }
        }
        if (!ok) return;
        const fromLevel = segLevel.get(c.from)!;
        const toLevel: PurdueLevel = c.to === CLOUD ? 5 : segLevel.get(c.to)!;
        if (fromLevel <= 2 && toLevel >= 4 && !suppressed("ot-no-control-to-cloud", `conduit/${c.name}`)) {
            rep.error(
                S("conduits", i, "to"),
                `conduit ${show(c.name)} goes from Purdue level ${fromLevel} (${c.from}) straight to ${c.to === CLOUD ? "`cloud`" : `level ${toLevel} (${c.to})`}; route it through the industrial DMZ (level 3.5), or add a suppression of ot-no-control-to-cloud for conduit/${c.name} with a reason`,
            );
        }
        const transport = transportOf(c.protocol);
        const ports = c.ports ? [...new Set(c.ports)].sort((a, b) => a - b).map((port) => ({ port, transport })) : DEFAULT_PORTS[c.protocol];
        conduits.push({
            name: c.name,
            from: c.from,
            to: c.to,
            protocol: c.protocol,
            ports,
            justification: c.justification,
            fromLevel,
            toLevel,
            at: rep.at(S("conduits", i)),
        });
    });
    /** Whether traffic from one segment may reach another over a protocol. */
    const flows = new Set(conduits.map((c) => `${c.from}\u0000${c.to}\u0000${c.protocol}`));
    const reachable = (from: string, to: string, protocol: string) => from === to || flows.has(`${from}\u0000${to}\u0000${protocol}`);
    for (const [i, g] of gateways.entries()) {
        if (segLevel.has(g.segment) && !conduits.some((c) => c.from === g.segment && c.to === CLOUD && (c.protocol === "mqtts" || c.protocol === "https"))) {
            rep.warn(
                S("gateways", i, "segment"),
                `gateway ${show(g.name)} (segment ${g.segment}) has no conduit to cloud (protocol mqtts or https), so it cannot reach AWS IoT Core; add a conduit from ${g.segment} to cloud with protocol mqtts`,
            );
        }
    }
    const segmentOf = (ip: number): string | undefined => {
        for (const [name, c] of segCidr) if (contains(c, ip)) return name;
        return undefined;
    };
    /**
     * Why a gateway cannot read a sensor's own address, or undefined when it can: the address
     * must lie in a segment of the site, reached over a conduit (or the gateway's own segment).
     */
    const unreachable = (gw: GatewayModel, address: string, protocol: string): string | undefined => {
        const ip = parseIpv4(address);
        if (ip === undefined) return `${show(address)} is not an IPv4 address; expected four numbers 0-255, e.g. 192.168.10.40`;
        const seg = segmentOf(ip);
        if (seg === undefined) {
            return `${address} is in no segment of this site, so gateway ${show(gw.name)} cannot reach it (every flow needs a conduit); segments: ${segmentList()}`;
        }
        if (!reachable(gw.segment, seg, protocol)) {
            return `gateway ${show(gw.name)} (segment ${gw.segment}) cannot reach ${address} (segment ${seg}) over ${protocol}: add a conduit from ${gw.segment} to ${seg} with protocol ${protocol}`;
        }
        return undefined;
    };

    return { conduits, reachable, unreachable };
}
