import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { endpointServices, landingPlan } from "../../src/network";
import type { RegionNetworkRefs } from "./network";

/** What one VPC holding the AWS endpoints for plants needs: a site's landing VPC or the region's shared endpoint VPC. */
export interface EndpointVpcArgs {
    /** Child names: `n(role)` is `<owner component's name>-<role>`. */
    n: (role: string) => string;
    /** Tags with a `Name` of `label` or `label-<suffix>`. */
    named: (suffix?: string) => Record<string, string>;
    /** The Name of the VPC; the resolver is `<label>-inbound`. */
    label: string;
    tags: Record<string, string>;
    region: string;
    /** The VPC's range; `field` says where it was written, for the invariant's message. */
    cidr: string;
    field: string;
    /** The attachment's role in child names: `landing` (a site's) or `endpoint` (the region's). */
    attachmentRole: string;
    net: RegionNetworkRefs;
    /** The security group's description and rules, and each private zone's comment. */
    sgDescription: string;
    ingress: aws.types.input.ec2.SecurityGroupIngress[];
    zoneComment: (key: string) => string;
    /** A Route 53 Resolver inbound endpoint, for plants that forward DNS to AWS. */
    resolver: boolean;
}

/**
 * One VPC for the plants' AWS endpoints, in two AZs, reached only through the Transit Gateway:
 * its attachment is associated with the spoke route table (everything to the inspection VPC)
 * and propagates into the inspection route table (the way back), so all plant traffic crosses
 * the regional firewall. It holds the interface endpoints (src/network/endpoints.ts) behind one
 * security group, private DNS for the account's IoT data and credentials endpoints, and the
 * inbound resolver when asked. The one implementation of a site's landing VPC
 * (components/site/network.ts) and a region's shared endpoint VPC (./endpoints.ts).
 */
export function buildEndpointVpc(owner: pulumi.ComponentResource, a: EndpointVpcArgs): { vpcId: pulumi.Output<string> } {
    const { n, named, net, tags } = a;
    const parent = { parent: owner };
    const plan = landingPlan(a.cidr);
    if ("error" in plan) throw new pulumi.ResourceError(`${a.field}: ${plan.error}`, owner);

    // Two subnets, one per AZ; everything leaves through the Transit Gateway.
    const vpc = new aws.ec2.Vpc(n("vpc"), { cidrBlock: plan.plan.vpcCidr, enableDnsSupport: true, enableDnsHostnames: true, tags: named() }, parent);
    new aws.ec2.DefaultSecurityGroup(n("default-sg"), { vpcId: vpc.id, tags }, parent);
    new aws.ec2.FlowLog(
        n("flow-log"),
        {
            vpcId: vpc.id,
            trafficType: "ALL",
            logDestinationType: "cloud-watch-logs",
            logDestination: net.flowLogGroupArn,
            iamRoleArn: net.flowLogRoleArn,
            maxAggregationInterval: 60,
            tags,
        },
        parent,
    );
    const letters = ["a", "b"] as const;
    const subnets = plan.plan.subnets.map(
        (cidr, i) =>
            new aws.ec2.Subnet(
                n(`subnet-${letters[i]}`),
                { vpcId: vpc.id, cidrBlock: cidr, availabilityZone: net.availabilityZones[i], tags: named(letters[i]) },
                parent,
            ),
    );
    const role = a.attachmentRole;
    const attachment = new aws.ec2transitgateway.VpcAttachment(
        n(`${role}-attachment`),
        {
            transitGatewayId: net.transitGatewayId,
            vpcId: vpc.id,
            subnetIds: subnets.map((s) => s.id),
            dnsSupport: "enable",
            transitGatewayDefaultRouteTableAssociation: false,
            transitGatewayDefaultRouteTablePropagation: false,
            tags: named(role),
        },
        parent,
    );
    new aws.ec2transitgateway.RouteTableAssociation(
        n(`${role}-association`),
        { transitGatewayAttachmentId: attachment.id, transitGatewayRouteTableId: net.spokeRouteTableId },
        parent,
    );
    new aws.ec2transitgateway.RouteTablePropagation(
        n(`${role}-propagation`),
        { transitGatewayAttachmentId: attachment.id, transitGatewayRouteTableId: net.inspectionRouteTableId },
        parent,
    );
    const rt = new aws.ec2.RouteTable(n("rt"), { vpcId: vpc.id, tags: named() }, parent);
    subnets.forEach((s, i) => new aws.ec2.RouteTableAssociation(n(`rt-association-${letters[i]}`), { subnetId: s.id, routeTableId: rt.id }, parent));
    new aws.ec2.Route(
        n("to-hub"),
        { routeTableId: rt.id, destinationCidrBlock: "0.0.0.0/0", transitGatewayId: net.transitGatewayId },
        { parent: owner, dependsOn: [attachment] },
    );
    endpoints(owner, a, vpc, subnets);
    return { vpcId: vpc.id };
}

/** The interface endpoints behind the security group, private DNS for the IoT endpoints, and the inbound resolver when asked. */
function endpoints(owner: pulumi.ComponentResource, a: EndpointVpcArgs, vpc: aws.ec2.Vpc, subnets: aws.ec2.Subnet[]): void {
    const { n, named, tags } = a;
    const parent = { parent: owner };
    // Nothing outbound: endpoints and resolvers only answer.
    const sg = new aws.ec2.SecurityGroup(
        n("endpoints-sg"),
        { vpcId: vpc.id, description: a.sgDescription, ingress: a.ingress, egress: [], tags: named("endpoints") },
        parent,
    );
    const created = new Map(
        endpointServices(a.region).map((svc) => [
            svc.key,
            new aws.ec2.VpcEndpoint(
                n(`endpoint-${svc.key}`),
                {
                    vpcId: vpc.id,
                    serviceName: svc.serviceName,
                    vpcEndpointType: "Interface",
                    subnetIds: subnets.map((s) => s.id),
                    securityGroupIds: [sg.id],
                    privateDnsEnabled: svc.privateDns,
                    ...(svc.key === "s3" ? { dnsOptions: { privateDnsOnlyForInboundResolverEndpoint: false } } : {}),
                    tags: named(svc.key),
                },
                parent,
            ),
        ]),
    );
    // IoT Core data and credentials endpoints have no AWS-made private DNS: a zone per account endpoint name.
    for (const [key, endpointType] of [
        ["iot-data", "iot:Data-ATS"],
        ["iot-credentials", "iot:CredentialProvider"],
    ] as const) {
        const host = aws.iot.getEndpointOutput({ endpointType }, parent).endpointAddress;
        const zone = new aws.route53.Zone(n(`zone-${key}`), { name: host, comment: a.zoneComment(key), vpcs: [{ vpcId: vpc.id }], tags }, parent);
        const entry = created.get(key)!.dnsEntries.apply((e) => e?.[0]);
        new aws.route53.Record(
            n(`record-${key}`),
            {
                zoneId: zone.zoneId,
                name: host,
                type: "A",
                aliases: [
                    { name: entry.apply((e) => e?.dnsName as string), zoneId: entry.apply((e) => e?.hostedZoneId as string), evaluateTargetHealth: false },
                ],
            },
            parent,
        );
    }
    if (a.resolver) {
        new aws.route53.ResolverEndpoint(
            n("resolver"),
            {
                name: `${a.label}-inbound`,
                direction: "INBOUND",
                protocols: ["Do53"],
                ipAddresses: subnets.map((s) => ({ subnetId: s.id })),
                securityGroupIds: [sg.id],
                tags: named("resolver"),
            },
            parent,
        );
    }
}
