/**
 * The maintenance workflow (Step Functions, JSONPath ASL):
 *
 *   Equipment Anomaly event → enrich from the registry (DynamoDB GetItem) → skip when the machine
 *   already has an open work order (Data API SELECT) → create the work order (INSERT … ON
 *   CONFLICT DO NOTHING: the partial unique index on open orders per machine, and the unique
 *   event id, make a race or a replayed event still yield one order) → notify the
 *   severity's SNS topic → wait for acknowledgment (Lambda with a task token; the operator's ack
 *   calls SendTaskSuccess) → on timeout escalate to the critical topic and mark the order.
 */
import { ANOMALY_DETAIL_TYPE } from "../naming/region";

export interface WorkflowRefs {
    registryTableName: string;
    clusterArn: string;
    secretArn: string;
    database: string;
    criticalTopicArn: string;
    warningTopicArn: string;
    ackRequestFunctionArn: string;
}

/** How long each severity waits for a human before escalating. */
export const ACK_TIMEOUT_SECONDS = { critical: 15 * 60, warning: 4 * 60 * 60 } as const;

const SELECT_OPEN = "SELECT id FROM work_orders WHERE site = :site AND equipment = :equipment AND status IN ('open', 'acknowledged', 'escalated') LIMIT 1";
const INSERT_ORDER =
    "INSERT INTO work_orders (site, equipment, sensor, severity, reason, observed_value, event_id, execution_arn) " +
    "VALUES (:site, :equipment, :sensor, :severity, :reason, :value, :eventId, :executionArn) " +
    "ON CONFLICT DO NOTHING RETURNING id";
const MARK_ESCALATED = "UPDATE work_orders SET status = 'escalated', escalated_at = now() WHERE id = :id AND status = 'open'";

const str = (name: string, path: string) => ({ Name: name, Value: { "StringValue.$": path } });

const RETRY_AWS = [{ ErrorEquals: ["States.TaskFailed"], IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2, JitterStrategy: "FULL" }];
/** The Data API answers DatabaseResumingException while Serverless v2 resumes from zero capacity. */
const RETRY_DATA_API = [
    {
        ErrorEquals: ["RdsData.DatabaseResumingException", "RdsData.StatementTimeoutException"],
        IntervalSeconds: 5,
        MaxAttempts: 6,
        BackoffRate: 2,
        JitterStrategy: "FULL",
    },
    ...RETRY_AWS,
];

/** The Data API parameters of one statement against the maintenance database. */
function dataApi(r: WorkflowRefs, sql: string, parameters: unknown[]) {
    return {
        ResourceArn: r.clusterArn,
        SecretArn: r.secretArn,
        Database: r.database,
        Sql: sql,
        Parameters: parameters,
    };
}

/** A Task state running one Data API statement; with a result path, the rows land there as `records`. */
function statement(r: WorkflowRefs, sql: string, parameters: unknown[], resultPath: string | null, next: string) {
    return {
        Type: "Task",
        Resource: "arn:aws:states:::aws-sdk:rdsdata:executeStatement",
        Parameters: dataApi(r, sql, parameters),
        ...(resultPath === null ? {} : { ResultSelector: { "records.$": "$.Records" } }),
        ResultPath: resultPath,
        Retry: RETRY_DATA_API,
        Next: next,
    };
}

/** A Choice state: `then` when `variable` is present, else `otherwise`. */
function ifPresent(variable: string, then: string, otherwise: string) {
    return { Type: "Choice", Choices: [{ Variable: variable, IsPresent: true, Next: then }], Default: otherwise };
}

/**
 * A Task state that publishes to `topicArn`, then goes to `next`: `subject` and `message` are
 * States.Format expressions; the message attributes `site` and `severity` let subscriptions filter.
 */
