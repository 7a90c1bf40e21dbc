/** iot-policy-no-mqtt-wildcards-in-deny: the metadata and checks of one rule (see `details`). */
import { iotPolicyRule } from "../lib/iot";
import { arnResource, statementName } from "../lib/policy-doc";
import type { Rule } from "../lib/types";

export const rule: Rule = iotPolicyRule(
    {
        name: "iot-policy-no-mqtt-wildcards-in-deny",
        severity: "advisory",
        securitySeverity: 5.3,
        description: "No `+` or `#` inside Deny resources, where they are literal characters.",
        mirrors: "Device Defender IOT_POLICY_POTENTIAL_MISCONFIGURATION_CHECK",
        details:
            "No MQTT wildcard (`+`, `#`) inside a Deny resource: IoT policies treat them as literal characters, so the Deny does not cover the topics its author meant.",
    },
    function* (s) {
        if (s.effect !== "Deny") return;
        for (const res of s.resources) {
            if (/[+#]/.test(arnResource(res))) {
                yield {
                    message: `${statementName(s)} denies ${JSON.stringify(res)}: '+' and '#' are literal characters in policy resources, so this Deny matches no real topic; use '*'`,
                };
            }
        }
    },
);
