import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { names } from "../../src/naming";
import { endpointServices, isAttached, landingPlan, siteFlows, VPN_TUNNEL, vpnPeerOf } from "../../src/network";
import { directConnectGroup } from "../region/network";
import type { SiteArgs } from "./site";

/**
 * The site's attachment to the regional network.
 *
 * - `vpn` and `direct-connect`: a landing VPC in the site's `cloudNetwork` (two AZs) holding the
 *   interface endpoints the gateways need (IoT Core data, IoT credentials, Greengrass, S3), private
 *   DNS for them (hosted zones for the account's IoT endpoints) and, when the site declares a `dns`
 *   conduit to `cloud`, a Route 53 Resolver inbound endpoint for the plant's DNS servers. Its
 *   security group admits exactly the conduits to `cloud`. The plant attaches through a
 *   Site-to-Site VPN (customer gateway and IPsec VPN to the Transit Gateway) or a transit virtual
 *   interface on its group's Direct Connect gateway of the region (components/region/network.ts), whose
 *   association advertises the direct-connect sites' `cloudNetwork`s. The Transit
 *   Gateway routes the plant's cloud-facing segments back to the plant; all traffic crosses the
 *   regional firewall.
 * - `internet`: nothing in AWS; the gateways reach the public endpoints, and the plant firewall
 *   (`fleet export conduits`) holds the allow-list.
 *
 * Children are named `<this component's name>-…` (which starts with the site name), so a renamed
 * site's children follow its alias.
 */
export class SiteNetwork extends pulumi.ComponentResource {
    /** The landing VPC, for attached sites. */
    readonly landingVpcId?: pulumi.Output<string>;
    /** The plant attachment on the Transit Gateway (VPN or Direct Connect gateway), when there is one. */
    readonly uplinkAttachmentId?: pulumi.Output<string>;
    /** Why the plant is not attached yet (a VPN site without its peer address), for the plan's reader. */
    readonly pending?: string;

    constructor(name: string, args: SiteArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fleet:site:SiteNetwork", name, {}, opts);
        const { site, fleet, tags } = args;
        const uplink = site.connectivity.uplink;
        if (!isAttached(uplink)) {
            this.registerOutputs({ uplink });
            return;
        }
        const net = args.region.network;
        const parent = { parent: this };
        const n = (suffix: string) => `${name}-${suffix}`;
        const label = names.siteNetwork(fleet.name, site.name);
        const named = (suffix?: string) => ({ ...tags, Name: suffix ? `${label}-${suffix}` : label });

        const plan = landingPlan(site.cloudNetwork.cidr);
        if ("error" in plan) throw new pulumi.ResourceError(`${site.file}: cloudNetwork.cidr: ${plan.error}`, this);
        const cloudFlows = siteFlows(site).filter((f) => f.cloud);

        // Landing VPC: two subnets, one per AZ; everything leaves through the Transit Gateway.
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
        const attachment = new aws.ec2transitgateway.VpcAttachment(
            n("landing-attachment"),
            {
                transitGatewayId: net.transitGatewayId,
                vpcId: vpc.id,
                subnetIds: subnets.map((s) => s.id),
                dnsSupport: "enable",
                transitGatewayDefaultRouteTableAssociation: false,
                transitGatewayDefaultRouteTablePropagation: false,
                tags: named("landing"),
            },
            parent,
        );
        new aws.ec2transitgateway.RouteTableAssociation(
            n("landing-association"),
            { transitGatewayAttachmentId: attachment.id, transitGatewayRouteTableId: net.spokeRouteTableId },
            parent,
        );
        new aws.ec2transitgateway.RouteTablePropagation(
            n("landing-propagation"),
            { transitGatewayAttachmentId: attachment.id, transitGatewayRouteTableId: net.inspectionRouteTableId },
            parent,
        );
        const rt = new aws.ec2.RouteTable(n("rt"), { vpcId: vpc.id, tags: named() }, parent);
        subnets.forEach((s, i) => new aws.ec2.RouteTableAssociation(n(`rt-association-${letters[i]}`), { subnetId: s.id, routeTableId: rt.id }, parent));
        new aws.ec2.Route(
            n("to-hub"),
            { routeTableId: rt.id, destinationCidrBlock: "0.0.0.0/0", transitGatewayId: net.transitGatewayId },
            { parent: this, dependsOn: [attachment] },
        );

        this.landingEndpoints(args, { n, named, label }, vpc, subnets, cloudFlows);

        // The plant's attachment, associated with the spoke table; its cloud-facing ranges routed back to it.
        let attachmentId: pulumi.Output<string> | undefined;
        if (uplink === "vpn") {
            const peer = vpnPeerOf(site);
            if ("error" in peer) throw new pulumi.ResourceError(peer.error, this);
            if ("missing" in peer) {
                this.pending = peer.missing;
                pulumi.log.warn(`${peer.missing}; the site's landing network is planned without its VPN`, this);
            } else {
                const cgw = new aws.ec2.CustomerGateway(
                    n("cgw"),
                    { type: "ipsec.1", ipAddress: peer.peer.peerIp, bgpAsn: String(peer.peer.bgpAsn), deviceName: label, tags: named() },
                    parent,
                );
                const logOptions = { cloudwatchLogOptions: { logEnabled: true, logGroupArn: net.vpnLogGroupArn, logOutputFormat: "json" } };
                const vpn = new aws.ec2.VpnConnection(
                    n("vpn"),
                    {
                        type: "ipsec.1",
                        customerGatewayId: cgw.id,
                        transitGatewayId: net.transitGatewayId,
                        staticRoutesOnly: true,
                        presharedKeyStorage: "SecretsManager",
                        ...tunnelOptions(logOptions),
                        tags: named(),
                    },
                    parent,
                );
                attachmentId = vpn.transitGatewayAttachmentId;
            }
        } else {
            // The region's Direct Connect gateway of the site's group (components/region/network.ts) carries
            // plant of the group; its attachment is associated with the spoke table there.
            const group = directConnectGroup(site.name);
            attachmentId = net.directConnectAttachmentIds?.[group];
            if (!attachmentId) throw new pulumi.ResourceError(`site ${site.name}: the region's network has no Direct Connect gateway of group ${group}`, this);
        }
        if (attachmentId) {
            if (uplink === "vpn") {
                new aws.ec2transitgateway.RouteTableAssociation(
                    n("uplink-association"),
                    { transitGatewayAttachmentId: attachmentId, transitGatewayRouteTableId: net.spokeRouteTableId },
                    parent,
                );
            }
            const segmentOf = new Map(site.segments.map((s) => [s.cidr, s.name]));
            for (const cidr of [...new Set(cloudFlows.map((f) => f.fromCidr))].sort()) {
                new aws.ec2transitgateway.Route(
                    n(`route-${segmentOf.get(cidr)}`),
                    { transitGatewayRouteTableId: net.inspectionRouteTableId, destinationCidrBlock: cidr, transitGatewayAttachmentId: attachmentId },
                    parent,
                );
            }
        }
        this.landingVpcId = vpc.id;
        this.uplinkAttachmentId = attachmentId;
        this.registerOutputs({ uplink, landingVpcId: vpc.id, uplinkAttachmentId: attachmentId, pending: this.pending });
    }

