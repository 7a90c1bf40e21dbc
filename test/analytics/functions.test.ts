/**
 * The Lambda handlers against mocked AWS SDK clients (aws-sdk-client-mock) and a fake InfluxDB.
 */
import assert from "node:assert/strict";
import { BatchWriteItemCommand, DynamoDBClient, QueryCommand } from "@aws-sdk/client-dynamodb";
import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import {
    BeginTransactionCommand,
    CommitTransactionCommand,
    ExecuteStatementCommand,
    RDSDataClient,
    RollbackTransactionCommand,
} from "@aws-sdk/client-rds-data";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SFNClient, SendTaskSuccessCommand } from "@aws-sdk/client-sfn";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { S3Event } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import * as anomalyScorer from "../../functions/anomaly-scorer";
import * as dbMigrate from "../../functions/db-migrate";
import * as registrySync from "../../functions/registry-sync";
import * as telemetryWriter from "../../functions/telemetry-writer";
import { toLine } from "../../functions/telemetry-writer/influx";
import * as ack from "../../functions/work-order-ack";
import * as ackRequest from "../../functions/work-order-ack-request";
import { checksum, MIGRATIONS } from "../../src/analytics/migrations";
import { siteManifestJson } from "../../src/edge/manifest";
import { loadFleet } from "../../src/model/load";
import { vibration } from "./synthetic";
import { kinesisEvent } from "../helpers/events";

const ddb = mockClient(DynamoDBClient);
const eb = mockClient(EventBridgeClient);
const rds = mockClient(RDSDataClient);
const s3 = mockClient(S3Client);
const sm = mockClient(SecretsManagerClient);
const sfn = mockClient(SFNClient);

function s3Event(key: string, name = "ObjectCreated:Put"): S3Event {
    return { Records: [{ eventName: name, s3: { bucket: { name: "artifacts" }, object: { key } } }] } as unknown as S3Event;
}

/** The part of an SDK stream body the handler uses. */

const body = (text: string): any => ({ transformToString: async () => text });

/** Fresh mocks and environment; a hook of each describe (a root hook would reset other files' mocks and environment). */
function setup(): void {
    for (const m of [ddb, eb, rds, s3, sm, sfn]) m.reset();
    process.env.REGISTRY_TABLE = "acme-equipment-registry";
    process.env.EVENT_BUS_NAME = "acme-fleet-events";
    process.env.CLUSTER_ARN = "arn:aws:rds:eu-central-1:123456789012:cluster:acme-maintenance";
    process.env.SECRET_ARN = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:db";
    process.env.DATABASE = "maintenance";
    process.env.INFLUX_URL = "https://influx.example:8086";
    process.env.INFLUX_SECRET_ARN = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:influx";
}

