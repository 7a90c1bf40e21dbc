/** No Allow statement in an IoT policy applies to every resource (`*`) or uses NotResource. */
import { IOT_POLICY_TYPES, iotPolicyDocument } from "../lib/iot";
import { arnResource, statementName } from "../lib/policy-doc";
import { type Rule, type ResourceFinding, unknownValue } from "../lib/types";

export const rule: Rule = {
    name: "iot-policy-no-wildcard-resource",
    resource: {
        types: IOT_POLICY_TYPES,
        check(r) {
            const doc = iotPolicyDocument(r);
            if (!doc.ok) return doc.unknown ? [unknownValue("the policy document")] : [];
            const out: ResourceFinding[] = [];
            for (const s of doc.statements) {
                if (s.effect !== "Allow") continue;
                if (s.notResources) out.push({ message: `${statementName(s)} allows NotResource ${JSON.stringify(s.notResources)}, which covers every other resource; name the resources` });
                for (const res of s.resources) {
                    if (res === "*" || arnResource(res) === "*") {
                        out.push({ message: `${statementName(s)} allows ${JSON.stringify(s.actions)} on resource ${JSON.stringify(res)}; scope it to client/, topic/ and topicfilter/ ARNs with \${iot:Connection.Thing.ThingName}` });
                    }
                }
            }
            return out;
        },
    },
};
