/**
 * The scheduled lake jobs of a region (model retraining, docs/models.md; forecasting,
 * docs/forecasting.md) and the permissions of everything they and the anomaly channel run as.
 * Each job is EventBridge Scheduler → Step Functions → an Athena export of the lake → a Lambda with
 * the same code as the CLI. Pure: ARNs in, IAM documents out (components stringify them; the
 * tests simulate them with @cloud-copilot/iam-simulate).
 *
 * Sources of the permissions:
 * - Step Functions' Athena integration (`startQueryExecution.sync`) needs athena
 *   StartQueryExecution/GetQueryExecution/StopQueryExecution on the workgroup, Glue read on the
 *   catalog, database and table, S3 read of the data and write of the results
 *   (https://docs.aws.amazon.com/step-functions/latest/dg/athena-iam.html).
 * - EventBridge Scheduler assumes a role that may `states:StartExecution` on the target
 *   (https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role).
 * - A state machine with CloudWatch Logs logging needs the log-delivery actions on "*"
 *   (https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html).
 */
import { doc, type PolicyDocument, type Statement } from "../iam";
import { ATHENA_RESULTS_PREFIX } from "../analytics/glue";

export interface JobScope {
    partition: string;
    region: string;
    account: string;
}

export interface LakeRefs {
    lakeBucketArn: string;
    kmsKeyArn: string;
    workgroup: string;
    database: string;
}

const arn = (s: JobScope, service: string, resource: string) => `arn:${s.partition}:${service}:${s.region}:${s.account}:${resource}`;

/** Schedules: retraining weekly (Sunday 03:00 UTC), forecasting daily (02:30 UTC). EventBridge Scheduler cron syntax. */
export const RETRAINING_SCHEDULE = "cron(0 3 ? * SUN *)";
export const FORECASTING_SCHEDULE = "cron(30 2 * * ? *)";

/** Days of readings the retraining exports (the last one is held back) and the forecasting job reads. */
export const RETRAINING_DAYS = 15;
export const FORECASTING_HISTORY_DAYS = 28;
/** How far ahead the job forecasts. */
export const FORECASTING_HORIZON = "7d";

/** Where the forecasting job writes its JSON lines in the lake (`run_date=<yyyy-MM-dd>/`), beside the readings. */
export const FORECASTS_PREFIX = "forecasts/";

/** The schedule's role: start this one state machine. */
export function schedulePolicy(stateMachineArn: string): PolicyDocument {
    return doc({ Sid: "StartJob", Effect: "Allow", Action: ["states:StartExecution"], Resource: [stateMachineArn] });
}

/** What a state machine with CloudWatch Logs logging needs on "*" (Step Functions developer guide, cw-logs.html). */
export const LOG_DELIVERY_ACTIONS: readonly string[] = [
    "logs:CreateLogDelivery",
    "logs:GetLogDelivery",
    "logs:UpdateLogDelivery",
    "logs:DeleteLogDelivery",
    "logs:ListLogDeliveries",
    "logs:PutResourcePolicy",
    "logs:DescribeResourcePolicies",
    "logs:DescribeLogGroups",
];

const LOG_DELIVERY: Statement = {
    Sid: "LogDelivery",
    Effect: "Allow",
    Action: [...LOG_DELIVERY_ACTIONS],
    Resource: ["*"],
};

/**
 * The job's state machine: run the export query in the region's workgroup over the lake's tables
 * (read the data, write the results under `athena-results/`), invoke the job's function.
 */
export function jobStateMachinePolicy(s: JobScope, lake: LakeRefs, functionArn: string): PolicyDocument {
    return doc(
        {
            Sid: "ExportQuery",
            Effect: "Allow",
            Action: ["athena:StartQueryExecution", "athena:GetQueryExecution", "athena:StopQueryExecution"],
            Resource: [arn(s, "athena", `workgroup/${lake.workgroup}`)],
        },
        {
            Sid: "Catalog",
            Effect: "Allow",
            Action: ["glue:GetDatabase", "glue:GetTable", "glue:GetPartitions"],
            Resource: [arn(s, "glue", "catalog"), arn(s, "glue", `database/${lake.database}`), arn(s, "glue", `table/${lake.database}/*`)],
        },
        { Sid: "ListLake", Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: [lake.lakeBucketArn] },
        { Sid: "ReadLake", Effect: "Allow", Action: ["s3:GetObject"], Resource: [`${lake.lakeBucketArn}/*`] },
        {
            Sid: "WriteResults",
            Effect: "Allow",
            Action: ["s3:PutObject", "s3:AbortMultipartUpload"],
            Resource: [`${lake.lakeBucketArn}/${ATHENA_RESULTS_PREFIX}*`],
        },
        { Sid: "PlatformKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: [lake.kmsKeyArn] },
        { Sid: "RunFunction", Effect: "Allow", Action: ["lambda:InvokeFunction"], Resource: [functionArn] },
        LOG_DELIVERY,
        {
            Sid: "Tracing",
            Effect: "Allow",
            Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"],
            Resource: ["*"],
        },
    );
}

/** Read one model's versions and pointer (the scorer). */
export function readModelsStatement(artifactsBucketArn: string, models: readonly string[]): Statement {
    return { Sid: "ReadModels", Effect: "Allow", Action: ["s3:GetObject"], Resource: models.map((m) => `${artifactsBucketArn}/models/${m}/*`) };
}

/**
 * The trainer function: read the export (Athena results), read the current version and write new
 * versions and pointers of the region's models, nothing else in either bucket. (KMS and logs come
 * from FleetFunction.) `s3:ListBucket` lets a missing `current.json` answer NoSuchKey instead of
 * AccessDenied (S3 GetObject: "If you don't have the s3:ListBucket permission, Amazon S3 returns
 * an HTTP status code 403"), which is how the first run knows there is no current model. It cannot
 * carry an `s3:prefix` condition: a GetObject request has no prefix, so the condition would never
 * match; it reveals key names of the artifacts bucket, not their content.
 */
export function trainerStatements(lakeBucketArn: string, artifactsBucketArn: string, models: readonly string[]): Statement[] {
    return [
        { Sid: "ReadExport", Effect: "Allow", Action: ["s3:GetObject"], Resource: [`${lakeBucketArn}/${ATHENA_RESULTS_PREFIX}*`] },
        readModelsStatement(artifactsBucketArn, models),
        { Sid: "WriteModels", Effect: "Allow", Action: ["s3:PutObject"], Resource: models.map((m) => `${artifactsBucketArn}/models/${m}/*`) },
        { Sid: "MissingIsNotFound", Effect: "Allow", Action: ["s3:ListBucket"], Resource: [artifactsBucketArn] },
    ];
}

/** The forecaster function: read the export, write forecasts under `forecasts/`. */
export function forecasterStatements(lakeBucketArn: string): Statement[] {
    return [
        { Sid: "ReadExport", Effect: "Allow", Action: ["s3:GetObject"], Resource: [`${lakeBucketArn}/${ATHENA_RESULTS_PREFIX}*`] },
        { Sid: "WriteForecasts", Effect: "Allow", Action: ["s3:PutObject"], Resource: [`${lakeBucketArn}/${FORECASTS_PREFIX}*`] },
    ];
}
