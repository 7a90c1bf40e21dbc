/**
 * AWS Network Firewall stateful rules (Suricata syntax) generated from conduits. The policy
 * evaluates in STRICT_ORDER, so the order written here is the order enforced:
 *
 * - per site: one `pass` rule per conduit to `cloud` and port, from the conduit's segment to the
 *   site's cloudNetwork, then `drop` rules for everything else from the plant toward private
 *   ranges, and for flows opened toward the plant or toward the site's landing network;
 * - per region (last): the default deny of the shared endpoint VPC (when the region has one), the egress allow-list, TLS to the region's AWS endpoints by server name
 *   (SNI) only, everything else from the plants toward the internet dropped.
 *
 * Rules are sorted by site, conduit, transport and port, and their sids derive from those names
 * (see sid.ts): reordering YAML lists changes nothing.
 */
import type { SiteModel } from "../model/types";
import { egressDomains } from "./endpoints";
import { PRIVATE_RANGES, cloudSourceCidrs, isAttached, siteFlows, siteSegmentCidrs } from "./flows";
import { sidOf } from "./sid";

export type RuleAction = "pass" | "drop" | "alert" | "reject";

export interface SuricataRule {
    sid: number;
    action: RuleAction;
    protocol: string;
    source: string;
    sourcePort: string;
    destination: string;
    destinationPort: string;
    /** Options other than msg, sid and rev, in order: `[keyword, value?]`. */
    options: [string, string?][];
    msg: string;
}

/** A Suricata address list: `[a,b]` (a single address stays bare). */
export function addressList(cidrs: readonly string[]): string {
    return cidrs.length === 1 ? cidrs[0] : `[${cidrs.join(",")}]`;
}

