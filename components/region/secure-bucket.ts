import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { LifecycleRule } from "../../src/analytics/lifecycle";

export interface SecureBucketArgs {
    /** Customer KMS key for default encryption (SSE-KMS with S3 Bucket Keys). */
    kmsKeyArn: pulumi.Input<string>;
    /** Bucket that receives this bucket's server access logs. @default - no access logging (only for the logs bucket itself) */
    accessLogs?: { bucket: pulumi.Input<string>; prefix: string };
    /** Lifecycle rules. @default - none */
    lifecycleRules?: LifecycleRule[];
    /** Statements added to the bucket policy, given the bucket ARN. @default - only the TLS-only deny */
    extraStatements?: (bucketArn: pulumi.Output<string>) => pulumi.Input<Record<string, unknown>>[];
    /** Tags for every taggable resource. */
    tags: Record<string, string>;
}

/**
 * An S3 bucket with the baseline every bucket of the platform gets: SSE-KMS with the platform
 * key, versioning, all public access blocked, ACLs disabled (bucket owner enforced), a policy
 * that denies requests without TLS, server access logging, lifecycle rules. Protected.
 */
export class SecureBucket extends pulumi.ComponentResource {
    readonly bucketName: pulumi.Output<string>;
    readonly arn: pulumi.Output<string>;

    constructor(name: string, args: SecureBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fleet:region:SecureBucket", name, {}, opts);
        const bucket = new aws.s3.Bucket(name, { forceDestroy: false, tags: args.tags }, { parent: this, protect: true });
        const ownership = new aws.s3.BucketOwnershipControls(
            `${name}-ownership`,
            { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
            { parent: this },
        );
        const pab = new aws.s3.BucketPublicAccessBlock(
            `${name}-public-access`,
            { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
            { parent: this },
        );
        const versioning = new aws.s3.BucketVersioning(
            `${name}-versioning`,
            { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
            { parent: this },
        );
        new aws.s3.BucketServerSideEncryptionConfiguration(
            `${name}-encryption`,
            {
                bucket: bucket.id,
                rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.kmsKeyArn }, bucketKeyEnabled: true }],
            },
            { parent: this },
        );
        const statements: pulumi.Input<Record<string, unknown>>[] = [
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [bucket.arn, pulumi.interpolate`${bucket.arn}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
            ...(args.extraStatements?.(bucket.arn) ?? []),
        ];
        new aws.s3.BucketPolicy(
            `${name}-policy`,
            { bucket: bucket.id, policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: statements }) },
            { parent: this, dependsOn: [pab, ownership] },
        );
        if (args.accessLogs) {
            new aws.s3.BucketLogging(
                `${name}-access-logging`,
                {
                    bucket: bucket.id,
                    targetBucket: args.accessLogs.bucket,
                    targetPrefix: args.accessLogs.prefix,
                    targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: "EventTime" } },
                },
                { parent: this },
            );
        }
        if (args.lifecycleRules && args.lifecycleRules.length > 0) {
            new aws.s3.BucketLifecycleConfiguration(
                `${name}-lifecycle`,
                { bucket: bucket.id, rules: args.lifecycleRules },
                { parent: this, dependsOn: [versioning] },
            );
        }
        this.bucketName = bucket.bucket;
        this.arn = bucket.arn;
        this.registerOutputs({ bucketName: this.bucketName, arn: this.arn });
    }
}
