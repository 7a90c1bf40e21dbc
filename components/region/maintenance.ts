import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { migrationsFingerprint } from "../../src/analytics/migrations";
import { ANOMALY_SOURCE, EDGE_ANOMALY_SOURCE, regionNames } from "../../src/naming/region";
import { anomalyEventPattern, maintenanceWorkflow } from "../../src/analytics/workflow";
import { LOG_DELIVERY_ACTIONS } from "../../src/region/lake-jobs";
import { type FleetFunction, platformFunction } from "./fleet-function";
import { accountServiceRole, policyJson } from "./trust";
import type { DeadLetterQueueArgs, PlatformAccountArgs, RegistryTableArgs } from "./refs";
import { pick } from "../../src/util/pick";

/** The workflow enriches its events from the registry. */
export interface MaintenanceWorkflowArgs extends PlatformAccountArgs, RegistryTableArgs, DeadLetterQueueArgs {
    /** Production regions keep the database warm (min 0.5 ACU) and backups 14 days. */
    production: boolean;
    region: pulumi.Input<string>;
    /** Private subnets and the (ingress-free) security group of the data VPC. */
    subnetIds: pulumi.Input<string>[];
    auroraSecurityGroupId: pulumi.Input<string>;
    /** The fleet bus the anomalies arrive on. */
    busName: pulumi.Input<string>;
    /** Alert topics. */
    criticalTopicArn: pulumi.Input<string>;
    warningTopicArn: pulumi.Input<string>;
}

/** What the maintenance database gives the workflow's functions and state machine. */
interface MaintenanceDatabase {
    cluster: aws.rds.Cluster;
    instance: aws.rds.ClusterInstance;
    secretArn: pulumi.Output<string>;
    database: string;
}

/**
 * The maintenance workflow: Aurora PostgreSQL Serverless v2 (work orders, maintenance history;
 * Data API, IAM auth, TLS forced, encrypted, deletion-protected, protected) with its schema
 * migrated by the stack, the Step Functions state machine (logging ALL to a KMS log group, X-Ray,
 * KMS-encrypted), its acknowledgment Lambdas, and the EventBridge rule that starts it on every
 * `Equipment Anomaly`.
 */
export class MaintenanceWorkflow extends pulumi.ComponentResource {
    readonly clusterArn: pulumi.Output<string>;
    readonly secretArn: pulumi.Output<string>;
    readonly stateMachineArn: pulumi.Output<string>;
    readonly functions: FleetFunction[];

    constructor(name: string, args: MaintenanceWorkflowArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fleet:region:MaintenanceWorkflow", name, {}, opts);
        const db = this.database(name, args);
        const [, ackRequest] = (this.functions = this.dataFunctions(name, args, db));
        const machine = this.stateMachine(name, args, db, ackRequest);
        this.startOnAnomaly(name, args, machine);
        this.clusterArn = db.cluster.arn;
        this.secretArn = db.secretArn;
        this.stateMachineArn = machine.arn;
        this.registerOutputs(pick(this, ["clusterArn", "secretArn", "stateMachineArn"]));
    }