    /**
     * The landing VPC's interface endpoints behind a security group that admits exactly the
     * conduits to `cloud`, private DNS for the IoT endpoints, and the inbound resolver when a
     * conduit asks for DNS.
     */
    private landingEndpoints(
        args: SiteArgs,
        naming: { n: (suffix: string) => string; named: (suffix?: string) => Record<string, string>; label: string },
        vpc: aws.ec2.Vpc,
        subnets: aws.ec2.Subnet[],
        cloudFlows: ReturnType<typeof siteFlows>,
    ): void {
        const { site, tags } = args;
        const { n, named, label } = naming;
        const parent = { parent: this };
        // Exactly the conduits to `cloud`, nothing outbound (endpoints and resolvers only answer).
        const sg = new aws.ec2.SecurityGroup(
            n("endpoints-sg"),
            {
                vpcId: vpc.id,
                description: `${site.name}: conduits to cloud`,
                ingress: cloudFlows.flatMap((f) =>
                    f.ports.map((p) => ({
                        protocol: p.transport,
                        fromPort: p.port,
                        toPort: p.port,
                        cidrBlocks: [f.fromCidr],
                        description: `conduit ${f.conduit}`.slice(0, 255),
                    })),
                ),
                egress: [],
                tags: named("endpoints"),
            },
            parent,
        );
        const endpoints = new Map(
            endpointServices(args.region.region).map((svc) => [
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
            const zone = new aws.route53.Zone(
                n(`zone-${key}`),
                { name: host, comment: `${site.name}: ${key} through the landing VPC`, vpcs: [{ vpcId: vpc.id }], tags },
                parent,
            );
            const entry = endpoints.get(key)!.dnsEntries.apply((e) => e?.[0]);
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
        if (cloudFlows.some((f) => f.protocol === "dns")) {
            new aws.route53.ResolverEndpoint(
                n("resolver"),
                {
                    name: `${label}-inbound`,
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
}

/** Both tunnels' IPsec settings (src/network/uplink.ts) and logs, spelled out so the compiler checks each property name. */
function tunnelOptions(log: aws.types.input.ec2.VpnConnectionTunnel1LogOptions): Partial<aws.ec2.VpnConnectionArgs> {
    const t = VPN_TUNNEL;
    return {
        tunnel1IkeVersions: [...t.ikeVersions],
        tunnel1Phase1EncryptionAlgorithms: [...t.phase1EncryptionAlgorithms],
        tunnel1Phase1IntegrityAlgorithms: [...t.phase1IntegrityAlgorithms],
        tunnel1Phase1DhGroupNumbers: [...t.phase1DhGroupNumbers],
        tunnel1Phase2EncryptionAlgorithms: [...t.phase2EncryptionAlgorithms],
        tunnel1Phase2IntegrityAlgorithms: [...t.phase2IntegrityAlgorithms],
        tunnel1Phase2DhGroupNumbers: [...t.phase2DhGroupNumbers],
        tunnel1StartupAction: t.startupAction,
        tunnel1DpdTimeoutAction: t.dpdTimeoutAction,
        tunnel1LogOptions: log,
        tunnel2IkeVersions: [...t.ikeVersions],
        tunnel2Phase1EncryptionAlgorithms: [...t.phase1EncryptionAlgorithms],
        tunnel2Phase1IntegrityAlgorithms: [...t.phase1IntegrityAlgorithms],
        tunnel2Phase1DhGroupNumbers: [...t.phase1DhGroupNumbers],
        tunnel2Phase2EncryptionAlgorithms: [...t.phase2EncryptionAlgorithms],
        tunnel2Phase2IntegrityAlgorithms: [...t.phase2IntegrityAlgorithms],
        tunnel2Phase2DhGroupNumbers: [...t.phase2DhGroupNumbers],
        tunnel2StartupAction: t.startupAction,
        tunnel2DpdTimeoutAction: t.dpdTimeoutAction,
        tunnel2LogOptions: log,
    };
}
