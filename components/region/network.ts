import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { FleetError } from "../../src/model/diagnostics";
import { directConnectOverflow } from "../../src/model/direct-connect";
import type { SiteModel } from "../../src/model/types";
import { directConnectGateways } from "./direct-connect";
import { EndpointNetwork } from "./endpoints";
import { regionalFirewall } from "./firewall";
import {
    DEFAULT_INSPECTION_CIDR,
    firewallEndpointIn,
    inspectionPlan,
    planFirewallRules,
    regionNetworkProblems,
    TRANSIT_GATEWAY_ASN,
    isAttached,
    hasEndpointVpc,
    type FirewallRulePlan,
    type InspectionPlan,
} from "../../src/network";
import { pick } from "../../src/util/pick";
import type { RegionContextArgs } from "./refs";

export interface RegionalNetworkArgs extends RegionContextArgs {
    /** Every site of the region: their conduits become the firewall's rule groups. */
    sites: SiteModel[];
    /** Customer KMS key for the firewall and its logs. */
    kmsKeyArn: pulumi.Input<string>;
    /**
     * Range of the inspection VPC (four subnets: Transit Gateway attachment and firewall, in two AZs).
     * @default "100.64.0.0/26"
     */
    inspectionCidr?: string;
}

/** What a site's network takes from the regional hub. */
export interface RegionNetworkRefs {
    transitGatewayId: pulumi.Output<string>;
    /** Route table of every site attachment (plant uplinks and landing VPCs): all traffic to the inspection VPC. */
    spokeRouteTableId: pulumi.Output<string>;
    /** Route table of the inspection VPC's attachment: the way back to each site (landing VPCs propagate, plant ranges are static). */
    inspectionRouteTableId: pulumi.Output<string>;
    /** The two Availability Zones the region's networks use. */
    availabilityZones: pulumi.Output<string[]>;
    /** VPC flow logs: the KMS-encrypted log group and the role that delivers to it. */
    flowLogGroupArn: pulumi.Output<string>;
    flowLogRoleArn: pulumi.Output<string>;
    /** Site-to-Site VPN tunnel logs. */
    vpnLogGroupArn: pulumi.Output<string>;
    /**
     * The Transit Gateway attachments of the region's Direct Connect gateways by group
     * (`directConnectGroup`), present when a site of the region uses `direct-connect`: each
     * site's plant ranges are routed to its group's attachment.
     */
    directConnectAttachmentIds?: Record<string, pulumi.Output<string>>;
}

/** Log retention of the network's log groups (flow, alert, VPN). */
const LOG_RETENTION_DAYS = 365;

/**
 * The regional network hub: a Transit Gateway with explicit route tables, an inspection VPC in two
 * AZs holding AWS Network Firewall, and the firewall policy whose stateful rule groups are generated
 * from every site's conduits (src/network). Sites attach in components/site/network.ts.
 *
 * Traffic path: plant (VPN / Direct Connect) or landing VPC → spoke route table → inspection VPC
 * (Transit Gateway subnet of the AZ → firewall endpoint of that AZ) → firewall subnet → Transit
 * Gateway → inspection route table → the site's landing VPC (or the region's shared endpoint VPC) or plant. Appliance mode keeps both
 * directions of a flow in one AZ.
 */
export class RegionalNetwork extends pulumi.ComponentResource {
    readonly transitGatewayId: pulumi.Output<string>;
    /** What SiteNetwork components of the region take. */
    readonly siteRefs: RegionNetworkRefs;
    /** The firewall and its policy; absent while no site of the region is attached (nothing to inspect). */
    readonly firewallArn?: pulumi.Output<string>;
    readonly firewallPolicyArn?: pulumi.Output<string>;
    /** The shared endpoint VPC, when the region's endpoints are `shared` and a site is attached (./endpoints.ts). */
    readonly endpointVpcId?: pulumi.Output<string>;

