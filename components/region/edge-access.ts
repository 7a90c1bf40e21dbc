import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { serviceTrustPolicy, TES_CREDENTIAL_SECONDS } from "../../src/edge";
import type { PackagedArtifact } from "../../src/edge/artifacts";
import { regionTesRolePolicy } from "../../src/iam/token-exchange";
import { names } from "../../src/naming";
import type { ArtifactsBucketArgs, PlatformArgs } from "./refs";
import { awsEnv, envPolicyJson } from "./trust";
import { pick } from "../../src/util/pick";

/** The zips are uploaded to the artifacts bucket, encrypted with the platform key. */
export interface RegionEdgeAccessArgs extends PlatformArgs, ArtifactsBucketArgs {
    region: string;
    telemetryStreamArn: pulumi.Input<string>;
    /** The edge components' zips (collector, edge inference; every architecture), uploaded once for the region. */
    artifacts: readonly { component: string; artifact: PackagedArtifact }[];
}

/**
 * What every gateway of the region uses in the cloud: the Greengrass token-exchange role (one per
 * region, scoped per gateway by its thing name: src/iam/token-exchange.ts) that every site's role
 * alias points at, and the component zips, uploaded once under content-addressed keys instead of
 * once per site.
 */
export class RegionEdgeAccess extends pulumi.ComponentResource {
    /** ARN of the token-exchange role, known once its policy is in place. */
    readonly tokenExchangeRoleArn: pulumi.Output<string>;
    /** The uploaded zips: a component version is created only after its artifacts exist. */
    readonly uploads: aws.s3.BucketObjectv2[];
    /** The S3 keys of the uploaded zips, sorted: the platform stack exports them (src/edge/shared-artifacts.ts) for `fleet up`'s check of site stacks. */
    readonly sharedArtifactKeys: pulumi.Output<string[]>;

    constructor(name: string, args: RegionEdgeAccessArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fleet:region:RegionEdgeAccess", name, {}, opts);
        const parent = { parent: this };
        const { tags } = args;
        const env = awsEnv(this, args.region);
        const role = new aws.iam.Role(
            "tes-role",
            {
                description: `Greengrass token-exchange role of ${args.fleetName}'s gateways in ${args.region} (every site's role alias)`,
                assumeRolePolicy: JSON.stringify(serviceTrustPolicy("credentials.iot.amazonaws.com")),
                maxSessionDuration: TES_CREDENTIAL_SECONDS,
                tags,
            },
            parent,
        );
        const policy = new aws.iam.RolePolicy(
            "tes-policy",
            {
                name: "gateway-edge-access",
                role: role.id,
                policy: envPolicyJson(
                    env,
                    { artifactsBucketArn: args.artifactsBucketArn, telemetryStreamArn: args.telemetryStreamArn, kmsKeyArn: args.kmsKeyArn },
                    (e, arns) => regionTesRolePolicy(e, args.fleetName, arns),
                ),
            },
            parent,
        );
        // content-addressed keys: a new build is a new object, never a changed object under a digest Greengrass recorded
        this.uploads = args.artifacts.map(
            ({ component, artifact: a }) =>
                new aws.s3.BucketObjectv2(
                    `${component}-${a.arch}`,
                    {
                        bucket: args.artifactsBucketName,
                        key: names.sharedArtifactKey(a.key),
                        source: new pulumi.asset.FileAsset(a.file),
                        contentType: "application/zip",
                        serverSideEncryption: "aws:kms",
                        kmsKeyId: args.kmsKeyArn,
                        bucketKeyEnabled: true,
                        metadata: { sha256: a.sha256 },
                        tags,
                    },
                    parent,
                ),
        );
        this.sharedArtifactKeys = pulumi.all(this.uploads.map((u) => u.key)).apply((keys) => [...keys].sort());
        this.tokenExchangeRoleArn = pulumi.all([role.arn, policy.id]).apply(([arn]) => arn);
        this.registerOutputs(pick(this, ["tokenExchangeRoleArn", "sharedArtifactKeys"]));
    }
}
