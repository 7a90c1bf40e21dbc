/**
 * The maintenance database's SQL on a real PostgreSQL 15 through an emulation of the RDS Data
 * API (test/fidelity/data-api.ts): the migrations as db-migrate applies them, the statements of
 * the state machine with the parameters its definition builds, and the acknowledgment Lambdas,
 * each the real handler with only its AWS clients replaced.
 */
import * as assert from "node:assert/strict";
import {
    BeginTransactionCommand,
    CommitTransactionCommand,
    ExecuteStatementCommand,
    RDSDataClient,
    RollbackTransactionCommand,
    type SqlParameter,
} from "@aws-sdk/client-rds-data";
import { SFNClient, SendTaskSuccessCommand } from "@aws-sdk/client-sfn";
import { mockClient } from "aws-sdk-client-mock";
import { maintenanceWorkflow } from "../../src/analytics/workflow";
import { DataApiOnPostgres, bind, pascalCase } from "./data-api";
import { type RunningPostgres, startPostgres } from "./postgres";

/** A JSONPath of the simple form Step Functions paths use here: `$.a.b[0][1].c`, `$$.Execution.Id`. */
export function jsonPath(root: unknown, context: unknown, p: string): unknown {
    const [base, rest] = p.startsWith("$$") ? [context, p.slice(2)] : [root, p.slice(1)];
    let v: unknown = base;
    for (const m of rest.matchAll(/\.([A-Za-z0-9_-]+)|\[(\d+)\]/g)) {
        if (v === null || v === undefined) return undefined;
        v = m[1] !== undefined ? (v as Record<string, unknown>)[m[1]] : (v as unknown[])[Number(m[2])];
    }
    return v;
}

/** Parameters of a Task with `"X.$": path` entries resolved (one level deep in `Value`). */
function resolveParameters(params: { Name: string; Value: Record<string, unknown> }[], input: unknown, context: unknown): SqlParameter[] {
    return params.map((p) => ({
        name: p.Name,
        value: Object.fromEntries(
            Object.entries(p.Value).map(([k, v]) =>
                k.endsWith(".$") ? [k[0].toLowerCase() + k.slice(1, -2), jsonPath(input, context, String(v))] : [k[0].toLowerCase() + k.slice(1), v],
            ),
        ),
    })) as unknown as SqlParameter[];
}

