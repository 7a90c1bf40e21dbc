/** config-rule-remediated: the metadata and checks of one rule (see `details`). */
import { NOTIFY_ONLY_REASONS } from "../../src/region/config-remediation";
import { defineRule } from "../lib/define";
import type { Finding, Rule } from "../lib/types";
import { containsUnknown } from "../lib/values";

const RULE = "aws:cfg/rule:Rule";
const REMEDIATION = "aws:cfg/remediationConfiguration:RemediationConfiguration";

export const rule: Rule = defineRule({
    name: "config-rule-remediated",
    severity: "mandatory",
    securitySeverity: 5.3,
    description: "Every AWS Config rule has an automatic remediation or a documented notify-only reason.",
    mirrors: "AWS Config remediation (SSM Automation runbooks); docs/security-operations.md",
    details:
        "Every AWS Config rule of a stack is either remediated automatically (an aws.cfg.RemediationConfiguration names it, automatic, with a retry limit) or is notify-only for a reason written down in src/region/config-remediation.ts (NOTIFY_ONLY_REASONS), so a new rule cannot be added without deciding what happens when it fires.",
    stack: {
        types: [RULE],
        check(stack) {
            const out: Finding[] = [];
            const remediated = new Map<string, { automatic: unknown; attempts: unknown }>();
            for (const r of stack.ofType(REMEDIATION)) {
                if (typeof r.props.configRuleName === "string")
                    remediated.set(r.props.configRuleName, { automatic: r.props.automatic, attempts: r.props.maximumAutomaticAttempts });
            }
            for (const r of stack.ofType(RULE)) {
                const name = r.props.name;
                const source = r.props.source as { owner?: unknown; sourceIdentifier?: unknown } | undefined;
                if (containsUnknown(name) || containsUnknown(source)) {
                    out.push({
                        urn: r.urn,
                        message: "the rule's name or source is unknown until the deployment runs; cannot be checked at preview",
                        unknown: true,
                    });
                    continue;
                }
                const remediation = typeof name === "string" ? remediated.get(name) : undefined;
                if (remediation) {
                    if (remediation.automatic !== true)
                        out.push({ urn: r.urn, message: `the remediation of Config rule ${String(name)} is not automatic; set automatic: true` });
                    else if (typeof remediation.attempts !== "number" || remediation.attempts < 1 || remediation.attempts > 25)
                        out.push({
                            urn: r.urn,
                            message: `the remediation of Config rule ${String(name)} has no retry limit; set maximumAutomaticAttempts (1-25)`,
                        });
                    continue;
                }
                const id = typeof source?.sourceIdentifier === "string" ? source.sourceIdentifier : "";
                if (source?.owner === "AWS" && NOTIFY_ONLY_REASONS[id]) continue;
                out.push({
                    urn: r.urn,
                    message: `Config rule ${String(name)} (${id || "custom"}) has neither an automatic remediation nor a notify-only reason; add it to CONFIG_REMEDIATIONS or NOTIFY_ONLY_REASONS in src/region/config-remediation.ts`,
                });
            }
            return out;
        },
    },
});