    constructor(name: string, args: RegionalNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fleet:region:RegionalNetwork", name, {}, opts);
        const fleet = args.fleet.name;
        const region = args.region.name;
        const tags = args.tags;
        const parent = { parent: this };

        // Everything that AWS would reject or that would route wrongly fails here, before any resource.
        const cidr = args.inspectionCidr ?? DEFAULT_INSPECTION_CIDR;
        const plan = inspectionPlan(cidr);
        const rulePlan = planFirewallRules(fleet, region, args.sites);
        const problems = [
            ...("error" in plan ? [plan.error] : []),
            ...regionNetworkProblems(args.region, args.sites, cidr),
            ...directConnectOverflow(region, args.sites).map((o) => `${o.site.file}: connectivity.uplink: ${o.message}`),
            ...rulePlan.problems,
        ];
        // The loader reports these with positions (`fleet validate`); here they are a broken invariant.
        if (problems.length > 0 || "error" in plan) {
            throw new pulumi.ResourceError(`the network of region ${region} cannot be built:\n  ${problems.join("\n  ")}`, this);
        }

        const azs = aws.getAvailabilityZonesOutput({ state: "available" }, parent).names.apply((n) => {
            if (n.length < 2) throw new FleetError(`region ${region} reports ${n.length} available Availability Zone(s); the network needs two`, [], 1);
            return n.slice(0, 2);
        });
        const account = aws.getCallerIdentityOutput({}, parent).accountId;

        // Logs: KMS-encrypted, retained a year.
        const logGroup = (key: string, path: string) =>
            new aws.cloudwatch.LogGroup(
                key,
                { name: `/fleet/${fleet}/network/${path}`, retentionInDays: LOG_RETENTION_DAYS, kmsKeyId: args.kmsKeyArn, tags },
                parent,
            );
        const flowLogs = logGroup("flow-logs", "vpc-flow");
        const firewallFlowLogs = logGroup("firewall-flow-logs", "firewall-flow");
        const firewallAlertLogs = logGroup("firewall-alert-logs", "firewall-alert");
        const vpnLogs = logGroup("vpn-logs", "vpn");
        const flowLogRole = new aws.iam.Role(
            "flow-log-role",
            {
                description: "VPC flow logs of the fleet network to CloudWatch Logs",
                assumeRolePolicy: account.apply((id) =>
                    JSON.stringify({
                        Version: "2012-10-17",
                        Statement: [
                            {
                                Effect: "Allow",
                                Principal: { Service: "vpc-flow-logs.amazonaws.com" },
                                Action: "sts:AssumeRole",
                                Condition: { StringEquals: { "aws:SourceAccount": id } },
                            },
                        ],
                    }),
                ),
                tags,
            },
            parent,
        );
        new aws.iam.RolePolicy(
            "flow-log-role-policy",
            {
                role: flowLogRole.id,
                policy: flowLogs.arn.apply((arn) =>
                    JSON.stringify({
                        Version: "2012-10-17",
                        Statement: [
                            { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"], Resource: [arn, `${arn}:*`] },
                        ],
                    }),
                ),
            },
            parent,
        );

        // The hub: no default route table, so nothing is routed that these tables do not say.
        const tgw = new aws.ec2transitgateway.TransitGateway(
            "hub",
            {
                description: `${fleet} ${region} site hub`,
                amazonSideAsn: TRANSIT_GATEWAY_ASN,
                defaultRouteTableAssociation: "disable",
                defaultRouteTablePropagation: "disable",
                autoAcceptSharedAttachments: "disable",
                dnsSupport: "enable",
                vpnEcmpSupport: "enable",
                tags: { ...tags, Name: `${fleet}-${region}-hub` },
            },
            parent,
        );
        const spokeRt = new aws.ec2transitgateway.RouteTable("spokes", { transitGatewayId: tgw.id, tags: { ...tags, Name: `${fleet}-spokes` } }, parent);
        const inspectionRt = new aws.ec2transitgateway.RouteTable(
            "inspection",
            { transitGatewayId: tgw.id, tags: { ...tags, Name: `${fleet}-inspection` } },
            parent,
        );

        const directConnectAttachmentIds = directConnectGateways(this, {
            fleetName: fleet,
            region,
            sites: args.sites,
            tags,
            transitGatewayId: tgw.id,
            spokeRouteTableId: spokeRt.id,
        });

        // Inspection VPC and firewall, once a site is attached: an internet-only region has nothing to
        // inspect and would pay for two idle firewall endpoints.
        if (args.sites.some((site) => isAttached(site.connectivity.uplink))) {
            const inspection = this.inspection(
                args,
                plan.plan,
                rulePlan,
                tgw,
                spokeRt,
                inspectionRt,
                azs,
                flowLogs,
                flowLogRole,
                firewallFlowLogs,
                firewallAlertLogs,
            );
            this.firewallArn = inspection.firewallArn;
            this.firewallPolicyArn = inspection.policyArn;
        }

        this.transitGatewayId = tgw.id;
        this.siteRefs = {
            transitGatewayId: tgw.id,
            spokeRouteTableId: spokeRt.id,
            inspectionRouteTableId: inspectionRt.id,
            availabilityZones: azs,
            flowLogGroupArn: flowLogs.arn,
            flowLogRoleArn: flowLogRole.arn,
            vpnLogGroupArn: vpnLogs.arn,
            ...(directConnectAttachmentIds ? { directConnectAttachmentIds } : {}),
        };
        // Shared mode: one endpoint VPC for every attached site of the region instead of a landing VPC each.
        if (hasEndpointVpc(args.region, args.sites)) {
            const endpoints = new EndpointNetwork(
                "shared-endpoints",
                { fleetName: fleet, region: args.region, sites: args.sites, net: this.siteRefs, tags },
                { parent: this },
            );
            this.endpointVpcId = endpoints.vpcId;
        }
        this.registerOutputs(pick(this, ["transitGatewayId", "siteRefs", "firewallArn", "firewallPolicyArn", "endpointVpcId"]));
    }

    /** The inspection VPC (Transit Gateway and firewall subnets in two AZs, no internet gateway) and the firewall. */
    private inspection(
        args: RegionalNetworkArgs,
        p: InspectionPlan,
        rulePlan: FirewallRulePlan,
        tgw: aws.ec2transitgateway.TransitGateway,
        spokeRt: aws.ec2transitgateway.RouteTable,
        inspectionRt: aws.ec2transitgateway.RouteTable,
        azs: pulumi.Output<string[]>,
        flowLogs: aws.cloudwatch.LogGroup,
        flowLogRole: aws.iam.Role,
        firewallFlowLogs: aws.cloudwatch.LogGroup,
        firewallAlertLogs: aws.cloudwatch.LogGroup,
    ): { firewallArn: pulumi.Output<string>; policyArn: pulumi.Output<string> } {
        const fleet = args.fleet.name;
        const tags = args.tags;
        const parent = { parent: this };
        // Inspection VPC: Transit Gateway and firewall subnets in two AZs, no internet gateway.
        const vpc = new aws.ec2.Vpc(
            "inspection-vpc",
            { cidrBlock: p.vpcCidr, enableDnsSupport: true, enableDnsHostnames: true, tags: { ...tags, Name: `${fleet}-inspection` } },
            parent,
        );
        new aws.ec2.DefaultSecurityGroup("inspection-default-sg", { vpcId: vpc.id, tags }, parent);
        new aws.ec2.FlowLog(
            "inspection-flow-log",
            {
                vpcId: vpc.id,
                trafficType: "ALL",
                logDestinationType: "cloud-watch-logs",
                logDestination: flowLogs.arn,
                iamRoleArn: flowLogRole.arn,
                maxAggregationInterval: 60,
                tags,
            },
            parent,
        );
        const letters = ["a", "b"] as const;
        const subnets = p.azs.map((z, i) => ({
            tgw: new aws.ec2.Subnet(
                `inspection-tgw-${letters[i]}`,
                { vpcId: vpc.id, cidrBlock: z.tgwSubnet, availabilityZone: azs[i], tags: { ...tags, Name: `${fleet}-inspection-tgw-${letters[i]}` } },
                parent,
            ),
            firewall: new aws.ec2.Subnet(
                `inspection-firewall-${letters[i]}`,
                { vpcId: vpc.id, cidrBlock: z.firewallSubnet, availabilityZone: azs[i], tags: { ...tags, Name: `${fleet}-inspection-firewall-${letters[i]}` } },
                parent,
            ),
        }));
        const attachment = new aws.ec2transitgateway.VpcAttachment(
            "inspection-attachment",
            {
                transitGatewayId: tgw.id,
                vpcId: vpc.id,
                subnetIds: subnets.map((s) => s.tgw.id),
                applianceModeSupport: "enable",
                dnsSupport: "enable",
                transitGatewayDefaultRouteTableAssociation: false,
                transitGatewayDefaultRouteTablePropagation: false,
                tags: { ...tags, Name: `${fleet}-inspection` },
            },
            parent,
        );
        new aws.ec2transitgateway.RouteTableAssociation(
            "inspection-association",
            { transitGatewayAttachmentId: attachment.id, transitGatewayRouteTableId: inspectionRt.id },
            parent,
        );
        new aws.ec2transitgateway.Route(
            "spokes-to-inspection",
            { transitGatewayRouteTableId: spokeRt.id, destinationCidrBlock: "0.0.0.0/0", transitGatewayAttachmentId: attachment.id },
            parent,
        );

        const { firewall, policy } = regionalFirewall(
            this,
            { fleetName: fleet, region: args.region.name, kmsKeyArn: args.kmsKeyArn, tags },
            rulePlan,
            vpc,
            subnets.map((x) => x.firewall),
            firewallFlowLogs,
            firewallAlertLogs,
        );

        // Routing inside the inspection VPC: in through the firewall endpoint of the same AZ, out to the hub.
        subnets.forEach((s, i) => {
            const rt = new aws.ec2.RouteTable(
                `inspection-tgw-${letters[i]}-rt`,
                { vpcId: vpc.id, tags: { ...tags, Name: `${fleet}-inspection-tgw-${letters[i]}` } },
                parent,
            );
            new aws.ec2.RouteTableAssociation(`inspection-tgw-${letters[i]}-rt-association`, { subnetId: s.tgw.id, routeTableId: rt.id }, parent);
            new aws.ec2.Route(
                `inspection-tgw-${letters[i]}-to-firewall`,
                {
                    routeTableId: rt.id,
                    destinationCidrBlock: "0.0.0.0/0",
                    vpcEndpointId: pulumi.all([firewall.firewallStatuses, azs]).apply(([st, z]) => firewallEndpointIn(st, z[i]) as string),
                },
                parent,
            );
        });
        const firewallRt = new aws.ec2.RouteTable("inspection-firewall-rt", { vpcId: vpc.id, tags: { ...tags, Name: `${fleet}-inspection-firewall` } }, parent);
        subnets.forEach(
            (s, i) =>
                new aws.ec2.RouteTableAssociation(
                    `inspection-firewall-${letters[i]}-rt-association`,
                    { subnetId: s.firewall.id, routeTableId: firewallRt.id },
                    parent,
                ),
        );
        new aws.ec2.Route(
            "inspection-firewall-to-hub",
            { routeTableId: firewallRt.id, destinationCidrBlock: "0.0.0.0/0", transitGatewayId: tgw.id },
            { parent: this, dependsOn: [attachment] },
        );
        return { firewallArn: firewall.arn, policyArn: policy.arn };
    }
}
