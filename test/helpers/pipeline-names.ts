/** Names of the telemetry pipeline for `pipelineAlarms` in tests that look at which alarms it defines, not at the names they watch. */
import type { PipelineNames } from "../../src/analytics/alarms";

/** A letter or a well-formed ARN for each name, no functions, no stream consumers; then `fields`. */
export function pipelineNames(fields: Partial<PipelineNames> = {}): PipelineNames {
    return {
        streamName: "s",
        firehoseName: "f",
        stateMachineArn: "arn:aws:states:eu-central-1:123456789012:stateMachine:m",
        dlqName: "q",
        telemetryRuleName: "t",
        alarmRuleName: "a",
        functions: {},
        streamConsumers: [],
        ...fields,
    };
}
