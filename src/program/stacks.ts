/**
 * The programs of the stack layout (src/stacks/layout.ts):
 *
 * - a **platform** stack builds the regional platform for the sites it serves and exports
 *   `siteRefs`, everything a site of the region takes from it (RegionRefs as plain values);
 * - a **site** stack reads `siteRefs` through a StackReference to its platform and builds one
 *   Site. The Site component, its children and the providers (`aws`, `aws-native`) have the same
 *   names and types as in the region stack, so their URNs differ only in the stack name: moving a
 *   site is a state move (src/stacks/migrate.ts), not a replacement.
 */
import * as aws from "@pulumi/aws";
import * as awsNative from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";
import { DX_GROUPS } from "../model/direct-connect";
import { RegionalPlatform } from "../../components/region/platform";
import type { RegionRefs } from "../../components/region/refs";
import { Site } from "../../components/site/site";
import { packageEdgeComponent } from "../edge/artifacts";
import { needsInference } from "../edge/greengrass";
import { SHARED_ARTIFACTS_OUTPUT } from "../edge/shared-artifacts";
import { formerAlertingUrn } from "../analytics/alerting";
import { FleetError } from "../model/diagnostics";
import type { FleetModel, Severity, SiteModel } from "../model/types";
import { siteAccount, stackLayout } from "../stacks/layout";
import { regionTags, siteTags } from "../tags";
import { regionEdgeArtifacts, regionOf, remediation, siteOutputs, stackOutputs, type RegionStack } from "./build";

/** The stack output a platform stack exports for its sites. */
export const SITE_REFS_OUTPUT = "siteRefs";

/** RegionRefs as a stack output holds them: plain values, no Outputs. */
export interface SiteRefsValue {
    region: string;
    kmsKeyArn: string;
    artifactsBucketName: string;
    artifactsBucketArn: string;
    telemetryStreamName: string;
    telemetryStreamArn: string;
    transitGatewayId: string;
    network: {
        transitGatewayId: string;
        spokeRouteTableId: string;
        inspectionRouteTableId: string;
        availabilityZones: string[];
        flowLogGroupArn: string;
        flowLogRoleArn: string;
        vpnLogGroupArn: string;
        /** Only in a region with direct-connect sites. */
        directConnectAttachmentIds?: Record<string, string>;
    };
    alertTopicArns: Record<Severity, string>;
    /** The region's token-exchange role, which every site's role alias points at. */
    tokenExchangeRoleArn: string;
    /** Only in a region with fleet-claim sites. */
    provisioning?: { hookArn: string; provisioningRoleArn: string };
}

/** The region's explicit providers, named as in the region stack (`aws`, `aws-native`): same URNs in every layout. */
export function regionProviders(model: FleetModel, region: string): { aws: aws.Provider; native: awsNative.Provider } {
    const tags = regionTags(model, region);
    // Sorted: provider config reaches the engine as JSON text, so key order would read as a change.
    const sortedTags = Object.fromEntries(Object.entries(tags).sort(([a], [b]) => a.localeCompare(b)));
    return {
        aws: new aws.Provider("aws", { region: region as aws.Region, defaultTags: { tags: sortedTags } }),
        native: new awsNative.Provider("aws-native", { region: region as awsNative.Region }),
    };
}

/** The sites a platform serves: the region's sites in its account (every site of the region with one account). */
export function servedSites(model: FleetModel, region: string, account: string | undefined): SiteModel[] {
    return model.sites.filter((s) => s.region === region && siteAccount(model, s) === account);
}

/** A platform stack: the regional platform for the sites it serves, no Site component. */
export function buildPlatformStack(model: FleetModel, regionName: string, account?: string): RegionStack {
    const region = regionOf(model, regionName);
    const providers = regionProviders(model, region.name);
    const sites = servedSites(model, region.name, account ?? (region as { account?: string }).account);
    const tags = regionTags(model, region.name);
    const platform = new RegionalPlatform(
        "platform",
        { fleet: model, region, sites, tags, edgeArtifacts: regionEdgeArtifacts() },
        { providers: [providers.aws, providers.native] },
    );
    remediation(model, region, sites, platform, tags, [providers.aws, providers.native]);
    return { region, platform, sites: [], awsProvider: providers.aws };
}

/** What a platform stack exports for its sites. */
export function siteRefsOutput(refs: RegionRefs): pulumi.Output<SiteRefsValue> {
    return pulumi.output({
        region: refs.region,
        kmsKeyArn: refs.kmsKeyArn,
        artifactsBucketName: refs.artifactsBucketName,
        artifactsBucketArn: refs.artifactsBucketArn,
        telemetryStreamName: refs.telemetryStreamName,
        telemetryStreamArn: refs.telemetryStreamArn,
        transitGatewayId: refs.transitGatewayId,
        network: refs.network,
        alertTopicArns: refs.alerts.topicArns,
        tokenExchangeRoleArn: refs.tokenExchangeRoleArn,
        provisioning: refs.provisioning,
    }) as pulumi.Output<SiteRefsValue>;
}

