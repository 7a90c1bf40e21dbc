/**
 * The ML platform wiring of a region (issues #16 and #20): the lake export SQL and the forecasts
 * table's columns, the job state machines against asl-validator, the forecaster and edge-anomaly
 * handlers against mocked AWS clients, the new roles simulated with @cloud-copilot/iam-simulate,
 * and the gateway's anomaly channel in its IoT policy. The plan wiring: platform-plan.test.ts.
 */
import assert from "node:assert/strict";
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { mockClient } from "aws-sdk-client-mock";
import * as edgeAnomaly from "../../functions/edge-anomaly";
import * as forecaster from "../../functions/forecaster";
import { anomalyTopic } from "../../edge/inference/bus";
import { ATHENA_RESERVED, lakeReadingsSql, recordFields, TELEMETRY_COLUMNS } from "../../src/analytics/glue";
import { gatewayPolicyDocument, THING_NAME_VAR } from "../../src/edge/policies";
import {
    FORECAST_COLUMNS,
    FORECAST_PARTITION_KEYS,
    forecastExport,
    forecastingSql,
    forecastingStateMachine,
    forecastKey,
    forecastSeriesOf,
    fromAthenaCsv,
    reservedColumns,
} from "../../src/forecast/lake";
import type { PolicyDocument } from "../../src/iam";
import { retrainingSql } from "../../src/models/retraining-workflow";
import { names } from "../../src/naming";
import { forecasterStatements, jobStateMachinePolicy, readModelsStatement, schedulePolicy, trainerStatements } from "../../src/region/lake-jobs";
import { allOptionsFleet, unknownActions } from "../extras/helpers";
import { saveSend } from "./helpers";

const aslValidator = require("asl-validator") as (d: unknown) => { isValid: boolean; errorsText: (sep?: string) => string };

