/**
 * The region program: the regional platform plus one Site per site of the region. The Pulumi
 * entry point (src/program/index.ts) and the offline plan (src/plan) both run this.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as awsNative from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";
import { RegionalPlatform } from "../../components/region/platform";
import { RegionalRemediation } from "../../components/region/remediation";
import { Site } from "../../components/site/site";
import { CLAIM_CERT_OUTPUT, GATEWAY_CERTS_OUTPUT } from "../edge/bootstrap";
import { packageEdgeComponent, type PackagedArtifact } from "../edge/artifacts";
import { needsInference } from "../edge/greengrass";
import { FleetError } from "../model/diagnostics";
import { findRegion, findSite } from "../model/lookup";
import type { FleetModel, RegionModel, SiteModel } from "../model/types";
import { regionTags, siteTags } from "../tags";
import { identitiesRetained, releasedSites } from "./retention";

export interface BuildOptions {
    /** Deploy only these sites of the region (the regional platform is always built). */
    sites?: string[];
}

export interface RegionStack {
    region: RegionModel;
    platform: RegionalPlatform;
    sites: Site[];
    /** The region's explicit AWS provider (data sources for outputs use it). */
    awsProvider?: aws.Provider;
}

/**
 * Where the fleet files are for a program Pulumi started in `cwd`: FLEET_DIR (set by
 * `fleet preview|up|destroy`), else `cwd` when it holds fleet.yaml, else the tool's directory.
 */
export function fleetDirectory(env: Record<string, string | undefined>, cwd: string): string {
    if (env.FLEET_DIR) return path.resolve(env.FLEET_DIR);
    if (fs.existsSync(path.join(cwd, "fleet.yaml"))) return cwd;
    return path.resolve(__dirname, "..", "..", "..");
}

/** The region a stack deploys: the `fleet:region` config, else the stack name. */
export function regionOf(model: FleetModel, name: string): RegionModel {
    return findRegion(model, name);
}

/** The sites a build deploys, checking that each requested site exists in the region. */
export function sitesOf(model: FleetModel, region: RegionModel, only?: string[]): SiteModel[] {
    const inRegion = model.sites.filter((s) => s.region === region.name);
    if (!only) return inRegion;
    for (const name of only) {
        if (!inRegion.some((s) => s.name === name)) {
            const elsewhere = findSite(model, name);
            throw new FleetError(`site ${JSON.stringify(name)} is in region ${elsewhere.region}, not ${region.name}`, [], 2);
        }
    }
    return inRegion.filter((s) => only.includes(s.name));
}

export function buildRegion(model: FleetModel, regionName: string, opts: BuildOptions = {}): RegionStack {
    const region = regionOf(model, regionName);
    const sites = sitesOf(model, region, opts.sites);
    const tags = regionTags(model, region.name);
    // Sorted: provider config reaches the engine as JSON text, so key order would read as a change.
    const sortedTags = Object.fromEntries(Object.entries(tags).sort(([a], [b]) => a.localeCompare(b)));
    const awsProvider = new aws.Provider("aws", { region: region.name as aws.Region, defaultTags: { tags: sortedTags } });
    const nativeProvider = new awsNative.Provider("aws-native", { region: region.name as awsNative.Region });
    const providers = [awsProvider, nativeProvider];
    const platform = new RegionalPlatform(
        "platform",
        { fleet: model, region, sites: model.sites.filter((s) => s.region === region.name), tags, edgeArtifacts: regionEdgeArtifacts() },
        { providers },
    );
    // Device identities are retained unless the stack config releases their site.
    const released = releasedSites(new pulumi.Config("fleet"));
    const siteComponents = sites.map(
        (site) =>
            new Site(
                site.name,
                {
                    fleet: model,
                    site,
                    region: platform.refs,
                    tags: siteTags(model, site),
                    retainIdentities: identitiesRetained(site.name, released),
                    collectorArtifacts: packageEdgeComponent("collector"),
                    inferenceArtifacts: needsInference(site) ? packageEdgeComponent("edge-inference") : [],
                },
                { providers },
            ),
    );
    remediation(
        model,
        region,
        model.sites.filter((s) => s.region === region.name),
        platform,
        tags,
        providers,
    );
    return { region, platform, sites: siteComponents, awsProvider };
}

/** The edge components' zips a region uploads once for all its sites (components/region/edge-access.ts). */
export function regionEdgeArtifacts(): Record<string, readonly PackagedArtifact[]> {
    return { collector: packageEdgeComponent("collector"), "edge-inference": packageEdgeComponent("edge-inference") };
}

