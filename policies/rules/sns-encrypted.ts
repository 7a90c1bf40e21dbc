/** sns-encrypted: the metadata and checks of one rule (see `details`). */
import { defineRule } from "../lib/define";
import { parsePolicyDocument, statementName } from "../lib/policy-doc";
import { isPublicStatement } from "../lib/principals";
import type { ResourceFinding, Rule } from "../lib/types";
import { containsUnknown } from "../lib/values";

function publicStatements(doc: unknown, out: ResourceFinding[]): void {
    const parsed = parsePolicyDocument(doc);
    if (!parsed.ok) {
        if (parsed.unknown) out.push({ message: "the topic policy is unknown until the deployment runs; cannot be checked at preview", unknown: true });
        return;
    }
    for (const s of parsed.statements) {
        if (isPublicStatement(s)) {
            out.push({
                message: `topic policy ${statementName(s)} allows ${JSON.stringify(s.actions)} to everyone (a "*" principal or NotPrincipal, without a condition that names accounts or sources); name the principals or add aws:SourceAccount / aws:SourceArn`,
            });
        }
    }
}

export const rule: Rule = defineRule({
    name: "sns-encrypted",
    severity: "mandatory",
    securitySeverity: 5.3,
    description: "SNS topics KMS-encrypted; no public topic policy.",
    mirrors: "Security Hub SNS.1",
    details:
        "SNS topics are KMS-encrypted and no topic policy lets everyone in: a `*` principal in any form or a NotPrincipal on an Allow is public unless a condition constrains the caller (aws:SourceAccount, aws:SourceArn, aws:PrincipalOrgID ... with a non-wildcard value); empty conditions and conditions anyone meets (aws:SecureTransport) do not count.",
    resource: {
        types: ["aws:sns/topic:Topic", "aws:sns/topicPolicy:TopicPolicy"],
        check(r) {
            const out: ResourceFinding[] = [];
            if (r.type === "aws:sns/topic:Topic") {
                const key = r.props.kmsMasterKeyId;
                if (containsUnknown(key))
                    out.push({ message: "kmsMasterKeyId is unknown until the deployment runs; cannot be checked at preview", unknown: true });
                else if (typeof key !== "string" || key === "") out.push({ message: "the topic is not encrypted; set kmsMasterKeyId to the region's KMS key" });
            }
            if (r.props.policy !== undefined) publicStatements(r.props.policy, out);
            return out;
        },
    },
});
