/** No Allow statement in an IoT policy grants every action (`*`, `iot:*`) or uses NotAction. */
import { IOT_POLICY_TYPES, iotPolicyDocument } from "../lib/iot";
import { statementName } from "../lib/policy-doc";
import { type Rule, type ResourceFinding, unknownValue, violation } from "../lib/types";

export const rule: Rule = {
    name: "iot-policy-no-wildcard-action",
    resource: {
        types: IOT_POLICY_TYPES,
        check(r) {
            const doc = iotPolicyDocument(r);
            if (!doc.ok) return [doc.unknown ? unknownValue("the policy document") : violation(`${doc.error}; AWS rejects it, and no rule can check it`)];
            const out: ResourceFinding[] = [];
            for (const s of doc.statements) {
                if (s.effect !== "Allow") continue;
                if (s.notActions) out.push(violation(`${statementName(s)} allows NotAction ${JSON.stringify(s.notActions)}, which grants every other action; list the actions the devices need`));
                for (const a of s.actions) {
                    if (a === "*" || a.toLowerCase() === "iot:*") out.push(violation(`${statementName(s)} allows action ${JSON.stringify(a)}; list the actions the devices need (iot:Connect, iot:Publish, iot:Subscribe, iot:Receive)`));
                }
            }
            return out;
        },
    },
};