describe("functions: telemetry-writer", () => {
    beforeEach(setup);
    const reading = {
        site: "stuttgart-body",
        thing: "acme-stuttgart-body-gw-body-01",
        channel: "telemetry",
        sensor: "weld-robot-01-axis-vibration",
        ts: 1767225600000,
        window: 10,
        min: 2.9,
        max: 3.6,
        mean: 3.2,
        count: 1000,
    };

    it("writes line protocol (signing in once), skips records that break the contract", async () => {
        sm.on(GetSecretValueCommand).resolves({
            SecretString: JSON.stringify({ username: "fleetadmin", password: "pw", organization: "acme", bucket: "telemetry" }),
        });
        const calls: { url: string; headers: Record<string, string>; body?: string }[] = [];
        telemetryWriter.setFetch(async (url, init) => {
            calls.push({ url, headers: init.headers, body: init.body });
            if (url.endsWith("/api/v2/signin"))
                return { status: 204, headers: { get: () => "influxdb-oss-session=abc; Path=/; HttpOnly" }, text: async () => "" };
            return { status: 204, headers: { get: () => null }, text: async () => "" };
        });
        const res = await telemetryWriter.handler(kinesisEvent([reading, "garbage", { ...reading, sensor: "hall 2,humidity", mean: undefined, value: 41 }]));
        assert.deepEqual(res, { written: 2, invalid: 1 });
        assert.deepEqual(
            calls.map((c) => c.url),
            ["https://influx.example:8086/api/v2/signin", "https://influx.example:8086/api/v2/write?org=acme&bucket=telemetry&precision=ms"],
        );
        assert.equal(calls[0].headers.Authorization, `Basic ${Buffer.from("fleetadmin:pw").toString("base64")}`);
        assert.equal(calls[1].headers.Cookie, "influxdb-oss-session=abc");
        assert.equal(
            calls[1].body,
            [
                "telemetry,site=stuttgart-body,thing=acme-stuttgart-body-gw-body-01,sensor=weld-robot-01-axis-vibration,channel=telemetry value=3.2,min=2.9,max=3.6,count=1000i 1767225600000",
                "telemetry,site=stuttgart-body,thing=acme-stuttgart-body-gw-body-01,sensor=hall\\ 2\\,humidity,channel=telemetry value=41,min=2.9,max=3.6,count=1000i 1767225600000",
            ].join("\n"),
        );
    });

    it("signs in again when the session expired, and fails the batch on a write error (so it is retried)", async () => {
        telemetryWriter.resetCache();
        sm.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ username: "u", password: "p", organization: "o", bucket: "b" }) });
        let writes = 0;
        telemetryWriter.setFetch(async (url) => {
            if (url.endsWith("/signin")) return { status: 204, headers: { get: () => "influxdb-oss-session=s2" }, text: async () => "" };
            writes++;
            return writes === 1
                ? { status: 401, headers: { get: () => null }, text: async () => "expired" }
                : { status: 503, headers: { get: () => null }, text: async () => "unavailable" };
        });
        await assert.rejects(telemetryWriter.handler(kinesisEvent([reading])), /InfluxDB write failed with HTTP 503: unavailable/);
        assert.equal(writes, 2);
    });

    it("names a secret without the credentials it needs", async () => {
        telemetryWriter.resetCache();
        sm.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ username: "u", password: "p", organization: "o" }) });
        await assert.rejects(telemetryWriter.handler(kinesisEvent([reading])), /the InfluxDB secret lacks "bucket"/);
    });

    it("line protocol escapes tag values and keeps edge alarm fields", () => {
        assert.equal(
            toLine({ site: "s", thing: "t", channel: "alarm", sensor: "a=b", ts: 5, value: 7.4, severity: "critical", threshold: 7.1 }),
            "telemetry,site=s,thing=t,sensor=a\\=b,channel=alarm,severity=critical value=7.4,threshold=7.1 5",
        );
    });
});

