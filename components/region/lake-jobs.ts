import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    FORECASTING_HISTORY_DAYS,
    FORECASTING_HORIZON,
    FORECASTING_SCHEDULE,
    FORECASTS_PREFIX,
    RETRAINING_DAYS,
    RETRAINING_SCHEDULE,
    forecasterStatements,
    jobStateMachinePolicy,
    schedulePolicy,
    trainerStatements,
    type JobScope,
    type LakeRefs,
} from "../../src/region/lake-jobs";
import {
    FORECAST_COLUMNS,
    FORECAST_PARTITION_KEYS,
    FORECASTS_TABLE,
    forecastTableParameters,
    forecastingStateMachine,
    type LakeSeries,
} from "../../src/forecast/lake";
import { retrainingInput, retrainingStateMachine } from "../../src/models/retraining-workflow";
import { parseDuration } from "../../src/model/durations";
import { regionNames } from "../../src/naming/region";
import type { Statement } from "../../src/iam";
import { type FleetFunction, platformFunction } from "./fleet-function";
import { accountServiceRole } from "./trust";
import type { ArtifactsBucketArgs, DeadLetterQueueArgs, LakeBucketArgs, PlatformAccountArgs } from "./refs";
import { pick } from "../../src/util/pick";

export interface LakeJobArgs extends PlatformAccountArgs, LakeBucketArgs, DeadLetterQueueArgs {
    region: string;
    glueDatabaseName: pulumi.Input<string>;
    glueTableName: pulumi.Input<string>;
    athenaWorkgroupName: pulumi.Input<string>;
}

/** Statements of a pure function of resolved ARNs, as the FleetFunction inputs they become (the count is fixed). */
function statementsOf(count: number, all: pulumi.Output<Statement[]>): pulumi.Output<Record<string, unknown>>[] {
    return Array.from({ length: count }, (_, i) => all.apply((s) => s[i] as unknown as Record<string, unknown>));
}

interface JobParts {
    job: string;
    description: string;
    fn: FleetFunction;
    definition: (functionArn: string, lake: { workgroup: string; database: string; table: string }) => Record<string, unknown>;
    input: string;
    schedule: string;
}

/**
 * A scheduled lake job: a state machine (logs, tracing, the platform key) whose role may run
 * Athena over the lake and invoke the job's function and nothing else, and an EventBridge
 * Scheduler schedule whose role may start that one state machine.
 */
function scheduledJob(parent: pulumi.ComponentResource, name: string, args: LakeJobArgs, p: JobParts): aws.sfn.StateMachine {
    const child = { parent };
    const jobName = regionNames.job(args.fleetName, p.job);
    const logGroup = new aws.cloudwatch.LogGroup(
        `${name}-logs`,
        { name: `/aws/vendedlogs/states/${jobName}`, retentionInDays: 90, kmsKeyId: args.kmsKeyArn, tags: args.tags },
        child,
    );
    const { role } = accountServiceRole(
        `${name}-workflow`,
        "states.amazonaws.com",
        { description: `${p.description} state machine`, accountId: args.accountId, tags: args.tags },
        child,
    );
    const refs = pulumi.all([
        args.partition,
        args.accountId,
        args.lakeBucketArn,
        args.kmsKeyArn,
        args.athenaWorkgroupName,
        args.glueDatabaseName,
        args.glueTableName,
        p.fn.arn,
    ]);
    const rolePolicy = new aws.iam.RolePolicy(
        `${name}-workflow`,
        {
            role: role.name,
            policy: refs.apply(([partition, account, lakeBucketArn, kmsKeyArn, workgroup, database, , fnArn]) => {
                const scope: JobScope = { partition, region: args.region, account };
                const lake: LakeRefs = { lakeBucketArn, kmsKeyArn, workgroup, database };
                return JSON.stringify(jobStateMachinePolicy(scope, lake, fnArn));
            }),
        },
        child,
    );
    const machine = new aws.sfn.StateMachine(
        `${name}-workflow`,
        {
            name: jobName,
            type: "STANDARD",
            roleArn: role.arn,
            definition: refs.apply(([, , , , workgroup, database, table, fnArn]) =>
                JSON.stringify(p.definition(fnArn, { workgroup, database, table }), null, 2),
            ),
            loggingConfiguration: { level: "ERROR", includeExecutionData: false, logDestination: pulumi.interpolate`${logGroup.arn}:*` },
            tracingConfiguration: { enabled: true },
            encryptionConfiguration: { type: "CUSTOMER_MANAGED_KMS_KEY", kmsKeyId: args.kmsKeyArn, kmsDataKeyReusePeriodSeconds: 300 },
            tags: args.tags,
        },
        { parent, dependsOn: [rolePolicy] },
    );
    const { role: scheduleRole, policy: schedulePolicyRes } = accountServiceRole(
        `${name}-schedule`,
        "scheduler.amazonaws.com",
        {
            description: `EventBridge Scheduler starts the ${p.description}`,
            accountId: args.accountId,
            tags: args.tags,
            policy: machine.arn.apply((a) => JSON.stringify(schedulePolicy(a))),
        },
        child,
    );
    new aws.scheduler.Schedule(
        `${name}-schedule`,
        {
            name: jobName,
            description: p.description,
            scheduleExpression: p.schedule,
            scheduleExpressionTimezone: "UTC",
            flexibleTimeWindow: { mode: "FLEXIBLE", maximumWindowInMinutes: 30 },
            target: { arn: machine.arn, roleArn: scheduleRole.arn, input: p.input, retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 } },
        },
        { parent, dependsOn: [schedulePolicyRes] },
    );
    return machine;
}

