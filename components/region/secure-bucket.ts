/**
 * The platform's one hardened S3 bucket: SSE-KMS with the given key (bucket key on), versioning,
 * all public access blocked, ACLs disabled (bucket owner enforced), a bucket policy that denies
 * requests without TLS, optional server access logging and lifecycle rules. The bucket itself is
 * protected: a stateful store is never deleted by the stack.
 *
 * Two entry points share `hardenedBucket`, so there is one implementation:
 * - `SecureBucket`, a component (`fleet:region:SecureBucket`) whose children are the resources;
 * - `secureBucket()`, which registers the same resources as children of the calling component
 *   (the governance and delivery stores, which were written that way; moving their resources
 *   under a component would change their URNs and replace protected stores).
 * The two keep the bucket policies and option sets their buckets were created with (the golden
 * plans pin them): the component writes its TLS-only statement inline and makes the policy wait
 * for the ownership controls too; the helper uses `tlsOnlyBucketPolicy` of src/region/governance.ts.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { LifecycleRule } from "../../src/analytics/lifecycle";
import { doc, toJson, type Statement } from "../../src/iam";
import { tlsOnlyBucketPolicy } from "../../src/region/governance";
import { pick } from "../../src/util/pick";
import type { TaggedArgs } from "./refs";

/** What every hardened bucket is made of; the two entry points below fill it in. */
interface HardenedBucketSpec {
    kmsKeyArn: pulumi.Input<string>;
    tags: Record<string, string>;
    /** The bucket policy document (JSON), given the bucket. */
    policy: (bucket: aws.s3.Bucket) => pulumi.Input<string>;
    /** The policy also waits for the ownership controls (not only for the public access block). */
    policyAfterOwnership: boolean;
    accessLogs?: { bucket: pulumi.Input<string>; prefix: string };
    /** Lifecycle rules, and whether their configuration waits for versioning. @default - no lifecycle configuration */
    lifecycle?: { rules: LifecycleRule[]; afterVersioning: boolean };
    /** Default encryption (see SecureBucketArgs.encryption). @default "sse-kms" */
    encryption?: "sse-kms" | "sse-s3";
}

/** Registers the bucket `name` and its `${name}-<role>` settings as children of `parent`. */
function hardenedBucket(name: string, spec: HardenedBucketSpec, parent: pulumi.Resource): aws.s3.Bucket {
    const opts = { parent };
    const bucket = new aws.s3.Bucket(name, { forceDestroy: false, tags: spec.tags }, { parent, protect: true });
    const ownership = new aws.s3.BucketOwnershipControls(`${name}-ownership`, { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, opts);
    const block = new aws.s3.BucketPublicAccessBlock(
        `${name}-public-access`,
        { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
        opts,
    );
    const versioning = new aws.s3.BucketVersioning(`${name}-versioning`, { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } }, opts);
    new aws.s3.BucketServerSideEncryptionConfiguration(
        `${name}-encryption`,
        {
            bucket: bucket.id,
            rules:
                spec.encryption === "sse-s3"
                    ? [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]
                    : [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: spec.kmsKeyArn }, bucketKeyEnabled: true }],
        },
        opts,
    );
    new aws.s3.BucketPolicy(
        `${name}-policy`,
        { bucket: bucket.id, policy: spec.policy(bucket) },
        { parent, dependsOn: spec.policyAfterOwnership ? [block, ownership] : [block] },
    );
    if (spec.accessLogs) {
        new aws.s3.BucketLogging(
            `${name}-access-logging`,
            {
                bucket: bucket.id,
                targetBucket: spec.accessLogs.bucket,
                targetPrefix: spec.accessLogs.prefix,
                targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: "EventTime" } },
            },
            opts,
        );
    }
    if (spec.lifecycle && spec.lifecycle.rules.length > 0) {
        new aws.s3.BucketLifecycleConfiguration(
            `${name}-lifecycle`,
            { bucket: bucket.id, rules: spec.lifecycle.rules },
            spec.lifecycle.afterVersioning ? { parent, dependsOn: [versioning] } : opts,
        );
    }
    return bucket;
}

