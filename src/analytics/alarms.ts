/**
 * CloudWatch alarms on the health of the analytics pipeline. All go to the critical topic: a
 * stalled pipeline means failing machines go unnoticed.
 */

export interface AlarmDefinition {
    /** Stable key: the resource name. */
    key: string;
    description: string;
    namespace: string;
    metricName: string;
    dimensions: Record<string, string>;
    statistic: "Sum" | "Maximum" | "Minimum" | "Average";
    period: number;
    evaluationPeriods: number;
    datapointsToAlarm: number;
    threshold: number;
    comparisonOperator: "GreaterThanThreshold" | "GreaterThanOrEqualToThreshold" | "LessThanThreshold";
    treatMissingData: "notBreaching" | "breaching" | "missing";
    /**
     * A CloudWatch Metrics Insights query the alarm watches instead of the single metric, for a
     * metric AWS publishes with more dimensions than the alarm can name (an alarm on a single
     * metric matches its exact dimension set only).
     */
    insightsQuery?: string;
}

/**
 * AWS IoT publishes the rule action metric `Failure` with the dimensions `RuleName` and
 * `ActionType` (AWS IoT developer guide, "AWS IoT metrics and dimensions", rule action metrics),
 * so an alarm on `{RuleName}` alone never sees a data point. The query sums every action type of
 * the rule. Rule names are `[a-zA-Z0-9_]+`, so they need no escaping in the query.
 */
export function ruleFailureQuery(rule: string): string {
    if (!/^[a-zA-Z0-9_]+$/.test(rule)) throw new Error(`IoT rule name ${JSON.stringify(rule)} is not [a-zA-Z0-9_]+`);
    return `SELECT SUM(Failure) FROM SCHEMA("AWS/IoT", ActionType, RuleName) WHERE RuleName = '${rule}'`;
}

export interface PipelineNames {
    streamName: string;
    firehoseName: string;
    stateMachineArn: string;
    dlqName: string;
    telemetryRuleName: string;
    alarmRuleName: string;
    /** Lambda function names by their stable key (telemetry-writer, anomaly-scorer, …). */
    functions: Record<string, string>;
    /** Stream consumers among the functions: their iterator age is watched too. */
    streamConsumers: string[];
}

const base = { period: 300, evaluationPeriods: 1, datapointsToAlarm: 1, treatMissingData: "notBreaching" as const };

export function pipelineAlarms(n: PipelineNames): AlarmDefinition[] {
    const alarms: AlarmDefinition[] = [
        {
            ...base,
            key: "stream-iterator-age",
            description: `Telemetry stream ${n.streamName}: the oldest unread record is over 5 minutes old; consumers are falling behind`,
            namespace: "AWS/Kinesis",
            metricName: "GetRecords.IteratorAgeMilliseconds",
            dimensions: { StreamName: n.streamName },
            statistic: "Maximum",
            evaluationPeriods: 3,
            datapointsToAlarm: 3,
            threshold: 300_000,
            comparisonOperator: "GreaterThanThreshold",
        },
        {
            ...base,
            key: "stream-write-throttled",
            description: `Telemetry stream ${n.streamName} throttles writes from IoT Core`,
            namespace: "AWS/Kinesis",
            metricName: "WriteProvisionedThroughputExceeded",
            dimensions: { StreamName: n.streamName },
            statistic: "Sum",
            evaluationPeriods: 3,
            datapointsToAlarm: 2,
            threshold: 0,
            comparisonOperator: "GreaterThanThreshold",
        },
        {
            ...base,
            key: "firehose-delivery-failures",
            description: `Firehose ${n.firehoseName} fails to deliver to the data lake`,
            namespace: "AWS/Firehose",
            metricName: "DeliveryToS3.Success",
            dimensions: { DeliveryStreamName: n.firehoseName },
            statistic: "Minimum",
            evaluationPeriods: 2,
            datapointsToAlarm: 2,
            threshold: 1,
            comparisonOperator: "LessThanThreshold",
        },
        {
            ...base,
            key: "firehose-data-freshness",
            description: `Firehose ${n.firehoseName}: the oldest record waiting for the data lake is over 15 minutes old`,
            namespace: "AWS/Firehose",
            metricName: "DeliveryToS3.DataFreshness",
            dimensions: { DeliveryStreamName: n.firehoseName },
            statistic: "Maximum",
            evaluationPeriods: 2,
            datapointsToAlarm: 2,
            threshold: 900,
            comparisonOperator: "GreaterThanThreshold",
        },
        {
            ...base,
            key: "workflow-failed",
            description: "Maintenance workflow executions failed: a work order may be missing",
            namespace: "AWS/States",
            metricName: "ExecutionsFailed",
            dimensions: { StateMachineArn: n.stateMachineArn },
            statistic: "Sum",
            threshold: 0,
            comparisonOperator: "GreaterThanThreshold",
        },
        {
            ...base,
            key: "workflow-timed-out",
            description: "Maintenance workflow executions timed out",
            namespace: "AWS/States",
            metricName: "ExecutionsTimedOut",
            dimensions: { StateMachineArn: n.stateMachineArn },
            statistic: "Sum",
            threshold: 0,
            comparisonOperator: "GreaterThanThreshold",
        },
        {
            ...base,
            key: "dead-letters",
            description: `Records or events landed in the dead-letter queue ${n.dlqName}`,
            namespace: "AWS/SQS",
            metricName: "ApproximateNumberOfMessagesVisible",
            dimensions: { QueueName: n.dlqName },
            statistic: "Maximum",
            threshold: 0,
            comparisonOperator: "GreaterThanThreshold",
        },
    ];
    for (const [key, rule] of [
        ["telemetry-rule-failures", n.telemetryRuleName],
        ["alarm-rule-failures", n.alarmRuleName],
    ] as const) {
        alarms.push({
            ...base,
            key,
            description: `IoT topic rule ${rule} fails to forward messages to the stream`,
            namespace: "AWS/IoT",
            metricName: "Failure",
            dimensions: { RuleName: rule },
            statistic: "Sum",
            // placeholder names (PipelineAlarms' resource keys) are empty: no query for them
            ...(rule ? { insightsQuery: ruleFailureQuery(rule) } : {}),
            threshold: 0,
            comparisonOperator: "GreaterThanThreshold",
        });
    }
    for (const key of Object.keys(n.functions).sort()) {
        const fn = n.functions[key];
        alarms.push({
            ...base,
            key: `${key}-errors`,
            description: `Lambda ${fn} reports errors`,
            namespace: "AWS/Lambda",
            metricName: "Errors",
            dimensions: { FunctionName: fn },
            statistic: "Sum",
            threshold: 0,
            comparisonOperator: "GreaterThanThreshold",
        });
        if (n.streamConsumers.includes(key)) {
            alarms.push({
                ...base,
                key: `${key}-iterator-age`,
                description: `Lambda ${fn} is more than 5 minutes behind the telemetry stream`,
                namespace: "AWS/Lambda",
                metricName: "IteratorAge",
                dimensions: { FunctionName: fn },
                statistic: "Maximum",
                evaluationPeriods: 3,
                datapointsToAlarm: 3,
                threshold: 300_000,
                comparisonOperator: "GreaterThanThreshold",
            });
        }
    }
    return alarms;
}
