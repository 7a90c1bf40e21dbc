import * as pulumi from "@pulumi/pulumi";
import { artifactsLifecycleRules, lakeLifecycleRules, logsLifecycleRules } from "../../src/analytics/lifecycle";
import type { SiteModel } from "../../src/model/types";
import { SecureBucket } from "./secure-bucket";
import type { TaggedArgs } from "./refs";

export interface RegionalStorageArgs extends TaggedArgs {
    /** The sites of the region: one lake lifecycle rule per site, from its `retention`. */
    sites: Pick<SiteModel, "name" | "retention">[];
    /** The platform key. */
    kmsKeyArn: pulumi.Input<string>;
    /** The AWS account, for the log delivery condition. */
    accountId: pulumi.Input<string>;
}

/**
 * The region's buckets: `logs` (server access logs of the others), `artifacts` (Greengrass
 * artifacts, models, site manifests) and `lake` (the telemetry data lake, tiered by retention).
 */
export class RegionalStorage extends pulumi.ComponentResource {
    readonly logs: SecureBucket;
    readonly artifacts: SecureBucket;
    readonly lake: SecureBucket;

    constructor(name: string, args: RegionalStorageArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fleet:region:RegionalStorage", name, {}, opts);
        this.logs = new SecureBucket(
            "logs",
            {
                kmsKeyArn: args.kmsKeyArn,
                // access logs are delivered only to SSE-S3 buckets (see SecureBucketArgs.encryption)
                encryption: "sse-s3",
                lifecycleRules: logsLifecycleRules(),
                // S3 server access logging writes as the logging service
                extraStatements: (arn) => [
                    {
                        Sid: "S3ServerAccessLogDelivery",
                        Effect: "Allow",
                        Principal: { Service: "logging.s3.amazonaws.com" },
                        Action: "s3:PutObject",
                        Resource: pulumi.interpolate`${arn}/access-logs/*`,
                        Condition: { StringEquals: { "aws:SourceAccount": args.accountId } },
                    },
                ],
                tags: args.tags,
            },
            { parent: this },
        );
        const accessLogs = (prefix: string) => ({ bucket: this.logs.bucketName, prefix: `access-logs/${prefix}/` });
        this.artifacts = new SecureBucket(
            "artifacts",
            { kmsKeyArn: args.kmsKeyArn, accessLogs: accessLogs("artifacts"), lifecycleRules: artifactsLifecycleRules(), tags: args.tags },
            { parent: this },
        );
        this.lake = new SecureBucket(
            "lake",
            { kmsKeyArn: args.kmsKeyArn, accessLogs: accessLogs("lake"), lifecycleRules: lakeLifecycleRules(args.sites), tags: args.tags },
            { parent: this },
        );
        this.registerOutputs({});
    }
}
