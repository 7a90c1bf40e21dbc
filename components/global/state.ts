import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { deliveryKeyPolicy } from "../../src/global/delivery";
import { toJson } from "../../src/iam";
import { secureBucket } from "../region/secure-bucket";
import { callerScope } from "../region/trust";
import { pick } from "../../src/util/pick";
import type { TaggedArgs } from "../region/refs";

export interface PulumiBackendArgs extends TaggedArgs {
    /** The fleet name: prefixes the key alias. */
    fleet: string;
}

/**
 * The self-managed Pulumi backend: a KMS key (rotation on, protected) that encrypts the state
 * bucket and, through its alias, every stack's secrets (`--secrets-provider awskms://alias/...`),
 * and the state bucket itself (versioned, SSE-KMS, public access blocked, TLS only, protected;
 * old state versions kept a year). Log in with `pulumi login s3://<bucket>?region=<r>&awssdk=v2`.
 */
export class PulumiBackend extends pulumi.ComponentResource {
    readonly keyArn: pulumi.Output<string>;
    readonly keyAlias: string;
    readonly stateBucketName: pulumi.Output<string>;
    /** The SSE-S3 bucket the state and artifact buckets write their server access logs to. */
    readonly accessLogBucketName: pulumi.Output<string>;
    readonly stateBucketArn: pulumi.Output<string>;

    constructor(name: string, args: PulumiBackendArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fleet:global:PulumiBackend", name, {}, opts);
        const parent = { parent: this };
        const { identity, partition } = callerScope(this);
        const region = aws.getRegionOutput({}, parent);
        const key = new aws.kms.Key(
            "state",
            {
                description: `${args.fleet}: Pulumi state, stack secrets and delivery artifacts`,
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                policy: pulumi
                    .all([partition.partition, region.region, identity.accountId])
                    .apply(([p, r, a]) => toJson(deliveryKeyPolicy({ partition: p, region: r, account: a }))),
                tags: args.tags,
            },
            { parent: this, protect: true },
        );
        this.keyAlias = `alias/${args.fleet}-pulumi`;
        new aws.kms.Alias("state", { name: this.keyAlias, targetKeyId: key.keyId }, parent);
        // Server access logs of the state and artifact buckets: S3 delivers them only to an SSE-S3
        // bucket, writing as logging.s3.amazonaws.com (Amazon S3 user guide, server access logging).
        const logs = secureBucket(
            "access-logs",
            {
                kmsKeyArn: key.arn,
                encryption: "sse-s3",
                tags: args.tags,
                noncurrentDays: 30,
                expireDays: 365,
                account: identity.accountId,
                extraStatements: (arn, account) => [
                    {
                        Sid: "S3ServerAccessLogDelivery",
                        Effect: "Allow",
                        Principal: { Service: "logging.s3.amazonaws.com" },
                        Action: ["s3:PutObject"],
                        Resource: [`${arn}/access-logs/*`],
                        Condition: { StringEquals: { "aws:SourceAccount": account } },
                    },
                ],
            },
            this,
        );
        this.accessLogBucketName = logs.bucket;
        const bucket = secureBucket(
            "state",
            { kmsKeyArn: key.arn, tags: args.tags, noncurrentDays: 365, accessLogs: { bucket: logs.bucket, prefix: "access-logs/state/" } },
            this,
        );
        this.keyArn = key.arn;
        this.stateBucketName = bucket.bucket;
        this.stateBucketArn = bucket.arn;
        this.registerOutputs(pick(this, ["keyArn", "keyAlias", "stateBucketName", "accessLogBucketName", "stateBucketArn"]));
    }
}
