/**
 * anomaly-scorer: Kinesis → EventBridge. Scores every reading against its sensor's thresholds
 * (from the equipment registry) and its rolling statistics, forwards alarms detected at the edge,
 * and puts `Equipment Anomaly` events on the fleet bus. Partial failures are reported per record
 * (ReportBatchItemFailures), so only the failed tail of a batch is retried.
 */
import { DynamoDBClient, QueryCommand, type QueryCommandOutput } from "@aws-sdk/client-dynamodb";
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from "aws-lambda";
import { AnomalyScorer, DEFAULT_SCORER, type Finding, type SensorThresholds } from "../../src/analytics/anomaly";
import { ANOMALY_DETAIL_TYPE, ANOMALY_SOURCE } from "../../src/naming/region";
import { sitePk, thresholdsOf } from "../../src/analytics/registry";
import { primaryValue, type TelemetryRecord } from "../../src/analytics/telemetry";
import { unmarshal } from "../lib/dynamo";
import { decodeBatch, log, requireEnv } from "../lib/kinesis";
import { RegionModels } from "./models";

const dynamo = new DynamoDBClient({});
const events = new EventBridgeClient({});
const REGISTRY_TTL_MS = 5 * 60 * 1000;

interface SensorInfo {
    equipment: string;
    unit?: string;
    thresholds?: SensorThresholds;
}

let scorer = new AnomalyScorer(DEFAULT_SCORER);
const registry = new Map<string, { at: number; sensors: Map<string, SensorInfo> }>();
let models: RegionModels | undefined;

/** Tests start from a clean state. */
export function reset(): void {
    scorer = new AnomalyScorer(DEFAULT_SCORER);
    registry.clear();
    models = undefined;
}

/** The region's ONNX models (ANOMALY_MODELS, comma-separated, in ARTIFACTS_BUCKET); none when unset. */
function regionModels(): RegionModels | undefined {
    const names = (process.env.ANOMALY_MODELS ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
    if (names.length === 0) return undefined;
    models ??= new RegionModels(requireEnv("ARTIFACTS_BUCKET"), names, (level, message, data) => log(level as "INFO", message, data));
    return models;
}

async function siteSensors(site: string, now: number): Promise<Map<string, SensorInfo>> {
    const hit = registry.get(site);
    if (hit && now - hit.at < REGISTRY_TTL_MS) return hit.sensors;
    const sensors = new Map<string, SensorInfo>();
    let start: QueryCommandOutput["LastEvaluatedKey"];
    do {
        const res: QueryCommandOutput = await dynamo.send(
            new QueryCommand({
                TableName: requireEnv("REGISTRY_TABLE"),
                KeyConditionExpression: "pk = :pk AND begins_with(sk, :sensor)",
                ExpressionAttributeValues: { ":pk": { S: sitePk(site) }, ":sensor": { S: "SENSOR#" } },
                ExclusiveStartKey: start,
            }),
        );
        for (const raw of res.Items ?? []) {
            const item = unmarshal(raw);
            const name = String(item.name);
            sensors.set(name, {
                equipment: typeof item.equipment === "string" ? item.equipment : name,
                unit: typeof item.unit === "string" ? item.unit : undefined,
                thresholds: thresholdsOf(item),
            });
        }
        start = res.LastEvaluatedKey;
    } while (start);
    registry.set(site, { at: now, sensors });
    return sensors;
}

export function anomalyDetail(r: TelemetryRecord, f: Finding, info: SensorInfo | undefined): Record<string, unknown> {
    return {
        eventId: `${r.site}/${r.sensor}/${f.ts}/${f.severity}`,
        site: r.site,
        thing: r.thing,
        equipment: info?.equipment ?? r.sensor,
        sensor: r.sensor,
        severity: f.severity,
        reason: f.reason,
        value: f.value,
        unit: info?.unit,
        threshold: f.threshold,
        zScore: f.zScore,
        baseline: f.baseline,
        observedAt: new Date(f.ts).toISOString(),
        knownSensor: info !== undefined,
    };
}

function entry(bus: string, detail: Record<string, unknown>, ts: number): PutEventsRequestEntry {
    return { EventBusName: bus, Source: ANOMALY_SOURCE, DetailType: ANOMALY_DETAIL_TYPE, Time: new Date(ts), Detail: JSON.stringify(detail) };
}

export async function handler(event: KinesisStreamEvent): Promise<KinesisStreamBatchResponse> {
    const { decoded, invalid } = decodeBatch(event.Records);
    if (invalid > 0) log("WARN", "skipped records that break the telemetry contract", { invalid });
    const now = Date.now();
    const pendingEvents: { at: number; sequenceNumber: string; entry: PutEventsRequestEntry }[] = [];
    const bus = requireEnv("EVENT_BUS_NAME");
    const onnx = regionModels();
    await onnx?.refresh(now);
    const modelled: { at: number; site: string; sensor: string; ts: number; value: number }[] = [];
    const infos: (SensorInfo | undefined)[] = [];
    for (const [at, { sequenceNumber, record }] of decoded.entries()) {
        const info = (await siteSensors(record.site, now)).get(record.sensor);
        infos[at] = info;
        let finding: Finding | undefined;
        if (record.channel === "alarm") {
            if (record.state === "clear") continue; // the edge says the level was left: not a finding
            finding = { severity: record.severity ?? "warning", reason: "edge-alarm", value: primaryValue(record), ts: record.ts, threshold: record.threshold };
        } else if (onnx?.covers(record.sensor)) {
            modelled.push({ at, site: record.site, sensor: record.sensor, ts: record.ts, value: primaryValue(record) });
            continue;
        } else {
            finding = scorer.score(`${record.site}/${record.sensor}`, primaryValue(record), record.ts, info?.thresholds);
        }
        if (!finding) continue;
        pendingEvents.push({ at, sequenceNumber, entry: entry(bus, anomalyDetail(record, finding, info), finding.ts) });
    }
    for (const f of onnx ? await onnx.score(modelled) : []) {
        const { sequenceNumber, record } = decoded[f.at];
        const value = primaryValue(record);
        const finding: Finding = { severity: "warning", reason: "statistical", value, ts: record.ts, threshold: 1, zScore: f.score };
        const detail = {
            ...anomalyDetail(record, finding, infos[f.at]),
            reason: `model-${f.reason}`,
            score: f.score,
            parts: f.parts,
            model: f.model,
            modelSha256: f.modelSha256,
        };
        pendingEvents.push({ at: f.at, sequenceNumber, entry: entry(bus, detail, record.ts) });
    }
    // Events go out in record order, so a partial failure retries from the right record.
    pendingEvents.sort((a, b) => a.at - b.at);
    let firstFailed: string | undefined;
    for (let i = 0; i < pendingEvents.length; i += 10) {
        const chunk = pendingEvents.slice(i, i + 10);
        const res = await events.send(new PutEventsCommand({ Entries: chunk.map((c) => c.entry) }));
        if ((res.FailedEntryCount ?? 0) > 0) {
            const idx = (res.Entries ?? []).findIndex((e) => e.ErrorCode);
            firstFailed = chunk[idx >= 0 ? idx : 0].sequenceNumber;
            log("ERROR", "EventBridge rejected anomaly events", { failed: res.FailedEntryCount, error: res.Entries?.[idx]?.ErrorCode });
            break;
        }
    }
    log("INFO", "scored batch", { records: event.Records.length, invalid, events: pendingEvents.length });
    return { batchItemFailures: firstFailed ? [{ itemIdentifier: firstFailed }] : [] };
}
