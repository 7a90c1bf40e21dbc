/**
 * work-order-ack: a maintainer acknowledges a work order (`aws lambda invoke` with
 * `{"workOrderId": 42, "by": "j.doe"}`, or the maintenance app). Marks the order acknowledged and
 * resumes the waiting workflow with SendTaskSuccess; when the workflow already escalated (its
 * token expired) the acknowledgment is still recorded.
 */
import { RDSDataClient } from "@aws-sdk/client-rds-data";
import { SFNClient, SendTaskSuccessCommand } from "@aws-sdk/client-sfn";
import { execute, p, targetFromEnv } from "../lib/data-api";

const rds = new RDSDataClient({});
const sfn = new SFNClient({});

export interface Ack {
    workOrderId: number;
    by: string;
    note?: string;
}

export type AckResult = { workOrderId: number; acknowledged: true; workflow: "resumed" | "already-finished" | "not-waiting" };

const ACK_SQL =
    "UPDATE work_orders w SET status = 'acknowledged', acknowledged_at = now(), acknowledged_by = :by, ack_token = NULL " +
    "FROM (SELECT id, ack_token FROM work_orders WHERE id = :id FOR UPDATE) old " +
    "WHERE w.id = old.id AND w.status IN ('open', 'escalated') RETURNING old.ack_token";

export async function handler(event: Ack): Promise<AckResult> {
    if (!Number.isInteger(event?.workOrderId) || typeof event.by !== "string" || !event.by.trim()) {
        throw new Error('expected {"workOrderId": <number>, "by": "<who acknowledges>"}');
    }
    const t = targetFromEnv();
    const res = await execute(rds, t, ACK_SQL, [p.long("id", event.workOrderId), p.str("by", event.by)]);
    if ((res.records ?? []).length === 0) throw new Error(`work order ${event.workOrderId} does not exist or is not open`);
    const token = res.records?.[0]?.[0]?.stringValue;
    await execute(rds, t, "INSERT INTO maintenance_history (work_order_id, action, actor, note) VALUES (:id, 'acknowledged', :by, :note)", [
        p.long("id", event.workOrderId),
        p.str("by", event.by),
        p.nullable("note", event.note),
    ]);
    if (!token) return { workOrderId: event.workOrderId, acknowledged: true, workflow: "not-waiting" };
    try {
        await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ workOrderId: event.workOrderId, acknowledgedBy: event.by }) }));
        return { workOrderId: event.workOrderId, acknowledged: true, workflow: "resumed" };
    } catch (e) {
        const name = (e as { name?: string }).name;
        if (name === "TaskTimedOut" || name === "TaskDoesNotExist" || name === "InvalidToken")
            return { workOrderId: event.workOrderId, acknowledged: true, workflow: "already-finished" };
        throw e;
    }
}
