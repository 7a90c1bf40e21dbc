import type * as pulumi from "@pulumi/pulumi";
import type { FleetModel, RegionModel, Severity } from "../../src/model/types";
import type { RegionNetworkRefs } from "./network";
import type { RegionProvisioningRefs } from "./provisioning";

/** The tags of a component's children: every component's args extend it instead of repeating the field (docs/components.md). */
export interface TaggedArgs {
    /** Tags for every taggable resource. */
    tags: Record<string, string>;
}

/**
 * The region context most regional components take: extend it in a component's args instead of
 * repeating the three fields (docs/components.md).
 */
export interface RegionContextArgs extends TaggedArgs {
    /** The whole fleet model (fleet-wide defaults and names). */
    fleet: FleetModel;
    /** The region the component is built in. */
    region: RegionModel;
}

/**
 * The region's artifacts bucket (Greengrass artifacts, models, training data, site manifests):
 * extend it in a component's args instead of repeating its two fields.
 */
export interface ArtifactsBucketArgs {
    artifactsBucketName: pulumi.Input<string>;
    artifactsBucketArn: pulumi.Input<string>;
}

/** The equipment registry (components/region/registry.ts), for the components that read it. */
export interface RegistryTableArgs {
    registryTableName: pulumi.Input<string>;
    registryTableArn: pulumi.Input<string>;
}

/** The region's dead-letter queue (DeadLetters), for the components whose functions, stream batches or workflow starts fail into it. */
export interface DeadLetterQueueArgs {
    deadLetterQueueArn: pulumi.Input<string>;
}

/** The data lake bucket (RegionalStorage.lake), for the components that write or query it. */
export interface LakeBucketArgs {
    lakeBucketName: pulumi.Input<string>;
    lakeBucketArn: pulumi.Input<string>;
}

/** The region context plus what a workload in the region's private network uses (ML, reports). */
export interface RegionWorkloadArgs extends RegionContextArgs, ArtifactsBucketArgs {
    /** Customer KMS key of the region: volumes, models and outputs. */
    kmsKeyArn: pulumi.Input<string>;
    /** Private subnets (two zones) the workload runs in. */
    privateSubnetIds: pulumi.Input<string>[];
    /** Security group of the workload (no inbound). */
    securityGroupId: pulumi.Input<string>;
}

/**
 * What the analytics-platform components of a region share (RegionalAnalytics passes it on):
 * extend it in a component's args instead of repeating the fields.
 */
export interface PlatformArgs extends TaggedArgs {
    /** The fleet's name, the prefix of every physical name. */
    fleetName: string;
    /** The platform key. */
    kmsKeyArn: pulumi.Input<string>;
}

/** PlatformArgs with the account, for roles only this account's services assume and for the ARNs a policy names. */
export interface PlatformAccountArgs extends PlatformArgs {
    accountId: pulumi.Input<string>;
    partition: pulumi.Input<string>;
}

/**
 * What the regional platform hands to every site of its region. Sites take these as inputs, so
 * a site never reaches into the region's components.
 */
export interface RegionRefs {
    /** The AWS region. */
    region: string;
    /** Customer KMS key for every store and topic of the region. */
    kmsKeyArn: pulumi.Output<string>;
    /** Bucket for Greengrass artifacts, models and site manifests. */
    artifactsBucketName: pulumi.Output<string>;
    artifactsBucketArn: pulumi.Output<string>;
    /** The Kinesis stream all telemetry lands in. */
    telemetryStreamName: pulumi.Output<string>;
    telemetryStreamArn: pulumi.Output<string>;
    /** Transit Gateway that site uplinks attach to. */
    transitGatewayId: pulumi.Output<string>;
    /** The regional network hub: route tables, AZs and log destinations site attachments use. */
    network: RegionNetworkRefs;
    /** The region's alert topics, for the site's own subscribers (components/site/alerts.ts). */
    alerts: RegionAlertRefs;
    /** The region's Greengrass token-exchange role: every site's role alias points at it (components/region/edge-access.ts). */
    tokenExchangeRoleArn: pulumi.Output<string>;
    /**
     * The region's uploads of the edge components' zips: a site's component version is created
     * after them (Greengrass reads each artifact when it creates the version). Absent in a site
     * stack, whose platform stack is deployed first.
     */
    edgeArtifacts?: pulumi.Resource[];
    /** The region's pre-provisioning hook and provisioning role, when a site of the region uses `fleet-claim`. */
    provisioning?: RegionProvisioningRefs;
    /**
     * The region's fleet indexing configuration: a dynamic thing group can only be created once
     * the registry is indexed (AWS IoT developer guide, "Dynamic thing groups": fleet indexing
     * must be enabled), so sites' dynamic groups depend on it. Absent in a site stack: there the
     * platform stack, deployed first (src/stacks/layout.ts), holds the indexing configuration.
     */
    fleetIndexing?: pulumi.Resource;
}

export interface RegionAlertRefs {
    /** ARN of the alert topic of each severity. */
    topicArns: Record<Severity, pulumi.Output<string>>;
    /**
     * URN of the regional Alerting component, where site subscriptions lived before they moved
     * into their Site: each site subscription answers to its former name there (an alias), so an
     * existing stack keeps it (a replaced email subscription needs a new confirmation click).
     */
    formerSubscriptionParentUrn: string;
}
