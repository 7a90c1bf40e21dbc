import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { sha256, siteManifestJson } from "../../src/edge";
import type { FleetModel, SiteModel } from "../../src/model/types";
import { names } from "../../src/naming";
import type { RegionRefs } from "../region/refs";
import { pick } from "../../src/util/pick";

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
 * as one S3 object, and one copy of it per gateway that the gateway's collector reads. One
 * resource per site and gateway, however many machines and sensors it has.
 */
export class SiteManifest extends pulumi.ComponentResource {
    readonly key: string;
    readonly sha256: string;

    constructor(name: string, args: SiteManifestArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fleet:site:SiteManifest", name, {}, opts);
        const content = siteManifestJson(args.fleet, args.site);
        this.key = names.siteManifestKey(args.site.name);
        this.sha256 = sha256(content);
        const object = (name: string, key: string, aliases: pulumi.Alias[] = []) =>
            new aws.s3.BucketObjectv2(
                name,
                {
                    bucket: args.region.artifactsBucketName,
                    key,
                    content,
                    contentType: "application/json",
                    serverSideEncryption: "aws:kms",
                    kmsKeyId: args.region.kmsKeyArn,
                    bucketKeyEnabled: true,
                    metadata: { sha256: this.sha256 },
                    tags: args.tags,
                },
                { parent: this, aliases },
            );
        // read by the region's pre-provisioning hook
        object(`${args.site.name}-manifest`, this.key);
        // one copy per gateway, read by its collector: the region's token-exchange role lets a gateway
        // read only the copy named by its own thing (src/iam/token-exchange.ts), so no gateway reads
        // another site's manifest (`manifests/things/<thing>.json`)
        for (const g of [...args.site.gateways].sort((a, b) => a.name.localeCompare(b.name)))
            // a renamed gateway (previousNames): its copy is the same resource under a new key (replaced, not removed and added)
            object(
                `${args.site.name}-manifest-${g.name}`,
                names.thingManifestKey(g.thingName),
                g.previousNames.map((p) => ({ name: `${args.site.name}-manifest-${p}` })),
            );
        this.registerOutputs(pick(this, ["key", "sha256"]));
    }
}
