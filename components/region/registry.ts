import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { MANIFEST_PREFIX, regionNames } from "../../src/naming/region";
import { type FleetFunction, platformFunction } from "./fleet-function";
import type { ArtifactsBucketArgs, DeadLetterQueueArgs, PlatformArgs } from "./refs";
import { pick } from "../../src/util/pick";

/** The artifacts bucket holds the site manifests (`manifests/<site>.json`) the registry is loaded from. */
export interface EquipmentRegistryArgs extends PlatformArgs, ArtifactsBucketArgs, DeadLetterQueueArgs {
    accountId: pulumi.Input<string>;
}

/**
 * The equipment registry: a DynamoDB table (point-in-time recovery, the platform key, deletion
 * protection, protected) loaded from the site manifests by the registry-sync Lambda, which S3
 * invokes for every change under `manifests/`.
 */
export class EquipmentRegistry extends pulumi.ComponentResource {
    readonly tableName: pulumi.Output<string>;
    readonly tableArn: pulumi.Output<string>;
    readonly sync: FleetFunction;

    constructor(name: string, args: EquipmentRegistryArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fleet:region:EquipmentRegistry", name, {}, opts);
        const table = new aws.dynamodb.Table(
            `${name}-table`,
            {
                name: regionNames.registryTable(args.fleetName),
                billingMode: "PAY_PER_REQUEST",
                hashKey: "pk",
                rangeKey: "sk",
                attributes: [
                    { name: "pk", type: "S" },
                    { name: "sk", type: "S" },
                ],
                pointInTimeRecovery: { enabled: true },
                serverSideEncryption: { enabled: true, kmsKeyArn: args.kmsKeyArn },
                deletionProtectionEnabled: true,
                tags: args.tags,
            },
            { parent: this, protect: true },
        );
        this.sync = platformFunction(
            "registry-sync",
            args,
            {
                description: "Site manifests (S3) → equipment registry (DynamoDB)",
                environment: { REGISTRY_TABLE: table.name },
                statements: [
                    {
                        Sid: "ReadManifests",
                        Effect: "Allow",
                        Action: "s3:GetObject",
                        Resource: pulumi.interpolate`${args.artifactsBucketArn}/${MANIFEST_PREFIX}*`,
                    },
                    {
                        Sid: "ListManifests",
                        Effect: "Allow",
                        Action: "s3:ListBucket",
                        Resource: args.artifactsBucketArn,
                        Condition: { StringLike: { "s3:prefix": `${MANIFEST_PREFIX}*` } },
                    },
                    {
                        Sid: "WriteRegistry",
                        Effect: "Allow",
                        // the handler sends Query and BatchWriteItem only; BatchWriteItem authorizes its
                        // put and delete requests itself (Service Authorization Reference, DynamoDB)
                        Action: ["dynamodb:Query", "dynamodb:BatchWriteItem"],
                        Resource: table.arn,
                    },
                ],
                timeout: 120,
                // one manifest at a time: two versions of a site never race each other
                reservedConcurrency: 1,
            },
            { parent: this },
        );
        const permission = new aws.lambda.Permission(
            `${name}-s3-invoke`,
            {
                action: "lambda:InvokeFunction",
                function: this.sync.functionName,
                principal: "s3.amazonaws.com",
                sourceArn: args.artifactsBucketArn,
                sourceAccount: args.accountId,
            },
            { parent: this },
        );
        new aws.s3.BucketNotification(
            `${name}-manifests`,
            {
                bucket: args.artifactsBucketName,
                lambdaFunctions: [
                    {
                        id: "registry-sync",
                        lambdaFunctionArn: this.sync.arn,
                        events: ["s3:ObjectCreated:*", "s3:ObjectRemoved:*"],
                        filterPrefix: MANIFEST_PREFIX,
                        filterSuffix: ".json",
                    },
                ],
            },
            { parent: this, dependsOn: [permission] },
        );
        this.tableName = table.name;
        this.tableArn = table.arn;
        this.registerOutputs(pick(this, ["tableName", "tableArn"]));
    }
}
