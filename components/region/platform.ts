import * as pulumi from "@pulumi/pulumi";
import { formerAlertingUrn } from "../../src/analytics/alerting";
import type { SiteModel } from "../../src/model/types";
import type { PackagedArtifact } from "../../src/edge/artifacts";
import { RegionalAnalytics } from "./analytics";
import { RegionEdgeAccess } from "./edge-access";
import { referenceServices, type ReferenceServices } from "./reference-services";
import { FleetIndexing } from "./fleet-indexing";
import { RegionalNetwork } from "./network";
import { RegionalProvisioning } from "./provisioning";
import type { RegionContextArgs, RegionRefs } from "./refs";
import { pick } from "../../src/util/pick";

export interface RegionalPlatformArgs extends RegionContextArgs {
    /** The sites of this region that the stack deploys. */
    sites: SiteModel[];
    /** The edge components' zips the region's gateways download (src/edge/artifacts.ts packageEdgeComponent, per component). */
    edgeArtifacts?: Record<string, readonly PackagedArtifact[]>;
}

/** Everything one region holds besides its sites: the analytics platform and the network hub. */
export class RegionalPlatform extends pulumi.ComponentResource {
    readonly analytics: RegionalAnalytics;
    readonly network: RegionalNetwork;
    /** Governance, ML, reports, apps and BI (components/region/reference-services.ts). */
    readonly extras: ReferenceServices;
    /** The shared pre-provisioning hook and provisioning role, when a site of the region uses `fleet-claim`. */
    readonly provisioning?: RegionalProvisioning;
    /** What sites of this region take as inputs. */
    readonly refs: RegionRefs;
    /** The token-exchange role and the shared edge artifacts (their keys are a platform stack output). */
    readonly edgeAccess: RegionEdgeAccess;

    constructor(name: string, args: RegionalPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fleet:region:RegionalPlatform", name, {}, opts);
        this.analytics = new RegionalAnalytics("analytics", { fleet: args.fleet, region: args.region, tags: args.tags }, { parent: this });
        this.network = new RegionalNetwork(
            "network",
            { fleet: args.fleet, region: args.region, sites: args.sites, tags: args.tags, kmsKeyArn: this.analytics.kmsKeyArn },
            { parent: this },
        );
        // Dynamic thing groups (csr and aws-generated sites) need the registry indexed.
        const indexing = new FleetIndexing("fleet-indexing", {}, { parent: this });
        this.extras = referenceServices(this, {
            fleet: args.fleet,
            region: args.region,
            tags: args.tags,
            kmsKeyArn: this.analytics.kmsKeyArn,
            artifactsBucketName: this.analytics.artifactsBucketName,
            artifactsBucketArn: this.analytics.artifactsBucketArn,
            logsBucketName: this.analytics.logsBucketName,
        });
        if (args.sites.some((s) => s.provisioning.mode === "fleet-claim")) {
            this.provisioning = new RegionalProvisioning(
                "provisioning",
                {
                    fleetName: args.fleet.name,
                    region: args.region.name,
                    kmsKeyArn: this.analytics.kmsKeyArn,
                    artifactsBucketName: this.analytics.artifactsBucketName,
                    artifactsBucketArn: this.analytics.artifactsBucketArn,
                    tags: args.tags,
                },
                { parent: this },
            );
        }
        const edge = new RegionEdgeAccess(
            "edge-access",
            {
                fleetName: args.fleet.name,
                region: args.region.name,
                kmsKeyArn: this.analytics.kmsKeyArn,
                artifactsBucketName: this.analytics.artifactsBucketName,
                artifactsBucketArn: this.analytics.artifactsBucketArn,
                telemetryStreamArn: this.analytics.telemetryStreamArn,
                artifacts: Object.entries(args.edgeArtifacts ?? {}).flatMap(([component, list]) => list.map((artifact) => ({ component, artifact }))),
                tags: args.tags,
            },
            { parent: this },
        );
        this.edgeAccess = edge;
        this.refs = {
            region: args.region.name,
            kmsKeyArn: this.analytics.kmsKeyArn,
            artifactsBucketName: this.analytics.artifactsBucketName,
            artifactsBucketArn: this.analytics.artifactsBucketArn,
            telemetryStreamName: this.analytics.telemetryStreamName,
            telemetryStreamArn: this.analytics.telemetryStreamArn,
            transitGatewayId: this.network.transitGatewayId,
            network: this.network.siteRefs,
            alerts: { topicArns: this.analytics.alertTopicArns, formerSubscriptionParentUrn: formerAlertingUrn(pulumi.getStack(), pulumi.getProject()) },
            fleetIndexing: indexing.configuration,
            tokenExchangeRoleArn: edge.tokenExchangeRoleArn,
            edgeArtifacts: edge.uploads,
            ...(this.provisioning ? { provisioning: this.provisioning.refs } : {}),
        };
        this.registerOutputs(pick(this, ["refs"]));
    }
}
