/** iot-logging-enabled: the metadata and checks of one rule (see `details`). */
import { defineRule } from "../lib/define";
import { IOT_POLICY_TYPES, IOT_PROVISIONING_TEMPLATE_TYPES, IOT_THING_TYPES, IOT_TOPIC_RULE_TYPES } from "../lib/iot";
import type { Finding, Rule } from "../lib/types";
import { containsUnknown } from "../lib/values";

const LOGGING_TYPES = ["aws:iot/loggingOptions:LoggingOptions", "aws-native:iot:Logging"] as const;
/** Resources that make IoT logging matter: the stack runs devices. */
const IOT_TYPES = [...IOT_POLICY_TYPES, ...IOT_THING_TYPES, ...IOT_TOPIC_RULE_TYPES, ...IOT_PROVISIONING_TEMPLATE_TYPES];

export const rule: Rule = defineRule({
    name: "iot-logging-enabled",
    severity: "advisory",
    securitySeverity: 4.3,
    description: "Account IoT logging is on, not DISABLED.",
    mirrors: "Device Defender LOGGING_DISABLED_CHECK",
    details: "Account IoT logging is on: a LoggingOptions resource whose level is not DISABLED.",
    resource: {
        types: LOGGING_TYPES,
        check(r) {
            const level = r.props.defaultLogLevel;
            if (containsUnknown(level) || containsUnknown(r.props.disableAllLogs))
                return [{ message: "the log level is unknown until the deployment runs; cannot be checked at preview", unknown: true }];
            if (r.props.disableAllLogs === true) return [{ message: "disableAllLogs is true; turn IoT logging on (defaultLogLevel ERROR, WARN or INFO)" }];
            if (typeof level !== "string" || level.toUpperCase() === "DISABLED")
                return [{ message: `defaultLogLevel is ${JSON.stringify(level ?? null)}; set ERROR, WARN or INFO` }];
            return [];
        },
    },
    stack: {
        types: IOT_TYPES,
        check(stack): Finding[] {
            if (stack.ofType(...LOGGING_TYPES).length > 0) return [];
            const first = stack.ofType(...IOT_TYPES)[0];
            return [
                {
                    urn: first?.urn,
                    message:
                        "the stack runs IoT resources but sets no account IoT logging (aws.iot.LoggingOptions); Device Defender reports LOGGING_DISABLED_CHECK",
                },
            ];
        },
    },
});
