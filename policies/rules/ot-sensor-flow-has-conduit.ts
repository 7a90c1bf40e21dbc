/** ot-sensor-flow-has-conduit: the metadata and checks of one rule (see `details`). */
import { defineRule } from "../lib/define";
import { inCidr, isIPv4Address, isLoopback, sourceFlow, type SourceFlow } from "../lib/purdue";
import { elementFindings } from "../lib/design";
import type { Rule } from "../lib/types";
import type { SensorModel, SiteModel } from "../../src/model/types";

/** What is wrong with the flow of one sensor's source, or undefined when a conduit carries it. */
function problem(site: SiteModel, sensor: SensorModel, flow: SourceFlow): string | undefined {
    const gateway = site.gateways.find((g) => g.name === sensor.gateway);
    if (!gateway || isLoopback(flow.host)) return undefined;
    const where = `its source.${flow.field} ${flow.host}`;
    if (!isIPv4Address(flow.host))
        return `${where} is not an IPv4 address; the zone a host name resolves into cannot be known from the site file, so write the address`;
    const segment = site.segments.find((s) => inCidr(flow.host, s.cidr));
    if (!segment)
        return `${where} is in no segment of this site (segments: ${site.segments.map((s) => `${s.name} ${s.cidr}`).join(", ")}), so no conduit can carry the flow from gateway ${gateway.name}; use an address in a segment`;
    if (segment.name === gateway.segment) return undefined;
    const conduits = site.conduits.filter((c) => c.from === gateway.segment && c.to === segment.name);
    if (conduits.some((c) => c.ports.some((p) => flow.ports.includes(p.port)))) return undefined;
    const ports = flow.ports.length ? `port ${flow.ports.join(" or ")}` : `protocol ${sensor.source.protocol}`;
    const have = conduits.length
        ? ` (conduits from ${gateway.segment} to ${segment.name} open ${conduits.flatMap((c) => c.ports.map((p) => p.port)).join(", ")})`
        : "";
    return `${where} is in segment ${segment.name}, but no conduit from ${gateway.segment} (gateway ${gateway.name}) to ${segment.name} opens ${ports}${have}; add one`;
}

export const rule: Rule = defineRule({
    name: "ot-sensor-flow-has-conduit",
    severity: "mandatory",
    securitySeverity: 7.5,
    description: "Every flow a sensor source implies (its `address` or the host of its `endpoint` URL) is carried by a conduit from its gateway's segment.",
    mirrors: "ISA/IEC 62443-3-2 zones and conduits (every flow between zones is a conduit)",
    details:
        "A sensor makes its gateway connect to the host of `source.endpoint` (`opc.tcp://10.110.10.21:4840`, `mqtt://...`) or else to `source.address`, on the endpoint's port, else the scheme's or the protocol's well-known port. That host must lie in a segment of the site, and unless it is the gateway's own segment (or the gateway itself: `localhost`, 127.0.0.0/8, ::1), a conduit from the gateway's segment to that segment must open the port. A host name is not accepted: the zone it resolves into cannot be known from the files. This closes the path around `fleet validate`'s reachability check that an endpoint URL would otherwise open.",
    model: (site) =>
        elementFindings(site, "sensor", site.sensors, (sensor) => {
            let flow: SourceFlow | undefined;
            try {
                flow = sourceFlow(sensor.source);
            } catch (e) {
                return [`sensor ${sensor.name}: ${(e as Error).message}`];
            }
            const p = flow && problem(site, sensor, flow);
            return p ? [`sensor ${sensor.name}: ${p}`] : [];
        }),
});
