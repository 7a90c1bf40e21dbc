/**
 * The workflow users of a plan's roles (see iam-users.ts for the Lambda functions), and what they
 * really request:
 * - State machines: the integration of each Task state (Step Functions developer guide, "IAM
 *   policies for integrated services"), logging ("IAM policies for logging to CloudWatch Logs":
 *   the log-delivery actions on *) and X-Ray.
 * - EventBridge targets with a role: states:StartExecution on the target (EventBridge user guide,
 *   "Using IAM roles to invoke targets"); EventBridge Scheduler schedules likewise.
 */
import { LOG_DELIVERY_ACTIONS } from "../../src/region/lake-jobs";
import type { Request, User } from "./iam-sim";
import { list } from "./iam";
import { doc } from "./fleets";
import { arnOf, forbidden, ofType, roleDocuments, roleName, viaKey, type RegionView } from "./iam-users";

/** Step Functions optimized and SDK integrations → the IAM action each Task resource calls. */
function taskRequests(v: RegionView, state: Record<string, unknown>, name: string): Request[] {
    const res = String(state.Resource);
    const p = (state.Parameters ?? {}) as Record<string, unknown>;
    const why = `Task ${name} (${res})`;
    if (res === "arn:aws:states:::dynamodb:getItem")
        return [{ action: "dynamodb:GetItem", resource: arnOf(v, "dynamodb", `table/${String(p.TableName)}`), why }];
    if (res === "arn:aws:states:::aws-sdk:rdsdata:executeStatement")
        return [
            { action: "rds-data:ExecuteStatement", resource: String(p.ResourceArn), why },
            { action: "secretsmanager:GetSecretValue", resource: String(p.SecretArn), why: `${why}: the Data API reads the secret as the caller` },
            ...viaKey(v, String(p.SecretArn), why),
        ];
    if (res === "arn:aws:states:::sns:publish") {
        const topic = String(p.TopicArn);
        const t = ofType(v, "aws:sns/topic:Topic").find((x) => topic.endsWith(`:${String(x.inputs.name)}`));
        const key = t?.inputs.kmsMasterKeyId as string | undefined;
        // SNS developer guide, "Encryption at rest": a publisher to an encrypted topic needs GenerateDataKey and Decrypt
        const kms = key ? ["kms:GenerateDataKey", "kms:Decrypt"].map((action) => ({ action, resource: key, why: `${why}: encrypted topic` })) : [];
        return [{ action: "sns:Publish", resource: topic, why }, ...kms];
    }
    if (res.startsWith("arn:aws:states:::lambda:invoke")) return [{ action: "lambda:InvokeFunction", resource: String(p.FunctionName), why }];
    if (res === "arn:aws:states:::athena:startQueryExecution.sync") return athenaRequests(v, p, why);
    throw new Error(`${why}: no IAM mapping for this integration; add it to taskRequests in test/fidelity/iam-users.ts`);
}

/**
 * `athena:startQueryExecution.sync`: what the role needs for Step Functions to run the query and
 * wait for it, and what Athena does with the caller's credentials while it runs. Step Functions
 * developer guide, "Run Athena queries with Step Functions" and "IAM policies for Amazon Athena"
 * (athena:StartQueryExecution, GetQueryExecution, StopQueryExecution on the workgroup); Athena
 * user guide, "Fine-grained access to databases and tables in the AWS Glue Data Catalog" (a table
 * read needs glue:GetDatabase/GetTable/GetPartitions on the catalog, the database and the table)
 * and "Access to Amazon S3" (the caller lists and reads the table's location and writes the
 * results to the workgroup's output location); "Encrypting Athena query results stored in Amazon
 * S3" (SSE_KMS results: kms:GenerateDataKey and kms:Decrypt on the workgroup's key).
 */
function athenaRequests(v: RegionView, p: Record<string, unknown>, why: string): Request[] {
    const wgName = String(p.WorkGroup);
    const wg = ofType(v, "aws:athena/workgroup:Workgroup").find((w) => w.inputs.name === wgName);
    if (!wg) throw new Error(`${why}: workgroup ${wgName} is not in the plan`);
    const result = (wg.inputs.configuration as { resultConfiguration?: { outputLocation?: string; encryptionConfiguration?: { kmsKeyArn?: string } } })
        .resultConfiguration;
    const out: Request[] = ["athena:StartQueryExecution", "athena:GetQueryExecution", "athena:StopQueryExecution"].map((action) => ({
        action,
        resource: arnOf(v, "athena", `workgroup/${wgName}`),
        why,
    }));
    const glue = (rest: string) => arnOf(v, "glue", rest);
    const db = String((p.QueryExecutionContext as { Database?: string } | undefined)?.Database);
    const named = new Set([...String(p.QueryString).matchAll(/"(\w+)"\."(\w+)"/g)].map((m) => `${m[1]}.${m[2]}`));
    const tables = [...named].map((n) => ({ db: n.split(".")[0], table: n.split(".")[1] }));
    if (tables.length === 0) throw new Error(`${why}: no "database"."table" in the query`);
    for (const d of new Set([db, ...tables.map((t) => t.db)]))
        for (const r of ["catalog", `database/${d}`]) out.push({ action: "glue:GetDatabase", resource: glue(r), why: `${why}: catalog` });
    for (const t of tables) {
        const def = ofType(v, "aws:glue/catalogTable:CatalogTable").find((x) => x.inputs.name === t.table && x.inputs.databaseName === t.db);
        if (!def) throw new Error(`${why}: table ${t.db}.${t.table} is not in the plan`);
        for (const r of ["catalog", `database/${t.db}`, `table/${t.db}/${t.table}`])
            for (const action of ["glue:GetTable", "glue:GetPartitions"]) out.push({ action, resource: glue(r), why: `${why}: reads ${t.table}` });
        const loc = String((def.inputs.storageDescriptor as { location?: string }).location).slice(5);
        const bucket = loc.split("/")[0];
        out.push(
            { action: "s3:ListBucket", resource: `arn:aws:s3:::${bucket}`, why: `${why}: lists ${t.table}` },
            { action: "s3:GetBucketLocation", resource: `arn:aws:s3:::${bucket}`, why: `${why}: lists ${t.table}` },
            { action: "s3:GetObject", resource: `arn:aws:s3:::${loc}date=2026-12-06/part-0.parquet`, why: `${why}: reads ${t.table}` },
            ...viaKey(v, `arn:aws:s3:::${loc}x`, `${why}: reads ${t.table}`),
        );
    }
    const results = `arn:aws:s3:::${String(result?.outputLocation).slice(5)}0b7c2f4e-1d2a-4c3b-9e8f-123456789abc.csv`;
    out.push(
        { action: "s3:PutObject", resource: results, why: `${why}: writes the results` },
        { action: "s3:AbortMultipartUpload", resource: results, why: `${why}: writes the results` },
    );
    const key = result?.encryptionConfiguration?.kmsKeyArn;
    if (key) for (const action of ["kms:GenerateDataKey", "kms:Decrypt"]) out.push({ action, resource: key, why: `${why}: SSE_KMS results` });
    return out;
}

