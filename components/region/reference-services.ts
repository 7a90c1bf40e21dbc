/**
 * The reference-architecture services of a region beyond the telemetry pipeline: governance (always) and, by the region's
 * switches in fleet.yaml, ML, maintenance reports, the apps platform and BI. Called once by
 * RegionalPlatform; every component is its child.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { RegionContextArgs } from "./refs";
import { needsWorkloadNetwork } from "../../src/region/workload-network";
import { AppsPlatform } from "./apps";
import { BusinessIntelligence } from "./bi";
import { RegionalGovernance } from "./governance";
import { PredictiveMaintenance } from "./ml";
import { MaintenanceReports } from "./reports";
import { WorkloadNetwork } from "./workload-network";

export interface ReferenceServicesArgs extends RegionContextArgs {
    /** From RegionalAnalytics. */
    kmsKeyArn: pulumi.Output<string>;
    artifactsBucketName: pulumi.Output<string>;
    artifactsBucketArn: pulumi.Output<string>;
    /** The region's server-access-log bucket; the Config history bucket logs to it. */
    logsBucketName?: pulumi.Output<string>;
}

export interface ReferenceServices {
    governance: RegionalGovernance;
    workloadNetwork?: WorkloadNetwork;
    ml?: PredictiveMaintenance;
    reports?: MaintenanceReports;
    apps?: AppsPlatform;
    bi?: BusinessIntelligence;
}

export function referenceServices(parent: pulumi.Resource, args: ReferenceServicesArgs): ReferenceServices {
    const { fleet, region, tags } = args;
    const opts = { parent };
    const a = region.analytics;
    const out: ReferenceServices = {
        governance: new RegionalGovernance("governance", { fleet, region, tags, kmsKeyArn: args.kmsKeyArn, accessLogsBucket: args.logsBucketName }, opts),
    };
    if (needsWorkloadNetwork(region)) {
        const net = new WorkloadNetwork("workloads", { fleet, region, tags, kmsKeyArn: args.kmsKeyArn }, opts);
        out.workloadNetwork = net;
        const common = {
            fleet,
            region,
            tags,
            kmsKeyArn: args.kmsKeyArn,
            artifactsBucketName: args.artifactsBucketName,
            artifactsBucketArn: args.artifactsBucketArn,
            privateSubnetIds: net.privateSubnetIds,
            securityGroupId: net.workloadSecurityGroupId,
        };
        if (a.sagemaker) out.ml = new PredictiveMaintenance("predictive-maintenance", common, opts);
        if (a.comprehend) out.reports = new MaintenanceReports("maintenance-reports", common, opts);
        if (a.eks || a.ecs) {
            out.apps = new AppsPlatform(
                "apps",
                { fleet, region, tags, kmsKeyArn: args.kmsKeyArn, vpcId: net.vpcId, privateSubnetIds: net.privateSubnetIds },
                opts,
            );
        }
    }
    if (a.quicksight) out.bi = new BusinessIntelligence("bi", { fleet, region, tags, kmsKeyArn: args.kmsKeyArn }, opts);
    return out;
}
