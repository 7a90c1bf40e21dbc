import * as pulumi from "@pulumi/pulumi";
import type { RegionModel, SiteModel } from "../../src/model/types";
import { isAttached, sharedEndpointIngress, siteFlows } from "../../src/network";
import { buildEndpointVpc } from "./endpoint-vpc";
import type { RegionNetworkRefs } from "./network";
import { pick } from "../../src/util/pick";

export interface EndpointNetworkArgs {
    fleetName: string;
    region: RegionModel;
    /** Every site of the region: the security group's ports and the resolver follow their conduits. */
    sites: SiteModel[];
    net: RegionNetworkRefs;
    tags: Record<string, string>;
}

/**
 * The region's shared endpoint VPC (`network.endpoints: shared` in fleet.yaml): one VPC in the
 * region's `endpointCidr` with the interface endpoints, the IoT data and credentials private zones
 * and, when a site of the region declares a `dns` conduit to cloud, the inbound resolver, instead
 * of a landing VPC per site (components/site/network.ts builds those in per-site regions with the
 * same code, ./endpoint-vpc.ts). Its security group admits the endpoint ports from the private
 * ranges holding the plants' cloud-facing segments (src/network/endpoints.ts
 * sharedEndpointIngress); which segment of which site may use which port is enforced by the
 * regional firewall (one pass rule per site conduit and port, then the region's default deny of
 * this VPC), which every plant packet crosses on its way here.
 */
export class EndpointNetwork extends pulumi.ComponentResource {
    readonly vpcId: pulumi.Output<string>;

    constructor(name: string, args: EndpointNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fleet:region:EndpointNetwork", name, {}, opts);
        const { fleetName, region, tags } = args;
        const sites = args.sites.filter((s) => s.region === region.name && s.cloudNetwork.shared && isAttached(s.connectivity.uplink));
        const ingress = sharedEndpointIngress(sites);
        if (ingress.problem) throw new pulumi.ResourceError(`the endpoint VPC of region ${region.name} cannot be built: ${ingress.problem}`, this);
        const label = `${fleetName}-${region.name}-endpoints`;
        const { vpcId } = buildEndpointVpc(this, {
            n: (role) => `${name}-${role}`,
            named: (suffix) => ({ ...tags, Name: suffix ? `${label}-${suffix}` : label }),
            label,
            tags,
            region: region.name,
            cidr: region.network.endpointCidr,
            field: `fleet.yaml: spec.regions.${region.name}.network.endpointCidr`,
            attachmentRole: "endpoint",
            net: args.net,
            sgDescription: `${fleetName} ${region.name}: plant conduits to cloud, per port; exact per site in the regional firewall`,
            ingress: ingress.rules.map((r) => ({
                protocol: r.protocol,
                fromPort: r.port,
                toPort: r.port,
                cidrBlocks: r.cidrBlocks,
                description: r.description,
            })),
            zoneComment: (key) => `${fleetName} ${region.name}: ${key} through the shared endpoint VPC`,
            resolver: sites.some((s) => siteFlows(s).some((f) => f.cloud && f.protocol === "dns")),
        });
        this.vpcId = vpcId;
        this.registerOutputs(pick(this, ["vpcId"]));
    }
}
