/** Step Functions state machines log at level ALL or ERROR to a CloudWatch Logs destination. */
import type { ResourceFinding, Rule } from "../lib/types";
import { containsUnknown, get } from "../lib/values";

export const rule: Rule = {
    name: "sfn-logging",
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
};
