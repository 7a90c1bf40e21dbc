/**
 * Who uses each role and IoT policy of a plan, and what they really request, derived from outside
 * the documents themselves:
 * - Lambda functions: the AWS SDK commands their handler code sends (iam-sim.ts, sdkActions) on the
 *   resources their environment names, plus what the Lambda service does with the execution role
 *   (Lambda developer guide, "Lambda execution role": logs, X-Ray, the dead-letter queue, and for
 *   Kinesis event source mappings "Using Lambda with Kinesis": DescribeStream(Summary),
 *   GetRecords, GetShardIterator, ListShards and the on-failure destination).
 * - State machines, EventBridge targets and schedules: see iam-workflow-users.ts.
 * The requests they must never make are the same for every principal: another region's key,
 * deleting a data store, iam:PassRole.
 */
import { ANOMALY_DETAIL_TYPE, ANOMALY_SOURCE, EDGE_ANOMALY_SOURCE } from "../../src/naming/region";
import { forecastKey } from "../../src/forecast/lake";
import { modelKeys } from "../../src/models/publish";
import { modelArchiveKey } from "../../src/region/ml";
import { bundleFunction } from "../../src/analytics/bundle";
import type { PlannedResource } from "../../src/plan/plan";
import { type Document, list } from "./iam";
import { ACCOUNT, type Request, type User, sdkActions } from "./iam-sim";
import { doc } from "./fleets";

export interface RegionView {
    fleet: string;
    region: string;
    /** The other region of the fleet (for "another region's key"). */
    otherRegion: string;
    resources: PlannedResource[];
}

export const ofType = (v: RegionView, type: string) => v.resources.filter((r) => r.type === type);
const env = (fn: PlannedResource): Record<string, string> =>
    ((fn.inputs.environment as { variables?: Record<string, string> })?.variables ?? {}) as Record<string, string>;
export const keyArn = (v: RegionView, region = v.region): string => {
    const key = String((ofType(v, "aws:kms/alias:Alias")[0]?.inputs.targetKeyId as string | undefined) ?? "");
    return `arn:aws:kms:${region}:${ACCOUNT}:key/${key.split("/").pop()}`;
};

/** Inline documents of a role (its RolePolicy resources and inlinePolicies). */
export function roleDocuments(v: RegionView, roleName: string): Document[] {
    const out: Document[] = [];
    for (const r of ofType(v, "aws:iam/rolePolicy:RolePolicy")) if (r.inputs.role === roleName) out.push(doc<Document>(r.inputs.policy));
    for (const r of ofType(v, "aws:iam/role:Role"))
        if (r.name === roleName || r.inputs.name === roleName)
            for (const p of list(r.inputs.inlinePolicies as { policy?: string }[] | undefined)) if (p.policy) out.push(doc<Document>(p.policy));
    return out;
}

export const roleName = (arn: string) => arn.split("/").pop()!;