    /** Aurora PostgreSQL Serverless v2: subnet group, TLS-only parameters, the protected cluster and its writer. */
    private database(name: string, args: MaintenanceWorkflowArgs): MaintenanceDatabase {
        const child = { parent: this };
        const database = regionNames.maintenanceDatabase();
        const subnets = new aws.rds.SubnetGroup(
            `${name}-db`,
            { description: "Maintenance database: data VPC private subnets", subnetIds: args.subnetIds, tags: args.tags },
            child,
        );
        const params = new aws.rds.ClusterParameterGroup(
            `${name}-db`,
            {
                family: "aurora-postgresql16",
                description: "Maintenance database: TLS only",
                parameters: [{ name: "rds.force_ssl", value: "1", applyMethod: "pending-reboot" }],
                tags: args.tags,
            },
            child,
        );
        const clusterId = regionNames.maintenanceCluster(args.fleetName);
        const cluster = new aws.rds.Cluster(
            `${name}-db`,
            {
                clusterIdentifier: clusterId,
                engine: "aurora-postgresql",
                engineMode: "provisioned",
                engineVersion: "16.6",
                databaseName: database,
                masterUsername: "fleetadmin",
                manageMasterUserPassword: true,
                masterUserSecretKmsKeyId: args.kmsKeyArn,
                serverlessv2ScalingConfiguration: args.production
                    ? { minCapacity: 0.5, maxCapacity: 8 }
                    : { minCapacity: 0, maxCapacity: 4, secondsUntilAutoPause: 3600 },
                enableHttpEndpoint: true,
                iamDatabaseAuthenticationEnabled: true,
                storageEncrypted: true,
                kmsKeyId: args.kmsKeyArn,
                deletionProtection: true,
                backupRetentionPeriod: args.production ? 14 : 7,
                copyTagsToSnapshot: true,
                skipFinalSnapshot: false,
                finalSnapshotIdentifier: `${clusterId}-final`,
                dbSubnetGroupName: subnets.name,
                dbClusterParameterGroupName: params.name,
                vpcSecurityGroupIds: [args.auroraSecurityGroupId],
                enabledCloudwatchLogsExports: ["postgresql"],
                tags: args.tags,
            },
            { parent: this, protect: true },
        );
        const instance = new aws.rds.ClusterInstance(
            `${name}-db-writer`,
            {
                clusterIdentifier: cluster.id,
                instanceClass: "db.serverless",
                engine: "aurora-postgresql",
                engineVersion: cluster.engineVersion,
                publiclyAccessible: false,
                dbSubnetGroupName: subnets.name,
                autoMinorVersionUpgrade: true,
                tags: args.tags,
            },
            { parent: this, protect: true },
        );
        const secretArn = cluster.masterUserSecrets.apply((s) => s?.[0]?.secretArn ?? "");
        return { cluster, instance, secretArn, database };
    }

    /** The Data API Lambdas (migrate, acknowledgment request, acknowledgment) and the migration run. */
    private dataFunctions(name: string, args: MaintenanceWorkflowArgs, db: MaintenanceDatabase): FleetFunction[] {
        const child = { parent: this };
        const { cluster, instance, secretArn, database } = db;
        const dataApiEnv = { CLUSTER_ARN: cluster.arn, SECRET_ARN: secretArn, DATABASE: database };
        const dataApi = [
            {
                Sid: "DataApi",
                Effect: "Allow",
                Action: [
                    "rds-data:ExecuteStatement",
                    "rds-data:BatchExecuteStatement",
                    "rds-data:BeginTransaction",
                    "rds-data:CommitTransaction",
                    "rds-data:RollbackTransaction",
                ],
                Resource: cluster.arn,
            },
            { Sid: "DatabaseSecret", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: secretArn },
        ];
        const fn = (key: string, description: string, extra: pulumi.Input<Record<string, unknown>>[] = [], timeout = 30) =>
            platformFunction(
                key,
                args,
                {
                    description,
                    environment: dataApiEnv,
                    statements: [...dataApi, ...extra],
                    timeout,
                    reservedConcurrency: key === "db-migrate" ? 1 : 10,
                },
                child,
            );
        const migrate = fn("db-migrate", "Applies the versioned maintenance database schema", [], 300);
        const ackRequest = fn("work-order-ack-request", "Maintenance workflow: stores the acknowledgment task token on the work order");
        const ack = fn("work-order-ack", "Acknowledges a work order and resumes its workflow", [
            {
                Sid: "ResumeWorkflow",
                Effect: "Allow",
                Action: "states:SendTaskSuccess",
                // SendTaskSuccess has no resource type (Service Authorization Reference, AWS Step
                // Functions): only "*" matches; a task token is the capability, not an ARN.
                Resource: "*",
            },
        ]);
        const fingerprint = migrationsFingerprint();
        new aws.lambda.Invocation(
            `${name}-db-migrate`,
            { functionName: migrate.functionName, input: JSON.stringify({ action: "migrate", fingerprint }), triggers: { migrations: fingerprint } },
            { parent: this, dependsOn: [instance] },
        );

        return [migrate, ackRequest, ack];
    }