describe("functions: anomaly-scorer", () => {
    beforeEach(setup);
    const registryItems = [
        marshall({
            pk: "SITE#stuttgart-body",
            sk: "SENSOR#press-01-flywheel-vibration",
            name: "press-01-flywheel-vibration",
            equipment: "press-01",
            unit: "mm/s",
            warning: 4.5,
            critical: 7.1,
            direction: "above",
        }),
    ];
    const records = (data: { ts: number; value: number }[]) =>
        data.map((r) => ({
            site: "stuttgart-body",
            thing: "acme-stuttgart-body-gw-press-01",
            channel: "telemetry",
            sensor: "press-01-flywheel-vibration",
            ts: r.ts,
            mean: r.value,
            window: 10,
        }));

    it("emits one Equipment Anomaly event for the injected fault, none for the healthy run", async () => {
        anomalyScorer.reset();
        ddb.on(QueryCommand).resolves({ Items: registryItems });
        eb.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: "e1" }] });
        const healthy = records(vibration({ seed: 3, samples: 1500, periodMs: 10_000, base: 2.2, noise: 0.12 }));
        for (let i = 0; i < healthy.length; i += 500)
            assert.deepEqual(await anomalyScorer.handler(kinesisEvent(healthy.slice(i, i + 500))), { batchItemFailures: [] });
        assert.equal(eb.commandCalls(PutEventsCommand).length, 0);
        assert.equal(ddb.commandCalls(QueryCommand).length, 1, "the registry is cached per site");

        anomalyScorer.reset();
        const fault = records(vibration({ seed: 42, samples: 2000, periodMs: 10_000, base: 2.2, noise: 0.12, faultAt: 1500 }));
        for (let i = 0; i < fault.length; i += 500) await anomalyScorer.handler(kinesisEvent(fault.slice(i, i + 500)));
        const entries = eb.commandCalls(PutEventsCommand).flatMap((c) => c.args[0].input.Entries ?? []);
        assert.equal(entries.length, 1);
        assert.equal(entries[0].Source, "fleet.anomaly-scorer");
        assert.equal(entries[0].DetailType, "Equipment Anomaly");
        assert.equal(entries[0].EventBusName, "acme-fleet-events");
        const detail = JSON.parse(entries[0].Detail as string);
        assert.deepEqual(
            { ...detail, zScore: undefined, baseline: undefined },
            {
                eventId: `stuttgart-body/press-01-flywheel-vibration/${Date.UTC(2026, 0, 5, 6, 0, 0) + 1879 * 10_000}/warning`,
                site: "stuttgart-body",
                thing: "acme-stuttgart-body-gw-press-01",
                equipment: "press-01",
                sensor: "press-01-flywheel-vibration",
                severity: "warning",
                reason: "statistical",
                value: 3.176,
                unit: "mm/s",
                zScore: undefined,
                baseline: undefined,
                observedAt: new Date(Date.UTC(2026, 0, 5, 6, 0, 0) + 1879 * 10_000).toISOString(),
                knownSensor: true,
            },
        );
    });

    it("forwards edge alarms as they are, and reports the first record whose event EventBridge rejected", async () => {
        anomalyScorer.reset();
        ddb.on(QueryCommand).resolves({ Items: registryItems });
        eb.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [{ EventId: "ok" }, { ErrorCode: "InternalFailure" }] });
        const alarm = (ts: number) => ({
            site: "stuttgart-body",
            thing: "gw",
            channel: "alarm",
            sensor: "press-01-flywheel-vibration",
            ts,
            value: 7.4,
            severity: "critical",
            threshold: 7.1,
        });
        const res = await anomalyScorer.handler(kinesisEvent([alarm(1), alarm(2)]));
        assert.deepEqual(res, { batchItemFailures: [{ itemIdentifier: "1001" }] });
        const detail = JSON.parse(eb.commandCalls(PutEventsCommand)[0].args[0].input.Entries?.[0].Detail as string);
        assert.equal(detail.reason, "edge-alarm");
        assert.equal(detail.severity, "critical");
        assert.equal(detail.threshold, 7.1);
    });
});

