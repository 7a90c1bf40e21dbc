import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { PipelineNames } from "../../src/analytics/alarms";
import { LAMBDA_CONCURRENCY_QUOTA_CODE, reservedConcurrencyProblem } from "../../src/analytics/concurrency";
import { regionNames } from "../../src/naming/region";
import type { Severity, SiteModel } from "../../src/model/types";
import { Alerting } from "./alerting";
import { AnomalyDetection } from "./anomaly";
import { Dashboards } from "./dashboards";
import { DataNetwork } from "./data-network";
import { DeadLetters } from "./dead-letters";
import { Ingest } from "./ingest";
import { PlatformKey } from "./keys";
import { MaintenanceWorkflow } from "./maintenance";
import { PipelineAlarms } from "./pipeline-alarms";
import type { FleetFunction } from "./fleet-function";
import { EquipmentRegistry } from "./registry";
import { RegionalStorage } from "./storage";
import { TimeSeries } from "./timeseries";
import { ForecastingJob, ModelRetraining } from "./lake-jobs";
import { forecastSeriesOf } from "../../src/forecast/lake";
import { cloudModels } from "../../src/region/ml";
import { pick } from "../../src/util/pick";
import type { RegionContextArgs } from "./refs";

export interface RegionalAnalyticsArgs extends RegionContextArgs {
    /**
     * The sites of the region (lake lifecycle rules, partition projection).
     * @default - every site of `fleet` in `region`, whichever sites the stack deploys
     */
    sites?: SiteModel[];
}

/** The platform parts a reader of the lake is built from. */
interface LakeParts {
    accountId: pulumi.Output<string>;
    partition: pulumi.Output<string>;
    kmsKeyArn: pulumi.Output<string>;
    storage: RegionalStorage;
    ingest: Ingest;
}

/**
 * The analytics platform of one region (docs/analytics.md): key, buckets, ingest and data lake,
 * time series, equipment registry, anomaly detection, maintenance workflow, alerting, pipeline
 * alarms and dashboards. Each part is a component of its own; this one wires them together and
 * exposes what sites rely on.
 */
export class RegionalAnalytics extends pulumi.ComponentResource {
    readonly kmsKeyArn: pulumi.Output<string>;
    readonly artifactsBucketName: pulumi.Output<string>;
    /** The region's server-access-log bucket (RegionalStorage.logs), for buckets outside this component. */
    readonly logsBucketName: pulumi.Output<string>;
    readonly artifactsBucketArn: pulumi.Output<string>;
    readonly telemetryStreamName: pulumi.Output<string>;
    readonly telemetryStreamArn: pulumi.Output<string>;
    /** The lake bucket, the fleet event bus, the registry and the workflow, for operators. */
    readonly lakeBucketName: pulumi.Output<string>;
    readonly eventBusName: pulumi.Output<string>;
    readonly registryTableName: pulumi.Output<string>;
    readonly stateMachineArn: pulumi.Output<string>;
    /** The alert topics per severity; sites subscribe their own subscribers to them. */
    readonly alertTopicArns: Record<Severity, pulumi.Output<string>>;

