import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type PipelineNames, pipelineAlarms } from "../../src/analytics/alarms";
import type { TaggedArgs } from "./refs";

export interface PipelineAlarmsArgs extends TaggedArgs {
    /** Names of what is watched (resolved at deployment). */
    names: pulumi.Input<PipelineNames>;
    /** Keys of the alarms (known at program run, for stable resource names). */
    functionKeys: string[];
    streamConsumers: string[];
    /** The topic every alarm notifies. */
    criticalTopicArn: pulumi.Input<string>;
}

/**
 * CloudWatch alarms on pipeline health (stream iterator age and throttling, Firehose delivery,
 * IoT rule failures, Lambda errors and lag, failed workflow executions, dead letters), all
 * notifying the critical topic, on alarm and on recovery.
 */
export class PipelineAlarms extends pulumi.ComponentResource {
    constructor(name: string, args: PipelineAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fleet:region:PipelineAlarms", name, {}, opts);
        // resource names come from the definitions computed with placeholder names; the values from the real ones
        const placeholder: PipelineNames = {
            streamName: "",
            firehoseName: "",
            stateMachineArn: "",
            dlqName: "",
            telemetryRuleName: "",
            alarmRuleName: "",
            functions: Object.fromEntries(args.functionKeys.map((k) => [k, k])),
            streamConsumers: args.streamConsumers,
        };
        const resolved = pulumi.output(args.names).apply((n) => pipelineAlarms(n));
        pipelineAlarms(placeholder).forEach((def, i) => {
            const d = resolved.apply((all) => {
                const r = all[i];
                if (r.key !== def.key)
                    throw new pulumi.ResourceError(`alarm order changed between placeholder and resolved names: ${def.key} vs ${r.key}`, this);
                return r;
            });
            new aws.cloudwatch.MetricAlarm(
                `${name}-${def.key}`,
                {
                    alarmDescription: d.description,
                    // IoT rule failures: a Metrics Insights query over every ActionType of the rule
                    ...(def.metricName === "Failure" && def.namespace === "AWS/IoT"
                        ? { metricQueries: [{ id: "failures", expression: d.apply((x) => x.insightsQuery ?? ""), period: def.period, returnData: true }] }
                        : { namespace: def.namespace, metricName: def.metricName, dimensions: d.dimensions, statistic: def.statistic, period: def.period }),
                    evaluationPeriods: def.evaluationPeriods,
                    datapointsToAlarm: def.datapointsToAlarm,
                    threshold: def.threshold,
                    comparisonOperator: def.comparisonOperator,
                    treatMissingData: def.treatMissingData,
                    alarmActions: [args.criticalTopicArn],
                    okActions: [args.criticalTopicArn],
                    tags: args.tags,
                },
                { parent: this },
            );
        });
        this.registerOutputs({});
    }
}
