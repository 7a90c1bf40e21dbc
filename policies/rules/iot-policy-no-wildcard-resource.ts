/** iot-policy-no-wildcard-resource: the metadata and checks of one rule (see `details`). */
import { iotPolicyRule } from "../lib/iot";
import { arnResource, statementName } from "../lib/policy-doc";
import type { Rule } from "../lib/types";

export const rule: Rule = iotPolicyRule(
    {
        name: "iot-policy-no-wildcard-resource",
        severity: "mandatory",
        description: "No Allow statement on resource `*`.",
        mirrors: "cfn-guard IOT_POLICY_WILDCARD_RESOURCE_RULE, cfn_nag W39",
        details: "No Allow statement in an IoT policy applies to every resource (`*`) or uses NotResource.",
    },
    function* (s) {
        if (s.effect !== "Allow") return;
        if (s.notResources)
            yield {
                message: `${statementName(s)} allows NotResource ${JSON.stringify(s.notResources)}, which covers every other resource; name the resources`,
            };
        for (const res of s.resources) {
            if (res === "*" || arnResource(res) === "*") {
                yield {
                    message: `${statementName(s)} allows ${JSON.stringify(s.actions)} on resource ${JSON.stringify(res)}; scope it to client/, topic/ and topicfilter/ ARNs with \${iot:Connection.Thing.ThingName}`,
                };
            }
        }
    },
);
