/** eventbridge-bus-not-open: the metadata and checks of one rule (see `details`). */
import { defineRule } from "../lib/define";
import { isPublicPrincipal, parsePolicyDocument, statementName } from "../lib/policy-doc";
import type { ResourceFinding, Rule } from "../lib/types";
import { containsUnknown } from "../lib/values";

export const rule: Rule = defineRule({
    name: "eventbridge-bus-not-open",
    severity: "mandatory",
    description: "A bus policy has no `*` principal without a condition.",
    mirrors: "Security Hub EventBridge.2",
    details: "No event bus policy lets everyone (`*`) put events without a condition.",
    resource: {
        types: ["aws:cloudwatch/eventBusPolicy:EventBusPolicy", "aws:cloudwatch/eventPermission:EventPermission", "aws-native:events:EventBusPolicy"],
        check(r) {
            const out: ResourceFinding[] = [];
            if (r.type === "aws:cloudwatch/eventPermission:EventPermission") {
                if (containsUnknown(r.props.principal))
                    return [{ message: "the principal is unknown until the deployment runs; cannot be checked at preview", unknown: true }];
                if (r.props.principal === "*" && r.props.condition === undefined)
                    out.push({
                        message:
                            'the permission lets every AWS account put events (principal "*" without a condition); name the account or add an aws:PrincipalOrgID condition',
                    });
                return out;
            }
            const doc = r.type === "aws-native:events:EventBusPolicy" ? (r.props.statement ? { Statement: [r.props.statement] } : undefined) : r.props.policy;
            if (r.type === "aws-native:events:EventBusPolicy" && !doc) {
                if (r.props.principal === "*" && r.props.condition === undefined)
                    out.push({ message: 'the bus policy lets every AWS account put events (principal "*" without a condition)' });
                return out;
            }
            const parsed = parsePolicyDocument(doc);
            if (!parsed.ok)
                return parsed.unknown
                    ? [{ message: "the bus policy is unknown until the deployment runs; cannot be checked at preview", unknown: true }]
                    : [{ message: parsed.error }];
            for (const s of parsed.statements) {
                if (s.effect === "Allow" && isPublicPrincipal(s.principal) && s.condition === undefined) {
                    out.push({
                        message: `bus policy ${statementName(s)} allows ${JSON.stringify(s.actions)} to everyone ("*") without a condition; name the accounts or add an aws:PrincipalOrgID condition`,
                    });
                }
            }
            return out;
        },
    },
});
