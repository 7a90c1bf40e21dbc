import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DATA_SUBNETS, DATA_VPC_CIDR, INFLUX_PORT, interfaceEndpoints } from "../../src/analytics/network";
import { pick } from "../../src/util/pick";
import type { TaggedArgs } from "./refs";

export interface DataNetworkArgs extends TaggedArgs {
    /** Whether a Grafana workspace joins the VPC (adds its security group and endpoints). */
    grafana: boolean;
}

/**
 * A small private VPC for the analytics data plane (see src/analytics/network.ts): two private
 * subnets in two AZs, no internet gateway, VPC endpoints for the AWS APIs its residents call,
 * and security groups that let only the writer and Grafana reach InfluxDB. Aurora is used only
 * through the Data API, so its security group admits nothing.
 */
export class DataNetwork extends pulumi.ComponentResource {
    readonly vpcId: pulumi.Output<string>;
    readonly subnetIds: pulumi.Output<string>[];
    readonly writerSecurityGroupId: pulumi.Output<string>;
    readonly influxSecurityGroupId: pulumi.Output<string>;
    readonly auroraSecurityGroupId: pulumi.Output<string>;
    readonly grafanaSecurityGroupId?: pulumi.Output<string>;

    constructor(name: string, args: DataNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fleet:region:DataNetwork", name, {}, opts);
        const region = aws.getRegionOutput({}, { parent: this }).region;
        const azs = aws.getAvailabilityZonesOutput({ state: "available" }, { parent: this });
        const vpc = new aws.ec2.Vpc(
            `${name}-vpc`,
            { cidrBlock: DATA_VPC_CIDR, enableDnsSupport: true, enableDnsHostnames: true, tags: { ...args.tags, Name: `${name}-vpc` } },
            { parent: this },
        );
        const routeTable = new aws.ec2.RouteTable(`${name}-private`, { vpcId: vpc.id, tags: { ...args.tags, Name: `${name}-private` } }, { parent: this });
        const subnets = DATA_SUBNETS.map((s) => {
            const subnet = new aws.ec2.Subnet(
                `${name}-private-${s.key}`,
                {
                    vpcId: vpc.id,
                    cidrBlock: s.cidr,
                    availabilityZone: azs.names[s.azIndex],
                    mapPublicIpOnLaunch: false,
                    tags: { ...args.tags, Name: `${name}-private-${s.key}` },
                },
                { parent: this },
            );
            new aws.ec2.RouteTableAssociation(`${name}-private-${s.key}`, { subnetId: subnet.id, routeTableId: routeTable.id }, { parent: this });
            return subnet;
        });
        const egress = (ports: number[]) =>
            ports.map((p) => ({ protocol: "tcp", fromPort: p, toPort: p, cidrBlocks: [DATA_VPC_CIDR], description: `to the data VPC on ${p}` }));
        const securityGroup = (role: string, description: string, rules: Pick<aws.ec2.SecurityGroupArgs, "ingress" | "egress">) =>
            new aws.ec2.SecurityGroup(`${name}-${role}`, { vpcId: vpc.id, description, ...rules, tags: args.tags }, { parent: this });
        const writer = securityGroup("writer", "telemetry writer Lambda: InfluxDB and VPC endpoints only", { egress: egress([443, INFLUX_PORT]) });
        const grafana = args.grafana
            ? securityGroup("grafana", "Managed Grafana: InfluxDB and VPC endpoints only", { egress: egress([443, INFLUX_PORT]) })
            : undefined;
        const influx = securityGroup("influx", "Timestream for InfluxDB: HTTPS API from the writer and Grafana", {
            ingress: [
                {
                    protocol: "tcp",
                    fromPort: INFLUX_PORT,
                    toPort: INFLUX_PORT,
                    securityGroups: [writer.id, ...(grafana ? [grafana.id] : [])],
                    description: "InfluxDB API",
                },
            ],
            egress: [],
        });
        const aurora = securityGroup("aurora", "Aurora maintenance database: reached only through the RDS Data API, no network ingress", {
            ingress: [],
            egress: [],
        });
        const endpoints = securityGroup("endpoints", "VPC interface endpoints: HTTPS from the data VPC", {
            ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [DATA_VPC_CIDR], description: "HTTPS from the data VPC" }],
            egress: [],
        });
        for (const service of interfaceEndpoints(args.grafana)) {
            new aws.ec2.VpcEndpoint(
                `${name}-${service}`,
                {
                    vpcId: vpc.id,
                    serviceName: pulumi.interpolate`com.amazonaws.${region}.${service}`,
                    vpcEndpointType: "Interface",
                    privateDnsEnabled: true,
                    subnetIds: subnets.map((s) => s.id),
                    securityGroupIds: [endpoints.id],
                    tags: args.tags,
                },
                { parent: this },
            );
        }
        for (const service of ["dynamodb", "s3"]) {
            new aws.ec2.VpcEndpoint(
                `${name}-${service}`,
                {
                    vpcId: vpc.id,
                    serviceName: pulumi.interpolate`com.amazonaws.${region}.${service}`,
                    vpcEndpointType: "Gateway",
                    routeTableIds: [routeTable.id],
                    tags: args.tags,
                },
                { parent: this },
            );
        }
        this.vpcId = vpc.id;
        this.subnetIds = subnets.map((s) => s.id);
        this.writerSecurityGroupId = writer.id;
        this.influxSecurityGroupId = influx.id;
        this.auroraSecurityGroupId = aurora.id;
        this.grafanaSecurityGroupId = grafana?.id;
        this.registerOutputs(
            pick(this, ["vpcId", "subnetIds", "writerSecurityGroupId", "influxSecurityGroupId", "auroraSecurityGroupId", "grafanaSecurityGroupId"]),
        );
    }
}
