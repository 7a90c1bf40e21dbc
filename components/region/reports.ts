import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { toJson } from "../../src/iam";
import { LAMBDA_RUNTIME } from "../../src/analytics/lambda-runtime";
import { dataAccessRole } from "./data-access-role";
import type { RegionWorkloadArgs } from "./refs";
import { endpointManagerBundle } from "../../src/region/comprehend-endpoint-bundle";
import { endpointArnOf, endpointManagerPolicy } from "../../src/region/comprehend-endpoint";
import { classifierName, comprehendDataAccessPolicy, REPORTS_OUTPUT_PREFIX, REPORTS_TRAINING_KEY } from "../../src/region/ml";
import { callerScope, iamServiceRole } from "./trust";
import { pick } from "../../src/util/pick";

/** Artifacts: `reports/training/labelled.csv`; KMS key: training volume, model and output. */
export interface MaintenanceReportsArgs extends RegionWorkloadArgs {
    /** Language of the maintenance reports. @default "en" */
    languageCode?: string;
    /** Inference units of the real-time endpoint (1 unit = 100 characters a second). @default 1 */
    inferenceUnits?: number;
}

/**
 * The maintenance-report classifier of a region: an Amazon Comprehend custom classifier (report
 * text → failure category) trained from `s3://<artifacts>/reports/training/labelled.csv`
 * (COMPREHEND_CSV: `<label>,<text>` per line), model, volume and output encrypted with the
 * region key, training in the private subnets.
 *
 * The real-time endpoint has no resource in any provider (@pulumi/aws 7.48: DocumentClassifier,
 * EntityRecognizer; @pulumi/aws-native 1.79: DocumentClassifier, Flywheel; CloudFormation: the
 * same). It is managed by a small Lambda function (src/region/comprehend-endpoint.ts) that an
 * `aws.lambda.Invocation` with lifecycle scope CRUD calls after the classifier has trained:
 * create, point at a retrained model, delete on destroy.
 */
export class MaintenanceReports extends pulumi.ComponentResource {
    readonly classifierArn: pulumi.Output<string>;
    /** The endpoint the workflow classifies reports with (`document-classifier-endpoint/<name>`). */
    readonly endpointArn: pulumi.Output<string>;

    constructor(name: string, args: MaintenanceReportsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fleet:region:MaintenanceReports", name, {}, opts);
        const parent = { parent: this };
        const { fleet, region, tags } = args;
        const { identity, partition } = callerScope(this);
        const { role, policy } = dataAccessRole(
            "comprehend-data-access",
            {
                service: "comprehend.amazonaws.com",
                region: region.name,
                account: identity.accountId,
                partition: partition.partition,
                bucketArn: args.artifactsBucketArn,
                kmsKeyArn: args.kmsKeyArn,
                policy: comprehendDataAccessPolicy,
                tags,
            },
            this,
        );
        const classifier = new aws.comprehend.DocumentClassifier(
            "maintenance-reports",
            {
                name: classifierName(fleet.name),
                dataAccessRoleArn: role.arn,
                languageCode: args.languageCode ?? "en",
                mode: "MULTI_CLASS",
                inputDataConfig: { dataFormat: "COMPREHEND_CSV", s3Uri: pulumi.interpolate`s3://${args.artifactsBucketName}/${REPORTS_TRAINING_KEY}` },
                outputDataConfig: { s3Uri: pulumi.interpolate`s3://${args.artifactsBucketName}/${REPORTS_OUTPUT_PREFIX}`, kmsKeyId: args.kmsKeyArn },
                modelKmsKeyId: args.kmsKeyArn,
                volumeKmsKeyId: args.kmsKeyArn,
                vpcConfig: { subnets: args.privateSubnetIds, securityGroupIds: [args.securityGroupId] },
                tags,
            },
            { parent: this, dependsOn: [policy] },
        );
        const endpointName = classifierName(fleet.name);
        const endpointArn = pulumi.all([partition.partition, identity.accountId]).apply(([p, a]) => endpointArnOf(p, region.name, a, endpointName));

        // The endpoint manager: a function that may manage this one endpoint, invoked on each lifecycle event.
        const managerName = `${fleet.name}-comprehend-endpoint`;
        const managerLogs = new aws.cloudwatch.LogGroup(
            "comprehend-endpoint-manager",
            { name: `/aws/lambda/${managerName}`, retentionInDays: 365, kmsKeyId: args.kmsKeyArn, tags },
            parent,
        );
        const { role: managerRole, policy: managerPolicy } = iamServiceRole(
            "comprehend-endpoint-manager",
            "lambda.amazonaws.com",
            {
                account: identity.accountId,
                tags,
                policy: pulumi.all([endpointArn, classifier.arn, managerLogs.arn]).apply(([e, c, logs]) => {
                    const p = endpointManagerPolicy(e, c);
                    p.Statement.push({ Sid: "OwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: [`${logs}:*`] });
                    // Active tracing (lambda-baseline); X-Ray takes no resource-level permissions.
                    p.Statement.push({ Sid: "Tracing", Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: ["*"] });
                    return toJson(p);
                }),
            },
            parent,
        );
        const bundle = endpointManagerBundle();
        const manager = new aws.lambda.Function(
            "comprehend-endpoint-manager",
            {
                name: managerName,
                description: `Creates, updates and deletes the Comprehend endpoint ${endpointName}`,
                runtime: LAMBDA_RUNTIME,
                handler: "index.handler",
                role: managerRole.arn,
                code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset(bundle.code) }),
                timeout: 60,
                memorySize: 128,
                loggingConfig: { logFormat: "JSON", logGroup: managerLogs.name },
                tracingConfig: { mode: "Active" },
                tags,
            },
            { parent: this, dependsOn: [managerPolicy] },
        );
        new aws.lambda.Invocation(
            "comprehend-endpoint",
            {
                functionName: manager.name,
                lifecycleScope: "CRUD",
                input: classifier.arn.apply((modelArn) => JSON.stringify({ endpointName, modelArn, inferenceUnits: args.inferenceUnits ?? 1, tags })),
            },
            { parent: this, dependsOn: [classifier] },
        );

        this.classifierArn = classifier.arn;
        this.endpointArn = endpointArn;
        this.registerOutputs(pick(this, ["classifierArn", "endpointArn"]));
    }
}
