import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { FleetModel, RegionModel } from "../../src/model/types";

export interface RegionalAnalyticsArgs {
    /** The whole fleet (equipment types, defaults, tags). */
    fleet: FleetModel;
    /** The region this stack deploys. */
    region: RegionModel;
    /** Tags for every taggable resource. */
    tags: Record<string, string>;
}

/**
 * The analytics platform of one region. SKELETON: the analytics work (issue #5) replaces this
 * body; the outputs below are the contract sites rely on.
 */
export class RegionalAnalytics extends pulumi.ComponentResource {
    readonly kmsKeyArn: pulumi.Output<string>;
    readonly artifactsBucketName: pulumi.Output<string>;
    readonly artifactsBucketArn: pulumi.Output<string>;
    readonly telemetryStreamName: pulumi.Output<string>;
    readonly telemetryStreamArn: pulumi.Output<string>;

    constructor(name: string, args: RegionalAnalyticsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fleet:region:RegionalAnalytics", name, {}, opts);
        const key = new aws.kms.Key("platform-key", { enableKeyRotation: true, tags: args.tags }, { parent: this });
        const artifacts = new aws.s3.Bucket("artifacts", { tags: args.tags }, { parent: this, protect: true });
        const stream = new aws.kinesis.Stream(
            "telemetry",
            { streamModeDetails: { streamMode: "ON_DEMAND" }, encryptionType: "KMS", kmsKeyId: key.arn, tags: args.tags },
            { parent: this, protect: true },
        );
        this.kmsKeyArn = key.arn;
        this.artifactsBucketName = artifacts.bucket;
        this.artifactsBucketArn = artifacts.arn;
        this.telemetryStreamName = stream.name;
        this.telemetryStreamArn = stream.arn;
        this.registerOutputs({});
    }
}
