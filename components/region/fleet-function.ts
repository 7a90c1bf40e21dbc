import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LAMBDA_RUNTIME, bundleFunction, functionFiles, type ZipFile } from "../../src/analytics/bundle";
import { regionNames } from "../../src/naming/region";
import type { DeadLetterQueueArgs, PlatformArgs, TaggedArgs } from "./refs";
import { policyJson, serviceRole } from "./trust";
import { pick } from "../../src/util/pick";

type ArchiveTree = { [name: string]: pulumi.asset.Asset | ArchiveTree };

/** index.js and `files` as nested archives (one per directory), the form Pulumi documents for folders in an AssetArchive. */
export function codeArchive(code: string, files: ZipFile[]): pulumi.asset.AssetArchive {
    const tree: ArchiveTree = { "index.js": new pulumi.asset.StringAsset(code) };
    for (const f of files) {
        const parts = f.path.split("/");
        let dir = tree;
        for (const p of parts.slice(0, -1)) dir = (dir[p] ??= {}) as ArchiveTree;
        dir[parts[parts.length - 1]] = new pulumi.asset.FileAsset(f.source);
    }
    const toArchive = (t: ArchiveTree): pulumi.asset.AssetArchive =>
        new pulumi.asset.AssetArchive(Object.fromEntries(Object.entries(t).map(([k, v]) => [k, v instanceof pulumi.asset.Asset ? v : toArchive(v)])));
    return toArchive(tree);
}

export interface FleetFunctionArgs extends TaggedArgs {
    /** The function's directory under functions/ (its code) and the suffix of its name. */
    source: string;
    /** Function name in AWS. */
    functionName: string;
    description: string;
    /** Environment variables (encrypted at rest with the platform key). */
    environment?: Record<string, pulumi.Input<string>>;
    /** IAM statements of the function's own permissions (logs, tracing, DLQ and key are added). */
    statements?: pulumi.Input<Record<string, unknown>>[];
    /** The platform key. */
    kmsKeyArn: pulumi.Input<string>;
    /** Dead-letter queue for failed asynchronous invocations. */
    deadLetterQueueArn: pulumi.Input<string>;
    /** @default 30 seconds */
    timeout?: number;
    /** @default 256 MB */
    memorySize?: number;
    /** Concurrency reserved (and capped) for this function. @default - unreserved */
    reservedConcurrency?: number;
    /** Run in these private subnets. @default - outside any VPC (AWS APIs only) */
    vpc?: { subnetIds: pulumi.Input<string>[]; securityGroupIds: pulumi.Input<string>[] };
    /** @default 90 days */
    logRetentionDays?: number;
}

/**
 * A Lambda function of the platform, with the lambda-baseline built in: code bundled by the
 * program from functions/<source>/index.ts (plus onnxruntime-web's run-time files when it uses them), LAMBDA_RUNTIME (src/analytics/lambda-runtime.ts) on arm64, X-Ray tracing, JSON logs in its
 * own KMS-encrypted log group, a dead-letter queue, environment encrypted with the platform key,
 * and a role with only what the function needs.
 */
export class FleetFunction extends pulumi.ComponentResource {
    readonly arn: pulumi.Output<string>;
    readonly functionName: pulumi.Output<string>;
    readonly roleArn: pulumi.Output<string>;
    readonly roleName: pulumi.Output<string>;
    /** Hex SHA-256 of the deployed index.js (the archive's hash, which Pulumi computes, covers the node_modules files too). */
    readonly codeSha256: string;
    /** The stable key the function was created with (its directory under functions/). */
    readonly functionKey: string;
    /** Executions reserved for the function (0: none), counted against the account's quota. */
    readonly reservedConcurrency: number;

    constructor(name: string, args: FleetFunctionArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fleet:region:FleetFunction", name, {}, opts);
        this.functionKey = args.source;
        this.reservedConcurrency = args.reservedConcurrency ?? 0;
        const bundle = bundleFunction(args.source);
        // onnxruntime-web's run-time files beside index.js for the functions whose bundle requires it (src/analytics/bundle.ts)
        const files = functionFiles(bundle);
        this.codeSha256 = bundle.sha256;
        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-logs`,
            { name: `/aws/lambda/${args.functionName}`, retentionInDays: args.logRetentionDays ?? 90, kmsKeyId: args.kmsKeyArn, tags: args.tags },
            { parent: this },
        );
        const { role, policy } = serviceRole(
            `${name}-role`,
            "lambda.amazonaws.com",
            {
                description: `${args.functionName} Lambda`,
                tags: args.tags,
                policy: policyJson([
                    {
                        Sid: "Logs",
                        Effect: "Allow",
                        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                        Resource: pulumi.interpolate`${logGroup.arn}:*`,
                    },
                    { Sid: "Tracing", Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: "*" },
                    { Sid: "DeadLetters", Effect: "Allow", Action: "sqs:SendMessage", Resource: args.deadLetterQueueArn },
                    { Sid: "PlatformKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: args.kmsKeyArn },
                    ...(args.statements ?? []),
                ]),
            },
            { parent: this },
            `${name}-policy`,
        );
        const attachments: pulumi.Resource[] = [policy];
        if (args.vpc) {
            attachments.push(
                new aws.iam.RolePolicyAttachment(
                    `${name}-vpc-access`,
                    { role: role.name, policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole" },
                    { parent: this },
                ),
            );
        }
        const fn = new aws.lambda.Function(
            name,
            {
                name: args.functionName,
                description: args.description,
                runtime: LAMBDA_RUNTIME,
                architectures: ["arm64"],
                handler: "index.handler",
                code: codeArchive(bundle.code, files),
                role: role.arn,
                timeout: args.timeout ?? 30,
                memorySize: args.memorySize ?? 256,
                reservedConcurrentExecutions: args.reservedConcurrency,
                environment: { variables: { ...(args.environment ?? {}), FLEET_CODE_SHA256: bundle.sha256 } },
                kmsKeyArn: args.kmsKeyArn,
                tracingConfig: { mode: "Active" },
                loggingConfig: { logFormat: "JSON", logGroup: logGroup.name, applicationLogLevel: "INFO", systemLogLevel: "WARN" },
                deadLetterConfig: { targetArn: args.deadLetterQueueArn },
                vpcConfig: args.vpc ? { subnetIds: args.vpc.subnetIds, securityGroupIds: args.vpc.securityGroupIds } : undefined,
                tags: args.tags,
            },
            { parent: this, dependsOn: [logGroup, ...attachments] },
        );
        this.arn = fn.arn;
        this.functionName = fn.name;
        this.roleArn = role.arn;
        this.roleName = role.name;
        this.registerOutputs(pick(this, ["arn", "functionName", "roleArn", "roleName", "codeSha256", "functionKey", "reservedConcurrency"]));
    }
}

/**
 * A function of the analytics platform: child and source `source`, named `<fleet>-<source>`
 * (regionNames.lambda), with the platform's key, dead-letter queue and tags.
 */
export function platformFunction(
    source: string,
    platform: PlatformArgs & DeadLetterQueueArgs,
    fn: Omit<FleetFunctionArgs, "source" | "functionName" | "kmsKeyArn" | "deadLetterQueueArn" | "tags">,
    opts: pulumi.ComponentResourceOptions,
): FleetFunction {
    const common = { kmsKeyArn: platform.kmsKeyArn, deadLetterQueueArn: platform.deadLetterQueueArn, tags: platform.tags };
    return new FleetFunction(source, { source, functionName: regionNames.lambda(platform.fleetName, source), ...common, ...fn }, opts);
}