describe("fidelity: SQL on a real PostgreSQL through the Data API's types", function () {
    this.timeout(120_000);
    let pg: RunningPostgres;
    let api: DataApiOnPostgres;
    // made in before(): other files mock the same clients when they load
    const mocks = () => ({ rds: mockClient(RDSDataClient), sfn: mockClient(SFNClient) });
    let rds: ReturnType<typeof mocks>["rds"];
    let sfn: ReturnType<typeof mocks>["sfn"];
    const env = { CLUSTER_ARN: "arn:aws:rds:eu-central-1:123456789012:cluster:acme-maintenance", SECRET_ARN: "arn:aws:secretsmanager:x", DATABASE: "postgres" };
    const saved: Record<string, string | undefined> = {};

    before(async () => {
        pg = await startPostgres();
        api = new DataApiOnPostgres(pg);
        await api.connect();
        ({ rds, sfn } = mocks());
        rds.on(ExecuteStatementCommand).callsFake((input) => api.execute(input));
        rds.on(BeginTransactionCommand).callsFake(async () => ({ transactionId: await api.begin() }));
        rds.on(CommitTransactionCommand).callsFake(
            async (input) => (await api.finish(input.transactionId, "COMMIT"), { transactionStatus: "Transaction Committed" }),
        );
        rds.on(RollbackTransactionCommand).callsFake(
            async (input) => (await api.finish(input.transactionId, "ROLLBACK"), { transactionStatus: "Rollback Complete" }),
        );
        for (const [k, v] of Object.entries(env)) {
            saved[k] = process.env[k];
            process.env[k] = v;
        }
    });
    after(async () => {
        rds?.restore();
        sfn?.restore();
        for (const [k, v] of Object.entries(saved)) {
            if (v === undefined) delete process.env[k];
            else process.env[k] = v;
        }
        await api?.close();
        pg?.stop();
    });

    it("binds :name placeholders with the Data API's types and rejects unknown or unused parameters", () => {
        assert.deepEqual(
            bind("SELECT :a, :b, :a", [
                { name: "a", value: { longValue: 1 } },
                { name: "b", value: { stringValue: "x" } },
            ]),
            {
                text: "SELECT $1::int8, $2::varchar, $1::int8",
                values: [1, "x"],
            },
        );
        assert.throws(() => bind("SELECT :a", []), /names :a but no parameter a is sent/);
        assert.throws(() => bind("SELECT 1", [{ name: "a", value: { longValue: 1 } }]), /parameters a are sent but the statement does not name them/);
    });

    it("db-migrate applies every migration in one transaction each, and a second run applies none", async () => {
        const { migrate } = require("../../functions/db-migrate/index") as typeof import("../../functions/db-migrate/index");
        const first = await migrate();
        assert.deepEqual(first.applied, [1]);
        assert.deepEqual(await migrate(), { applied: [], current: 1 });
        const tables = await api.execute({
            sql: "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
            resourceArn: "",
            secretArn: "",
        });
        assert.deepEqual(
            tables.records?.map((r) => r[0].stringValue),
            ["maintenance_history", "schema_migrations", "work_orders"],
        );
    });

    it("the workflow's statements run with the parameters its definition builds; RecordWorkOrder reads the PascalCase result (issue #17 point 10)", async () => {
        const def = maintenanceWorkflow({
            registryTableName: "t",
            clusterArn: env.CLUSTER_ARN,
            secretArn: env.SECRET_ARN,
            database: "postgres",
            criticalTopicArn: "arn:aws:sns:eu-central-1:123456789012:c",
            warningTopicArn: "arn:aws:sns:eu-central-1:123456789012:w",
            ackRequestFunctionArn: "arn:aws:lambda:eu-central-1:123456789012:function:ack",
        }) as {
            States: Record<
                string,
                {
                    Parameters: { Sql: string; Parameters: { Name: string; Value: Record<string, unknown> }[] } & Record<string, string>;
                    ResultSelector?: Record<string, string>;
                }
            >;
        };
        const context = { Execution: { Id: "arn:aws:states:eu-central-1:123456789012:execution:m:e1" } };
        const input: Record<string, unknown> = {
            detail: { site: "stuttgart-body", equipment: "press-1", sensor: "vib", severity: "critical", reason: "z-score 6.1", value: 12.5, eventId: "evt-1" },
        };
        const run = async (state: string) => {
            const s = def.States[state];
            const out = await api.execute({
                sql: s.Parameters.Sql,
                parameters: resolveParameters(s.Parameters.Parameters, input, context),
                resourceArn: "",
                secretArn: "",
            });
            // what Step Functions hands the state: the SDK response in PascalCase, through the ResultSelector
            const result = pascalCase(out) as Record<string, unknown>;
            return s.ResultSelector
                ? Object.fromEntries(Object.entries(s.ResultSelector).map(([k, p]) => [k.slice(0, -2), jsonPath(result, context, p)]))
                : result;
        };
        input.open = await run("CheckOpenWorkOrder");
        assert.equal(jsonPath(input, context, "$.open.records[0]"), undefined);
        input.created = await run("CreateWorkOrder");
        const idPath = def.States.RecordWorkOrder.Parameters["id.$"];
        assert.equal(idPath, "$.created.records[0][0].LongValue");
        const id = jsonPath(input, context, idPath);
        assert.equal(typeof id, "number");
        assert.equal(jsonPath(input, context, "$.created.records[0][0].longValue"), undefined, "the camelCase path of the SDK reads nothing in Step Functions");
        input.workOrder = { id };
        // the same event again: ON CONFLICT DO NOTHING, no record, the Created choice skips
        assert.deepEqual(await run("CreateWorkOrder"), { records: [] });
        assert.equal(jsonPath(input, context, "$.created2.records[0]"), undefined);
        assert.deepEqual((await run("CheckOpenWorkOrder")).records, [[{ LongValue: id }]]);
        const marked = await run("MarkEscalated");
        assert.equal(marked.NumberOfRecordsUpdated, 1);
    });

    it("work-order-ack-request stores the task token; work-order-ack records the acknowledgment and resumes the workflow with it", async () => {
        const created = await api.execute({
            sql: "INSERT INTO work_orders (site, equipment, severity) VALUES (:site, :equipment, :severity) RETURNING id",
            parameters: [
                { name: "site", value: { stringValue: "austin-smt" } },
                { name: "equipment", value: { stringValue: "reflow-1" } },
                { name: "severity", value: { stringValue: "warning" } },
            ],
            resourceArn: "",
            secretArn: "",
        });
        const id = created.records![0][0].longValue!;
        const request = require("../../functions/work-order-ack-request/index") as typeof import("../../functions/work-order-ack-request/index");
        const ack = require("../../functions/work-order-ack/index") as typeof import("../../functions/work-order-ack/index");
        assert.deepEqual(await request.handler({ taskToken: "token-1", workOrderId: id, site: "austin-smt", equipment: "reflow-1", severity: "warning" }), {
            workOrderId: id,
            waiting: true,
        });
        sfn.on(SendTaskSuccessCommand).resolves({});
        assert.deepEqual(await ack.handler({ workOrderId: id, by: "j.doe" }), { workOrderId: id, acknowledged: true, workflow: "resumed" });
        assert.equal(sfn.commandCalls(SendTaskSuccessCommand)[0].args[0].input.taskToken, "token-1");
        const history = await api.execute({
            sql: "SELECT action, actor FROM maintenance_history WHERE work_order_id = :id ORDER BY id",
            parameters: [{ name: "id", value: { longValue: id } }],
            resourceArn: "",
            secretArn: "",
        });
        assert.deepEqual(
            history.records?.map((r) => [r[0].stringValue, r[1].stringValue]),
            [
                ["ack-requested", "workflow"],
                ["acknowledged", "j.doe"],
            ],
        );
        await assert.rejects(ack.handler({ workOrderId: id, by: "again" }), /is not open/);
    });
});
