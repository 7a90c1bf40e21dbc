/**
 * work-order-ack-request: the maintenance workflow's `.waitForTaskToken` step. Stores the task
 * token on the work order, so that whoever acknowledges the order (work-order-ack) can resume the
 * execution, and records the request in the maintenance history.
 */
import { RDSDataClient } from "@aws-sdk/client-rds-data";
import { execute, p, targetFromEnv } from "../lib/data-api";

const rds = new RDSDataClient({});

export interface AckRequest {
    taskToken: string;
    workOrderId: number;
    site: string;
    equipment: string;
    severity: string;
}

export async function handler(event: AckRequest): Promise<{ workOrderId: number; waiting: true }> {
    if (!event.taskToken || !Number.isInteger(event.workOrderId)) throw new Error("expected { taskToken, workOrderId } from the maintenance workflow");
    const t = targetFromEnv();
    const res = await execute(rds, t, "UPDATE work_orders SET ack_token = :token WHERE id = :id AND status = 'open'", [
        p.str("token", event.taskToken),
        p.long("id", event.workOrderId),
    ]);
    if ((res.numberOfRecordsUpdated ?? 0) !== 1) throw new Error(`work order ${event.workOrderId} is not open; cannot wait for its acknowledgment`);
    await execute(rds, t, "INSERT INTO maintenance_history (work_order_id, action, actor, note) VALUES (:id, 'ack-requested', 'workflow', :note)", [
        p.long("id", event.workOrderId),
        p.str("note", `${event.severity} anomaly on ${event.equipment} at ${event.site}`),
    ]);
    return { workOrderId: event.workOrderId, waiting: true };
}
