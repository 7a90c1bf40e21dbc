/** ot-default-deny: the metadata and checks of one rule (see `details`). */
import { defineRule } from "../lib/define";
import { NFW_POLICY, NFW_RULE_GROUP, STATEFUL_DROP_DEFAULTS } from "../lib/nfw";
import type { ResourceFinding, Rule } from "../lib/types";
import { containsUnknown, get, list } from "../lib/values";

export const rule: Rule = defineRule({
    name: "ot-default-deny",
    severity: "mandatory",
    securitySeverity: 9.3,
    description: "Stateful firewall policies use strict order and a drop default.",
    mirrors: "ISA/IEC 62443 zones and conduits",
    details:
        "The stateful firewall decides in strict rule order and drops what no rule passes; the stateless engine forwards everything to it rather than passing traffic around it.",
    resource: {
        types: [NFW_POLICY, NFW_RULE_GROUP],
        check(r) {
            const out: ResourceFinding[] = [];
            const unknown = (what: string) =>
                out.push({ message: `${what} is unknown until the deployment runs; cannot be checked at preview`, unknown: true });
            if (r.type === NFW_RULE_GROUP) {
                if (String(r.props.type ?? "").toUpperCase() !== "STATEFUL") return [];
                const order = get(r.props, "ruleGroup.statefulRuleOptions.ruleOrder");
                if (containsUnknown(order)) unknown("statefulRuleOptions.ruleOrder");
                else if (order !== "STRICT_ORDER")
                    out.push({
                        message: `ruleGroup.statefulRuleOptions.ruleOrder is ${JSON.stringify(order ?? "DEFAULT_ACTION_ORDER")}; a stateful rule group of a strict-order policy must be STRICT_ORDER`,
                    });
                return out;
            }
            const order = get(r.props, "firewallPolicy.statefulEngineOptions.ruleOrder");
            if (containsUnknown(order)) unknown("statefulEngineOptions.ruleOrder");
            else if (order !== "STRICT_ORDER")
                out.push({
                    message: `firewallPolicy.statefulEngineOptions.ruleOrder is ${JSON.stringify(order ?? "DEFAULT_ACTION_ORDER")}; use STRICT_ORDER so conduits are evaluated in order before the default drop`,
                });
            const stateful = get(r.props, "firewallPolicy.statefulDefaultActions");
            if (containsUnknown(stateful)) unknown("statefulDefaultActions");
            else if (!list(stateful).some((a) => STATEFUL_DROP_DEFAULTS.includes(String(a)))) {
                out.push({
                    message: `firewallPolicy.statefulDefaultActions is ${JSON.stringify(stateful ?? [])}; add aws:drop_established (or aws:drop_strict) so traffic no conduit allows is dropped`,
                });
            }
            for (const key of ["statelessDefaultActions", "statelessFragmentDefaultActions"]) {
                const v = get(r.props, `firewallPolicy.${key}`);
                if (containsUnknown(v)) unknown(key);
                else if (list(v).map(String).includes("aws:pass"))
                    out.push({
                        message: `firewallPolicy.${key} is ${JSON.stringify(v)}: aws:pass lets traffic bypass the stateful rules; use aws:forward_to_sfe`,
                    });
            }
            return out;
        },
    },
});
