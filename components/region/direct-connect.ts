/**
 * The region's Direct Connect gateways (one per non-empty group of `directConnectGroup`, at most
 * DX_GROUPS, src/model/direct-connect.ts), each associated once with the hub and advertising its
 * sites' cloudNetworks: a transit gateway takes at most 20 Direct Connect gateways (hard limit,
 * src/quotas/catalogue.ts), so one per site would stop at the 21st site. Each plant's transit
 * virtual interface attaches to its group's gateway; the attachment is associated with the spoke
 * table here, the sites route their segments to it (components/site/network.ts).
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { directConnectGroups } from "../../src/model/direct-connect";
import type { SiteModel } from "../../src/model/types";
import { DX_GATEWAY_ASN } from "../../src/network";

export interface DirectConnectArgs {
    fleetName: string;
    region: string;
    /** The region's sites; those with `uplink: direct-connect` are advertised. */
    sites: readonly SiteModel[];
    tags: Record<string, string>;
    transitGatewayId: pulumi.Input<string>;
    spokeRouteTableId: pulumi.Input<string>;
}

/**
 * The gateways, associations and spoke-table associations, children of `parent` (named
 * `dxgw-<group>`, `-association`, `-spokes-association`); the attachment id of each group, or
 * undefined when no site of the region uses Direct Connect.
 */
export function directConnectGateways(parent: pulumi.Resource, args: DirectConnectArgs): Record<string, pulumi.Output<string>> | undefined {
    const groups = directConnectGroups(args.sites);
    if (groups.length === 0) return undefined;
    const opts = { parent };
    const out: Record<string, pulumi.Output<string>> = {};
    for (const { group: g, prefixes } of groups) {
        const name = `${args.fleetName}-${args.region}-dx-${g}`;
        const gateway = new aws.directconnect.Gateway(`dxgw-${g}`, { name, amazonSideAsn: String(DX_GATEWAY_ASN), tags: { ...args.tags, Name: name } }, opts);
        const association = new aws.directconnect.GatewayAssociation(
            `dxgw-${g}-association`,
            { dxGatewayId: gateway.id, associatedGatewayId: args.transitGatewayId, allowedPrefixes: prefixes },
            opts,
        );
        new aws.ec2transitgateway.RouteTableAssociation(
            `dxgw-${g}-spokes-association`,
            { transitGatewayAttachmentId: association.transitGatewayAttachmentId, transitGatewayRouteTableId: args.spokeRouteTableId },
            opts,
        );
        out[g] = association.transitGatewayAttachmentId;
    }
    return out;
}
