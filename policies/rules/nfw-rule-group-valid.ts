/** nfw-rule-group-valid: the metadata and checks of one rule (see `details`). */
import { defineRule } from "../lib/define";
import { NFW_RULE_GROUP } from "../lib/nfw";
import { sidOf, statefulRulesOf } from "../lib/suricata";
import type { ResourceFinding, Rule } from "../lib/types";
import { containsUnknown, get, list } from "../lib/values";

/** Capacity a group of `n` rules needs: the rules plus 20 % headroom, rounded up. */
export function requiredCapacity(n: number): number {
    return Math.ceil(n * 1.2);
}
export const MAX_RULE_CHARS = 8192;
/** Suricata keywords Network Firewall rejects (datasets, IP reputation, Lua, files, thresholds, ENIP/CIP). */
export const REJECTED_KEYWORDS: ReadonlySet<string> = new Set([
    "dataset",
    "datarep",
    "iprep",
    "lua",
    "luajit",
    "filestore",
    "filename",
    "fileext",
    "filemagic",
    "filemd5",
    "filesha1",
    "filesha256",
    "filesize",
    "file.data",
    "file.name",
    "file_data",
    "threshold",
    "detection_filter",
    "cip_service",
    "enip_command",
    "enip.command",
    "cip.service",
]);
const ACTIONS = new Set(["pass", "drop", "reject", "alert"]);
const REJECTED_PROTOCOLS = new Set(["sctp", "ikev2"]);

export const rule: Rule = defineRule({
    name: "nfw-rule-group-valid",
    severity: "mandatory",
    securitySeverity: 7.5,
    description:
        "Rule group capacity covers its rules with 20% headroom; unique sids; only keywords Network Firewall accepts; at most 8,192 characters a rule.",
    mirrors: "AWS Network Firewall quotas",
    details:
        "A Network Firewall rule group AWS accepts and can grow: capacity covers the rules with 20 % headroom (capacity cannot change after creation), sids are unique, no rule uses a keyword or action Network Firewall rejects, and no rule is longer than 8,192 characters.",
    resource: {
        types: [NFW_RULE_GROUP],
        check(r) {
            const out: ResourceFinding[] = [];
            const src = get(r.props, "ruleGroup.rulesSource");
            if (containsUnknown(src) || containsUnknown(r.props.rules) || containsUnknown(r.props.capacity))
                return [{ message: "the rules or the capacity are unknown until the deployment runs; cannot be checked at preview", unknown: true }];
            const stateful = statefulRulesOf(r.props);
            for (const e of stateful.errors) out.push({ message: e });
            const stateless = list(get(r.props, "ruleGroup.rulesSource.statelessRulesAndCustomActions.statelessRules"));
            const count = stateful.rules.length + stateful.errors.length + stateless.length;
            const capacity = r.props.capacity;
            if (typeof capacity !== "number")
                out.push({
                    message: `capacity is ${JSON.stringify(capacity ?? null)}; set it to at least ${requiredCapacity(count)} (rules plus 20% headroom)`,
                });
            else if (capacity < requiredCapacity(count))
                out.push({
                    message: `capacity ${capacity} leaves no headroom for ${count} rule${count === 1 ? "" : "s"}; set at least ${requiredCapacity(count)} (capacity cannot change after creation)`,
                });
            const sids = new Map<string, number>();
            const priorityBanned = get(r.props, "ruleGroup.statefulRuleOptions.ruleOrder") === "STRICT_ORDER";
            for (const rule of stateful.rules) {
                const where = `rule ${rule.index}`;
                const sid = sidOf(rule);
                if (!sid) out.push({ message: `${where} has no sid; every stateful rule needs a unique sid` });
                else if (sids.has(sid)) out.push({ message: `${where} reuses sid ${sid} of rule ${sids.get(sid)}; sids must be unique in the group` });
                else sids.set(sid, rule.index);
                if (!ACTIONS.has(rule.action.toLowerCase()))
                    out.push({ message: `${where} has action ${JSON.stringify(rule.action)}; Network Firewall accepts pass, drop, reject and alert` });
                if (REJECTED_PROTOCOLS.has(rule.protocol.toLowerCase()))
                    out.push({ message: `${where} matches protocol ${rule.protocol}, which Network Firewall does not support` });
                for (const o of rule.options) {
                    const k = o.keyword.toLowerCase();
                    if (REJECTED_KEYWORDS.has(k)) out.push({ message: `${where} uses keyword ${JSON.stringify(o.keyword)}, which Network Firewall rejects` });
                    if (k === "priority" && priorityBanned) out.push({ message: `${where} uses keyword "priority", which a STRICT_ORDER rule group rejects` });
                }
                if (rule.text.length > MAX_RULE_CHARS)
                    out.push({ message: `${where} is ${rule.text.length} characters; Network Firewall allows at most ${MAX_RULE_CHARS}` });
            }
            return out;
        },
    },
});
