import * as aws from "@pulumi/aws";
import * as eks from "@pulumi/eks";
import * as pulumi from "@pulumi/pulumi";
import { EKS_LOG_TYPES, EKS_NODE_POLICIES, EKS_VERSION, appsNames } from "../../src/region/apps";
import { serviceTrustPolicy } from "../../src/edge";
import { pick } from "../../src/util/pick";
import type { RegionContextArgs } from "./refs";

export interface AppsPlatformArgs extends RegionContextArgs {
    /** Customer KMS key: Kubernetes secrets envelope encryption, ECS exec sessions. */
    kmsKeyArn: pulumi.Input<string>;
    /** The private workload VPC and its subnets (two zones). */
    vpcId: pulumi.Input<string>;
    privateSubnetIds: pulumi.Input<string>[];
}

/**
 * The containerized-apps platform of a region, by the region's switches:
 * - `eks`: an EKS cluster (@pulumi/eks) with a private API endpoint only, envelope encryption of
 *   secrets with the region key, all five control-plane log types, access entries (API
 *   authentication), and a managed node group (AL2023) in the private subnets.
 * - `ecs`: an ECS cluster with Container Insights (enhanced), ECS Exec encrypted with the region
 *   key, and a Cloud Map HTTP namespace as the Service Connect default — the replacement for App
 *   Mesh, which AWS retired on 2026-09-30. No App Mesh resource is ever created.
 */
export class AppsPlatform extends pulumi.ComponentResource {
    readonly eksClusterName?: pulumi.Output<string>;
    readonly ecsClusterArn?: pulumi.Output<string>;
    readonly serviceConnectNamespaceArn?: pulumi.Output<string>;

    constructor(name: string, args: AppsPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fleet:region:AppsPlatform", name, {}, opts);
        const parent = { parent: this };
        const { fleet, region, tags } = args;
        const names = appsNames(fleet.name, region.name);
        const partition = aws.getPartitionOutput({}, parent);

        if (region.analytics.eks) {
            const nodeRole = new aws.iam.Role(
                "apps-nodes",
                {
                    assumeRolePolicy: JSON.stringify(serviceTrustPolicy("ec2.amazonaws.com")),
                    tags,
                },
                parent,
            );
            for (const policy of EKS_NODE_POLICIES) {
                new aws.iam.RolePolicyAttachment(
                    `apps-nodes-${policy}`,
                    { role: nodeRole.name, policyArn: pulumi.interpolate`arn:${partition.partition}:iam::aws:policy/${policy}` },
                    parent,
                );
            }
            const cluster = new eks.Cluster(
                "apps",
                {
                    name: names.eksCluster,
                    version: EKS_VERSION,
                    vpcId: args.vpcId,
                    privateSubnetIds: args.privateSubnetIds,
                    endpointPrivateAccess: true,
                    endpointPublicAccess: false,
                    encryptionConfigKeyArn: args.kmsKeyArn,
                    enabledClusterLogTypes: [...EKS_LOG_TYPES],
                    authenticationMode: eks.AuthenticationMode.Api,
                    skipDefaultNodeGroup: true,
                    nodeAssociatePublicIpAddress: false,
                    createOidcProvider: false,
                    deletionProtection: region.production,
                    tags,
                },
                parent,
            );
            new eks.ManagedNodeGroup(
                "apps-nodes",
                {
                    cluster,
                    nodeGroupName: names.nodeGroup,
                    nodeRole,
                    subnetIds: args.privateSubnetIds,
                    amiType: "AL2023_x86_64_STANDARD",
                    instanceTypes: ["m7i.large"],
                    scalingConfig: { minSize: 2, desiredSize: 2, maxSize: 6 },
                    enableIMDSv2: true,
                    tags,
                },
                parent,
            );
            this.eksClusterName = pulumi.output(names.eksCluster);
        }

        if (region.analytics.ecs) {
            const namespace = new aws.servicediscovery.HttpNamespace(
                "apps",
                { name: names.serviceConnectNamespace, description: `Service Connect namespace of the ${fleet.name} apps in ${region.name}`, tags },
                parent,
            );
            const execLogs = new aws.cloudwatch.LogGroup(
                "apps-ecs-exec",
                { name: names.ecsExecLogGroup, retentionInDays: 365, kmsKeyId: args.kmsKeyArn, tags },
                parent,
            );
            const cluster = new aws.ecs.Cluster(
                "apps",
                {
                    name: names.ecsCluster,
                    settings: [{ name: "containerInsights", value: "enhanced" }],
                    serviceConnectDefaults: { namespace: namespace.arn },
                    configuration: {
                        executeCommandConfiguration: {
                            kmsKeyId: args.kmsKeyArn,
                            logging: "OVERRIDE",
                            logConfiguration: { cloudWatchLogGroupName: execLogs.name, cloudWatchEncryptionEnabled: true },
                        },
                    },
                    tags,
                },
                parent,
            );
            this.ecsClusterArn = cluster.arn;
            this.serviceConnectNamespaceArn = namespace.arn;
        }
        this.registerOutputs(pick(this, ["eksClusterName", "ecsClusterArn", "serviceConnectNamespaceArn"]));
    }
}