/** The requests no principal of the platform may make (Denied), on this region's stores. */
export function forbidden(v: RegionView): Request[] {
    const a = (service: string, rest: string) => `arn:aws:${service}:${v.region}:${ACCOUNT}:${rest}`;
    const out: Request[] = [
        { action: "iam:PassRole", resource: `arn:aws:iam::${ACCOUNT}:role/any-role`, why: "iam:PassRole to anything" },
        { action: "kms:Decrypt", resource: keyArn(v, v.otherRegion), why: `the ${v.otherRegion} key` },
    ];
    for (const t of ofType(v, "aws:dynamodb/table:Table")) {
        out.push({ action: "dynamodb:DeleteTable", resource: a("dynamodb", `table/${String(t.inputs.name)}`), why: "deleting a data store" });
        out.push({
            action: "dynamodb:DeleteItem",
            resource: a("dynamodb", `table/${String(t.inputs.name)}`),
            why: "deleting data (no handler sends DeleteItem)",
        });
    }
    for (const b of ofType(v, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration")) {
        out.push({ action: "s3:DeleteBucket", resource: `arn:aws:s3:::${String(b.inputs.bucket)}`, why: "deleting a data store" });
        out.push({ action: "s3:DeleteObject", resource: `arn:aws:s3:::${String(b.inputs.bucket)}/x.json`, why: "deleting stored objects" });
    }
    for (const c of ofType(v, "aws:rds/cluster:Cluster"))
        out.push({ action: "rds:DeleteDBCluster", resource: a("rds", `cluster:${String(c.inputs.clusterIdentifier)}`), why: "deleting a data store" });
    for (const s of ofType(v, "aws:kinesis/stream:Stream"))
        out.push({ action: "kinesis:DeleteStream", resource: a("kinesis", `stream/${String(s.inputs.name)}`), why: "deleting a data store" });
    return out;
}

/** kms:Decrypt through `service` on the key that encrypts an S3 object or a secret (S3 and Secrets Manager developer guides: SSE-KMS reads). */
export function viaKey(v: RegionView, resource: string, why: string, writes = false): Request[] {
    if (resource.startsWith("arn:aws:s3:::")) {
        const bucket = resource.slice(13).split("/")[0];
        const sse = ofType(v, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").find((b) => b.inputs.bucket === bucket);
        const rule = (sse?.inputs.rules as { applyServerSideEncryptionByDefault?: { kmsMasterKeyId?: string } }[] | undefined)?.[0];
        const key = rule?.applyServerSideEncryptionByDefault?.kmsMasterKeyId;
        // a write to an SSE-KMS bucket also makes the data key (S3 user guide, "Using SSE-KMS": kms:GenerateDataKey for PutObject)
        const actions = writes ? ["kms:Decrypt", "kms:GenerateDataKey"] : ["kms:Decrypt"];
        const context = { "kms:ViaService": `s3.${v.region}.amazonaws.com` };
        return key ? actions.map((action) => ({ action, resource: key, context, why: `${why} (SSE-KMS object)` })) : [];
    }
    if (resource.includes(":secretsmanager:")) {
        const secret = ofType(v, "aws:secretsmanager/secret:Secret")[0];
        const key = secret?.inputs.kmsKeyId as string | undefined;
        return key
            ? [{ action: "kms:Decrypt", resource: key, context: { "kms:ViaService": `secretsmanager.${v.region}.amazonaws.com` }, why: `${why} (CMK secret)` }]
            : [];
    }
    return [];
}

interface Ctx {
    v: RegionView;
    fn: PlannedResource;
    env: Record<string, string>;
}
export const arnOf = (v: RegionView, service: string, rest: string) => `arn:aws:${service}:${v.region}:${ACCOUNT}:${rest}`;
const table = (c: Ctx) => [arnOf(c.v, "dynamodb", `table/${c.env.REGISTRY_TABLE}`)];
const cluster = (c: Ctx) => [c.env.CLUSTER_ARN];

/**
 * What each SDK call of a handler acts on, from the function's environment and the plan. A call
 * parsed from the code without an entry here fails the suite: add its resources.
 */
export const CALL_RESOURCES: Record<string, (c: Ctx) => (string | Omit<Request, "action" | "why">)[]> = {
    // one hook per region: the manifest of the site whose template called it (manifests/<site>.json)
    "pre-provisioning-hook s3:GetObject": (c) =>
        ofType(c.v, "aws:iot/provisioningTemplate:ProvisioningTemplate").map(
            (t) => `arn:aws:s3:::${c.env.MANIFEST_BUCKET}/manifests/${String(t.inputs.name).slice(c.env.FLEET.length + 1)}.json`,
        ),
    // serials admitted once: a conditional PutItem (attribute_not_exists) needs PutItem only
    "pre-provisioning-hook dynamodb:PutItem": (c) => [arnOf(c.v, "dynamodb", `table/${c.env.ENROLLED_TABLE}`)],
    "edge-anomaly dynamodb:GetItem": table,
    "edge-anomaly events:PutEvents": (c) => [
        {
            resource: arnOf(c.v, "events", `event-bus/${c.env.EVENT_BUS_NAME}`),
            context: { "events:source": [EDGE_ANOMALY_SOURCE], "events:detail-type": [ANOMALY_DETAIL_TYPE] },
        },
    ],
    // the Athena export (the workgroup's result location), the current pointer and the version it names
    "model-trainer s3:GetObject": (c) => [
        athenaResult(c.v),
        ...retrainedModels(c).flatMap((m) => [modelKeys.current(m), modelKeys.json(m, SHA), modelKeys.onnx(m, SHA)].map((k) => artifact(c, k))),
    ],
    "model-trainer s3:PutObject": (c) =>
        retrainedModels(c).flatMap((m) =>
            [modelKeys.onnx(m, SHA), modelKeys.json(m, SHA), modelKeys.sagemaker(m, SHA), modelArchiveKey(m), modelKeys.current(m)].map((k) => artifact(c, k)),
        ),
    "forecaster s3:GetObject": (c) => [athenaResult(c.v)],
    "forecaster s3:PutObject": (c) => [`arn:aws:s3:::${c.env.LAKE_BUCKET}/${forecastKey(c.env.FORECASTS_PREFIX, Date.UTC(2026, 11, 6))}`],
    "anomaly-scorer dynamodb:Query": table,
    "anomaly-scorer events:PutEvents": (c) => [
        {
            resource: arnOf(c.v, "events", `event-bus/${c.env.EVENT_BUS_NAME}`),
            context: { "events:source": [ANOMALY_SOURCE], "events:detail-type": [ANOMALY_DETAIL_TYPE] },
        },
    ],
    // models are read only when the region has anomaly models (ARTIFACTS_BUCKET, ANOMALY_MODELS)
    "anomaly-scorer s3:GetObject": (c) =>
        c.env.ARTIFACTS_BUCKET
            ? (c.env.ANOMALY_MODELS ?? "")
                  .split(",")
                  .filter(Boolean)
                  .map((m) => `arn:aws:s3:::${c.env.ARTIFACTS_BUCKET}/models/${m.trim()}/current.json`)
            : [],
    "registry-sync dynamodb:Query": table,
    "registry-sync dynamodb:BatchWriteItem": table,
    "registry-sync s3:GetObject": (c) =>
        ofType(c.v, "aws:s3/bucketNotification:BucketNotification").flatMap((n) =>
            ((n.inputs.lambdaFunctions as { lambdaFunctionArn: string; filterPrefix?: string; filterSuffix?: string }[]) ?? [])
                .filter((l) => l.lambdaFunctionArn.endsWith(`:function:${String(c.fn.inputs.name)}`))
                .map((l) => `arn:aws:s3:::${String(n.inputs.bucket)}/${l.filterPrefix ?? ""}site${l.filterSuffix ?? ""}`),
        ),
    "telemetry-writer secretsmanager:GetSecretValue": (c) => [c.env.INFLUX_SECRET_ARN],
    "db-migrate rds-data:ExecuteStatement": cluster,
    "db-migrate rds-data:BeginTransaction": cluster,
    "db-migrate rds-data:CommitTransaction": cluster,
    "db-migrate rds-data:RollbackTransaction": cluster,
    "work-order-ack rds-data:ExecuteStatement": cluster,
    "work-order-ack-request rds-data:ExecuteStatement": cluster,
    // states:SendTaskSuccess authorizes on * only (Service Authorization Reference; issue #17 point 5)
    "work-order-ack states:SendTaskSuccess": () => ["*"],
    "device-remediation iot:StartDetectMitigationActionsTask": (c) =>
        ofType(c.v, "aws-native:iot:SecurityProfile").map((p) => arnOf(c.v, "iot", `securityprofile/${String(p.inputs.securityProfileName)}`)),
    "comprehend-endpoint comprehend:CreateEndpoint": (c) => invocations(c).flatMap((i) => [endpointArn(c, i), i.modelArn]),
    "comprehend-endpoint comprehend:UpdateEndpoint": (c) => invocations(c).map((i) => endpointArn(c, i)),
    "comprehend-endpoint comprehend:DeleteEndpoint": (c) => invocations(c).map((i) => endpointArn(c, i)),
};

/**
 * Requests a call implies beyond its own action. S3 answers a missing key with 403 AccessDenied
 * instead of 404 NoSuchKey unless the caller may s3:ListBucket (S3 API reference, GetObject,
 * "Permissions"): the trainer reads NoSuchKey as "no current model yet".
 */
const IMPLIED: Record<string, (c: Ctx) => string[]> = {
    "model-trainer s3:GetObject": (c) => [`s3:ListBucket arn:aws:s3:::${c.env.ARTIFACTS_BUCKET}`],
};

/** What a handler must not be able to do although it writes near it (beyond forbidden()). */
const NOT_THEIRS: Record<string, (c: Ctx) => string[]> = {
    // a site manifest is what the pre-provisioning hook trusts to admit serials
    "model-trainer": (c) => [`s3:PutObject arn:aws:s3:::${c.env.ARTIFACTS_BUCKET}/manifests/x.json`, `s3:PutObject ${athenaResult(c.v)}`],
    // the raw readings of the lake (the table location's date partitions)
    forecaster: (c) => [`s3:PutObject arn:aws:s3:::${c.env.LAKE_BUCKET}/date=2026-12-06/x.json`],
    "pre-provisioning-hook": (c) => [
        `dynamodb:PutItem ${arnOf(c.v, "dynamodb", `table/${c.env.FLEET}-equipment-registry`)}`,
        `s3:PutObject arn:aws:s3:::${c.env.MANIFEST_BUCKET}/manifests/x.json`,
    ],
    "edge-anomaly": (c) => [`dynamodb:PutItem ${arnOf(c.v, "dynamodb", `table/${c.env.REGISTRY_TABLE}`)}`],
};

const SHA = "3f".repeat(32);
const artifact = (c: Ctx, key: string) => `arn:aws:s3:::${c.env.ARTIFACTS_BUCKET}/${key}`;
/** The models the region's retraining schedule names in its input. */
const retrainedModels = (c: Ctx): string[] =>
    ofType(c.v, "aws:scheduler/schedule:Schedule").flatMap((s) => {
        const t = s.inputs.target as { arn?: string; input?: string } | undefined;
        return String(t?.arn).endsWith("-model-retraining") ? (doc<{ models?: string[] }>(t?.input).models ?? []) : [];
    });
/** Where Athena writes a query's CSV: the workgroup's enforced result location + `<query id>.csv` (Athena user guide, "Working with query results"). */
function athenaResult(v: RegionView): string {
    const wg = ofType(v, "aws:athena/workgroup:Workgroup")[0];
    const out = (wg?.inputs.configuration as { resultConfiguration?: { outputLocation?: string } } | undefined)?.resultConfiguration?.outputLocation;
    if (!out) throw new Error(`${v.region}: no Athena workgroup with a result location`);
    return `arn:aws:s3:::${out.slice(5)}0b7c2f4e-1d2a-4c3b-9e8f-123456789abc.csv`;
}

const invocations = (c: Ctx) =>
    ofType(c.v, "aws:lambda/invocation:Invocation")
        .filter((i) => i.inputs.functionName === c.fn.inputs.name)
        .map((i) => doc<{ endpointName: string; modelArn: string }>(i.inputs.input));
const endpointArn = (c: Ctx, i: { endpointName: string }) => arnOf(c.v, "comprehend", `document-classifier-endpoint/${i.endpointName}`);

/** Functions not built from a FleetFunction bundle (no FLEET_CODE_SHA256), by their name's ending. */
const UNBUNDLED: [suffix: string, dir: string][] = [
    ["-pre-provisioning-hook", "pre-provisioning-hook"],
    ["-comprehend-endpoint", "comprehend-endpoint"],
];
const HANDLER_DIRS = [
    "anomaly-scorer",
    "db-migrate",
    "device-remediation",
    "edge-anomaly",
    "forecaster",
    "model-trainer",
    "registry-sync",
    "telemetry-writer",
    "work-order-ack",
    "work-order-ack-request",
];

/** The functions/ directory whose code a Lambda function runs: by its bundle's SHA-256, else by name. */
export function handlerDir(fn: PlannedResource): string {
    const sha = env(fn).FLEET_CODE_SHA256;
    if (sha) {
        const dir = HANDLER_DIRS.find((d) => bundleFunction(d).sha256 === sha);
        if (!dir) throw new Error(`${fn.urn}: no handler under functions/ bundles to ${sha}`);
        return dir;
    }
    const hit = UNBUNDLED.find(([s]) => String(fn.inputs.name).endsWith(s));
    if (!hit) throw new Error(`${fn.urn}: no FLEET_CODE_SHA256 and no known name ending; add it to UNBUNDLED`);
    return hit[1];
}

/** The Lambda functions of a region as users of their execution roles. */
export function lambdaUsers(v: RegionView): User[] {
    return ofType(v, "aws:lambda/function:Function").map((fn) => {
        const dir = handlerDir(fn);
        const c: Ctx = { v, fn, env: env(fn) };
        const role = String(fn.inputs.role);
        const allowed: Request[] = [];
        const seen = new Set<string>();
        for (const { action, file } of sdkActions(dir)) {
            if (seen.has(action)) continue;
            seen.add(action);
            const resolve = CALL_RESOURCES[`${dir} ${action}`];
            if (!resolve) throw new Error(`${file} sends ${action}: add its resources to CALL_RESOURCES in test/fidelity/iam-users.ts`);
            for (const implied of IMPLIED[`${dir} ${action}`]?.(c) ?? []) {
                const [a, resource] = implied.split(" ");
                allowed.push({ action: a, resource, why: `${file} ${action}` });
            }
            for (const r of resolve(c)) {
                const req: Request = typeof r === "string" ? { action, resource: r, why: file } : { action, ...r, why: file };
                allowed.push(req, ...viaKey(v, req.resource, `${file} ${action}`, action === "s3:PutObject"));
                // RDS Data API: the caller also needs the cluster secret ("Authorizing access to the RDS Data API")
                if (action.startsWith("rds-data:") && c.env.SECRET_ARN && !seen.has("secret")) {
                    seen.add("secret");
                    const s = { action: "secretsmanager:GetSecretValue", resource: c.env.SECRET_ARN, why: `${file} (Data API reads the secret as the caller)` };
                    allowed.push(s, ...viaKey(v, s.resource, s.why));
                }
            }
        }
        allowed.push(...runtimeRequests(v, fn));
        return {
            label: `${v.region} Lambda ${String(fn.inputs.name)}`,
            kind: "role",
            principalArn: role,
            documents: roleDocuments(v, roleName(role)),
            allowed,
            denied: [
                ...forbidden(v),
                ...(NOT_THEIRS[dir]?.(c) ?? []).map((r) => ({ action: r.split(" ")[0], resource: r.split(" ")[1], why: `not ${dir}'s to write` })),
            ],
        };
    });
}

/** What the Lambda service does with a function's execution role. */
function runtimeRequests(v: RegionView, fn: PlannedResource): Request[] {
    const out: Request[] = [];
    const name = String(fn.inputs.name);
    const group = (fn.inputs.loggingConfig as { logGroup?: string } | undefined)?.logGroup ?? `/aws/lambda/${name}`;
    const stream = arnOf(v, "logs", `log-group:${group}:log-stream:2026/12/06/[$LATEST]0123abcd`);
    for (const action of ["logs:CreateLogStream", "logs:PutLogEvents"]) out.push({ action, resource: stream, why: "Lambda runtime logs" });
    if ((fn.inputs.tracingConfig as { mode?: string } | undefined)?.mode === "Active")
        for (const action of ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]) out.push({ action, resource: "*", why: "active tracing" });
    const dlq = (fn.inputs.deadLetterConfig as { targetArn?: string } | undefined)?.targetArn;
    if (dlq) out.push({ action: "sqs:SendMessage", resource: dlq, why: "dead-letter queue" });
    for (const m of ofType(v, "aws:lambda/eventSourceMapping:EventSourceMapping")) {
        if (!String(m.inputs.functionName).endsWith(`:function:${name}`) && m.inputs.functionName !== name) continue;
        const src = String(m.inputs.eventSourceArn);
        if (src.includes(":kinesis:"))
            for (const action of [
                "kinesis:DescribeStream",
                "kinesis:DescribeStreamSummary",
                "kinesis:GetRecords",
                "kinesis:GetShardIterator",
                "kinesis:ListShards",
            ])
                out.push({ action, resource: src, why: "Kinesis event source mapping" });
        const stream = ofType(v, "aws:kinesis/stream:Stream").find((s) => src.endsWith(`/${String(s.inputs.name)}`));
        if (stream?.inputs.kmsKeyId) out.push({ action: "kms:Decrypt", resource: String(stream.inputs.kmsKeyId), why: "reading an SSE-KMS stream" });
        const onFailure = (m.inputs.destinationConfig as { onFailure?: { destinationArn?: string } } | undefined)?.onFailure?.destinationArn;
        if (onFailure) out.push({ action: "sqs:SendMessage", resource: onFailure, why: "event source mapping on-failure destination" });
    }
    return out;
}