    constructor(name: string, args: RegionalAnalyticsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fleet:region:RegionalAnalytics", name, {}, opts);
        const child = { parent: this };
        const fleetName = args.fleet.name;
        const tags = args.tags;
        const a = args.region.analytics;
        const sites = args.sites ?? args.fleet.sites.filter((s) => s.region === args.region.name);
        const key = new PlatformKey("platform", { fleetName, tags }, child);
        const kmsKeyArn = key.keyArn;
        const { accountId, partition } = key;
        const storage = new RegionalStorage("storage", { sites, kmsKeyArn, accountId, tags }, child);
        const network = new DataNetwork("data", { grafana: a.grafana, tags }, child);
        const dlq = new DeadLetters(
            "dead-letters",
            {
                kmsKeyArn,
                accountId,
                eventRulesArnPattern: pulumi.interpolate`arn:${partition}:events:${key.region}:${accountId}:rule/${regionNames.eventBus(fleetName)}/*`,
                tags,
            },
            child,
        );
        const ingest = new Ingest(
            "ingest",
            {
                fleetName,
                stream: a.stream,
                sites: sites.map((s) => s.name),
                kmsKeyArn,
                lakeBucketName: storage.lake.bucketName,
                lakeBucketArn: storage.lake.arn,
                tags,
            },
            child,
        );
        const timeseries = new TimeSeries(
            "timeseries",
            {
                fleetName,
                timeseries: a.timeseries,
                production: args.region.production,
                kmsKeyArn,
                subnetIds: network.subnetIds,
                influxSecurityGroupId: network.influxSecurityGroupId,
                writerSecurityGroupId: network.writerSecurityGroupId,
                streamArn: ingest.streamArn,
                deadLetterQueueArn: dlq.queueArn,
                tags,
            },
            child,
        );
        const registry = new EquipmentRegistry(
            "registry",
            {
                fleetName,
                kmsKeyArn,
                artifactsBucketName: storage.artifacts.bucketName,
                artifactsBucketArn: storage.artifacts.arn,
                accountId,
                deadLetterQueueArn: dlq.queueArn,
                tags,
            },
            child,
        );
        const anomaly = new AnomalyDetection(
            "anomaly",
            {
                fleetName,
                kmsKeyArn,
                accountId,
                partition,
                streamArn: ingest.streamArn,
                registryTableName: registry.tableName,
                registryTableArn: registry.tableArn,
                deadLetterQueueArn: dlq.queueArn,
                artifactsBucketName: storage.artifacts.bucketName,
                artifactsBucketArn: storage.artifacts.arn,
                models: cloudModels(args.fleet, args.region),
                tags,
            },
            child,
        );
        const retraining = this.lakeJobs(args, { accountId, partition, kmsKeyArn, storage, ingest, dlq, models: cloudModels(args.fleet, args.region), sites });
        const alerting = new Alerting("alerts", { fleetName, region: args.region, kmsKeyArn, accountId, tags }, child);
        const maintenance = new MaintenanceWorkflow(
            "maintenance",
            {
                fleetName,
                production: args.region.production,
                kmsKeyArn,
                accountId,
                partition,
                region: key.region,
                subnetIds: network.subnetIds,
                auroraSecurityGroupId: network.auroraSecurityGroupId,
                registryTableName: registry.tableName,
                registryTableArn: registry.tableArn,
                busName: anomaly.busName,
                criticalTopicArn: alerting.topicArns.critical,
                warningTopicArn: alerting.topicArns.warning,
                deadLetterQueueArn: dlq.queueArn,
                tags,
            },
            child,
        );
        this.pipelineAlarms(
            [timeseries.writer, anomaly.scorer, registry.sync, anomaly.edgeForwarder, retraining.trainer],
            { ingest, maintenance, dlq, alerting },
            tags,
            args.region.name,
        );
        if (a.grafana) this.dashboards(args, { kmsKeyArn, accountId, partition, storage, ingest, network });

        this.kmsKeyArn = kmsKeyArn;
        this.artifactsBucketName = storage.artifacts.bucketName;
        this.logsBucketName = storage.logs.bucketName;
        this.artifactsBucketArn = storage.artifacts.arn;
        this.telemetryStreamName = ingest.streamName;
        this.telemetryStreamArn = ingest.streamArn;
        this.lakeBucketName = storage.lake.bucketName;
        this.eventBusName = anomaly.busName;
        this.registryTableName = registry.tableName;
        this.stateMachineArn = maintenance.stateMachineArn;
        this.alertTopicArns = alerting.topicArns;
        this.registerOutputs(
            pick(this, [
                "kmsKeyArn",
                "artifactsBucketName",
                "logsBucketName",
                "artifactsBucketArn",
                "telemetryStreamName",
                "telemetryStreamArn",
                "lakeBucketName",
                "eventBusName",
                "registryTableName",
                "stateMachineArn",
                "alertTopicArns",
            ]),
        );
    }

    /** What every reader of the lake through Athena takes: the lake jobs and Managed Grafana. */
    private lakeQueryArgs(args: RegionalAnalyticsArgs, p: LakeParts) {
        return {
            fleetName: args.fleet.name,
            region: args.region.name,
            accountId: p.accountId,
            partition: p.partition,
            kmsKeyArn: p.kmsKeyArn,
            lakeBucketArn: p.storage.lake.arn,
            glueDatabaseName: p.ingest.glueDatabaseName,
            athenaWorkgroupName: p.ingest.athenaWorkgroupName,
            tags: args.tags,
        };
    }

