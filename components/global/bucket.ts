/**
 * The hardened bucket every store of the governance and delivery work uses: SSE-KMS with the
 * given key (bucket key on), versioning, public access blocked, object ownership enforced, a
 * TLS-only bucket policy and a lifecycle. Protected: a stateful store is never deleted by the
 * stack. A helper, not a component: the resources belong to the calling component.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { tlsOnlyBucketPolicy } from "../../src/region/governance";
import { doc, toJson, type Statement } from "../../src/iam";

export interface SecureBucketArgs {
    kmsKeyArn: pulumi.Input<string>;
    tags: Record<string, string>;
    /** Delete current objects after this many days. @default - never */
    expireDays?: number;
    /** Delete noncurrent versions after this many days. */
    noncurrentDays: number;
    /** Statements added to the TLS-only bucket policy (service deliveries). */
    extraStatements?: (bucketArn: string) => Statement[];
}

export function secureBucket(name: string, args: SecureBucketArgs, parent: pulumi.Resource): aws.s3.Bucket {
    const opts = { parent };
    const bucket = new aws.s3.Bucket(name, { forceDestroy: false, tags: args.tags }, { parent, protect: true });
    new aws.s3.BucketOwnershipControls(`${name}-ownership`, { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, opts);
    const block = new aws.s3.BucketPublicAccessBlock(
        `${name}-public-access`,
        { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
        opts,
    );
    new aws.s3.BucketServerSideEncryptionConfiguration(
        `${name}-encryption`,
        {
            bucket: bucket.id,
            rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.kmsKeyArn }, bucketKeyEnabled: true }],
        },
        opts,
    );
    new aws.s3.BucketVersioning(`${name}-versioning`, { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } }, opts);
    new aws.s3.BucketLifecycleConfiguration(
        `${name}-lifecycle`,
        {
            bucket: bucket.id,
            rules: [
                {
                    id: "retention",
                    status: "Enabled",
                    filter: { prefix: "" },
                    ...(args.expireDays !== undefined ? { expiration: { days: args.expireDays } } : {}),
                    noncurrentVersionExpiration: { noncurrentDays: args.noncurrentDays },
                    abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                },
            ],
        },
        opts,
    );
    new aws.s3.BucketPolicy(
        `${name}-policy`,
        {
            bucket: bucket.id,
            policy: bucket.arn.apply((arn) => toJson(doc(...tlsOnlyBucketPolicy(arn).Statement, ...(args.extraStatements?.(arn) ?? [])))),
        },
        { parent, dependsOn: [block] },
    );
    return bucket;
}
