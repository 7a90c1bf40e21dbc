import assert from "node:assert/strict";
import { ACK_TIMEOUT_SECONDS, anomalyEventPattern, maintenanceWorkflow } from "../../src/analytics/workflow";

const aslValidator = require("asl-validator") as (d: unknown, o?: unknown) => { isValid: boolean; errorsText: (sep?: string) => string };

const refs = {
    registryTableName: "acme-equipment-registry",
    clusterArn: "arn:aws:rds:eu-central-1:123456789012:cluster:acme-maintenance",
    secretArn: "arn:aws:secretsmanager:eu-central-1:123456789012:secret:rds!cluster-abc",
    database: "maintenance",
    criticalTopicArn: "arn:aws:sns:eu-central-1:123456789012:acme-alerts-critical",
    warningTopicArn: "arn:aws:sns:eu-central-1:123456789012:acme-alerts-warning",
    ackRequestFunctionArn: "arn:aws:lambda:eu-central-1:123456789012:function:acme-work-order-ack-request",
};
type State = Record<string, unknown> & { Type: string; Next?: string; Resource?: string; Catch?: { ErrorEquals: string[]; Next: string }[] };

describe("analytics: maintenance workflow (ASL)", () => {
    const def = maintenanceWorkflow(refs) as { StartAt: string; States: Record<string, State> };

    it("passes asl-validator", () => {
        const r = aslValidator(def);
        assert.equal(r.isValid, true, r.errorsText("\n"));
    });

    it("asl-validator rejects a broken variant (the check can fail)", () => {
        const broken = JSON.parse(JSON.stringify(def));
        broken.States.CreateWorkOrder.Next = "NoSuchState";
        delete broken.States.Escalated.Type;
        assert.equal(aslValidator(broken).isValid, false);
    });

    it("enriches, dedupes, creates, notifies, waits and escalates, in that order", () => {
        const path: string[] = [];
        let at: string | undefined = def.StartAt;
        const choose: Record<string, string> = {
            KnownEquipment: "UseRegistry",
            AlreadyOpen: "CreateWorkOrder",
            Created: "RecordWorkOrder",
            BySeverity: "NotifyCritical",
        };
        while (at) {
            path.push(at);
            const s: State = def.States[at];
            at = s.Type === "Choice" ? choose[at] : s.Next;
            if (at === "Acknowledged") break;
        }
        assert.deepEqual(path, [
            "EnrichFromRegistry",
            "KnownEquipment",
            "UseRegistry",
            "CheckOpenWorkOrder",
            "AlreadyOpen",
            "CreateWorkOrder",
            "Created",
            "RecordWorkOrder",
            "BySeverity",
            "NotifyCritical",
            "CriticalAckWindow",
            "WaitForAcknowledgment",
        ]);
    });

    it("uses the DynamoDB and Data API service integrations and a task token", () => {
        assert.equal(def.States.EnrichFromRegistry.Resource, "arn:aws:states:::dynamodb:getItem");
        assert.equal(def.States.CheckOpenWorkOrder.Resource, "arn:aws:states:::aws-sdk:rdsdata:executeStatement");
        assert.equal(def.States.CreateWorkOrder.Resource, "arn:aws:states:::aws-sdk:rdsdata:executeStatement");
        assert.match(String((def.States.CreateWorkOrder.Parameters as { Sql: string }).Sql), /ON CONFLICT DO NOTHING RETURNING id$/);
        const wait = def.States.WaitForAcknowledgment;
        assert.equal(wait.Resource, "arn:aws:states:::lambda:invoke.waitForTaskToken");
        assert.equal((wait.Parameters as { Payload: Record<string, string> }).Payload["taskToken.$"], "$$.Task.Token");
        assert.equal(wait.TimeoutSecondsPath, "$.ackTimeoutSeconds");
        assert.deepEqual(
            wait.Catch?.map((c) => [c.ErrorEquals.join(","), c.Next]),
            [
                ["States.Timeout", "Escalate"],
                ["States.ALL", "WorkflowFailed"],
            ],
        );
        assert.equal((def.States.Escalate.Parameters as { TopicArn: string }).TopicArn, refs.criticalTopicArn);
        assert.equal((def.States.NotifyWarning.Parameters as { TopicArn: string }).TopicArn, refs.warningTopicArn);
        assert.deepEqual(ACK_TIMEOUT_SECONDS, { critical: 900, warning: 14400 });
        assert.equal(def.States.CriticalAckWindow.Result, 900);
    });

    it("SNS notifications carry the site attribute that site subscribers filter on", () => {
        for (const k of ["NotifyCritical", "NotifyWarning", "Escalate"]) {
            const attrs = (def.States[k].Parameters as { MessageAttributes: Record<string, Record<string, string>> }).MessageAttributes;
            assert.deepEqual(attrs.site, { DataType: "String", "StringValue.$": "$.detail.site" }, k);
        }
    });

    it("starts only on warning and critical Equipment Anomaly events from the scorer and edge inference", () => {
        assert.deepEqual(anomalyEventPattern("fleet.anomaly-scorer", "fleet.edge-inference"), {
            source: ["fleet.anomaly-scorer", "fleet.edge-inference"],
            "detail-type": ["Equipment Anomaly"],
            detail: { severity: ["critical", "warning"] },
        });
    });
});