/** RegionRefs of a site stack, from its platform's `siteRefs` output. */
export function refsFromOutput(value: pulumi.Output<SiteRefsValue>, region: string): RegionRefs {
    const v = <K extends keyof SiteRefsValue>(k: K) => value.apply((x) => x[k]);
    const net = <K extends keyof SiteRefsValue["network"]>(k: K) => value.apply((x) => x.network[k]);
    const topic = (s: Severity) => value.apply((x) => x.alertTopicArns[s]);
    return {
        region,
        kmsKeyArn: v("kmsKeyArn"),
        artifactsBucketName: v("artifactsBucketName"),
        artifactsBucketArn: v("artifactsBucketArn"),
        telemetryStreamName: v("telemetryStreamName"),
        telemetryStreamArn: v("telemetryStreamArn"),
        transitGatewayId: v("transitGatewayId"),
        network: {
            transitGatewayId: net("transitGatewayId"),
            spokeRouteTableId: net("spokeRouteTableId"),
            inspectionRouteTableId: net("inspectionRouteTableId"),
            availabilityZones: net("availabilityZones"),
            flowLogGroupArn: net("flowLogGroupArn"),
            flowLogRoleArn: net("flowLogRoleArn"),
            vpnLogGroupArn: net("vpnLogGroupArn"),
            directConnectAttachmentIds: Object.fromEntries(
                Array.from({ length: DX_GROUPS }, (_, i) => String(i)).map((g) => [g, value.apply((x) => x.network.directConnectAttachmentIds?.[g] as string)]),
            ),
        },
        // In the site's own stack the former alerting parent is looked up there (where it never was): the alias is inert, as it is in a region stack created after the move.
        alerts: {
            topicArns: { info: topic("info"), warning: topic("warning"), critical: topic("critical") },
            formerSubscriptionParentUrn: formerAlertingUrn(pulumi.getStack(), pulumi.getProject()),
        },
        tokenExchangeRoleArn: v("tokenExchangeRoleArn"),
        provisioning: {
            hookArn: value.apply((x) => x.provisioning?.hookArn as string),
            provisioningRoleArn: value.apply((x) => x.provisioning?.provisioningRoleArn as string),
        },
    };
}

export interface SiteStack {
    site: Site;
    model: SiteModel;
    awsProvider: aws.Provider;
}

/**
 * A site stack: one Site, its region's providers, and the platform's refs read through a
 * StackReference named `platformRef` (the platform stack's name, or `org/project/stack` on
 * Pulumi Cloud).
 */
export function buildSiteStack(model: FleetModel, siteName: string, platformRef: string): SiteStack {
    const site = model.sites.find((s) => s.name === siteName);
    if (!site)
        throw new FleetError(
            `unknown site ${JSON.stringify(siteName)}: the site stack's site file is not in sites/ (removed? destroy the stack, or move it back)`,
            [],
            2,
        );
    const providers = regionProviders(model, site.region);
    const ref = new pulumi.StackReference("platform", { name: platformRef });
    const refs = refsFromOutput(ref.requireOutput(SITE_REFS_OUTPUT) as pulumi.Output<SiteRefsValue>, site.region);
    const component = new Site(
        site.name,
        {
            fleet: model,
            site,
            region: refs,
            tags: siteTags(model, site),
            collectorArtifacts: packageEdgeComponent("collector"),
            inferenceArtifacts: needsInference(site) ? packageEdgeComponent("edge-inference") : [],
        },
        { providers: [providers.aws, providers.native] },
    );
    return { site: component, model: site, awsProvider: providers.aws };
}

/** What a site stack exports: the site's outputs (as the region stack exported them under `sites.<name>`). */
export function siteStackOutputs(stack: SiteStack): Record<string, unknown> {
    const out = siteOutputs(stack.site, stack.model);
    for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
    return { region: stack.model.region, site: stack.model.name, ...out };
}

/**
 * The program of a stack of the layout, by its name: a site stack (`<region>.<site>`), a platform
 * stack (a region stack with `fleet:layout: stacks`, or `<region>.<account>`); undefined for a
 * region stack that still holds its sites (the region program runs then).
 */
export function stackProgram(
    model: FleetModel,
    stackName: string,
    config: { layout?: string; platformRefPrefix?: string },
): Record<string, unknown> | undefined {
    const stack = stackLayout(model).find((s) => s.name === stackName);
    if (!stack) return undefined;
    if (stack.kind === "site") {
        const built = buildSiteStack(model, stack.sites[0], `${config.platformRefPrefix ?? ""}${stack.dependsOn[0]}`);
        return siteStackOutputs(built);
    }
    if (stack.kind === "platform" && (config.layout === "stacks" || stack.name !== stack.region)) {
        const built = buildPlatformStack(model, stack.region!, stack.account);
        // The shared artifacts it uploaded: `fleet up` checks a site stack's recipes against them (src/deploy/artifact-check.ts).
        return {
            ...stackOutputs(built, model),
            [SITE_REFS_OUTPUT]: siteRefsOutput(built.platform.refs),
            [SHARED_ARTIFACTS_OUTPUT]: built.platform.edgeAccess.sharedArtifactKeys,
        };
    }
    return undefined;
}
