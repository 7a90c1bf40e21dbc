import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { sha256, siteManifestJson } from "../../src/edge";
import type { FleetModel, SiteModel } from "../../src/model/types";
import { names } from "../../src/naming";
import type { RegionRefs } from "../region/refs";

export interface SiteManifestArgs {
    /** The whole fleet (name). */
    fleet: FleetModel;
    /** The normalized site the manifest holds. */
    site: SiteModel;
    /** The regional artifacts bucket and KMS key. */
    region: RegionRefs;
    /** Tags for the object. */
    tags: Record<string, string>;
}

/**
 * The site manifest: the normalized site (gateways and serials, equipment, sensors, thresholds)
 * as one S3 object. One resource per site, however many machines it has.
 */
export class SiteManifest extends pulumi.ComponentResource {
    readonly key: string;
    readonly sha256: string;
    readonly object: aws.s3.BucketObjectv2;

    constructor(name: string, args: SiteManifestArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fleet:site:SiteManifest", name, {}, opts);
        const content = siteManifestJson(args.fleet, args.site);
        this.key = names.siteManifestKey(args.site.name);
        this.sha256 = sha256(content);
        this.object = new aws.s3.BucketObjectv2(
            `${args.site.name}-manifest`,
            {
                bucket: args.region.artifactsBucketName,
                key: this.key,
                content,
                contentType: "application/json",
                serverSideEncryption: "aws:kms",
                kmsKeyId: args.region.kmsKeyArn,
                bucketKeyEnabled: true,
                metadata: { sha256: this.sha256 },
                tags: args.tags,
            },
            { parent: this },
        );
        this.registerOutputs({ key: this.key, sha256: this.sha256 });
    }
}
