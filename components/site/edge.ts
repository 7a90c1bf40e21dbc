import * as pulumi from "@pulumi/pulumi";
import { SiteGreengrass } from "./greengrass";
import { SiteIdentity } from "./identity";
import { SiteManifest } from "./manifest";
import { SiteProvisioning } from "./provisioning";
import type { SiteArgs } from "./site";
import { awsEnv } from "../region/trust";

/**
 * The site's edge: IoT identity, provisioning (by the site's mode), the Greengrass deployment
 * and the site manifest. Children are named `<site>-...` from stable keys (site and gateway names).
 */
export class SiteEdge extends pulumi.ComponentResource {
    readonly identity: SiteIdentity;
    readonly provisioning: SiteProvisioning;
    readonly greengrass: SiteGreengrass;
    readonly manifest: SiteManifest;

    constructor(name: string, args: SiteArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fleet:site:SiteEdge", name, {}, opts);
        const s = args.site.name;
        const env = awsEnv(this, args.region.region);
        const base = { fleet: args.fleet, site: args.site, region: args.region, tags: args.tags };

        this.manifest = new SiteManifest(`${s}-manifest`, base, { parent: this });
        this.identity = new SiteIdentity(`${s}-identity`, { ...base, env }, { parent: this });
        this.provisioning = new SiteProvisioning(
            `${s}-provisioning`,
            { ...base, env, policyName: this.identity.policyName, dependsOn: [this.identity, this.manifest], retainIdentities: args.retainIdentities },
            { parent: this },
        );
        this.greengrass = new SiteGreengrass(
            `${s}-greengrass`,
            {
                ...base,
                thingGroupArn: this.identity.thingGroupArn,
                manifestSha256: this.manifest.sha256,
                collectorArtifacts: args.collectorArtifacts,
                inferenceArtifacts: args.inferenceArtifacts ?? [],
                dependsOn: [this.identity, this.manifest],
            },
            { parent: this },
        );
        this.registerOutputs({});
    }
}
