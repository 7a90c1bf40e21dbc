/** iot-policy-connect-scoped: the metadata and checks of one rule (see `details`). */
import { clientOf, iotPolicyRule, isProvisioningTopic, isThingScoped, topicOf } from "../lib/iot";
import { arnResource, grants, type Statement, statementName } from "../lib/policy-doc";
import type { Rule } from "../lib/types";

const CLAIM_ACTIONS = new Set(["iot:connect", "iot:publish", "iot:subscribe", "iot:receive"]);

/** Whether a policy only lets a claim certificate provision (connect plus provisioning topics). */
export function isClaimOnly(statements: readonly Statement[]): boolean {
    const allows = statements.filter((s) => s.effect === "Allow");
    return (
        allows.length > 0 &&
        allows.every((s) => !s.notActions && !s.notResources && s.actions.every((a) => CLAIM_ACTIONS.has(a.toLowerCase()))) &&
        allows.every((s) => s.resources.every((r) => clientOf(r) !== undefined || isProvisioningTopic(topicOf(r) ?? "")))
    );
}

/** A client id prefix of a claim namespace: `<literal prefix containing "claim">*`. */
const CLAIM_NAMESPACE = /^[^*?${}]*claim[^*?${}]*\*$/i;

export const rule: Rule = iotPolicyRule(
    {
        name: "iot-policy-connect-scoped",
        severity: "mandatory",
        description: "`iot:Connect` only on `client/${iot:Connection.Thing.ThingName}` or explicit client ids.",
        mirrors: "Device Defender IOT_POLICY_OVERLY_PERMISSIVE_CHECK",
        details:
            "`iot:Connect` only as the connected thing (`client/${iot:Connection.Thing.ThingName}`) or as explicit client ids: never a wildcard client id, which lets one certificate impersonate every device. One exception, for fleet provisioning by claim: a policy that allows nothing but connecting and the provisioning topics may connect as `<prefix>*` when the literal prefix names a claim namespace (contains `claim`) that no gateway's thing name uses. The claim certificate is shared by every device that is yet to register, so no variable can name one device, and an explicit list would not fit a 2,048-character policy for a large site; the certificate can only provision, and cannot take a gateway's client id.",
    },
    function* (s, { statements }) {
        if (s.effect !== "Allow" || !grants(s, "iot:Connect")) return;
        for (const res of s.resources) {
            const client = clientOf(res);
            if (client === undefined) {
                // Resources of other kinds do not grant a connection, except a wildcard.
                if (/[*?]/.test(arnResource(res)) && !/^(topic|topicfilter|thinggroup|rolealias|thing)\//.test(arnResource(res))) {
                    yield {
                        message: `${statementName(s)} allows iot:Connect on ${JSON.stringify(res)}, any client id; use client/\${iot:Connection.Thing.ThingName}`,
                    };
                }
                continue;
            }
            if (CLAIM_NAMESPACE.test(client) && isClaimOnly(statements)) continue;
            if (!isThingScoped(client)) {
                yield {
                    message: `${statementName(s)} allows iot:Connect as client id ${JSON.stringify(client)}; use client/\${iot:Connection.Thing.ThingName} or explicit client ids`,
                };
            }
        }
    },
);