    /** The Step Functions state machine: its log group, role and definition. */
    private stateMachine(name: string, args: MaintenanceWorkflowArgs, db: MaintenanceDatabase, ackRequest: FleetFunction): aws.sfn.StateMachine {
        const child = { parent: this };
        const { cluster, secretArn, database } = db;
        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-workflow-logs`,
            { name: `/aws/vendedlogs/states/${regionNames.stateMachine(args.fleetName)}`, retentionInDays: 365, kmsKeyId: args.kmsKeyArn, tags: args.tags },
            child,
        );
        const { role, policy: rolePolicy } = accountServiceRole(
            `${name}-workflow`,
            "states.amazonaws.com",
            {
                description: "Maintenance workflow state machine",
                accountId: args.accountId,
                tags: args.tags,
                policy: policyJson([
                    { Sid: "Registry", Effect: "Allow", Action: "dynamodb:GetItem", Resource: args.registryTableArn },
                    { Sid: "WorkOrders", Effect: "Allow", Action: "rds-data:ExecuteStatement", Resource: cluster.arn },
                    { Sid: "DatabaseSecret", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: secretArn },
                    { Sid: "Notify", Effect: "Allow", Action: "sns:Publish", Resource: [args.criticalTopicArn, args.warningTopicArn] },
                    { Sid: "AwaitAck", Effect: "Allow", Action: "lambda:InvokeFunction", Resource: ackRequest.arn },
                    { Sid: "PlatformKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: args.kmsKeyArn },
                    {
                        Sid: "LogDelivery",
                        Effect: "Allow",
                        Action: [...LOG_DELIVERY_ACTIONS],
                        Resource: "*",
                    },
                    {
                        Sid: "Tracing",
                        Effect: "Allow",
                        Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"],
                        Resource: "*",
                    },
                ]),
            },
            child,
        );
        const definition = pulumi
            .all([args.registryTableName, cluster.arn, secretArn, args.criticalTopicArn, args.warningTopicArn, ackRequest.arn])
            .apply(([registryTableName, clusterArn, sArn, criticalTopicArn, warningTopicArn, ackRequestFunctionArn]) =>
                JSON.stringify(
                    maintenanceWorkflow({ registryTableName, clusterArn, secretArn: sArn, database, criticalTopicArn, warningTopicArn, ackRequestFunctionArn }),
                    null,
                    2,
                ),
            );
        const machine = new aws.sfn.StateMachine(
            `${name}-workflow`,
            {
                name: regionNames.stateMachine(args.fleetName),
                type: "STANDARD",
                roleArn: role.arn,
                definition,
                loggingConfiguration: { level: "ALL", includeExecutionData: true, logDestination: pulumi.interpolate`${logGroup.arn}:*` },
                tracingConfiguration: { enabled: true },
                encryptionConfiguration: { type: "CUSTOMER_MANAGED_KMS_KEY", kmsKeyId: args.kmsKeyArn, kmsDataKeyReusePeriodSeconds: 300 },
                tags: args.tags,
            },
            { parent: this, dependsOn: [rolePolicy] },
        );
        return machine;
    }

    /** The EventBridge rule that starts the workflow on every `Equipment Anomaly`. */
    private startOnAnomaly(name: string, args: MaintenanceWorkflowArgs, machine: aws.sfn.StateMachine): void {
        const child = { parent: this };
        const rule = new aws.cloudwatch.EventRule(
            `${name}-on-anomaly`,
            {
                eventBusName: args.busName,
                description: "Equipment anomalies start the maintenance workflow",
                eventPattern: JSON.stringify(anomalyEventPattern(ANOMALY_SOURCE, EDGE_ANOMALY_SOURCE)),
                tags: args.tags,
            },
            child,
        );
        const { role: startRole } = accountServiceRole(
            `${name}-start-workflow`,
            "events.amazonaws.com",
            {
                description: "EventBridge starts the maintenance workflow",
                accountId: args.accountId,
                tags: args.tags,
                policy: policyJson([{ Effect: "Allow", Action: "states:StartExecution", Resource: machine.arn }]),
            },
            child,
        );
        new aws.cloudwatch.EventTarget(
            `${name}-start-workflow`,
            {
                rule: rule.name,
                eventBusName: args.busName,
                arn: machine.arn,
                roleArn: startRole.arn,
                retryPolicy: { maximumEventAgeInSeconds: 3600, maximumRetryAttempts: 20 },
                deadLetterConfig: { arn: args.deadLetterQueueArn },
            },
            child,
        );
    }
}