export interface ModelRetrainingArgs extends LakeJobArgs, ArtifactsBucketArgs {
    /** The region's models (src/region/ml.ts cloudModels). */
    models: string[];
}

/**
 * The scheduled retraining of a region's anomaly models (docs/models.md, "Retraining"): weekly,
 * Athena exports the last RETRAINING_DAYS days of readings, the model-trainer function (the code of
 * `fleet models train`) trains a candidate per model, evaluates it against the current version on
 * the held-back last day, writes it content-addressed with its SageMaker archive, and promotes it
 * (rewrites `current.json`) only if it is not worse.
 */
export class ModelRetraining extends pulumi.ComponentResource {
    readonly stateMachineArn: pulumi.Output<string>;
    readonly trainer: FleetFunction;

    constructor(name: string, args: ModelRetrainingArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fleet:region:ModelRetraining", name, {}, opts);
        const models = [...args.models].sort();
        const arns = pulumi.all([args.lakeBucketArn, args.artifactsBucketArn]);
        this.trainer = platformFunction(
            "model-trainer",
            args,
            {
                description: "Retrains an anomaly model on the lake's export; promotes it only if it is not worse",
                environment: { ARTIFACTS_BUCKET: args.artifactsBucketName },
                statements: statementsOf(
                    trainerStatements("a", "b", models).length,
                    arns.apply(([lake, artifacts]) => trainerStatements(lake, artifacts, models)),
                ),
                timeout: 900,
                memorySize: 3008,
                reservedConcurrency: 2,
            },
            { parent: this },
        );
        const machine = scheduledJob(this, name, args, {
            job: "model-retraining",
            description: "retraining of the region's anomaly models",
            fn: this.trainer,
            definition: (trainerFunctionArn, lake) => retrainingStateMachine({ ...lake, trainerFunctionArn, models, days: RETRAINING_DAYS }),
            input: retrainingInput({ models }),
            schedule: RETRAINING_SCHEDULE,
        });
        this.stateMachineArn = machine.arn;
        this.registerOutputs(pick(this, ["stateMachineArn"]));
    }
}

export interface ForecastingArgs extends LakeJobArgs {
    /** The series to forecast (src/forecast/lake.ts forecastSeriesOf); at least one. */
    series: LakeSeries[];
}

/**
 * The scheduled forecasting job (docs/forecasting.md, "The scheduled job"): daily, Athena
 * exports the hourly series of the region's production, energy and consumption sensors, the
 * forecaster function (the code of `fleet forecast`) forecasts FORECASTING_HORIZON ahead, and
 * writes the rows of the `forecasts` Glue table (JSON lines under `forecasts/run_date=.../`),
 * which Athena and the Grafana dashboards read.
 */
export class ForecastingJob extends pulumi.ComponentResource {
    readonly stateMachineArn: pulumi.Output<string>;
    readonly tableName: pulumi.Output<string>;

    constructor(name: string, args: ForecastingArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fleet:region:ForecastingJob", name, {}, opts);
        if (args.series.length === 0) throw new pulumi.ResourceError("the forecasting job needs at least one series", this);
        const horizonHours = Math.ceil((parseDuration(FORECASTING_HORIZON) ?? 0) / 3600);
        const forecaster = platformFunction(
            "forecaster",
            args,
            {
                description: "Forecasts the lake's production, energy and consumption series; writes the forecasts table",
                environment: { LAKE_BUCKET: args.lakeBucketName, FORECASTS_PREFIX },
                statements: statementsOf(
                    forecasterStatements("a").length,
                    pulumi.output(args.lakeBucketArn).apply((lake) => forecasterStatements(lake)),
                ),
                timeout: 900,
                memorySize: 1024,
                reservedConcurrency: 1,
            },
            { parent: this },
        );
        const table = new aws.glue.CatalogTable(
            `${name}-table`,
            {
                name: FORECASTS_TABLE,
                databaseName: args.glueDatabaseName,
                tableType: "EXTERNAL_TABLE",
                description: "Forecasts of the lake's production, energy and consumption series (docs/forecasting.md)",
                parameters: pulumi.output(args.lakeBucketName).apply((b) => forecastTableParameters(b, FORECASTS_PREFIX)),
                partitionKeys: FORECAST_PARTITION_KEYS,
                storageDescriptor: {
                    location: pulumi.interpolate`s3://${args.lakeBucketName}/${FORECASTS_PREFIX}`,
                    inputFormat: "org.apache.hadoop.mapred.TextInputFormat",
                    outputFormat: "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
                    serDeInfo: { serializationLibrary: "org.openx.data.jsonserde.JsonSerDe" },
                    columns: FORECAST_COLUMNS,
                },
            },
            { parent: this },
        );
        const machine = scheduledJob(this, name, args, {
            job: "forecasting",
            description: "forecasting of the region's production, energy and consumption series",
            fn: forecaster,
            definition: (forecasterFunctionArn, lake) =>
                forecastingStateMachine({ ...lake, forecasterFunctionArn, series: args.series, days: FORECASTING_HISTORY_DAYS, horizonHours }),
            input: "{}",
            schedule: FORECASTING_SCHEDULE,
        });
        this.stateMachineArn = machine.arn;
        this.tableName = table.name;
        this.registerOutputs(pick(this, ["stateMachineArn", "tableName"]));
    }
}
