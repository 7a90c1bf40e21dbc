/** sfn-logging: the metadata and checks of one rule (see `details`). */
import { defineRule } from "../lib/define";
import type { ResourceFinding, Rule } from "../lib/types";
import { containsUnknown, get } from "../lib/values";

export const rule: Rule = defineRule({
    name: "sfn-logging",
    severity: "mandatory",
    securitySeverity: 4.3,
    description: "Step Functions logging at ALL or ERROR with a destination.",
    mirrors: "Security Hub StepFunctions.1",
    details: "Step Functions state machines log at level ALL or ERROR to a CloudWatch Logs destination.",
    resource: {
        types: ["aws:sfn/stateMachine:StateMachine"],
        check(r) {
            const level = get(r.props, "loggingConfiguration.level");
            const dest = get(r.props, "loggingConfiguration.logDestination");
            if (containsUnknown(level))
                return [{ message: "the logging level is unknown until the deployment runs; cannot be checked at preview", unknown: true }];
            const out: ResourceFinding[] = [];
            if (level !== "ALL" && level !== "ERROR")
                out.push({ message: `loggingConfiguration.level is ${JSON.stringify(level ?? "OFF")}; set ALL or ERROR` });
            if (!dest) out.push({ message: "loggingConfiguration has no logDestination; point it at a CloudWatch Logs group (arn ending in :*)" });
            return out;
        },
    },
});