const ACCOUNT = "123456789012";
const REGION = "eu-central-1";
const LAKE = "arn:aws:s3:::acme-lake";
const ARTIFACTS = "arn:aws:s3:::acme-artifacts";
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234`;

async function decide(policy: PolicyDocument, action: string, resource: string, context: Record<string, string> = {}): Promise<string> {
    const res = await runSimulation(
        {
            identityPolicies: [{ name: "p", policy: policy as never }],
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            request: { action, principal: `arn:aws:iam::${ACCOUNT}:role/acme-job`, resource: { accountId: ACCOUNT, resource }, contextVariables: context },
        },
        {},
    );
    if (res.resultType === "error") throw new Error(JSON.stringify(res.errors));
    return res.overallResult;
}

const policyOf = (...statements: PolicyDocument["Statement"]): PolicyDocument => ({ Version: "2012-10-17", Statement: statements });

describe("models: platform wiring", function () {
    this.timeout(120_000);

    describe("lake export and forecasts table", () => {
        it("reads single and batched readings of the last days, with partition pruning", () => {
            assert.deepEqual(recordFields(), ["sensor", "ts", "value", "window", "min", "max", "mean", "count", "severity", "threshold", "state"]);
            const sql = lakeReadingsSql({ database: "acme_telemetry", table: "readings", days: 15 });
            assert.equal(
                sql,
                `SELECT site, sensor, ts, value FROM (SELECT site, sensor, ts, coalesce(value, mean) AS value FROM "acme_telemetry"."readings" ` +
                    `WHERE "date" >= date_format(current_date - interval '15' day, '%Y-%m-%d') AND channel = 'telemetry' AND coalesce(cardinality(records), 0) = 0 ` +
                    `UNION ALL SELECT site, r_sensor AS sensor, r_ts AS ts, coalesce(r_value, r_mean) AS value FROM "acme_telemetry"."readings" ` +
                    `CROSS JOIN UNNEST(records) AS b(r_sensor, r_ts, r_value, r_window, r_min, r_max, r_mean, r_count, r_severity, r_threshold, r_state) ` +
                    `WHERE "date" >= date_format(current_date - interval '15' day, '%Y-%m-%d') AND channel = 'telemetry') ` +
                    `WHERE ts > CAST(to_unixtime(current_timestamp - interval '15' day) * 1000 AS bigint) AND value IS NOT NULL`,
            );
            assert.equal(
                retrainingSql({ database: "d", table: "t", days: 3 }),
                `SELECT sensor, ts, value FROM (${lakeReadingsSql({ database: "d", table: "t", days: 3 })}) ORDER BY sensor, ts`,
            );
            assert.throws(() => lakeReadingsSql({ database: "d", table: "t", days: 0 }), /days must be a whole number of days >= 1, got 0/);
        });

        it("forecast columns avoid Athena's reserved words; the readings table shows what the check catches", () => {
            assert.deepEqual(reservedColumns([...FORECAST_COLUMNS, ...FORECAST_PARTITION_KEYS]), []);
            assert.deepEqual(reservedColumns(TELEMETRY_COLUMNS), ["window"]);
            assert.equal(ATHENA_RESERVED.has("DATE"), true);
            assert.equal(ATHENA_RESERVED.has("VALUE"), false);
            assert.deepEqual(
                FORECAST_COLUMNS.map((c) => c.name),
                [
                    "series",
                    "site",
                    "sensor",
                    "target_ms",
                    "predicted",
                    "lower_bound",
                    "upper_bound",
                    "interval_level",
                    "method",
                    "season_steps",
                    "generated_ms",
                ],
            );
        });

        it("forecasts the power and flow sensors of the region's sites; counters become hourly increases", () => {
            const fleet = allOptionsFleet();
            const region = fleet.regions.find((r) => r.name === REGION)!;
            const series = forecastSeriesOf(fleet, region);
            const expected = fleet.sites
                .filter((s) => s.region === REGION)
                .flatMap((s) => s.sensors.filter((x) => ["power", "flow"].includes(x.kind)).map((x) => `${s.name}/${x.name}`))
                .sort();
            assert.deepEqual(
                series.map((s) => `${s.site}/${s.sensor}`),
                expected,
            );
            assert.ok(expected.length > 0);
            assert.equal(
                series.every((s) => !s.counter),
                true,
            );
            const sql = forecastingSql({
                database: "d",
                table: "t",
                days: 28,
                series: [
                    { site: "a", sensor: "meter", kind: "energy", counter: true },
                    { site: "a", sensor: "o'brien", kind: "power", counter: false },
                ],
            });
            assert.match(sql, /CASE WHEN site \|\| '\/' \|\| sensor IN \('a\/meter'\) THEN max\(value\) - min\(value\) ELSE avg\(value\) END AS value/);
            assert.match(sql, /IN \('a\/meter', 'a\/o''brien'\) GROUP BY/);
            assert.throws(() => forecastingSql({ database: "d", table: "t", days: 28, series: [] }), /at least one series/);
        });

        it("turns Athena's quoted CSV into the forecaster's; forecasts every good series and names the skipped", () => {
            assert.equal(
                fromAthenaCsv('"series","ts","value"\n"a/x","3600","1.5"\n"a/y","7200",""\n"q","1","say ""hi"""\n'),
                'series,ts,value\na/x,3600,1.5\na/y,7200,\nq,1,say "hi"',
            );
            const lines = ['"series","ts","value"'];
            for (let h = 0; h < 24 * 21; h++) lines.push(`"s1/energy","${h * 3600}","${100 + 20 * Math.sin((2 * Math.PI * h) / 24) + (h % 7)}"`);
            lines.push('"s1/short","0","1"', '"s1/short","3600","2"');
            const f = forecastExport(lines.join("\n"), { horizonHours: 48, level: 90, generatedMs: Date.UTC(2026, 11, 6, 2, 30) });
            assert.deepEqual(f.skipped, [{ series: "s1/short", reason: "series s1/short: 2 reading(s); a forecast needs at least 3" }]);
            assert.equal(f.forecast.length, 1);
            assert.equal(f.forecast[0].points, 48);
            const rows = f.rows
                .trim()
                .split("\n")
                .map((l) => JSON.parse(l) as Record<string, number | string>);
            assert.equal(rows.length, 48);
            assert.deepEqual(
                Object.keys(rows[0]),
                FORECAST_COLUMNS.map((c) => c.name),
            );
            assert.equal(rows[0].target_ms, 24 * 21 * 3600 * 1000);
            assert.equal(rows[0].site, "s1");
            assert.equal(rows[0].interval_level, 90);
            for (const r of rows)
                assert.ok(
                    Number.isFinite(r.predicted) &&
                        (r.lower_bound as number) <= (r.predicted as number) &&
                        (r.predicted as number) <= (r.upper_bound as number),
                );
            assert.deepEqual(forecastExport("sensor,ts,value\n", { horizonHours: 1, level: 95, generatedMs: 0 }).skipped, [
                { series: "*", reason: 'header is "sensor,ts,value"; expected "series,ts,value"' },
            ]);
            assert.equal(forecastKey("forecasts/", Date.UTC(2026, 11, 6, 2, 30, 5, 7)), "forecasts/run_date=2026-12-06/forecasts-20261206T023005007Z.json");
        });
    });

    describe("state machines (asl-validator)", () => {
        const def = forecastingStateMachine({
            workgroup: "acme-telemetry",
            database: "acme_telemetry",
            table: "readings",
            forecasterFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:acme-forecaster`,
            series: [{ site: "a", sensor: "p", kind: "power", counter: false }],
            days: 28,
            horizonHours: 168,
        });
        it("the forecasting definition is valid and reads the SDK's PascalCase results", () => {
            const r = aslValidator(def);
            assert.equal(r.isValid, true, r.errorsText("\n"));
            const states = def.States as Record<string, Record<string, unknown>>;
            assert.deepEqual(states.ExportSeries.ResultSelector, { "csv.$": "$.QueryExecution.ResultConfiguration.OutputLocation" });
            assert.deepEqual(states.Forecast.ResultSelector, { "result.$": "$.Payload" });
            assert.deepEqual(states.Forecast.Parameters, {
                FunctionName: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:acme-forecaster`,
                Payload: { "csv.$": "$.export.csv", horizonHours: 168 },
            });
            const broken = structuredClone(def) as { States: Record<string, Record<string, unknown>> };
            broken.States.Forecast.Next = "Nowhere";
            assert.equal(aslValidator(broken).isValid, false);
            assert.throws(
                () => forecastingStateMachine({ workgroup: "w", database: "d", table: "t", forecasterFunctionArn: "x", series: [], days: 1, horizonHours: 1 }),
                /2-366 days, got 1/,
            );
        });
    });

    describe("forecaster handler (S3 mocked)", () => {
        let restore: () => void;
        let s3: ReturnType<typeof mockClient>;
        const env = { ...process.env };
        before(() => {
            restore = saveSend([S3Client]);
            s3 = mockClient(S3Client);
            process.env.LAKE_BUCKET = "acme-lake";
            process.env.FORECASTS_PREFIX = "forecasts/";
        });
        after(() => {
            s3.restore();
            restore();
            for (const k of ["LAKE_BUCKET", "FORECASTS_PREFIX"]) if (env[k] === undefined) delete process.env[k];
        });

        it("reads the export, writes one JSON-lines object under run_date, reports what it skipped", async () => {
            s3.reset();
            const csv = ['"series","ts","value"', ...Array.from({ length: 72 }, (_, h) => `"s/p","${h * 3600}","${10 + (h % 24)}"`)].join("\n");
            s3.on(GetObjectCommand, { Bucket: "acme-lake", Key: "athena-results/q.csv" }).resolves({ Body: { transformToString: async () => csv } } as never);
            s3.on(PutObjectCommand).resolves({});
            const now = Date.UTC(2026, 11, 6, 2, 30);
            const out = await forecaster.run({ csv: "s3://acme-lake/athena-results/q.csv", horizonHours: 24 }, now);
            assert.deepEqual(out, { key: "forecasts/run_date=2026-12-06/forecasts-20261206T023000000Z.json", series: 1, rows: 24, skipped: [] });
            const put = s3.commandCalls(PutObjectCommand);
            assert.equal(put.length, 1);
            assert.equal(put[0].args[0].input.Bucket, "acme-lake");
            assert.equal(put[0].args[0].input.Key, out.key);
            assert.equal(String(put[0].args[0].input.Body).trim().split("\n").length, 24);
        });

        it("rejects a bad input before reading anything; writes nothing when nothing can be forecast", async () => {
            s3.reset();
            await assert.rejects(
                forecaster.run({ csv: "athena-results/q.csv", horizonHours: 24 }, 0),
                /csv: expected s3:\/\/bucket\/key, got "athena-results\/q.csv"/,
            );
            await assert.rejects(forecaster.run({ csv: "s3://b/k", horizonHours: 0 }, 0), /horizonHours: expected 1-2160 hours, got 0/);
            assert.equal(s3.commandCalls(GetObjectCommand).length, 0);
            s3.on(GetObjectCommand).resolves({ Body: { transformToString: async () => '"series","ts","value"\n"s/p","0","1"\n' } } as never);
            const out = await forecaster.run({ csv: "s3://b/k", horizonHours: 24 }, 0);
            assert.deepEqual(out, { series: 0, rows: 0, skipped: [{ series: "s/p", reason: "series s/p: 1 reading(s); a forecast needs at least 3" }] });
            assert.equal(s3.commandCalls(PutObjectCommand).length, 0);
        });
    });

    describe("edge-anomaly handler (DynamoDB and EventBridge mocked)", () => {
        let restore: () => void;
        let ddb: ReturnType<typeof mockClient>;
        let bus: ReturnType<typeof mockClient>;
        const env = { ...process.env };
        const message = {
            topic_site: "cork-fill-finish",
            topic_thing: "acme-cork-fill-finish-gw-1",
            sensor: "filler-01-main-drive-current",
            ts: Date.UTC(2026, 11, 6, 9, 0),
            value: 9.7,
            score: 14.2,
            reason: "level",
            parts: { burst: 1, spike: 2, level: 14.2 },
            model: "vibration-anomaly",
            modelSha256: "a".repeat(64),
            source: "edge",
        };
        before(() => {
            restore = saveSend([DynamoDBClient, EventBridgeClient]);
            ddb = mockClient(DynamoDBClient);
            bus = mockClient(EventBridgeClient);
            process.env.REGISTRY_TABLE = "acme-equipment-registry";
            process.env.EVENT_BUS_NAME = "acme-fleet-events";
        });
        after(() => {
            ddb.restore();
            bus.restore();
            restore();
            for (const k of ["REGISTRY_TABLE", "EVENT_BUS_NAME"]) if (env[k] === undefined) delete process.env[k];
        });

        it("puts an Equipment Anomaly event with the edge source and the registry's equipment on the bus", async () => {
            ddb.reset();
            bus.reset();
            ddb.on(GetItemCommand, {
                TableName: "acme-equipment-registry",
                Key: { pk: { S: "SITE#cork-fill-finish" }, sk: { S: "SENSOR#filler-01-main-drive-current" } },
            }).resolves({
                Item: { equipment: { S: "filler-01" }, unit: { S: "A" } },
            });
            bus.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: "1" }] });
            assert.deepEqual(await edgeAnomaly.handler(message), { forwarded: true });
            const entry = bus.commandCalls(PutEventsCommand)[0].args[0].input.Entries![0];
            assert.equal(entry.Source, "fleet.edge-inference");
            assert.equal(entry.DetailType, "Equipment Anomaly");
            assert.equal(entry.EventBusName, "acme-fleet-events");
            const detail = JSON.parse(entry.Detail!);
            assert.deepEqual(
                [
                    detail.eventId,
                    detail.site,
                    detail.equipment,
                    detail.severity,
                    detail.reason,
                    detail.value,
                    detail.unit,
                    detail.knownSensor,
                    detail.observedAt,
                ],
                [
                    "cork-fill-finish/filler-01-main-drive-current/1796547600000/edge",
                    "cork-fill-finish",
                    "filler-01",
                    "warning",
                    "model-level",
                    9.7,
                    "A",
                    true,
                    "2026-12-06T09:00:00.000Z",
                ],
            );
        });

        it("drops a malformed message with every problem named; a rejected event throws for the retry and the dead-letter queue", async () => {
            ddb.reset();
            bus.reset();
            const bad = await edgeAnomaly.handler({ ...message, topic_site: undefined, score: "high", modelSha256: "xyz" });
            assert.deepEqual(bad, {
                forwarded: false,
                problems: ["topic_site: expected a non-empty string", "score: expected a finite number", "modelSha256: expected 64 hex digits"],
            });
            assert.equal(bus.commandCalls(PutEventsCommand).length, 0);
            ddb.on(GetItemCommand).resolves({});
            bus.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: "InternalFailure" }] });
            await assert.rejects(edgeAnomaly.handler(message), /EventBridge rejected the anomaly event: InternalFailure/);
            const detail = JSON.parse(bus.commandCalls(PutEventsCommand)[0].args[0].input.Entries![0].Detail!);
            assert.deepEqual([detail.equipment, detail.knownSensor], ["filler-01-main-drive-current", false]);
        });
    });

    describe("IAM of the new roles (simulated)", () => {
        const scope = { partition: "aws", region: REGION, account: ACCOUNT };
        const lake = { lakeBucketArn: LAKE, kmsKeyArn: KEY, workgroup: "acme-telemetry", database: "acme_telemetry" };
        const fn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:acme-model-trainer`;
        const machine = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:acme-model-retraining`;

        it("the job state machine runs its query in its workgroup and invokes its function, nothing else", async () => {
            const p = jobStateMachinePolicy(scope, lake, fn);
            const wg = (w: string) => `arn:aws:athena:${REGION}:${ACCOUNT}:workgroup/${w}`;
            assert.equal(await decide(p, "athena:StartQueryExecution", wg("acme-telemetry")), "Allowed");
            assert.equal(await decide(p, "athena:StartQueryExecution", wg("primary")), "ImplicitlyDenied");
            assert.equal(await decide(p, "glue:GetTable", `arn:aws:glue:${REGION}:${ACCOUNT}:table/acme_telemetry/readings`), "Allowed");
            assert.equal(await decide(p, "glue:GetTable", `arn:aws:glue:${REGION}:${ACCOUNT}:table/other/readings`), "ImplicitlyDenied");
            assert.equal(await decide(p, "s3:PutObject", `${LAKE}/athena-results/q.csv`), "Allowed");
            assert.equal(await decide(p, "s3:PutObject", `${LAKE}/site=a/date=2026-12-06/x.gz`), "ImplicitlyDenied");
            assert.equal(await decide(p, "s3:GetObject", `${LAKE}/site=a/date=2026-12-06/x.gz`), "Allowed");
            assert.equal(await decide(p, "lambda:InvokeFunction", fn), "Allowed");
            assert.equal(await decide(p, "lambda:InvokeFunction", `arn:aws:lambda:${REGION}:${ACCOUNT}:function:acme-db-migrate`), "ImplicitlyDenied");
            assert.equal(await decide(p, "s3:DeleteObject", `${LAKE}/athena-results/q.csv`), "ImplicitlyDenied");
        });

        it("the schedule starts its one state machine", async () => {
            const p = schedulePolicy(machine);
            assert.equal(await decide(p, "states:StartExecution", machine), "Allowed");
            assert.equal(
                await decide(p, "states:StartExecution", `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:acme-maintenance-workflow`),
                "ImplicitlyDenied",
            );
        });

        it("the trainer reads exports, reads and writes its models' versions and pointers, and no other model or lake data", async () => {
            const p = policyOf(...trainerStatements(LAKE, ARTIFACTS, ["spindle", "vibration-anomaly"]));
            assert.equal(await decide(p, "s3:GetObject", `${LAKE}/athena-results/q.csv`), "Allowed");
            assert.equal(await decide(p, "s3:GetObject", `${LAKE}/site=a/date=2026-12-06/x.gz`), "ImplicitlyDenied");
            assert.equal(await decide(p, "s3:PutObject", `${ARTIFACTS}/models/spindle/current.json`), "Allowed");
            assert.equal(await decide(p, "s3:PutObject", `${ARTIFACTS}/models/spindle/${"b".repeat(64)}/model.tar.gz`), "Allowed");
            assert.equal(await decide(p, "s3:PutObject", `${ARTIFACTS}/models/other/current.json`), "ImplicitlyDenied");
            assert.equal(await decide(p, "s3:PutObject", `${ARTIFACTS}/manifests/cork.json`), "ImplicitlyDenied");
            assert.equal(await decide(p, "s3:GetObject", `${ARTIFACTS}/manifests/cork.json`), "ImplicitlyDenied");
            assert.equal(await decide(p, "s3:ListBucket", ARTIFACTS), "Allowed");
            assert.equal(await decide(p, "s3:DeleteObject", `${ARTIFACTS}/models/spindle/current.json`), "ImplicitlyDenied");
        });

        it("the forecaster writes forecasts only; the scorer reads its models only", async () => {
            const f = policyOf(...forecasterStatements(LAKE));
            assert.equal(await decide(f, "s3:PutObject", `${LAKE}/forecasts/run_date=2026-12-06/f.json`), "Allowed");
            assert.equal(await decide(f, "s3:PutObject", `${LAKE}/site=a/date=2026-12-06/x.gz`), "ImplicitlyDenied");
            assert.equal(await decide(f, "s3:GetObject", `${LAKE}/forecasts/run_date=2026-12-06/f.json`), "ImplicitlyDenied");
            const s = policyOf(readModelsStatement(ARTIFACTS, ["vibration-anomaly"]));
            assert.equal(await decide(s, "s3:GetObject", `${ARTIFACTS}/models/vibration-anomaly/current.json`), "Allowed");
            assert.equal(await decide(s, "s3:GetObject", `${ARTIFACTS}/models/other/current.json`), "ImplicitlyDenied");
            assert.equal(await decide(s, "s3:PutObject", `${ARTIFACTS}/models/vibration-anomaly/current.json`), "ImplicitlyDenied");
            assert.deepEqual(
                await unknownActions(
                    jobStateMachinePolicy(scope, lake, fn),
                    schedulePolicy(machine),
                    policyOf(...trainerStatements(LAKE, ARTIFACTS, ["m"])),
                    f,
                    s,
                ),
                [],
            );
        });

        it("a gateway may publish on its own anomaly topic, not on another gateway's", async () => {
            // AWS IoT resolves the thing-name variable from the connecting certificate; the simulator does not know it, so it is substituted
            const text = JSON.stringify(gatewayPolicyDocument(scope, "acme", "cork-fill-finish"))
                .split(THING_NAME_VAR)
                .join("acme-cork-fill-finish-gw-1");
            const p = JSON.parse(text) as PolicyDocument;
            const topic = (thing: string) => `arn:aws:iot:${REGION}:${ACCOUNT}:topic/${names.anomalyTopic("cork-fill-finish", thing)}`;
            const ctx = {};
            assert.equal(names.anomalyTopic("cork-fill-finish", "gw"), anomalyTopic("cork-fill-finish", "gw"));
            assert.equal(await decide(p, "iot:Publish", topic("acme-cork-fill-finish-gw-1"), ctx), "Allowed");
            assert.equal(await decide(p, "iot:Publish", topic("acme-cork-fill-finish-gw-2"), ctx), "ImplicitlyDenied");
        });
    });
});