export interface SecureBucketArgs extends TaggedArgs {
    /** Customer KMS key for default encryption (SSE-KMS with S3 Bucket Keys). */
    kmsKeyArn: pulumi.Input<string>;
    /**
     * Default encryption. `sse-s3` only for the target of server access logs: S3 delivers access
     * logs only to a bucket whose default encryption is SSE-S3 (Amazon S3 user guide, "Enabling
     * Amazon S3 server access logging": SSE-KMS target buckets are not supported).
     * @default "sse-kms"
     */
    encryption?: "sse-kms" | "sse-s3";
    /** Bucket that receives this bucket's server access logs. @default - no access logging (only for the logs bucket itself) */
    accessLogs?: { bucket: pulumi.Input<string>; prefix: string };
    /** Lifecycle rules. @default - none */
    lifecycleRules?: LifecycleRule[];
    /** Statements added to the bucket policy, given the bucket ARN. @default - only the TLS-only deny */
    extraStatements?: (bucketArn: pulumi.Output<string>) => pulumi.Input<Record<string, unknown>>[];
}

/** A hardened bucket as a component: public outputs `bucketName` and `arn`. */
export class SecureBucket extends pulumi.ComponentResource {
    readonly bucketName: pulumi.Output<string>;
    readonly arn: pulumi.Output<string>;

    constructor(name: string, args: SecureBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fleet:region:SecureBucket", name, {}, opts);
        const bucket = hardenedBucket(
            name,
            {
                kmsKeyArn: args.kmsKeyArn,
                tags: args.tags,
                policy: (b) => pulumi.jsonStringify({ Version: "2012-10-17", Statement: tlsOnlyStatements(b.arn, args.extraStatements) }),
                policyAfterOwnership: true,
                accessLogs: args.accessLogs,
                encryption: args.encryption,
                lifecycle: args.lifecycleRules ? { rules: args.lifecycleRules, afterVersioning: true } : undefined,
            },
            this,
        );
        this.bucketName = bucket.bucket;
        this.arn = bucket.arn;
        this.registerOutputs(pick(this, ["bucketName", "arn"]));
    }
}

function tlsOnlyStatements(arn: pulumi.Output<string>, extra: SecureBucketArgs["extraStatements"]): pulumi.Input<Record<string, unknown>>[] {
    return [
        {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [arn, pulumi.interpolate`${arn}/*`],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
        ...(extra?.(arn) ?? []),
    ];
}

export interface InlineSecureBucketArgs {
    kmsKeyArn: pulumi.Input<string>;
    tags: Record<string, string>;
    /** Delete current objects after this many days. @default - never */
    expireDays?: number;
    /** Delete noncurrent versions after this many days. */
    noncurrentDays: number;
    /** Statements added to the TLS-only bucket policy (service deliveries), given the bucket ARN and `account`. */
    extraStatements?: (bucketArn: string, account: string) => Statement[];
    /** The account the extra statements name (aws:SourceAccount). @default "" */
    account?: pulumi.Input<string>;
    /** Where S3 writes the bucket's server access logs. @default - none (only for the log bucket itself) */
    accessLogs?: { bucket: pulumi.Input<string>; prefix: string };
    /** Default encryption; a bucket that receives access logs must be "sse-s3". @default "sse-kms" */
    encryption?: "sse-kms" | "sse-s3";
}

/**
 * A hardened bucket whose resources belong to `parent` (no component of its own), with one
 * `retention` lifecycle rule.
 */
export function secureBucket(name: string, args: InlineSecureBucketArgs, parent: pulumi.Resource): aws.s3.Bucket {
    const retention: LifecycleRule = {
        id: "retention",
        status: "Enabled",
        filter: { prefix: "" },
        ...(args.expireDays !== undefined ? { expiration: { days: args.expireDays } } : {}),
        noncurrentVersionExpiration: { noncurrentDays: args.noncurrentDays },
        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
    };
    return hardenedBucket(
        name,
        {
            kmsKeyArn: args.kmsKeyArn,
            tags: args.tags,
            policy: (b) =>
                pulumi
                    .all([b.arn, args.account ?? ""])
                    .apply(([arn, account]) => toJson(doc(...tlsOnlyBucketPolicy(arn).Statement, ...(args.extraStatements?.(arn, account) ?? [])))),
            policyAfterOwnership: false,
            lifecycle: { rules: [retention], afterVersioning: false },
            ...(args.accessLogs ? { accessLogs: args.accessLogs } : {}),
            ...(args.encryption ? { encryption: args.encryption } : {}),
        },
        parent,
    );
}