/**
 * Detection and automatic remediation of a region (docs/security-operations.md), beside the
 * platform: the same resources whether the region is one stack or a platform stack with site stacks.
 */
export function remediation(
    model: FleetModel,
    region: RegionModel,
    sites: SiteModel[],
    platform: RegionalPlatform,
    tags: Record<string, string>,
    providers: pulumi.ProviderResource[],
): RegionalRemediation {
    return new RegionalRemediation(
        "remediation",
        {
            fleet: model,
            region,
            sites,
            securityTopicArn: platform.extras.governance.auditTopicArn,
            configRules: [platform.extras.governance],
            kmsKeyArn: platform.analytics.kmsKeyArn,
            tags,
        },
        { providers },
    );
}

/**
 * An output a component may or may not expose (yet): read by name, so the program compiles
 * whichever outputs the components have and exports the ones that exist.
 */
function optional(component: unknown, ...path: string[]): pulumi.Output<string> | undefined {
    let at: unknown = component;
    for (const key of path) {
        if (at === null || typeof at !== "object") return undefined;
        at = (at as Record<string, unknown>)[key];
    }
    return pulumi.Output.isInstance(at) ? (at as pulumi.Output<string>) : undefined;
}

/** The certificate of each gateway the stack made (csr, aws-generated), by thing name; undefined when there is none. */
function gatewayCertificates(site: Pick<Site, "edge">): Record<string, pulumi.Output<string>> | undefined {
    const gateways = site.edge?.provisioning?.gateways ?? [];
    return gateways.length > 0 ? Object.fromEntries(gateways.map((g) => [g.thingName, g.certificatePem])) : undefined;
}

/** Per site: where its gateways register and what they use. Never any private key. */
export function siteOutputs(site: Site, model?: SiteModel): Record<string, unknown> {
    const edge = site.edge as unknown;
    return {
        provisioningMode: model?.provisioning.mode,
        thingGroup: optional(edge, "identity", "thingGroupName"),
        iotPolicy: optional(edge, "identity", "policyName"),
        roleAlias: optional(edge, "identity", "roleAliasName"),
        provisioningTemplate: optional(edge, "provisioning", "templateName"),
        // Not secret: what `fleet bootstrap` tells the operator to copy onto a gateway (src/edge/bootstrap.ts names these outputs).
        [CLAIM_CERT_OUTPUT]: site.edge?.provisioning?.claimCertificatePem,
        [GATEWAY_CERTS_OUTPUT]: gatewayCertificates(site),
        greengrassDeployment: optional(edge, "greengrass", "deploymentId"),
        gatewayThings: model?.gateways.map((g) => g.thingName),
    };
}

/**
 * What a region stack exports for operators: the IoT endpoints gateways connect to, the
 * provisioning template of each fleet-claim site, bucket names, the dashboard URL.
 */
export function stackOutputs(stack: RegionStack, model?: FleetModel): Record<string, pulumi.Input<unknown>> {
    const analytics = stack.platform.analytics as unknown;
    const provider = stack.awsProvider ? { provider: stack.awsProvider } : undefined;
    const endpoint = (endpointType: string) => aws.iot.getEndpointOutput({ endpointType }, provider).endpointAddress;
    const dashboard = optional(analytics, "dashboardUrl") ?? optional(analytics, "dashboards", "workspaceEndpoint") ?? optional(analytics, "grafanaEndpoint");
    const out: Record<string, pulumi.Input<unknown>> = {
        region: stack.region.name,
        iotDataEndpoint: endpoint("iot:Data-ATS"),
        iotCredentialsEndpoint: endpoint("iot:CredentialProvider"),
        artifactsBucket: stack.platform.refs.artifactsBucketName,
        lakeBucket: optional(analytics, "lakeBucketName"),
        telemetryStream: stack.platform.refs.telemetryStreamName,
        registryTable: optional(analytics, "registryTableName"),
        eventBus: optional(analytics, "eventBusName"),
        maintenanceWorkflow: optional(analytics, "stateMachineArn"),
        dashboardUrl: dashboard?.apply((e) => (e.startsWith("https://") ? e : `https://${e}`)),
        sites: Object.fromEntries(
            stack.sites.map((s) => [
                s.siteName,
                siteOutputs(
                    s,
                    model?.sites.find((m) => m.name === s.siteName),
                ),
            ]),
        ),
    };
    for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
    return out;
}
