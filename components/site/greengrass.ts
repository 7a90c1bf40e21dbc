import * as awsNative from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";
import { collectorRecipe, inferenceRecipe, needsInference, siteDeployment, type SensorMapPlacement } from "../../src/edge";
import type { PackagedArtifact } from "../../src/edge/artifacts";
import type { FleetModel, SiteModel } from "../../src/model/types";
import type { RegionRefs, TaggedArgs } from "../region/refs";
import { pick } from "../../src/util/pick";

export interface SiteGreengrassArgs extends TaggedArgs {
    /** The whole fleet (name prefix, nucleus version). */
    fleet: FleetModel;
    /** The site whose gateways the deployment configures. */
    site: SiteModel;
    /** Regional artifacts bucket and telemetry stream. */
    region: RegionRefs;
    /** ARN of the site thing group: the deployment's one target. */
    thingGroupArn: pulumi.Output<string>;
    /** SHA-256 of the stored site manifest (the collector checks what it downloads). */
    manifestSha256: string;
    /** Resources that must exist before gateways act on the deployment (role alias, manifest). */
    dependsOn: pulumi.Resource[];
    /** The collector's zip per architecture (src/edge/artifacts.ts packageEdgeComponent): the recipe names the region's shared copy. */
    collectorArtifacts: readonly PackagedArtifact[];
    /** Edge inference's zip per architecture; must not be empty when some gateway of the site runs a model. */
    inferenceArtifacts: readonly PackagedArtifact[];
}

/**
 * The site's Greengrass V2 software: its collector (and edge-inference, when a gateway asks)
 * component versions and the one deployment to the site thing group carrying every component
 * the site needs: nucleus, stream manager, collector, edge inference.
 */
export class SiteGreengrass extends pulumi.ComponentResource {
    readonly deploymentId: pulumi.Output<string>;
    /** Where the collector's sensor map travels: in the deployment, or in the site manifest. */
    readonly sensorMap: pulumi.Output<SensorMapPlacement>;

    constructor(name: string, args: SiteGreengrassArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fleet:site:SiteGreengrass", name, {}, opts);
        const { fleet, site, tags } = args;
        const s = site.name;
        // The zips are uploaded once per region (components/region/edge-access.ts) under content-addressed
        // keys the recipes name; Greengrass reads each artifact when it creates a version, so after them.
        const uploads = args.region.edgeArtifacts ?? [];
        const collectorDoc = args.region.artifactsBucketName.apply((bucket) => collectorRecipe(fleet.name, s, bucket, args.collectorArtifacts));
        const collector = new awsNative.greengrassv2.ComponentVersion(
            `${s}-collector`,
            { inlineRecipe: collectorDoc.apply((r) => JSON.stringify(r)), tags },
            { parent: this, dependsOn: uploads },
        );
        const components: pulumi.Resource[] = [collector];
        let inferenceVersion: pulumi.Output<string | undefined> = pulumi.output(undefined);
        if (needsInference(site)) {
            if (args.inferenceArtifacts.length === 0)
                throw new pulumi.ResourceError(`site ${s}: a gateway runs edge inference but no edge-inference artifact was given`, this);
            const inferenceDoc = args.region.artifactsBucketName.apply((bucket) => inferenceRecipe(fleet.name, s, bucket, args.inferenceArtifacts));
            const inference = new awsNative.greengrassv2.ComponentVersion(
                `${s}-inference`,
                { inlineRecipe: inferenceDoc.apply((r) => JSON.stringify(r)), tags },
                { parent: this, dependsOn: uploads },
            );
            components.push(inference);
            inferenceVersion = pulumi.all([inference.arn, inferenceDoc]).apply(([, r]) => r.ComponentVersion);
        }
        const planned = pulumi
            .all([args.region.artifactsBucketName, args.region.telemetryStreamName, collector.arn, collectorDoc, inferenceVersion, args.thingGroupArn])
            .apply(([artifactsBucket, telemetryStreamName, , recipe, inference, targetArn]) =>
                siteDeployment(
                    fleet,
                    site,
                    {
                        artifactsBucket,
                        telemetryStreamName,
                        manifestSha256: args.manifestSha256,
                        collectorVersion: recipe.ComponentVersion,
                        inferenceVersion: inference,
                    },
                    targetArn,
                    tags,
                ),
            );
        const deployment = new awsNative.greengrassv2.Deployment(
            `${s}-deployment`,
            {
                targetArn: args.thingGroupArn,
                deploymentName: planned.spec.deploymentName,
                components: planned.spec.components,
                deploymentPolicies: planned.spec.deploymentPolicies,
                iotJobConfiguration: planned.spec.iotJobConfiguration,
                tags,
            },
            { parent: this, dependsOn: [...components, ...args.dependsOn] },
        );
        this.deploymentId = deployment.deploymentId;
        this.sensorMap = planned.placement;
        this.registerOutputs(pick(this, ["deploymentId", "sensorMap"]));
    }
}
