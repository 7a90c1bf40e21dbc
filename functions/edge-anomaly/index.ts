/**
 * edge-anomaly: the gateway's anomaly channel → the fleet event bus. The IoT topic rule on
 * `fleet/+/+/anomaly` (AWS IoT has no EventBridge rule action: "AWS IoT rule actions") invokes
 * this function with the edge-inference event (edge/inference/runner.ts) plus the site and thing
 * taken from the topic, which the gateway's IoT policy ties to its certificate. It looks the
 * sensor's equipment up in the registry and puts an `Equipment Anomaly` event with the edge source
 * on the bus, where the maintenance workflow's rule starts a work order.
 *
 * A malformed message is logged and dropped (retrying cannot fix it); a PutEvents failure throws,
 * so the asynchronous invocation is retried and then kept by the dead-letter queue.
 */
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { sensorSk, sitePk } from "../../src/analytics/registry";
import { ANOMALY_DETAIL_TYPE, EDGE_ANOMALY_SOURCE } from "../../src/naming/region";
import { unmarshal } from "../lib/dynamo";
import { log, requireEnv } from "../lib/kinesis";

const dynamo = new DynamoDBClient({});
const events = new EventBridgeClient({});

/** What the topic rule passes: the gateway's event and the topic's site and thing. */
export interface EdgeAnomalyMessage {
    topic_site?: unknown;
    topic_thing?: unknown;
    sensor?: unknown;
    ts?: unknown;
    value?: unknown;
    score?: unknown;
    reason?: unknown;
    parts?: unknown;
    model?: unknown;
    modelSha256?: unknown;
}

const str = (v: unknown) => (typeof v === "string" && v.length > 0 && v.length <= 256 ? v : undefined);
const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

/** The problems of a message (empty when it is an anomaly event). */
export function messageProblems(m: EdgeAnomalyMessage): string[] {
    const out: string[] = [];
    for (const k of ["topic_site", "topic_thing", "sensor", "reason", "model"] as const) if (!str(m[k])) out.push(`${k}: expected a non-empty string`);
    for (const k of ["ts", "value", "score"] as const) if (num(m[k]) === undefined) out.push(`${k}: expected a finite number`);
    if (m.modelSha256 !== undefined && !(typeof m.modelSha256 === "string" && /^[0-9a-f]{64}$/.test(m.modelSha256)))
        out.push("modelSha256: expected 64 hex digits");
    return out;
}

/** The `Equipment Anomaly` detail of an edge event: the scorer's shape (functions/anomaly-scorer anomalyDetail) with source `edge`. */
export function edgeAnomalyDetail(m: EdgeAnomalyMessage, equipment: string | undefined, unit: string | undefined): Record<string, unknown> {
    const site = m.topic_site as string;
    const sensor = m.sensor as string;
    const ts = m.ts as number;
    return {
        eventId: `${site}/${sensor}/${ts}/edge`,
        site,
        thing: m.topic_thing,
        equipment: equipment ?? sensor,
        sensor,
        severity: "warning",
        reason: `model-${m.reason as string}`,
        value: m.value,
        unit,
        score: m.score,
        parts: typeof m.parts === "object" && m.parts !== null ? m.parts : undefined,
        model: m.model,
        modelSha256: m.modelSha256,
        observedAt: new Date(ts).toISOString(),
        knownSensor: equipment !== undefined,
        source: "edge",
    };
}

export async function handler(m: EdgeAnomalyMessage): Promise<{ forwarded: boolean; problems?: string[] }> {
    const problems = messageProblems(m);
    if (problems.length > 0) {
        log("WARN", "dropped a message of the anomaly channel that is not an anomaly event", { problems, site: m.topic_site, thing: m.topic_thing });
        return { forwarded: false, problems };
    }
    const res = await dynamo.send(
        new GetItemCommand({
            TableName: requireEnv("REGISTRY_TABLE"),
            Key: { pk: { S: sitePk(m.topic_site as string) }, sk: { S: sensorSk(m.sensor as string) } },
        }),
    );
    const item = res.Item ? unmarshal(res.Item) : undefined;
    const equipment = typeof item?.equipment === "string" ? item.equipment : undefined;
    const unit = typeof item?.unit === "string" ? item.unit : undefined;
    const detail = edgeAnomalyDetail(m, item ? (equipment ?? (m.sensor as string)) : undefined, unit);
    const out = await events.send(
        new PutEventsCommand({
            Entries: [
                {
                    EventBusName: requireEnv("EVENT_BUS_NAME"),
                    Source: EDGE_ANOMALY_SOURCE,
                    DetailType: ANOMALY_DETAIL_TYPE,
                    Time: new Date(m.ts as number),
                    Detail: JSON.stringify(detail),
                },
            ],
        }),
    );
    if ((out.FailedEntryCount ?? 0) > 0) throw new Error(`EventBridge rejected the anomaly event: ${out.Entries?.[0]?.ErrorCode ?? "unknown error"}`);
    log("INFO", "forwarded an edge anomaly", { eventId: detail.eventId, model: detail.model });
    return { forwarded: true };
}
