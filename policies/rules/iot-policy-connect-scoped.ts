/** iot-policy-connect-scoped: the metadata and checks of one rule (see `details`). */
import { iotResourceGrants } from "../lib/arn";
import { clientOf, iotPolicyRule, isProvisioningTopic, isThingScoped, topicOf } from "../lib/iot";
import { grants, type Statement, statementName } from "../lib/policy-doc";
import type { Rule } from "../lib/types";

const CLAIM_ACTIONS = new Set(["iot:connect", "iot:publish", "iot:subscribe", "iot:receive"]);

/** Whether a policy only lets a claim certificate provision (connect plus provisioning topics). */
export function isClaimOnly(statements: readonly Statement[]): boolean {
    const allows = statements.filter((s) => s.effect === "Allow");
    return (
        allows.length > 0 &&
        // Every action written out, none a pattern: nothing more than the four is granted.
        allows.every((s) => !s.notActions && !s.notResources && s.actions.every((a) => !/[*?]/.test(a) && CLAIM_ACTIONS.has(a.toLowerCase()))) &&
        // Stryker disable next-line StringLiteral: isProvisioningTopic is false for every string but a provisioning topic, so any fallback for "not a topic" is the same
        allows.every((s) => s.resources.every((r) => clientOf(r) !== undefined || isProvisioningTopic(topicOf(r) ?? "")))
    );
}

/** Client ids of other devices: a pattern that reaches any of them is not scoped to the connected thing. */
const OTHER_CLIENTS = ["another-site-other-gateway", "x", "claim-x"];

/** A client id prefix of a claim namespace: `<literal prefix containing "claim">*`. */
const CLAIM_NAMESPACE = /^[^*?${}]*claim[^*?${}]*\*$/i;

export const rule: Rule = iotPolicyRule(
    {
        name: "iot-policy-connect-scoped",
        severity: "mandatory",
        securitySeverity: 9.1,
        description: "`iot:Connect` only on `client/${iot:Connection.Thing.ThingName}` or explicit client ids.",
        mirrors: "Device Defender IOT_POLICY_OVERLY_PERMISSIVE_CHECK",
        details:
            "`iot:Connect` only as the connected thing (`client/${iot:Connection.Thing.ThingName}`) or as explicit client ids: never a wildcard client id, which lets one certificate impersonate every device. One exception, for fleet provisioning by claim: a policy that allows nothing but connecting and the provisioning topics may connect as `<prefix>*` when the literal prefix names a claim namespace (contains `claim`) that no gateway's thing name uses. The claim certificate is shared by every device that is yet to register, so no variable can name one device, and an explicit list would not fit a 2,048-character policy for a large site; the certificate can only provision, and cannot take a gateway's client id.",
    },
    function* (s, { statements }) {
        if (s.effect !== "Allow" || !grants(s, "iot:Connect")) return;
        for (const res of s.resources) {
            const client = clientOf(res);
            const reaches = OTHER_CLIENTS.filter((o) => iotResourceGrants(res, `client/${o}`));
            // A claim namespace is a literal prefix with "claim" in it: of OTHER_CLIENTS it can reach only claim-* ids, never a gateway's.
            // Stryker disable next-line ConditionalExpression: CLAIM_NAMESPACE.test(undefined) tests "undefined", which has no "claim"; the guard is for the type
            const claim = client !== undefined && CLAIM_NAMESPACE.test(client) && isClaimOnly(statements);
            if (claim) continue;
            if (reaches.length || (client !== undefined && !isThingScoped(client))) {
                const what = client === undefined ? `on ${JSON.stringify(res)}, any client id` : `as client id ${JSON.stringify(client)}`;
                yield {
                    message: `${statementName(s)} allows iot:Connect ${what}${reaches.length ? ", which matches other devices' client ids" : ""}; use client/\${iot:Connection.Thing.ThingName} or explicit client ids`,
                };
            }
        }
    },
);