describe("functions: registry-sync", () => {
    beforeEach(setup);
    const fleet = loadFleet(require("node:path").resolve(__dirname, "..", "..", "..")).model!;
    const site = fleet.sites.find((s) => s.name === "stuttgart-body")!;
    const manifest = siteManifestJson(fleet, site);

    it("upserts what the edge stack's manifest lists and deletes what it no longer lists", async () => {
        ddb.on(QueryCommand).resolves({
            Items: [
                { pk: { S: "SITE#stuttgart-body" }, sk: { S: "EQUIPMENT#retired-press" } },
                { pk: { S: "SITE#stuttgart-body" }, sk: { S: "SITE" } },
            ],
        });
        ddb.on(BatchWriteItemCommand).resolves({ UnprocessedItems: {} });
        s3.on(GetObjectCommand).resolves({ Body: body(manifest), ETag: '"etag-1"' });
        const res = await registrySync.handler(s3Event("manifests/stuttgart-body.json"));
        const expected = 1 + site.gateways.length + site.equipment.length + site.sensors.length;
        assert.deepEqual(res, [{ site: "stuttgart-body", upserted: expected, deleted: 1 }]);
        const requests = ddb.commandCalls(BatchWriteItemCommand).flatMap((c) => c.args[0].input.RequestItems?.["acme-equipment-registry"] ?? []);
        assert.equal(requests.length, expected + 1);
        assert.ok(ddb.commandCalls(BatchWriteItemCommand).every((c) => (c.args[0].input.RequestItems?.["acme-equipment-registry"] ?? []).length <= 25));
        assert.deepEqual(
            requests.filter((r) => r.DeleteRequest).map((r) => r.DeleteRequest?.Key?.sk.S),
            ["EQUIPMENT#retired-press"],
        );
        const vib = requests.find((r) => r.PutRequest?.Item?.sk.S === "SENSOR#weld-robot-01-axis-vibration")?.PutRequest?.Item;
        assert.deepEqual(
            vib && { warning: vib.warning, critical: vib.critical, direction: vib.direction, equipment: vib.equipment },
            marshall({ warning: 4.5, critical: 7.1, direction: "above", equipment: "weld-robot-01" }),
        );
    });

    it("removes the site's items when its manifest is gone", async () => {
        ddb.on(QueryCommand).resolves({
            Items: [
                { pk: { S: "SITE#old-site" }, sk: { S: "SITE" } },
                { pk: { S: "SITE#old-site" }, sk: { S: "SENSOR#x" } },
            ],
        });
        ddb.on(BatchWriteItemCommand).resolves({});
        s3.on(GetObjectCommand).rejects(Object.assign(new Error("gone"), { name: "NoSuchKey" }));
        assert.deepEqual(await registrySync.handler(s3Event("manifests/old-site.json", "ObjectRemoved:Delete")), [
            { site: "old-site", upserted: 0, deleted: 2 },
        ]);
    });

    it("retries unprocessed writes, and leaves the registry alone for a manifest that names another site", async () => {
        registrySync.setSleep(async () => undefined);
        ddb.on(QueryCommand).resolves({ Items: [] });
        ddb.on(BatchWriteItemCommand)
            .resolvesOnce({ UnprocessedItems: { "acme-equipment-registry": [{ DeleteRequest: { Key: { pk: { S: "a" }, sk: { S: "b" } } } }] } })
            .resolves({ UnprocessedItems: {} });
        s3.on(GetObjectCommand).resolves({ Body: body(JSON.stringify({ site: "tiny", equipment: [], sensors: [{ name: "t1" }] })) });
        assert.deepEqual(await registrySync.handler(s3Event("manifests/tiny.json")), [{ site: "tiny", upserted: 2, deleted: 0 }]);
        assert.equal(ddb.commandCalls(BatchWriteItemCommand).length, 2);

        ddb.resetHistory();
        s3.on(GetObjectCommand).resolves({ Body: body(manifest) });
        assert.deepEqual(await registrySync.handler(s3Event("manifests/cork-fill-finish.json")), []);
        assert.equal(ddb.commandCalls(BatchWriteItemCommand).length, 0);
    });
});

