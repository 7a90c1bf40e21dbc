import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { names } from "../../src/naming";
import type { SiteModel } from "../../src/model/types";
import { isAttached, siteFlows, VPN_TUNNEL, vpnPeerOf } from "../../src/network";
import { buildEndpointVpc } from "../region/endpoint-vpc";
import { directConnectGroup } from "../../src/model/direct-connect";
import type { SiteArgs } from "./site";
import { pick } from "../../src/util/pick";

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
    /** How the plant reaches AWS (`vpn`, `direct-connect` or `internet`). */
    readonly uplink: SiteModel["connectivity"]["uplink"];

    constructor(name: string, args: SiteArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fleet:site:SiteNetwork", name, {}, opts);
        const { site, fleet, tags } = args;
        const uplink = site.connectivity.uplink;
        this.uplink = uplink;
        if (isAttached(uplink)) {
            const net = args.region.network;
            const parent = { parent: this };
            const n = (suffix: string) => `${name}-${suffix}`;
            const label = names.siteNetwork(fleet.name, site.name);
            const named = (suffix?: string) => ({ ...tags, Name: suffix ? `${label}-${suffix}` : label });

            const cloudFlows = siteFlows(site).filter((f) => f.cloud);
            // Shared mode: the region's endpoint VPC (components/region/endpoints.ts) is the site's cloud.
            const vpcId = site.cloudNetwork.shared
                ? undefined
                : buildEndpointVpc(this, {
                      n,
                      named,
                      label,
                      tags,
                      region: args.region.region,
                      cidr: site.cloudNetwork.cidr,
                      field: `${site.file}: cloudNetwork.cidr`,
                      attachmentRole: "landing",
                      net,
                      // Exactly the conduits to `cloud`.
                      sgDescription: `${site.name}: conduits to cloud`,
                      ingress: cloudFlows.flatMap((f) =>
                          f.ports.map((p) => ({
                              protocol: p.transport,
                              fromPort: p.port,
                              toPort: p.port,
                              cidrBlocks: [f.fromCidr],
                              description: `conduit ${f.conduit}`.slice(0, 255),
                          })),
                      ),
                      zoneComment: (key) => `${site.name}: ${key} through the landing VPC`,
                      resolver: cloudFlows.some((f) => f.protocol === "dns"),
                  }).vpcId;

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
                if (!attachmentId)
                    throw new pulumi.ResourceError(`site ${site.name}: the region's network has no Direct Connect gateway of group ${group}`, this);
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
            this.landingVpcId = vpcId;
            this.uplinkAttachmentId = attachmentId;
        }
        this.registerOutputs(pick(this, ["uplink", "landingVpcId", "uplinkAttachmentId", "pending"]));
    }
}

/** One tunnel's IPsec settings (src/network/uplink.ts) and logs, by the property name after `tunnel<N>`. */
function tunnelSettings(log: aws.types.input.ec2.VpnConnectionTunnel1LogOptions) {
    const t = VPN_TUNNEL;
    return {
        IkeVersions: [...t.ikeVersions],
        Phase1EncryptionAlgorithms: [...t.phase1EncryptionAlgorithms],
        Phase1IntegrityAlgorithms: [...t.phase1IntegrityAlgorithms],
        Phase1DhGroupNumbers: [...t.phase1DhGroupNumbers],
        Phase2EncryptionAlgorithms: [...t.phase2EncryptionAlgorithms],
        Phase2IntegrityAlgorithms: [...t.phase2IntegrityAlgorithms],
        Phase2DhGroupNumbers: [...t.phase2DhGroupNumbers],
        StartupAction: t.startupAction,
        DpdTimeoutAction: t.dpdTimeoutAction,
        LogOptions: log,
    };
}

/** `tunnel<N><Setting>` properties of VpnConnectionArgs: the Pick fails to compile if AWS's provider has no such property. */
type TunnelArgs<N extends 1 | 2> = Pick<aws.ec2.VpnConnectionArgs, `tunnel${N}${keyof ReturnType<typeof tunnelSettings>}`>;

/** Tunnel `n`'s settings under their provider property names (`tunnel1IkeVersions`, ...). */
function tunnel<N extends 1 | 2>(n: N, log: aws.types.input.ec2.VpnConnectionTunnel1LogOptions): TunnelArgs<N> {
    return Object.fromEntries(Object.entries(tunnelSettings(log)).map(([key, value]) => [`tunnel${n}${key}`, value])) as TunnelArgs<N>;
}

/** Both tunnels' settings and logs, the same for each. */
function tunnelOptions(log: aws.types.input.ec2.VpnConnectionTunnel1LogOptions): TunnelArgs<1> & TunnelArgs<2> {
    return { ...tunnel(1, log), ...tunnel(2, log) };
}