/** msg text safe inside `msg:"…"`: no quote, semicolon or backslash (Suricata would need escapes). */
export function safeMsg(text: string): string {
    return text
        .replace(/["\\]/g, "'")
        .replace(/;/g, ",")
        .replace(/[\r\n\t]+/g, " ");
}

export function renderRule(r: SuricataRule): string {
    const opts = [`msg:"${safeMsg(r.msg)}"`, ...r.options.map(([k, v]) => (v === undefined ? k : `${k}:${v}`)), `sid:${r.sid}`, "rev:1"];
    return `${r.action} ${r.protocol} ${r.source} ${r.sourcePort} -> ${r.destination} ${r.destinationPort} (${opts.join("; ")};)`;
}

/** The rules of one site, in evaluation order; empty for a site that reaches AWS over the internet (no traffic crosses the firewall). */
export function siteRules(site: SiteModel): SuricataRule[] {
    if (!isAttached(site.connectivity.uplink)) return [];
    const rules: SuricataRule[] = [];
    for (const f of siteFlows(site).filter((x) => x.cloud)) {
        const dst = f.destination.kind === "cidr" ? f.destination.cidr : "any";
        for (const p of f.ports) {
            rules.push({
                sid: sidOf(site.name, f.conduit, p.transport, String(p.port)),
                action: "pass",
                protocol: p.transport,
                source: f.fromCidr,
                sourcePort: "any",
                destination: dst,
                destinationPort: String(p.port),
                options: [["flow", "to_server"]],
                msg: `${site.name} conduit ${f.conduit}: ${f.protocol} ${p.transport}/${p.port} ${f.from} to cloud`,
            });
        }
    }
    const segments = addressList(siteSegmentCidrs(site));
    const deny = (key: string, source: string, destination: string, msg: string, options: [string, string?][] = []): SuricataRule => ({
        sid: sidOf(site.name, `deny:${key}`),
        action: "drop",
        protocol: "ip",
        source,
        sourcePort: "any",
        destination,
        destinationPort: "any",
        options,
        msg: `${site.name} ${msg}`,
    });
    rules.push(
        deny("from-site", segments, addressList(PRIVATE_RANGES), "default deny: no conduit from the plant"),
        // flow:to_server: only flows opened toward the plant or the landing network; the replies of
        // flows the plant opened (e.g. allow-listed TLS egress, passed later in the policy) go through.
        deny("to-site", "any", segments, "default deny: nothing opens flows toward the plant", [["flow", "to_server"]]),
    );
    // The shared endpoint VPC is every site's cloud: a site's group must not drop the flows that
    // later groups pass, so its default deny is the region's (endpointDenyRules), after all sites.
    if (!site.cloudNetwork.shared) {
        rules.push(deny("to-landing", "any", site.cloudNetwork.cidr, "default deny: no conduit to the landing network", [["flow", "to_server"]]));
    }
    return rules;
}

/**
 * The default deny of a region's shared endpoint VPC, in the regional group after every site's
 * group (STRICT_ORDER): whatever no site's conduit passed toward it is dropped. Empty without a
 * shared-mode attached site.
 */
export function endpointDenyRules(region: string, sites: SiteModel[]): SuricataRule[] {
    const shared = [...new Set(sites.filter((s) => s.cloudNetwork.shared && isAttached(s.connectivity.uplink)).map((s) => s.cloudNetwork.cidr))].sort();
    return shared.map((cidr) => ({
        sid: sidOf("egress", region, "deny:to-endpoints", cidr),
        action: "drop",
        protocol: "ip",
        source: "any",
        sourcePort: "any",
        destination: cidr,
        destinationPort: "any",
        options: [["flow", "to_server"]],
        msg: `${region} default deny: no conduit to the shared endpoint VPC`,
    }));
}

/** Ports of TLS to the AWS endpoints: HTTPS, Greengrass data plane (8443) and MQTT over TLS. */
export const EGRESS_TLS_PORTS = [443, 8443, 8883] as const;

/**
 * Source ranges per egress rule: at most 250 CIDRs (≤ 19 characters each with the comma) keep a
 * rule far below Network Firewall's 8,192 characters. A region with more cloud-facing segments
 * gets the same rules once per part.
 */
export const EGRESS_SOURCES_PER_RULE = 250;

/**
 * The regional egress allow-list: TLS from the plants' cloud-facing segments to the internet
 * only when the server name is one of the region's AWS endpoints; other TCP (once established,
 * so the handshake can reach the TLS server-name check), UDP and ICMP to the internet dropped.
 * Empty when no site of the region is attached. Sids: part 0 keys on (region, domain), later
 * parts add the part number, so a region growing into a second part keeps its first rules.
 */
export function egressRules(region: string, sites: SiteModel[]): SuricataRule[] {
    const sources = [...new Set(sites.filter((s) => isAttached(s.connectivity.uplink)).flatMap((s) => cloudSourceCidrs(s)))].sort();
    if (sources.length === 0) return endpointDenyRules(region, sites);
    const parts: string[][] = [];
    for (let i = 0; i < sources.length; i += EGRESS_SOURCES_PER_RULE) parts.push(sources.slice(i, i + EGRESS_SOURCES_PER_RULE));
    const key = (k: number, ...rest: string[]) => (k === 0 ? sidOf("egress", region, ...rest) : sidOf("egress", region, ...rest, `part-${k}`));
    const internet = `!${addressList(PRIVATE_RANGES)}`;
    const rules: SuricataRule[] = endpointDenyRules(region, sites);
    for (const d of egressDomains(region)) {
        parts.forEach((part, k) =>
            rules.push({
                sid: key(k, d),
                action: "pass",
                protocol: "tls",
                source: addressList(part),
                sourcePort: "any",
                destination: internet,
                destinationPort: addressList(EGRESS_TLS_PORTS.map(String)),
                options: [["tls.sni"], ["dotprefix"], ["content", `"${d}"`], ["nocase"], ["endswith"], ["flow", "to_server, established"]],
                msg: `egress: TLS to AWS endpoint *${d}`,
            }),
        );
    }
    const drops: [string, [string, string?][], string][] = [
        ["tcp", [["flow", "to_server, established"]], "egress: deny TCP to the internet except allow-listed AWS endpoints"],
        ["udp", [], "egress: deny UDP from the plants to the internet"],
        ["icmp", [], "egress: deny ICMP from the plants to the internet"],
    ];
    for (const [protocol, options, msg] of drops) {
        parts.forEach((part, k) =>
            rules.push({
                sid: key(k, `deny:${protocol}`),
                action: "drop",
                protocol,
                source: addressList(part),
                sourcePort: "any",
                destination: internet,
                destinationPort: "any",
                options,
                msg,
            }),
        );
    }
    return rules;
}

export function rulesString(rules: SuricataRule[]): string {
    return rules.map(renderRule).join("\n") + (rules.length ? "\n" : "");
}
