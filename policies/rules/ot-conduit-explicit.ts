/** ot-conduit-explicit: the metadata and checks of one rule (see `details`). */
import { defineRule } from "../lib/define";
import { conduitOf, isAny, statefulRulesOf } from "../lib/suricata";
import type { Finding, ResourceFinding, Rule } from "../lib/types";
import { containsUnknown, get, isObject, list } from "../lib/values";

const RULE_GROUP = "aws:networkfirewall/ruleGroup:RuleGroup";

export const rule: Rule = defineRule({
    name: "ot-conduit-explicit",
    severity: "mandatory",
    description: "Every pass rule names a source zone, a destination zone and explicit ports; no `any any`.",
    mirrors: "ISA/IEC 62443 zones and conduits",
    details:
        "Every allowed flow is explicit: a conduit names its two zones and its ports, and every pass rule of a Network Firewall rule group names a source, a destination and destination ports. No `any any`.",
    model(site) {
        const out: Finding[] = [];
        for (const c of site.conduits) {
            const f = (message: string): Finding => ({ site: site.name, target: `conduit/${c.name}`, at: c.at, message: `conduit ${c.name}: ${message}` });
            if (!c.from || isAny(c.from)) out.push(f("names no source zone"));
            if (!c.to || isAny(c.to)) out.push(f("names no destination zone"));
            if (c.ports.length === 0) out.push(f("names no ports; list them (or use a protocol with well-known ports)"));
            for (const p of c.ports) if (!Number.isInteger(p.port) || p.port < 1 || p.port > 65535) out.push(f(`port ${p.port} is not a port (1-65535)`));
        }
        return out;
    },
    resource: {
        types: [RULE_GROUP],
        check(r) {
            const out: ResourceFinding[] = [];
            const rulesString = get(r.props, "ruleGroup.rulesSource.rulesString") ?? r.props.rules;
            const tuples = get(r.props, "ruleGroup.rulesSource.statefulRules");
            const stateless = get(r.props, "ruleGroup.rulesSource.statelessRulesAndCustomActions.statelessRules");
            if (containsUnknown(rulesString) || containsUnknown(tuples) || containsUnknown(stateless))
                return [{ message: "the rules are unknown until the deployment runs; cannot be checked at preview", unknown: true }];
            for (const rule of statefulRulesOf(r.props).rules) {
                if (rule.action.toLowerCase() !== "pass") continue;
                const open = [
                    isAny(rule.source) && "source",
                    isAny(rule.destination) && "destination",
                    isAny(rule.destinationPort) && "destination port",
                ].filter(Boolean);
                const conduit = conduitOf(rule);
                if (open.length)
                    out.push({
                        message: `pass rule ${rule.index} (${rule.text.slice(0, 80)}) matches any ${open.join(" and any ")}; a pass rule must be one conduit: zone to zone on explicit ports`,
                        ...(conduit ? { target: `conduit/${conduit.conduit}`, ...(conduit.site ? { site: conduit.site } : {}) } : {}),
                    });
            }
            for (const [i, s] of list(stateless).entries()) {
                if (!isObject(s)) continue;
                const actions = list(get(s, "ruleDefinition.actions")).map(String);
                if (!actions.includes("aws:pass")) continue;
                const m = get(s, "ruleDefinition.matchAttributes");
                const addrs = (k: string) => list(get(m, k)).map((a) => String(isObject(a) ? a.addressDefinition : a));
                const anyAddr = (k: string) => addrs(k).length === 0 || addrs(k).some(isAny);
                const open = [
                    anyAddr("sources") && "source",
                    anyAddr("destinations") && "destination",
                    list(get(m, "destinationPorts")).length === 0 && "destination port",
                ].filter(Boolean);
                if (open.length)
                    out.push({
                        message: `stateless pass rule ${i + 1} matches any ${open.join(" and any ")}; a pass rule must be one conduit: zone to zone on explicit ports`,
                    });
            }
            return out;
        },
    },
});
