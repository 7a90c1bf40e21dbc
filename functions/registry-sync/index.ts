/**
 * registry-sync: site manifests (S3 `manifests/<site>.json` in the artifacts bucket) → the
 * equipment registry (DynamoDB). Whatever the event says, it reconciles the table with the
 * object's current version: S3 events can arrive late or out of order, the current object
 * cannot. Listed items are upserted, items of the site that the manifest no longer lists are
 * deleted, and a deleted manifest removes the site's items.
 */
import { BatchWriteItemCommand, DynamoDBClient, QueryCommand, type QueryCommandOutput, type WriteRequest } from "@aws-sdk/client-dynamodb";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { S3Event } from "aws-lambda";
import { MANIFEST_PREFIX } from "../../src/naming/region";
import { ManifestError, chunk, parseManifest, registryItems, sitePk, staleKeys } from "../../src/analytics/registry";
import { marshal } from "../lib/dynamo";
import { log, requireEnv } from "../lib/kinesis";

const s3 = new S3Client({});
const dynamo = new DynamoDBClient({});

let sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** Tests skip the backoff. */
export function setSleep(f: (ms: number) => Promise<void>): void {
    sleep = f;
}

export interface SyncResult {
    site: string;
    upserted: number;
    deleted: number;
}

async function existingKeys(table: string, site: string): Promise<{ pk: string; sk: string }[]> {
    const keys: { pk: string; sk: string }[] = [];
    let start: QueryCommandOutput["LastEvaluatedKey"];
    do {
        const res: QueryCommandOutput = await dynamo.send(
            new QueryCommand({
                TableName: table,
                KeyConditionExpression: "pk = :pk",
                ExpressionAttributeValues: { ":pk": { S: sitePk(site) } },
                ProjectionExpression: "pk, sk",
                ExclusiveStartKey: start,
            }),
        );
        for (const i of res.Items ?? []) keys.push({ pk: i.pk?.S ?? "", sk: i.sk?.S ?? "" });
        start = res.LastEvaluatedKey;
    } while (start);
    return keys;
}

/** BatchWriteItem in chunks of 25, retrying unprocessed items with backoff. */
async function batchWrite(table: string, requests: WriteRequest[]): Promise<void> {
    for (const part of chunk(requests, 25)) {
        let todo: WriteRequest[] = part;
        for (let attempt = 0; todo.length > 0; attempt++) {
            if (attempt >= 8) throw new Error(`DynamoDB left ${todo.length} registry writes unprocessed after ${attempt} attempts`);
            if (attempt > 0) await sleep(50 * 2 ** attempt);
            const res = await dynamo.send(new BatchWriteItemCommand({ RequestItems: { [table]: todo } }));
            todo = res.UnprocessedItems?.[table] ?? [];
        }
    }
}

async function currentManifest(bucket: string, key: string): Promise<{ body: string; etag?: string } | undefined> {
    try {
        const res = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return { body: (await res.Body?.transformToString("utf-8")) ?? "", etag: res.ETag?.replace(/"/g, "") };
    } catch (e) {
        if ((e as { name?: string }).name === "NoSuchKey") return undefined;
        throw e;
    }
}

export async function syncManifest(bucket: string, key: string, now = new Date()): Promise<SyncResult> {
    const table = requireEnv("REGISTRY_TABLE");
    const site = /^manifests\/([^/]+)\.json$/.exec(key)?.[1];
    if (!site) throw new ManifestError(`${key}: not a site manifest key; expected manifests/<site>.json`);
    const existing = await existingKeys(table, site);
    const current = await currentManifest(bucket, key);
    const desired = current ? registryItems(parseManifest(key, current.body), now.toISOString(), current.etag) : [];
    const stale = staleKeys(existing, desired);
    await batchWrite(table, [
        ...desired.map((i) => ({ PutRequest: { Item: marshal(i) } })),
        ...stale.map((k) => ({ DeleteRequest: { Key: { pk: { S: k.pk }, sk: { S: k.sk } } } })),
    ]);
    return { site, upserted: desired.length, deleted: stale.length };
}

export async function handler(event: S3Event): Promise<SyncResult[]> {
    const results: SyncResult[] = [];
    const seen = new Set<string>();
    for (const r of event.Records) {
        const key = decodeURIComponent(r.s3.object.key.replace(/\+/g, " "));
        if (!key.startsWith(MANIFEST_PREFIX) || seen.has(key)) continue;
        seen.add(key);
        try {
            const res = await syncManifest(r.s3.bucket.name, key);
            log("INFO", "registry synchronized", { key, ...res });
            results.push(res);
        } catch (e) {
            if (e instanceof ManifestError) {
                // a broken manifest cannot be fixed by retrying: report it and keep the registry as it was
                log("ERROR", "invalid site manifest; registry left unchanged", { key, error: e.message });
                continue;
            }
            throw e;
        }
    }
    return results;
}
