/** sns-encrypted: the metadata and checks of one rule (see `details`). */
import { defineRule } from "../lib/define";
import { isPublicPrincipal, parsePolicyDocument, statementName } from "../lib/policy-doc";
import type { ResourceFinding, Rule } from "../lib/types";
import { containsUnknown } from "../lib/values";

function publicStatements(doc: unknown, out: ResourceFinding[]): void {
    const parsed = parsePolicyDocument(doc);
    if (!parsed.ok) {
        if (parsed.unknown) out.push({ message: "the topic policy is unknown until the deployment runs; cannot be checked at preview", unknown: true });
        return;
    }
    for (const s of parsed.statements) {
        if (s.effect === "Allow" && isPublicPrincipal(s.principal) && s.condition === undefined) {
            out.push({
                message: `topic policy ${statementName(s)} allows ${JSON.stringify(s.actions)} to everyone ("*") without a condition; name the principals or add aws:SourceAccount / aws:SourceArn`,
            });
        }
    }
}

export const rule: Rule = defineRule({
    name: "sns-encrypted",
    severity: "mandatory",
    description: "SNS topics KMS-encrypted; no public topic policy.",
    mirrors: "Security Hub SNS.1",
    details: "SNS topics are KMS-encrypted and no topic policy lets everyone in without a condition.",
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
