/**
 * No MQTT wildcard (`+`, `#`) inside a Deny resource: IoT policies treat them as literal
 * characters, so the Deny does not cover the topics its author meant.
 */
import { iotPolicyRule } from "../lib/iot";
import { arnResource, statementName } from "../lib/policy-doc";
import type { Rule } from "../lib/types";

export const rule: Rule = iotPolicyRule("iot-policy-no-mqtt-wildcards-in-deny", function* (s) {
    if (s.effect !== "Deny") return;
    for (const res of s.resources) {
        if (/[+#]/.test(arnResource(res))) {
            yield {
                message: `${statementName(s)} denies ${JSON.stringify(res)}: '+' and '#' are literal characters in policy resources, so this Deny matches no real topic; use '*'`,
            };
        }
    }
});
