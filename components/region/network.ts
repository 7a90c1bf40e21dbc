import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { FleetModel, RegionModel, SiteModel } from "../../src/model/types";

export interface RegionalNetworkArgs {
    fleet: FleetModel;
    region: RegionModel;
    /** Every site of the region: their conduits become the firewall's rule groups. */
    sites: SiteModel[];
    /** Tags for every taggable resource. */
    tags: Record<string, string>;
    /** Customer KMS key for the firewall and its logs. */
    kmsKeyArn: pulumi.Input<string>;
}

/**
 * The regional network hub. SKELETON: the network work (issue #4) replaces this body; the
 * outputs below are the contract sites rely on.
 */
export class RegionalNetwork extends pulumi.ComponentResource {
    readonly transitGatewayId: pulumi.Output<string>;

    constructor(name: string, args: RegionalNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fleet:region:RegionalNetwork", name, {}, opts);
        const tgw = new aws.ec2transitgateway.TransitGateway("hub", { description: `${args.fleet.name} ${args.region.name} site hub`, tags: args.tags }, { parent: this });
        this.transitGatewayId = tgw.id;
        this.registerOutputs({});
    }
}
