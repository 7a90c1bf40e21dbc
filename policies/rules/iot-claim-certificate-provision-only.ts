/** iot-claim-certificate-provision-only: the metadata and checks of one rule (see `details`). */
import { defineRule } from "../lib/define";
import {
    IOT_ATTACHMENT,
    IOT_CERTIFICATE_TYPES,
    IOT_POLICY_TYPES,
    IOT_PROVISIONING_TEMPLATE_TYPES,
    iotPolicyDocument,
    isProvisioningTopic,
    topicOf,
} from "../lib/iot";
import { statementName } from "../lib/policy-doc";
import type { Finding, Rule, RuleResource } from "../lib/types";

const ALLOWED_ACTIONS = new Set(["iot:connect", "iot:publish", "iot:subscribe", "iot:receive"]);

export const rule: Rule = defineRule({
    name: "iot-claim-certificate-provision-only",
    severity: "mandatory",
    securitySeverity: 9.1,
    description: "A fleet-claim certificate's policy allows only the fleet provisioning topics.",
    mirrors: "AWS fleet provisioning guidance",
    details:
        "A fleet-provisioning claim certificate may only provision: its policy allows connecting and the `$aws/certificates/create*` and `$aws/provisioning-templates/<name>/provision` topics, nothing else. A claim policy is one attached to a certificate that no thing holds in a stack with a provisioning template, one named `*-claim`, or one that uses the provisioning topics.",
    stack: {
        types: [...IOT_POLICY_TYPES],
        check(stack) {
            const claim = new Set<RuleResource>();
            const hasTemplate = stack.ofType(...IOT_PROVISIONING_TEMPLATE_TYPES).length > 0;
            // Certificates things hold (a principal that is unknown or outside the stack resolves to no certificate of it).
            const heldCerts = new Set<unknown>(stack.ofType(IOT_ATTACHMENT).map((a) => stack.resolve(a.props.principal, IOT_CERTIFICATE_TYPES)));
            if (hasTemplate) {
                for (const a of stack.ofType("aws:iot/policyAttachment:PolicyAttachment")) {
                    const cert = stack.resolve(a.props.target, IOT_CERTIFICATE_TYPES);
                    if (!cert || cert === "unknown" || heldCerts.has(cert)) continue;
                    const policy = stack.resolve(a.props.policy, [...IOT_POLICY_TYPES]);
                    if (policy && policy !== "unknown") claim.add(policy);
                }
            }
            for (const p of stack.ofType(...IOT_POLICY_TYPES)) {
                const name = p.props.name ?? p.props.policyName ?? p.name;
                if (typeof name === "string" && name.endsWith("-claim")) claim.add(p);
                const doc = iotPolicyDocument(p);
                // Stryker disable next-line StringLiteral: isProvisioningTopic is false for every string but a provisioning topic, so any fallback for "not a topic" is the same
                if (doc.ok && doc.statements.some((s) => s.resources.some((r) => isProvisioningTopic(topicOf(r) ?? "")))) claim.add(p);
            }
            const out: Finding[] = [];
            for (const p of claim) {
                const doc = iotPolicyDocument(p);
                if (!doc.ok) {
                    if (doc.unknown)
                        out.push({
                            urn: p.urn,
                            message: "the claim policy document is unknown until the deployment runs; cannot be checked at preview",
                            unknown: true,
                        });
                    continue;
                }
                for (const s of doc.statements) {
                    if (s.effect !== "Allow") continue;
                    const extra = s.notActions ? ["NotAction"] : s.actions.filter((a) => !ALLOWED_ACTIONS.has(a.toLowerCase()));
                    if (extra.length)
                        out.push({
                            urn: p.urn,
                            message: `claim policy ${statementName(s)} allows ${extra.join(", ")}; a claim certificate may only connect and use the provisioning topics`,
                        });
                    if (s.actions.some((a) => a.toLowerCase() !== "iot:connect")) {
                        for (const res of s.resources) {
                            // Topics must be provisioning topics; the client ids a statement that also connects names are for iot-policy-connect-scoped.
                            const topic = topicOf(res);
                            if (topic === undefined ? !/client\//.test(res) : !isProvisioningTopic(topic))
                                out.push({
                                    urn: p.urn,
                                    message: `claim policy ${statementName(s)} allows ${JSON.stringify(res)}; only $aws/certificates/create/* and $aws/provisioning-templates/<template>/provision/* are allowed`,
                                });
                        }
                    }
                }
            }
            return out;
        },
    },
});
