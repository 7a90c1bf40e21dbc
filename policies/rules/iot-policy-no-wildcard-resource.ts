/** iot-policy-no-wildcard-resource: the metadata and checks of one rule (see `details`). */
import { parseArn, wildcardParts } from "../lib/arn";
import { iotPolicyRule, kindIsWildcard } from "../lib/iot";
import { statementName } from "../lib/policy-doc";
import type { Rule } from "../lib/types";

/**
 * Greengrass V2 core-device actions that AWS's own minimal core-device policy grants on `*`
 * (Greengrass V2 developer guide, device-auth): a statement of only these may use `*`.
 */
export const GREENGRASS_CORE_DEVICE_ACTIONS = new Set([
    "greengrass:GetComponentVersionArtifact",
    "greengrass:ResolveComponentCandidates",
    "greengrass:GetDeploymentConfiguration",
    "greengrass:ListThingGroupsForCoreDevice",
]);

export const rule: Rule = iotPolicyRule(
    {
        name: "iot-policy-no-wildcard-resource",
        severity: "mandatory",
        securitySeverity: 9.1,
        description: "No Allow statement on resource `*`.",
        mirrors: "cfn-guard IOT_POLICY_WILDCARD_RESOURCE_RULE, cfn_nag W39",
        details:
            "No Allow statement in an IoT policy applies to every resource or uses NotResource. ARNs are parsed into parts: a resource whose kind is a wildcard (`*`, `arn:aws:iot:r:a:*`, `*/x`) covers every kind of IoT resource, and a wildcard in the partition, service, region or account part (`arn:aws:*:...`, `arn:aws:iot:*:*:...`) must be named. The exception: a statement of only the Greengrass V2 core-device actions (GetComponentVersionArtifact, ResolveComponentCandidates, GetDeploymentConfiguration, ListThingGroupsForCoreDevice), which AWS's minimal core-device policy grants on `*` (Greengrass V2 developer guide, device-auth).",
    },
    function* (s) {
        if (s.effect !== "Allow") return;
        if (s.notResources)
            yield {
                message: `${statementName(s)} allows NotResource ${JSON.stringify(s.notResources)}, which covers every other resource; name the resources`,
            };
        const greengrassOnly = s.actions.length > 0 && s.actions.every((a) => GREENGRASS_CORE_DEVICE_ACTIONS.has(a));
        for (const res of s.resources) {
            const arn = parseArn(res);
            const parts = arn ? wildcardParts(arn).filter((p) => p !== "resource") : [];
            if (kindIsWildcard(res) && !greengrassOnly) {
                yield {
                    message: `${statementName(s)} allows ${JSON.stringify(s.actions)} on resource ${JSON.stringify(res)}, which covers every kind of IoT resource; scope it to client/, topic/ and topicfilter/ ARNs with \${iot:Connection.Thing.ThingName}`,
                };
            } else if (parts.length) {
                yield {
                    message: `${statementName(s)} allows ${JSON.stringify(s.actions)} on ${JSON.stringify(res)}, whose ${parts.join(", ")} part is a wildcard; name the partition, service, region and account`,
                };
            }
        }
    },
);
