import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { regionNames } from "../../src/naming/region";
import { INFLUX_PORT } from "../../src/analytics/network";
import { generatePassword } from "../../src/analytics/secrets";
import type { RegionModel } from "../../src/model/types";
import { type FleetFunction, platformFunction } from "./fleet-function";
import { readStreamStatement, streamSource } from "./stream-source";
import type { DeadLetterQueueArgs, PlatformArgs } from "./refs";
import { pick } from "../../src/util/pick";

export interface TimeSeriesArgs extends PlatformArgs, DeadLetterQueueArgs {
    /** Instance type and storage from `analytics.timeseries`. */
    timeseries: RegionModel["analytics"]["timeseries"];
    /** Production regions get a Multi-AZ standby. */
    production: boolean;
    /** Private subnets and security groups of the data VPC. */
    subnetIds: pulumi.Input<string>[];
    influxSecurityGroupId: pulumi.Input<string>;
    writerSecurityGroupId: pulumi.Input<string>;
    /** The telemetry stream the writer consumes. */
    streamArn: pulumi.Input<string>;
}

/**
 * Time series: Timestream for InfluxDB in the data VPC's private subnets (not publicly
 * accessible), its credentials in a KMS-encrypted Secrets Manager secret, and the
 * telemetry-writer Lambda that moves the telemetry stream into it.
 *
 * The admin password is generated at deploy time and used once: the instance and the secret
 * version ignore later values (Timestream for InfluxDB replaces an instance whose password
 * changes, and the instance is protected), and the secret is written through the write-only
 * `secretStringWo`, so it never sits in the Pulumi state.
 */
export class TimeSeries extends pulumi.ComponentResource {
    readonly endpoint: pulumi.Output<string>;
    readonly secretArn: pulumi.Output<string>;
    readonly writer: FleetFunction;

    constructor(name: string, args: TimeSeriesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fleet:region:TimeSeries", name, {}, opts);
        const username = "fleetadmin";
        const organization = regionNames.influxOrganization(args.fleetName);
        const bucket = regionNames.influxBucket();
        const password = pulumi.secret(generatePassword());
        const influx = new aws.timestreaminfluxdb.DbInstance(
            `${name}-influxdb`,
            {
                name: regionNames.influxInstance(args.fleetName),
                dbInstanceType: args.timeseries.instanceType,
                dbStorageType: "InfluxIOIncludedT1",
                allocatedStorage: args.timeseries.storageGiB,
                deploymentType: args.production ? "WITH_MULTIAZ_STANDBY" : "SINGLE_AZ",
                publiclyAccessible: false,
                port: INFLUX_PORT,
                vpcSubnetIds: args.subnetIds,
                vpcSecurityGroupIds: [args.influxSecurityGroupId],
                username,
                password,
                organization,
                bucket,
                tags: args.tags,
            },
            { parent: this, protect: true, ignoreChanges: ["password"] },
        );
        const secret = new aws.secretsmanager.Secret(
            `${name}-influxdb-credentials`,
            {
                description: "Timestream for InfluxDB admin credentials used by the telemetry writer",
                kmsKeyId: args.kmsKeyArn,
                recoveryWindowInDays: 30,
                tags: args.tags,
            },
            { parent: this, protect: true },
        );
        new aws.secretsmanager.SecretVersion(
            `${name}-influxdb-credentials`,
            { secretId: secret.id, secretStringWo: pulumi.jsonStringify({ username, password, organization, bucket }), secretStringWoVersion: 1 },
            { parent: this, ignoreChanges: ["secretStringWo"] },
        );
        this.writer = platformFunction(
            "telemetry-writer",
            args,
            {
                description: "Telemetry stream → Timestream for InfluxDB",
                environment: { INFLUX_URL: pulumi.interpolate`https://${influx.endpoint}:${INFLUX_PORT}`, INFLUX_SECRET_ARN: secret.arn },
                statements: [
                    { Sid: "InfluxCredentials", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: secret.arn },
                    readStreamStatement(args.streamArn),
                ],
                timeout: 60,
                memorySize: 512,
                reservedConcurrency: 20,
                vpc: { subnetIds: args.subnetIds, securityGroupIds: [args.writerSecurityGroupId] },
            },
            { parent: this },
        );
        streamSource(
            `${name}-writer-source`,
            this.writer,
            {
                streamArn: args.streamArn,
                deadLetterQueueArn: args.deadLetterQueueArn,
                batchSize: 1000,
                maximumBatchingWindowInSeconds: 5,
                parallelizationFactor: 2, // writes are idempotent per point, order within a shard does not matter
                maximumRetryAttempts: 5,
                maximumRecordAgeInSeconds: 6 * 3600,
                tags: args.tags,
            },
            this,
        );
        this.endpoint = influx.endpoint;
        this.secretArn = secret.arn;
        this.registerOutputs(pick(this, ["endpoint", "secretArn"]));
    }
}
