import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { FleetModel, RegionModel } from "../../src/model/types";
import { serviceTrust, toJson } from "../../src/global/iam";
import { classifierName, comprehendDataAccessPolicy, REPORTS_OUTPUT_PREFIX, REPORTS_TRAINING_KEY } from "../../src/global/ml";

export interface MaintenanceReportsArgs {
    fleet: FleetModel;
    region: RegionModel;
    /** Tags for every taggable resource. */
    tags: Record<string, string>;
    /** Customer KMS key of the region: training volume, model and output. */
    kmsKeyArn: pulumi.Input<string>;
    /** The artifacts bucket holding `reports/training/labelled.csv`. */
    artifactsBucketName: pulumi.Input<string>;
    artifactsBucketArn: pulumi.Input<string>;
    /** Private subnets the training jobs run in. */
    privateSubnetIds: pulumi.Input<string>[];
    /** Security group of the training jobs (no inbound). */
    securityGroupId: pulumi.Input<string>;
    /** Language of the maintenance reports. @default "en" */
    languageCode?: string;
}

/**
 * The maintenance-report classifier of a region: an Amazon Comprehend custom classifier (report
 * text → failure category) trained from `s3://<artifacts>/reports/training/labelled.csv`
 * (COMPREHEND_CSV: `<label>,<text>` per line), model, volume and output encrypted with the
 * region key, training in the private subnets.
 *
 * The real-time endpoint is NOT a resource here: neither @pulumi/aws (7.48: DocumentClassifier,
 * EntityRecognizer) nor @pulumi/aws-native (1.79: DocumentClassifier, Flywheel) nor
 * CloudFormation has a Comprehend endpoint resource. docs/architecture.md says how ops create it
 * (`aws comprehend create-endpoint`) and how the workflow calls it.
 */
export class MaintenanceReports extends pulumi.ComponentResource {
    readonly classifierArn: pulumi.Output<string>;
    /** The ARN the endpoint will have once created as documented (`document-classifier-endpoint/<name>`). */
    readonly endpointArn: pulumi.Output<string>;

    constructor(name: string, args: MaintenanceReportsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fleet:region:MaintenanceReports", name, {}, opts);
        const parent = { parent: this };
        const { fleet, region, tags } = args;
        const identity = aws.getCallerIdentityOutput({}, parent);
        const partition = aws.getPartitionOutput({}, parent);
        const role = new aws.iam.Role("comprehend-data-access", { assumeRolePolicy: identity.accountId.apply((a) => toJson(serviceTrust("comprehend.amazonaws.com", a))), tags }, parent);
        const policy = new aws.iam.RolePolicy(
            "comprehend-data-access",
            {
                role: role.id,
                policy: pulumi
                    .all([partition.partition, identity.accountId, pulumi.output(args.artifactsBucketArn), pulumi.output(args.kmsKeyArn)])
                    .apply(([p, a, bucketArn, kmsKeyArn]) => toJson(comprehendDataAccessPolicy({ partition: p, region: region.name, account: a }, { bucketArn, kmsKeyArn }))),
            },
            parent,
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
        this.classifierArn = classifier.arn;
        this.endpointArn = pulumi.interpolate`arn:${partition.partition}:comprehend:${region.name}:${identity.accountId}:document-classifier-endpoint/${classifierName(fleet.name)}`;
        this.registerOutputs({ classifierArn: this.classifierArn, endpointArn: this.endpointArn });
    }
}