describe("functions: db-migrate and work orders", () => {
    beforeEach(setup);
    it("applies pending migrations in one transaction each, and nothing when up to date", async () => {
        // generic behaviour first: aws-sdk-client-mock lets a later definition win
        rds.on(ExecuteStatementCommand).resolves({});
        rds.on(ExecuteStatementCommand, { sql: "SELECT version, checksum FROM schema_migrations ORDER BY version" }).resolves({ records: [] });
        rds.on(BeginTransactionCommand).resolves({ transactionId: "tx1" });
        rds.on(CommitTransactionCommand).resolves({});
        assert.deepEqual(await dbMigrate.handler(), { applied: [1], current: 1 });
        const inTx = rds.commandCalls(ExecuteStatementCommand).filter((c) => c.args[0].input.transactionId === "tx1");
        assert.equal(inTx.length, MIGRATIONS[0].statements.length + 1);
        assert.equal(rds.commandCalls(CommitTransactionCommand).length, 1);

        rds.reset();
        rds.on(ExecuteStatementCommand).resolves({});
        rds.on(ExecuteStatementCommand, { sql: "SELECT version, checksum FROM schema_migrations ORDER BY version" }).resolves({
            records: [[{ longValue: 1 }, { stringValue: checksum(MIGRATIONS[0]) }]],
        });
        assert.deepEqual(await dbMigrate.handler(), { applied: [], current: 1 });
        assert.equal(rds.commandCalls(BeginTransactionCommand).length, 0);
    });

    it("rolls back a failing migration and says which", async () => {
        rds.on(ExecuteStatementCommand).resolves({});
        rds.on(ExecuteStatementCommand, { sql: "SELECT version, checksum FROM schema_migrations ORDER BY version" }).resolves({ records: [] });
        rds.on(ExecuteStatementCommand, { transactionId: "tx9" }).rejects(new Error("syntax error"));
        rds.on(BeginTransactionCommand).resolves({ transactionId: "tx9" });
        rds.on(RollbackTransactionCommand).resolves({});
        await assert.rejects(dbMigrate.handler(), /migration 1 \(work orders and maintenance history\) failed and was rolled back: syntax error/);
        assert.equal(rds.commandCalls(RollbackTransactionCommand).length, 1);
        assert.equal(rds.commandCalls(CommitTransactionCommand).length, 0);
    });

    it("stores the task token on the open work order", async () => {
        rds.on(ExecuteStatementCommand).resolves({ numberOfRecordsUpdated: 1 });
        assert.deepEqual(await ackRequest.handler({ taskToken: "tok", workOrderId: 42, site: "s", equipment: "e", severity: "critical" }), {
            workOrderId: 42,
            waiting: true,
        });
        const first = rds.commandCalls(ExecuteStatementCommand)[0].args[0].input;
        assert.deepEqual(first.parameters, [
            { name: "token", value: { stringValue: "tok" } },
            { name: "id", value: { longValue: 42 } },
        ]);
        rds.reset();
        rds.on(ExecuteStatementCommand).resolves({ numberOfRecordsUpdated: 0 });
        await assert.rejects(
            ackRequest.handler({ taskToken: "tok", workOrderId: 7, site: "s", equipment: "e", severity: "warning" }),
            /work order 7 is not open; cannot wait for its acknowledgment/,
        );
    });

    it("acknowledges: resumes the waiting workflow, or records the ack when the workflow already escalated", async () => {
        rds.on(ExecuteStatementCommand).resolves({ records: [[{ stringValue: "tok-42" }]] });
        sfn.on(SendTaskSuccessCommand).resolves({});
        assert.deepEqual(await ack.handler({ workOrderId: 42, by: "j.doe" }), { workOrderId: 42, acknowledged: true, workflow: "resumed" });
        assert.deepEqual(sfn.commandCalls(SendTaskSuccessCommand)[0].args[0].input, {
            taskToken: "tok-42",
            output: JSON.stringify({ workOrderId: 42, acknowledgedBy: "j.doe" }),
        });

        sfn.reset();
        sfn.on(SendTaskSuccessCommand).rejects(Object.assign(new Error("timed out"), { name: "TaskTimedOut" }));
        assert.deepEqual(await ack.handler({ workOrderId: 42, by: "j.doe" }), { workOrderId: 42, acknowledged: true, workflow: "already-finished" });

        rds.reset();
        rds.on(ExecuteStatementCommand).resolves({ records: [] });
        await assert.rejects(ack.handler({ workOrderId: 9, by: "x" }), /work order 9 does not exist or is not open/);
        await assert.rejects(ack.handler({ workOrderId: 9, by: " " }), /expected \{"workOrderId": <number>, "by": "<who acknowledges>"\}/);
    });
});
