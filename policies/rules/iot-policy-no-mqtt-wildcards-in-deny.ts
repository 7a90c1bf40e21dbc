/**
 * No MQTT wildcard (`+`, `#`) inside a Deny resource: IoT policies treat them as literal
 * characters, so the Deny does not cover the topics its author meant.
 */
import { IOT_POLICY_TYPES, iotPolicyDocument } from "../lib/iot";
import { arnResource, statementName } from "../lib/policy-doc";
import { type Rule, type ResourceFinding, unknownValue } from "../lib/types";

export const rule: Rule = {
    name: "iot-policy-no-mqtt-wildcards-in-deny",
    resource: {
        types: IOT_POLICY_TYPES,
        check(r) {
            const doc = iotPolicyDocument(r);
            if (!doc.ok) return doc.unknown ? [unknownValue("the policy document")] : [];
            const out: ResourceFinding[] = [];
            for (const s of doc.statements) {
                if (s.effect !== "Deny") continue;
                for (const res of s.resources) {
                    if (/[+#]/.test(arnResource(res))) {
                        out.push({ message: `${statementName(s)} denies ${JSON.stringify(res)}: '+' and '#' are literal characters in policy resources, so this Deny matches no real topic; use '*'` });
                    }
                }
            }
            return out;
        },
    },
};
