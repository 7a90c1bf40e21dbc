import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { toJson } from "../../src/iam";
import { iamServiceRole } from "./trust";
import { endpointService, flowLogsPolicy, INTERFACE_ENDPOINTS, WORKLOAD_CIDR, workloadFlowLogGroup, workloadSubnets } from "../../src/region/workload-network";
import { pick } from "../../src/util/pick";
import type { RegionContextArgs } from "./refs";

export interface WorkloadNetworkArgs extends RegionContextArgs {
    /** Customer KMS key of the region: the flow-log group. */
    kmsKeyArn: pulumi.Input<string>;
}

/**
 * The private network the apps platform and the ML services run in: a VPC with two private
 * subnets in two zones, no internet gateway and no NAT, flow logs to an encrypted log group; S3 through a gateway endpoint and the
 * other AWS APIs through interface endpoints reachable on 443 from inside the VPC only.
 * Stands in until the regional network (components/region/network.ts) offers workload subnets.
 */
export class WorkloadNetwork extends pulumi.ComponentResource {
    readonly vpcId: pulumi.Output<string>;
    readonly privateSubnetIds: pulumi.Output<string>[];
    /** Security group for workloads: no inbound, outbound 443 to the VPC's endpoints. */
    readonly workloadSecurityGroupId: pulumi.Output<string>;

    constructor(name: string, args: WorkloadNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fleet:region:WorkloadNetwork", name, {}, opts);
        const parent = { parent: this };
        const { region, tags } = args;
        const subnets = workloadSubnets(args.fleet, region);
        const zones = aws.getAvailabilityZonesOutput({ state: "available" }, parent);
        const vpc = new aws.ec2.Vpc(
            "workloads",
            { cidrBlock: WORKLOAD_CIDR, enableDnsHostnames: true, enableDnsSupport: true, tags: { ...tags, Name: `${args.fleet.name}-workloads` } },
            parent,
        );
        const routes = new aws.ec2.RouteTable("workloads-private", { vpcId: vpc.id, tags }, parent);
        const subnetResources = subnets.map((s) => {
            const subnet = new aws.ec2.Subnet(
                `workloads-${s.key}`,
                {
                    vpcId: vpc.id,
                    cidrBlock: s.cidr,
                    availabilityZone: zones.names[s.zoneIndex],
                    mapPublicIpOnLaunch: false,
                    tags: { ...tags, Name: `${args.fleet.name}-workloads-${s.key}`, "kubernetes.io/role/internal-elb": "1" },
                },
                parent,
            );
            new aws.ec2.RouteTableAssociation(`workloads-${s.key}`, { subnetId: subnet.id, routeTableId: routes.id }, parent);
            return subnet;
        });
        const endpointsSg = new aws.ec2.SecurityGroup(
            "workloads-endpoints",
            {
                vpcId: vpc.id,
                description: "AWS API endpoints: HTTPS from the workload VPC only",
                ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [WORKLOAD_CIDR], description: "HTTPS from workloads" }],
                egress: [],
                tags,
            },
            parent,
        );
        const s3 = new aws.ec2.VpcEndpoint(
            "workloads-s3",
            { vpcId: vpc.id, serviceName: endpointService(region.name, "s3"), vpcEndpointType: "Gateway", routeTableIds: [routes.id], tags },
            parent,
        );
        const workloadSg = new aws.ec2.SecurityGroup(
            "workloads",
            {
                vpcId: vpc.id,
                description: "Workloads: no inbound; HTTPS to AWS API endpoints and S3 only",
                ingress: [],
                egress: [
                    { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [WORKLOAD_CIDR], description: "HTTPS to VPC endpoints" },
                    { protocol: "tcp", fromPort: 443, toPort: 443, prefixListIds: [s3.prefixListId], description: "HTTPS to S3 through the gateway endpoint" },
                ],
                tags,
            },
            parent,
        );
        for (const service of INTERFACE_ENDPOINTS) {
            new aws.ec2.VpcEndpoint(
                `workloads-${service.replace(/\./g, "-")}`,
                {
                    vpcId: vpc.id,
                    serviceName: endpointService(region.name, service),
                    vpcEndpointType: "Interface",
                    privateDnsEnabled: true,
                    subnetIds: subnetResources.map((s) => s.id),
                    securityGroupIds: [endpointsSg.id],
                    tags,
                },
                parent,
            );
        }
        // Flow logs of every packet decision (Security Hub EC2.6), encrypted, kept a year.
        const flowLogs = new aws.cloudwatch.LogGroup(
            "workloads-flow-logs",
            { name: workloadFlowLogGroup(args.fleet.name), retentionInDays: 365, kmsKeyId: args.kmsKeyArn, tags },
            parent,
        );
        const account = aws.getCallerIdentityOutput({}, parent).accountId;
        const { role: flowRole } = iamServiceRole(
            "workloads-flow-logs",
            "vpc-flow-logs.amazonaws.com",
            { account, tags, policy: flowLogs.arn.apply((arn) => toJson(flowLogsPolicy(arn))) },
            parent,
        );
        new aws.ec2.FlowLog(
            "workloads",
            { vpcId: vpc.id, trafficType: "ALL", logDestinationType: "cloud-watch-logs", logDestination: flowLogs.arn, iamRoleArn: flowRole.arn, tags },
            parent,
        );
        this.vpcId = vpc.id;
        this.privateSubnetIds = subnetResources.map((s) => s.id);
        this.workloadSecurityGroupId = workloadSg.id;
        this.registerOutputs(pick(this, ["vpcId", "privateSubnetIds", "workloadSecurityGroupId"]));
    }
}