function publish(topicArn: string, subject: string, message: string, severity: { StringValue: string } | { "StringValue.$": string }, next: string) {
    return {
        Type: "Task",
        Resource: "arn:aws:states:::sns:publish",
        Parameters: {
            TopicArn: topicArn,
            "Subject.$": subject,
            "Message.$": message,
            MessageAttributes: {
                site: { DataType: "String", "StringValue.$": "$.detail.site" },
                severity: { DataType: "String", ...severity },
            },
        },
        ResultPath: null,
        Retry: RETRY_AWS,
        Next: next,
    };
}

/** A state that publishes the new work order to `topicArn`, then goes to `next`. */
function notify(topicArn: string, next: string) {
    return publish(
        topicArn,
        "States.Format('[{}] {} {}: work order {}', $.detail.severity, $.detail.site, $.detail.equipment, $.workOrder.id)",
        "States.Format('Work order {} opened for {} at site {} ({}). Sensor {} read {} ({}). Criticality: {}. Acknowledge it to stop the escalation.', $.workOrder.id, $.detail.equipment, $.detail.site, $.detail.severity, $.detail.sensor, $.detail.value, $.detail.reason, $.registry.criticality)",
        { "StringValue.$": "$.detail.severity" },
        next,
    );
}

/** Look the equipment up in the registry: its criticality, or "unknown". */
function lookupStates(r: WorkflowRefs): Record<string, unknown> {
    return {
        EnrichFromRegistry: {
            Type: "Task",
            Resource: "arn:aws:states:::dynamodb:getItem",
            Parameters: {
                TableName: r.registryTableName,
                Key: {
                    pk: { "S.$": "States.Format('SITE#{}', $.detail.site)" },
                    sk: { "S.$": "States.Format('EQUIPMENT#{}', $.detail.equipment)" },
                },
            },
            ResultPath: "$.lookup",
            Retry: RETRY_AWS,
            Next: "KnownEquipment",
        },
        KnownEquipment: ifPresent("$.lookup.Item.criticality.S", "UseRegistry", "UnknownEquipment"),
        UseRegistry: {
            Type: "Pass",
            Parameters: { "criticality.$": "$.lookup.Item.criticality.S", known: true },
            ResultPath: "$.registry",
            Next: "CheckOpenWorkOrder",
        },
        UnknownEquipment: {
            Type: "Pass",
            Parameters: { criticality: "unknown", known: false },
            ResultPath: "$.registry",
            Next: "CheckOpenWorkOrder",
        },
    };
}

/** Open a work order unless the machine already has one. */
function workOrderStates(r: WorkflowRefs): Record<string, unknown> {
    return {
        CheckOpenWorkOrder: statement(r, SELECT_OPEN, [str("site", "$.detail.site"), str("equipment", "$.detail.equipment")], "$.open", "AlreadyOpen"),
        AlreadyOpen: ifPresent("$.open.records[0]", "SkipDuplicate", "CreateWorkOrder"),
        CreateWorkOrder: statement(
            r,
            INSERT_ORDER,
            [
                str("site", "$.detail.site"),
                str("equipment", "$.detail.equipment"),
                str("sensor", "$.detail.sensor"),
                str("severity", "$.detail.severity"),
                str("reason", "$.detail.reason"),
                { Name: "value", Value: { "DoubleValue.$": "$.detail.value" } },
                str("eventId", "$.detail.eventId"),
                str("executionArn", "$$.Execution.Id"),
            ],
            "$.created",
            "Created",
        ),
        Created: ifPresent("$.created.records[0]", "RecordWorkOrder", "SkipDuplicate"),
        RecordWorkOrder: {
            Type: "Pass",
            // AWS SDK integrations return the service response in PascalCase (Step Functions developer
            // guide, "AWS SDK service integrations"): Records[0][0].LongValue, not longValue
            Parameters: { "id.$": "$.created.records[0][0].LongValue" },
            ResultPath: "$.workOrder",
            Next: "BySeverity",
        },
    };
}

