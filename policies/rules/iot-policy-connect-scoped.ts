/**
 * `iot:Connect` only as the connected thing (`client/${iot:Connection.Thing.ThingName}`) or
 * as explicit client ids: never a wildcard client id, which lets one certificate impersonate
 * every device.
 */
import { clientOf, IOT_POLICY_TYPES, iotPolicyDocument, isThingScoped } from "../lib/iot";
import { arnResource, grants, statementName } from "../lib/policy-doc";
import { type Rule, type ResourceFinding, unknownValue } from "../lib/types";

export const rule: Rule = {
    name: "iot-policy-connect-scoped",
    resource: {
        types: IOT_POLICY_TYPES,
        check(r) {
            const doc = iotPolicyDocument(r);
            if (!doc.ok) return doc.unknown ? [unknownValue("the policy document")] : [];
            const out: ResourceFinding[] = [];
            for (const s of doc.statements) {
                if (s.effect !== "Allow" || !grants(s, "iot:Connect")) continue;
                for (const res of s.resources) {
                    const client = clientOf(res);
                    if (client === undefined) {
                        // Resources of other kinds do not grant a connection, except a wildcard.
                        if (/[*?]/.test(arnResource(res)) && !/^(topic|topicfilter|thinggroup|rolealias|thing)\//.test(arnResource(res))) {
                            out.push({ message: `${statementName(s)} allows iot:Connect on ${JSON.stringify(res)}, any client id; use client/\${iot:Connection.Thing.ThingName}` });
                        }
                        continue;
                    }
                    if (!isThingScoped(client)) {
                        out.push({ message: `${statementName(s)} allows iot:Connect as client id ${JSON.stringify(client)}; use client/\${iot:Connection.Thing.ThingName} or explicit client ids` });
                    }
                }
            }
            return out;
        },
    },
};
