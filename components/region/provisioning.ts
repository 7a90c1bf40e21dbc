import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LAMBDA_RUNTIME } from "../../src/analytics/lambda-runtime";
import { hookRolePolicy, provisioningRolePolicy, serviceTrustPolicy } from "../../src/edge";
import { names } from "../../src/naming";
import { regionNames } from "../../src/naming/region";
import type { ArtifactsBucketArgs, PlatformArgs } from "./refs";
import { awsEnv, envPolicyJson } from "./trust";
import { pick } from "../../src/util/pick";

/** The hook's code as built by `tsc` (dist/functions/pre-provisioning-hook/index.js). */
export const HOOK_CODE = path.join(__dirname, "..", "..", "functions", "pre-provisioning-hook", "index.js");
export const HOOK_RUNTIME = LAMBDA_RUNTIME;
export const HOOK_LOG_RETENTION_DAYS = 90;

/**
 * The platform key encrypts the enrolled-serials table and the manifests the hook reads; the
 * artifacts bucket holds them (`manifests/<site>.json`).
 */
export interface RegionalProvisioningArgs extends PlatformArgs, ArtifactsBucketArgs {
    region: string;
}

/** What a fleet-claim site's provisioning template takes from its region. */
export interface RegionProvisioningRefs {
    /** The pre-provisioning hook (its invoke permission and role policy exist once this resolves). */
    hookArn: pulumi.Output<string>;
    /** The role AWS IoT provisions with (its policy exists once this resolves). */
    provisioningRoleArn: pulumi.Output<string>;
}

/**
 * What every fleet-claim site of the region shares, instead of one copy per site (2 IAM roles
 * and 5 more resources each before): the pre-provisioning hook, its role and logs, one
 * permission for AWS IoT to invoke it from any template of the fleet, the provisioning role, and
 * the table of enrolled serials, through which the hook admits each serial once (a protected
 * data store: point-in-time recovery, the region key, deletion protection).
 */
export class RegionalProvisioning extends pulumi.ComponentResource {
    readonly refs: RegionProvisioningRefs;
    readonly enrolledTableName: pulumi.Output<string>;

    constructor(name: string, args: RegionalProvisioningArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fleet:region:RegionalProvisioning", name, {}, opts);
        const { fleetName: fleet, tags } = args;
        const parent = { parent: this };
        const env = awsEnv(this, args.region);

        const table = new aws.dynamodb.Table(
            "enrolled-serials",
            {
                name: names.enrolledSerialsTable(fleet),
                billingMode: "PAY_PER_REQUEST",
                hashKey: "serial",
                attributes: [{ name: "serial", type: "S" }],
                pointInTimeRecovery: { enabled: true },
                serverSideEncryption: { enabled: true, kmsKeyArn: args.kmsKeyArn },
                deletionProtectionEnabled: true,
                tags,
            },
            { parent: this, protect: true },
        );

        const provisioningRole = new aws.iam.Role(
            "provisioning-role",
            {
                description: `AWS IoT registers the gateways of ${fleet}'s fleet-claim sites in ${args.region} with this role`,
                assumeRolePolicy: JSON.stringify(serviceTrustPolicy("iot.amazonaws.com")),
                tags,
            },
            parent,
        );
        const provisioningPolicy = new aws.iam.RolePolicy(
            "provisioning-policy",
            { name: "register-fleet-gateways", role: provisioningRole.id, policy: env.apply((e) => JSON.stringify(provisioningRolePolicy(e, fleet))) },
            parent,
        );

        const hookName = regionNames.lambda(fleet, "pre-provisioning-hook");
        const logGroup = `/aws/lambda/${hookName}`;
        const hookRole = new aws.iam.Role(
            "preprov-role",
            {
                description: `Pre-provisioning hook of ${fleet}'s fleet-claim sites in ${args.region}`,
                assumeRolePolicy: JSON.stringify(serviceTrustPolicy("lambda.amazonaws.com")),
                tags,
            },
            parent,
        );
        const logs = new aws.cloudwatch.LogGroup("preprov-logs", { name: logGroup, retentionInDays: HOOK_LOG_RETENTION_DAYS, tags }, parent);
        const hookPolicy = new aws.iam.RolePolicy(
            "preprov-policy",
            {
                name: "admit-listed-serials-once",
                role: hookRole.id,
                policy: envPolicyJson(env, { artifactsBucketArn: args.artifactsBucketArn, kmsKeyArn: args.kmsKeyArn, enrolledTableArn: table.arn }, (e, arns) =>
                    hookRolePolicy(e, { ...arns, logGroup }),
                ),
            },
            parent,
        );
        const hook = new aws.lambda.Function(
            "preprov",
            {
                name: hookName,
                description: "Admits a gateway serial listed in its site file, once",
                runtime: HOOK_RUNTIME,
                handler: "index.handler",
                code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.FileAsset(HOOK_CODE) }),
                role: hookRole.arn,
                timeout: 5,
                memorySize: 128,
                environment: {
                    variables: { FLEET: fleet, MANIFEST_BUCKET: args.artifactsBucketName, ENROLLED_TABLE: table.name, CACHE_SECONDS: "60" },
                },
                loggingConfig: { logFormat: "JSON", logGroup: logs.name },
                tracingConfig: { mode: "Active" },
                tags,
            },
            { parent: this, dependsOn: [hookPolicy] },
        );
        // One permission for every template of the fleet (`<fleet>-<site>`): a per-site statement would
        // grow the function's resource policy, which AWS caps at 20 KB.
        const invoke = new aws.lambda.Permission(
            "preprov-invoke",
            {
                action: "lambda:InvokeFunction",
                function: hook.name,
                principal: "iot.amazonaws.com",
                sourceAccount: env.account,
                sourceArn: env.apply((e) => `arn:${e.partition}:iot:${e.region}:${e.account}:provisioningtemplate/${names.provisioningTemplate(fleet, "*")}`),
            },
            parent,
        );
        this.enrolledTableName = table.name;
        this.refs = {
            hookArn: pulumi.all([hook.arn, invoke.id]).apply(([arn]) => arn),
            provisioningRoleArn: pulumi.all([provisioningRole.arn, provisioningPolicy.id]).apply(([arn]) => arn),
        };
        this.registerOutputs(pick(this, ["refs", "enrolledTableName"]));
    }
}
