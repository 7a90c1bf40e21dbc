/** ot-conduit-explicit: the metadata and checks of one rule (see `details`). */
import { defineRule } from "../lib/define";
import {
    addressCoverage,
    addressSet,
    type AddressSet,
    isWholeTld,
    NFW_RULE_GROUP,
    portSet,
    type PortSet,
    portsOpen,
    ruleVariablesOf,
    statelessSets,
} from "../lib/nfw";
import { conduitOf, isAny, type StatefulRule, statefulRulesOf } from "../lib/suricata";
import { elementFindings } from "../lib/design";
import type { ResourceFinding, Rule } from "../lib/types";
import { containsUnknown, get, isObject, list } from "../lib/values";

/** The server names an application-layer pass rule is restricted to (`tls.sni` / `http.host` with `content`). */
function domainsOf(rule: StatefulRule): string[] {
    const out: string[] = [];
    let sticky = false;
    let dotprefix = false;
    for (const o of rule.options) {
        const k = o.keyword.toLowerCase();
        if (k === "tls.sni" || k === "http.host" || k === "tls_sni" || k === "http_host") sticky = true;
        else if (k === "dotprefix") dotprefix = true;
        else if (k === "content" && sticky) {
            const v = (o.settings[0] ?? "").trim().replace(/^"|"$/g, "");
            out.push(dotprefix && !v.startsWith(".") ? `.${v}` : v);
            sticky = false;
            dotprefix = false;
        }
    }
    return out;
}

/** Which parts of a pass rule match (nearly) everything; a destination restricted by server name is not open by its addresses. */
function openParts(src: AddressSet, dst: AddressSet, ports: PortSet, byName: boolean): string[] {
    return [
        addressCoverage(src) !== "bounded" && "source",
        addressCoverage(dst) !== "bounded" && !byName && "destination",
        portsOpen(ports) && "destination port",
    ].filter((x): x is string => typeof x === "string");
}

export const rule: Rule = defineRule({
    name: "ot-conduit-explicit",
    severity: "mandatory",
    securitySeverity: 8.6,
    description: "Every pass rule names a source zone, a destination zone and explicit ports; no `any any`.",
    mirrors: "ISA/IEC 62443 zones and conduits",
    details:
        "Every allowed flow is explicit: a conduit names its two zones and its ports, and every pass rule of a Network Firewall rule group (Suricata strings, 5-tuple rules, stateless rules) matches a bounded source, a bounded destination and explicit destination ports. Address and port fields are evaluated into sets, with `$VARIABLES` resolved from the group's ruleVariables: any spelling that covers at least half of IPv4 or IPv6 (`[0.0.0.0/1,128.0.0.0/1]`, `!10.0.0.0/8`, `::/0`) or at least 32,768 ports (`1:65535`, `!502`) is open. A pass rule restricted by TLS SNI or HTTP host may have an open destination, unless the name is a whole top-level domain; domain allow-lists may not name a whole top-level domain either.",
    model: (site) =>
        elementFindings(site, "conduit", site.conduits, (c) => {
            const problems: string[] = [];
            if (!c.from || isAny(c.from)) problems.push("names no source zone");
            if (!c.to || isAny(c.to)) problems.push("names no destination zone");
            if (c.ports.length === 0) problems.push("names no ports; list them (or use a protocol with well-known ports)");
            for (const p of c.ports) if (!Number.isInteger(p.port) || p.port < 1 || p.port > 65535) problems.push(`port ${p.port} is not a port (1-65535)`);
            return problems.map((problem) => `conduit ${c.name}: ${problem}`);
        }),
    resource: {
        types: [NFW_RULE_GROUP],
        check(r) {
            const out: ResourceFinding[] = [];
            const source = get(r.props, "ruleGroup.rulesSource");
            if (containsUnknown(source) || containsUnknown(r.props.rules) || containsUnknown(get(r.props, "ruleGroup.ruleVariables")))
                return [{ message: "the rules are unknown until the deployment runs; cannot be checked at preview", unknown: true }];
            const vars = ruleVariablesOf(r.props);
            for (const rule of statefulRulesOf(r.props).rules) {
                if (rule.action.toLowerCase() !== "pass") continue;
                const conduit = conduitOf(rule);
                const at = conduit ? { target: `conduit/${conduit.conduit}`, ...(conduit.site ? { site: conduit.site } : {}) } : {};
                const name = `pass rule ${rule.index} (${rule.text.slice(0, 80)})`;
                let open: string[];
                try {
                    const domains = domainsOf(rule);
                    for (const d of domains.filter(isWholeTld))
                        out.push({ message: `${name} allows the whole top-level domain ${JSON.stringify(d)}; name the hosts`, ...at });
                    open = openParts(
                        addressSet(rule.source, vars),
                        addressSet(rule.destination, vars),
                        portSet(rule.destinationPort, vars),
                        domains.length > 0,
                    );
                } catch (e) {
                    out.push({ message: `${name}: ${(e as Error).message}`, ...at });
                    continue;
                }
                if (open.length)
                    out.push({
                        message: `${name} matches any ${open.join(" and any ")}; a pass rule must be one conduit: zone to zone on explicit ports`,
                        ...at,
                    });
            }
            for (const [i, s] of list(get(source, "statelessRulesAndCustomActions.statelessRules")).entries()) {
                if (!isObject(s) || !list(get(s, "ruleDefinition.actions")).map(String).includes("aws:pass")) continue;
                let open: string[];
                try {
                    const sets = statelessSets(get(s, "ruleDefinition.matchAttributes"));
                    open = openParts(sets.sources, sets.destinations, sets.destinationPorts, false);
                } catch (e) {
                    out.push({ message: `stateless pass rule ${i + 1}: ${(e as Error).message}` });
                    continue;
                }
                if (open.length)
                    out.push({
                        message: `stateless pass rule ${i + 1} matches any ${open.join(" and any ")}; a pass rule must be one conduit: zone to zone on explicit ports`,
                    });
            }
            const domainList = get(source, "rulesSourceList");
            if (isObject(domainList) && String(domainList.generatedRulesType).toUpperCase() === "ALLOWLIST") {
                for (const d of list(domainList.targets).map(String).filter(isWholeTld))
                    out.push({ message: `the domain allow-list allows the whole top-level domain ${JSON.stringify(d)}; name the hosts` });
            }
            return out;
        },
    },
});
