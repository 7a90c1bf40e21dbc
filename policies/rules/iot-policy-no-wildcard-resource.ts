/** No Allow statement in an IoT policy applies to every resource (`*`) or uses NotResource. */
import { iotPolicyRule } from "../lib/iot";
import { arnResource, statementName } from "../lib/policy-doc";
import type { Rule } from "../lib/types";

export const rule: Rule = iotPolicyRule("iot-policy-no-wildcard-resource", function* (s) {
    if (s.effect !== "Allow") return;
    if (s.notResources)
        yield { message: `${statementName(s)} allows NotResource ${JSON.stringify(s.notResources)}, which covers every other resource; name the resources` };
    for (const res of s.resources) {
        if (res === "*" || arnResource(res) === "*") {
            yield {
                message: `${statementName(s)} allows ${JSON.stringify(s.actions)} on resource ${JSON.stringify(res)}; scope it to client/, topic/ and topicfilter/ ARNs with \${iot:Connection.Thing.ThingName}`,
            };
        }
    }
});