/** Task states of a definition, including those inside Map item processors and Parallel branches. */
function tasks(states: Record<string, Record<string, unknown>>): [string, Record<string, unknown>][] {
    return Object.entries(states).flatMap(([n, s]) => {
        type Inner = { States: Record<string, Record<string, unknown>> };
        const inner = [...((s.ItemProcessor ?? s.Iterator) ? [(s.ItemProcessor ?? s.Iterator) as Inner] : []), ...list(s.Branches as Inner[] | undefined)];
        return [...(s.Type === "Task" ? [[n, s] as [string, Record<string, unknown>]] : []), ...inner.flatMap((i) => tasks(i.States))];
    });
}

/** The state machines of a region as users of their roles. */
export function stateMachineUsers(v: RegionView): User[] {
    return ofType(v, "aws:sfn/stateMachine:StateMachine").map((sm) => {
        const def = doc<{ States: Record<string, Record<string, unknown>> }>(sm.inputs.definition);
        const allowed = tasks(def.States).flatMap(([n, s]) => taskRequests(v, s, n));
        if ((sm.inputs.loggingConfiguration as { level?: string } | undefined)?.level !== "OFF")
            for (const action of LOG_DELIVERY_ACTIONS) allowed.push({ action, resource: "*", why: "logging to CloudWatch Logs" });
        if ((sm.inputs.tracingConfiguration as { enabled?: boolean } | undefined)?.enabled)
            for (const action of ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"])
                allowed.push({ action, resource: "*", why: "X-Ray tracing" });
        const key = (sm.inputs.encryptionConfiguration as { kmsKeyId?: string } | undefined)?.kmsKeyId;
        // Step Functions developer guide, "Data at rest encryption": the execution role needs GenerateDataKey and Decrypt on the key
        if (key)
            for (const action of ["kms:GenerateDataKey", "kms:Decrypt"])
                allowed.push({ action, resource: key, why: "customer managed key of the state machine" });
        const role = String(sm.inputs.roleArn);
        return {
            label: `${v.region} state machine ${String(sm.inputs.name)}`,
            kind: "role",
            principalArn: role,
            documents: roleDocuments(v, roleName(role)),
            allowed,
            denied: forbidden(v),
        };
    });
}

/** EventBridge targets that use a role: states:StartExecution on their state machine. */
export function eventTargetUsers(v: RegionView): User[] {
    return ofType(v, "aws:cloudwatch/eventTarget:EventTarget")
        .filter((t) => t.inputs.roleArn && String(t.inputs.arn).includes(":states:"))
        .map((t) => {
            const role = String(t.inputs.roleArn);
            return {
                label: `${v.region} EventBridge target ${t.name}`,
                kind: "role",
                principalArn: role,
                documents: roleDocuments(v, roleName(role)),
                allowed: [{ action: "states:StartExecution", resource: String(t.inputs.arn), why: "rule target" }],
                denied: [
                    ...forbidden(v),
                    { action: "states:StartExecution", resource: arnOf(v, "states", "stateMachine:another-machine"), why: "another state machine" },
                ],
            };
        });
}

/** EventBridge Scheduler schedules with a state machine target: states:StartExecution with the schedule's role (Scheduler user guide, "Set up the execution role"). */
export function scheduleUsers(v: RegionView): User[] {
    return ofType(v, "aws:scheduler/schedule:Schedule")
        .map((s) => ({ s, t: s.inputs.target as { arn?: string; roleArn?: string } }))
        .filter(({ t }) => t?.roleArn && String(t.arn).includes(":states:"))
        .map(({ s, t }) => {
            const role = String(t.roleArn);
            return {
                label: `${v.region} EventBridge Scheduler schedule ${String(s.inputs.name)}`,
                kind: "role",
                principalArn: role,
                documents: roleDocuments(v, roleName(role)),
                allowed: [{ action: "states:StartExecution", resource: String(t.arn), why: "schedule target" }],
                denied: [
                    ...forbidden(v),
                    { action: "states:StartExecution", resource: arnOf(v, "states", "stateMachine:another-machine"), why: "another state machine" },
                ],
            };
        });
}
