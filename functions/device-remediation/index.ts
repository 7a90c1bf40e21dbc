/**
 * device-remediation: Device Defender Detect alarms (SNS, the security topic) → the fleet's
 * mitigation actions. For each new alarm of the fleet's security profile it starts a detect
 * mitigation task on that violation: the quarantine action, plus certificate deactivation for
 * the severest behaviors (src/region/detect.ts). The task ID is the violation ID, so a
 * redelivered alert finds the task already started and does nothing (idempotent). Anything
 * else on the topic (audit findings, Security Hub findings, cleared alarms) is logged and left.
 * A failure throws: SNS retries the asynchronous invocation, then it lands in the dead-letter queue.
 */
import { IoTClient, ResourceAlreadyExistsException, StartDetectMitigationActionsTaskCommand } from "@aws-sdk/client-iot";
import type { SNSEvent } from "aws-lambda";
import { parseViolation, planRemediation, type RemediationPlan } from "../../src/region/remediation";
import type { Response } from "../../src/region/detect";
import { log, requireEnv } from "../lib/kinesis";

const iot = new IoTClient({});

export interface Outcome {
    messageId: string;
    result: "started" | "already-started" | "skipped";
    detail: string;
}

function behaviors(): { name: string; response: Response }[] {
    return JSON.parse(requireEnv("FLEET_BEHAVIORS")) as { name: string; response: Response }[];
}

async function start(plan: Extract<RemediationPlan, { kind: "mitigate" }>): Promise<"started" | "already-started"> {
    try {
        await iot.send(
            new StartDetectMitigationActionsTaskCommand({
                taskId: plan.taskId,
                target: { violationIds: [plan.violationId] },
                actions: plan.actions,
                includeOnlyActiveViolations: true,
                includeSuppressedAlerts: false,
                clientRequestToken: plan.taskId,
            }),
        );
        return "started";
    } catch (e) {
        if (e instanceof ResourceAlreadyExistsException) return "already-started";
        throw e;
    }
}

export async function handler(event: SNSEvent): Promise<Outcome[]> {
    const fleet = requireEnv("FLEET_NAME");
    const known = behaviors();
    const out: Outcome[] = [];
    for (const record of event.Records) {
        const messageId = record.Sns.MessageId;
        const violation = parseViolation(record.Sns.Message);
        if (!violation) {
            log("INFO", "not a Device Defender Detect violation; left for people", { messageId });
            out.push({ messageId, result: "skipped", detail: "not a Detect violation" });
            continue;
        }
        const plan = planRemediation(violation, fleet, known);
        if (plan.kind === "skip") {
            log("INFO", "violation needs no remediation", {
                messageId,
                violationId: violation.violationId,
                thingName: violation.thingName,
                reason: plan.reason,
            });
            out.push({ messageId, result: "skipped", detail: plan.reason });
            continue;
        }
        const result = await start(plan);
        log(result === "started" ? "WARN" : "INFO", result === "started" ? "mitigation started" : "mitigation already started for this violation", {
            messageId,
            taskId: plan.taskId,
            thingName: plan.thingName,
            behavior: violation.behaviorName,
            actions: plan.actions,
        });
        out.push({ messageId, result, detail: plan.actions.join(",") });
    }
    return out;
}
