/** kms-baseline: the metadata and checks of one rule (see `details`). */
import { defineRule } from "../lib/define";
import { parsePolicyDocument, statementName } from "../lib/policy-doc";
import { isPublicStatement } from "../lib/principals";
import type { ResourceFinding, Rule } from "../lib/types";
import { containsUnknown } from "../lib/values";

export const rule: Rule = defineRule({
    name: "kms-baseline",
    severity: "mandatory",
    securitySeverity: 7.5,
    description: "Symmetric customer keys rotate; no key policy lets everyone use the key.",
    mirrors: "awsguard kms-key-rotation-enabled, Security Hub KMS.4, KMS.5",
    details:
        'A symmetric customer-managed KMS key (aws and aws-native) has automatic rotation on (asymmetric and HMAC keys cannot rotate and are skipped). Its key policy has no Allow statement open to everyone: a `*` principal (also `{"AWS": ["*"]}`), or NotPrincipal, without a condition that names accounts, organizations or sources (kms:CallerAccount, aws:PrincipalOrgID, aws:SourceArn ...); an empty condition does not count.',
    resource: {
        types: ["aws:kms/key:Key", "aws-native:kms:Key"],
        check(r) {
            const out: ResourceFinding[] = [];
            const native = r.type === "aws-native:kms:Key";
            const spec = r.props.keySpec ?? r.props.customerMasterKeySpec ?? "SYMMETRIC_DEFAULT";
            const usage = r.props.keyUsage ?? "ENCRYPT_DECRYPT";
            const rotation = r.props.enableKeyRotation;
            if (containsUnknown(rotation) || containsUnknown(spec))
                out.push({ message: "enableKeyRotation is unknown until the deployment runs; cannot be checked at preview", unknown: true });
            else if (spec === "SYMMETRIC_DEFAULT" && usage === "ENCRYPT_DECRYPT" && rotation !== true)
                out.push({ message: "key rotation is off; set enableKeyRotation: true" });
            const parsed = parsePolicyDocument(native ? r.props.keyPolicy : r.props.policy);
            if (!parsed.ok) {
                out.push(
                    parsed.unknown
                        ? { message: "the key policy is unknown until the deployment runs; cannot be checked at preview", unknown: true }
                        : { message: parsed.error },
                );
                return out;
            }
            for (const s of parsed.statements)
                if (isPublicStatement(s))
                    out.push({
                        message: `key policy ${statementName(s)} allows ${JSON.stringify(s.actions)} to everyone (a "*" principal or NotPrincipal, without a condition that names accounts or sources); name the account root or the roles`,
                    });
            return out;
        },
    },
});
