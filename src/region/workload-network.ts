/**
 * The private workload network of a region: where the apps cluster (EKS/ECS) and the ML
 * services (SageMaker, Comprehend) run. Private subnets only, no internet gateway, no NAT: AWS
 * APIs are reached through VPC endpoints.
 */
import type { FleetModel, RegionModel } from "../model/types";
import { doc, type PolicyDocument } from "../iam";
import { DATA_VPC_CIDR } from "../analytics/network";
import { DEFAULT_INSPECTION_CIDR } from "../network/cidr-plan";
import { overlaps, parseCidr, type Cidr } from "../model/cidr";
import { WORKLOAD_CIDR } from "../model/routed";

/**
 * The workload VPC's block; sites' cloud networks must stay clear of it, and it stays clear of
 * the analytics data VPC (10.254.0.0/24) and the inspection VPC, so the three can be attached
 * to the Transit Gateway later.
 */
export { WORKLOAD_CIDR } from "../model/routed";

/** Interface endpoints the private subnets need: image pulls, STS, logs, EKS nodes, SageMaker. */
export const INTERFACE_ENDPOINTS = ["ec2", "ecr.api", "ecr.dkr", "eks", "logs", "sts"] as const;

/** The regional blocks of the other stacks' VPCs, which the workload block must not overlap. */
export const REGIONAL_BLOCKS: readonly { owner: string; cidr: string }[] = [
    { owner: "the analytics data VPC", cidr: DATA_VPC_CIDR },
    { owner: "the regional inspection VPC", cidr: DEFAULT_INSPECTION_CIDR },
];

export interface WorkloadSubnet {
    /** Stable key: the availability-zone letter's position is not used, the zone suffix is. */
    key: string;
    cidr: string;
    /** Index into the region's sorted availability zones. */
    zoneIndex: number;
}

/** Whether the region needs the workload network at all (src/model/routed.ts, which the loader's checks read). */
export { needsWorkloadNetwork } from "../model/routed";

/**
 * Two private /21 subnets in the first two availability zones (EKS and SageMaker need two
 * zones). Fails, naming the site, when a site's cloud network overlaps the workload block.
 */
export function workloadSubnets(fleet: FleetModel, region: RegionModel): WorkloadSubnet[] {
    const block = (parseCidr(WORKLOAD_CIDR) as { cidr: Cidr }).cidr;
    for (const site of fleet.sites) {
        if (site.region !== region.name) continue;
        const parsed = parseCidr(site.cloudNetwork.cidr);
        if ("cidr" in parsed && overlaps(parsed.cidr, block)) {
            throw new Error(
                `${site.file}: cloudNetwork.cidr ${site.cloudNetwork.cidr} overlaps the regional workload network ${WORKLOAD_CIDR}; pick a block outside it`,
            );
        }
    }
    return [
        { key: "private-a", cidr: "10.253.0.0/21", zoneIndex: 0 },
        { key: "private-b", cidr: "10.253.8.0/21", zoneIndex: 1 },
    ];
}

/** Service name of an interface or gateway endpoint, e.g. `com.amazonaws.eu-central-1.sts`. */
export const endpointService = (region: string, service: string) => `com.amazonaws.${region}.${service}`;

export const workloadFlowLogGroup = (fleet: string) => `/fleet/${fleet}/workloads-vpc-flow-logs`;

/** The flow-log delivery role writes to its own log group only. */
export function flowLogsPolicy(logGroupArn: string): PolicyDocument {
    return doc({
        Sid: "DeliverFlowLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
        Resource: [logGroupArn, `${logGroupArn}:*`],
    });
}