/** Notify by severity, then wait for the acknowledgment within the severity's window. */
function acknowledgmentStates(r: WorkflowRefs): Record<string, unknown> {
    return {
        BySeverity: {
            Type: "Choice",
            Choices: [{ Variable: "$.detail.severity", StringEquals: "critical", Next: "NotifyCritical" }],
            Default: "NotifyWarning",
        },
        NotifyCritical: notify(r.criticalTopicArn, "CriticalAckWindow"),
        NotifyWarning: notify(r.warningTopicArn, "WarningAckWindow"),
        CriticalAckWindow: { Type: "Pass", Result: ACK_TIMEOUT_SECONDS.critical, ResultPath: "$.ackTimeoutSeconds", Next: "WaitForAcknowledgment" },
        WarningAckWindow: { Type: "Pass", Result: ACK_TIMEOUT_SECONDS.warning, ResultPath: "$.ackTimeoutSeconds", Next: "WaitForAcknowledgment" },
        WaitForAcknowledgment: {
            Type: "Task",
            Resource: "arn:aws:states:::lambda:invoke.waitForTaskToken",
            Parameters: {
                FunctionName: r.ackRequestFunctionArn,
                Payload: {
                    "taskToken.$": "$$.Task.Token",
                    "workOrderId.$": "$.workOrder.id",
                    "site.$": "$.detail.site",
                    "equipment.$": "$.detail.equipment",
                    "severity.$": "$.detail.severity",
                },
            },
            TimeoutSecondsPath: "$.ackTimeoutSeconds",
            ResultPath: "$.ack",
            Retry: [
                {
                    ErrorEquals: ["Lambda.ServiceException", "Lambda.TooManyRequestsException", "Lambda.SdkClientException"],
                    IntervalSeconds: 2,
                    MaxAttempts: 3,
                    BackoffRate: 2,
                },
            ],
            Catch: [
                { ErrorEquals: ["States.Timeout"], ResultPath: "$.timeout", Next: "Escalate" },
                { ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "WorkflowFailed" },
            ],
            Next: "Acknowledged",
        },
    };
}

/** Escalate an unacknowledged work order; the terminal states. */
function escalationStates(r: WorkflowRefs): Record<string, unknown> {
    return {
        Escalate: publish(
            r.criticalTopicArn,
            "States.Format('[escalated] {} {}: work order {} not acknowledged', $.detail.site, $.detail.equipment, $.workOrder.id)",
            "States.Format('Work order {} for {} at site {} was not acknowledged within {} seconds.', $.workOrder.id, $.detail.equipment, $.detail.site, $.ackTimeoutSeconds)",
            { StringValue: "critical" },
            "MarkEscalated",
        ),
        MarkEscalated: statement(r, MARK_ESCALATED, [{ Name: "id", Value: { "LongValue.$": "$.workOrder.id" } }], null, "Escalated"),
        Escalated: { Type: "Succeed" },
        Acknowledged: { Type: "Succeed" },
        SkipDuplicate: { Type: "Succeed", Comment: "the machine already has an open work order" },
        WorkflowFailed: { Type: "Fail", Error: "WorkOrderFailed", Cause: "the acknowledgment step failed; see the execution history" },
    };
}

/** The state machine definition, as an object (JSON.stringify it for the resource). */
export function maintenanceWorkflow(r: WorkflowRefs): Record<string, unknown> {
    return {
        Comment: `Maintenance workflow: ${ANOMALY_DETAIL_TYPE} → work order → notify → acknowledge or escalate`,
        StartAt: "EnrichFromRegistry",
        States: { ...lookupStates(r), ...workOrderStates(r), ...acknowledgmentStates(r), ...escalationStates(r) },
    };
}

/** The event pattern of the rule that starts the workflow: anomalies of any of the sources (cloud scorer, edge inference). */
export function anomalyEventPattern(...sources: string[]): Record<string, unknown> {
    return { source: sources, "detail-type": [ANOMALY_DETAIL_TYPE], detail: { severity: ["critical", "warning"] } };
}
