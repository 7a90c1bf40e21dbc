/** eventbridge-bus-not-open: the metadata and checks of one rule (see `details`). */
import { defineRule } from "../lib/define";
import { parsePolicyDocument, statementName } from "../lib/policy-doc";
import { conditionConstrains, isPublicStatement, principalIsPublic } from "../lib/principals";
import type { ResourceFinding, Rule } from "../lib/types";
import { containsUnknown, isObject } from "../lib/values";

/** The condition of an EventPermission (`{key, type, value}`, only aws:PrincipalOrgID) as a policy condition block. */
function eventCondition(c: unknown): unknown {
    if (!isObject(c)) return undefined;
    // Stryker disable next-line StringLiteral: conditionConstrains reads only negated operators and constraining keys; neither default is one
    return { [String(c.type ?? "StringEquals")]: { [String(c.key ?? "")]: c.value } };
}

export const rule: Rule = defineRule({
    name: "eventbridge-bus-not-open",
    severity: "mandatory",
    securitySeverity: 8.2,
    description: "A bus policy has no `*` principal without a condition.",
    mirrors: "Security Hub EventBridge.2",
    details:
        "No event bus policy or permission lets everyone put events: a `*` principal in any form or a NotPrincipal on an Allow is public unless a condition constrains the caller (aws:PrincipalOrgID, aws:SourceAccount ... with a non-wildcard value); an empty or wildcard condition does not count.",
    resource: {
        types: ["aws:cloudwatch/eventBusPolicy:EventBusPolicy", "aws:cloudwatch/eventPermission:EventPermission", "aws-native:events:EventBusPolicy"],
        check(r) {
            const out: ResourceFinding[] = [];
            if (r.type === "aws:cloudwatch/eventPermission:EventPermission") {
                if (containsUnknown(r.props.principal))
                    return [{ message: "the principal is unknown until the deployment runs; cannot be checked at preview", unknown: true }];
                if (principalIsPublic(r.props.principal) && !conditionConstrains(eventCondition(r.props.condition)))
                    out.push({
                        message:
                            'the permission lets every AWS account put events (principal "*" without a condition); name the account or add an aws:PrincipalOrgID condition',
                    });
                return out;
            }
            const doc = r.type === "aws-native:events:EventBusPolicy" ? (r.props.statement ? { Statement: [r.props.statement] } : undefined) : r.props.policy;
            if (r.type === "aws-native:events:EventBusPolicy" && !doc) {
                if (principalIsPublic(r.props.principal) && !conditionConstrains(eventCondition(r.props.condition)))
                    out.push({ message: 'the bus policy lets every AWS account put events (principal "*" without a condition)' });
                return out;
            }
            const parsed = parsePolicyDocument(doc);
            if (!parsed.ok)
                return parsed.unknown
                    ? [{ message: "the bus policy is unknown until the deployment runs; cannot be checked at preview", unknown: true }]
                    : [{ message: parsed.error }];
            for (const s of parsed.statements) {
                if (isPublicStatement(s)) {
                    out.push({
                        message: `bus policy ${statementName(s)} allows ${JSON.stringify(s.actions)} to everyone (a "*" principal or NotPrincipal, without a condition that names accounts or sources); name the accounts or add an aws:PrincipalOrgID condition`,
                    });
                }
            }
            return out;
        },
    },
});