    /** Managed Grafana over the lake, in the data network (fleet.yaml `analytics.grafana`). */
    private dashboards(args: RegionalAnalyticsArgs, p: LakeParts & { network: DataNetwork }): void {
        const securityGroupId = p.network.grafanaSecurityGroupId as pulumi.Output<string>;
        new Dashboards("dashboards", { ...this.lakeQueryArgs(args, p), subnetIds: p.network.subnetIds, securityGroupId }, { parent: this });
    }

    /** The scheduled lake jobs: model retraining always, forecasting when fleet.yaml asks and there is something to forecast. */
    private lakeJobs(args: RegionalAnalyticsArgs, p: LakeParts & { dlq: DeadLetters; models: string[]; sites: SiteModel[] }): ModelRetraining {
        const child = { parent: this };
        const { storage, ingest } = p;
        const lakeJob = {
            ...this.lakeQueryArgs(args, p),
            lakeBucketName: storage.lake.bucketName,
            glueTableName: ingest.glueTableName,
            deadLetterQueueArn: p.dlq.queueArn,
        };
        const retraining = new ModelRetraining(
            "model-retraining",
            { ...lakeJob, artifactsBucketName: storage.artifacts.bucketName, artifactsBucketArn: storage.artifacts.arn, models: p.models },
            child,
        );
        const series = args.region.analytics.forecasting ? forecastSeriesOf({ sites: p.sites }, args.region) : [];
        if (series.length > 0) new ForecastingJob("forecasting", { ...lakeJob, series }, child);
        return retraining;
    }

    /** Alarms over every stage of the pipeline, on the names of the stream, rules, functions and queues. */
    private pipelineAlarms(
        fixed: FleetFunction[],
        parts: { ingest: Ingest; maintenance: MaintenanceWorkflow; dlq: DeadLetters; alerting: Alerting },
        tags: Record<string, string>,
        region: string,
    ): void {
        const child = { parent: this };
        const { ingest, maintenance, dlq, alerting } = parts;
        const functions: Record<string, FleetFunction> = Object.fromEntries(fixed.map((f) => [f.functionKey, f]));
        for (const f of maintenance.functions) functions[f.functionKey] = f;
        const streamConsumers = ["anomaly-scorer", "telemetry-writer"];
        const fnKeys = Object.keys(functions);
        // reservations must fit the account's concurrency quota (src/analytics/concurrency.ts): fail the preview, not the update
        const reserved = Object.fromEntries(fnKeys.map((k) => [k, functions[k].reservedConcurrency]).filter(([, v]) => (v as number) > 0));
        aws.servicequotas.getServiceQuotaOutput({ serviceCode: "lambda", quotaCode: LAMBDA_CONCURRENCY_QUOTA_CODE }, { parent: this }).value.apply((quota) => {
            const problem = reservedConcurrencyProblem(region, reserved, quota);
            if (problem) throw new pulumi.ResourceError(problem, this);
        });
        const names: pulumi.Output<PipelineNames> = pulumi
            .all([
                ingest.streamName,
                ingest.firehoseName,
                maintenance.stateMachineArn,
                dlq.queueName,
                ingest.telemetryRuleName,
                ingest.alarmRuleName,
                pulumi.all(fnKeys.map((k) => functions[k].functionName)),
            ])
            .apply(([streamName, firehoseName, stateMachineArn, dlqName, telemetryRuleName, alarmRuleName, fnNames]) => ({
                streamName,
                firehoseName,
                stateMachineArn,
                dlqName,
                telemetryRuleName,
                alarmRuleName,
                functions: Object.fromEntries(fnKeys.map((k, i) => [k, fnNames[i]])),
                streamConsumers,
            }));
        new PipelineAlarms(
            "pipeline-alarms",
            { names, functionKeys: Object.keys(functions), streamConsumers, criticalTopicArn: alerting.topicArns.critical, tags },
            child,
        );
    }
}
