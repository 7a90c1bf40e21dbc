/**
 * The region program: the regional platform plus one Site per site of the region. The Pulumi
 * entry point (src/program/index.ts) and the offline plan (src/plan) both run this.
 */
import * as aws from "@pulumi/aws";
import * as awsNative from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";
import { RegionalPlatform } from "../../components/region/platform";
import { Site } from "../../components/site/site";
import { FleetError, knownList } from "../model/diagnostics";
import type { FleetModel, RegionModel, SiteModel } from "../model/types";
import { regionTags, siteTags } from "../tags";

export interface BuildOptions {
    /** Deploy only these sites of the region (the regional platform is always built). */
    sites?: string[];
}

export interface RegionStack {
    region: RegionModel;
    platform: RegionalPlatform;
    sites: Site[];
}

/** The region a stack deploys: the `fleet:region` config, else the stack name. */
export function regionOf(model: FleetModel, name: string): RegionModel {
    const region = model.regions.find((r) => r.name === name);
    if (!region) {
        throw new FleetError(`unknown region ${JSON.stringify(name)}; ${knownList(name, model.regions.map((r) => r.name), "regions of fleet.yaml")}`, [], 2);
    }
    return region;
}

/** The sites a build deploys, checking that each requested site exists in the region. */
export function sitesOf(model: FleetModel, region: RegionModel, only?: string[]): SiteModel[] {
    const inRegion = model.sites.filter((s) => s.region === region.name);
    if (!only) return inRegion;
    for (const name of only) {
        if (!inRegion.some((s) => s.name === name)) {
            const elsewhere = model.sites.find((s) => s.name === name);
            throw new FleetError(
                elsewhere
                    ? `site ${JSON.stringify(name)} is in region ${elsewhere.region}, not ${region.name}`
                    : `unknown site ${JSON.stringify(name)}; ${knownList(name, model.sites.map((s) => s.name), "sites")}`,
                [],
                2,
            );
        }
    }
    return inRegion.filter((s) => only.includes(s.name));
}

export function buildRegion(model: FleetModel, regionName: string, opts: BuildOptions = {}): RegionStack {
    const region = regionOf(model, regionName);
    const sites = sitesOf(model, region, opts.sites);
    const tags = regionTags(model, region.name);
    const awsProvider = new aws.Provider("aws", { region: region.name as aws.Region, defaultTags: { tags } });
    const nativeProvider = new awsNative.Provider("aws-native", { region: region.name as awsNative.Region });
    const providers = [awsProvider, nativeProvider];
    const platform = new RegionalPlatform(
        "platform",
        { fleet: model, region, sites: model.sites.filter((s) => s.region === region.name), tags },
        { providers },
    );
    const siteComponents = sites.map(
        (site) => new Site(site.name, { fleet: model, site, region: platform.refs, tags: siteTags(model, site) }, { providers }),
    );
    return { region, platform, sites: siteComponents };
}

/** What a region stack exports for operators. */
export function stackOutputs(stack: RegionStack): Record<string, pulumi.Input<unknown>> {
    return {
        region: stack.region.name,
        artifactsBucket: stack.platform.refs.artifactsBucketName,
        telemetryStream: stack.platform.refs.telemetryStreamName,
        sites: stack.sites.map((s) => s.siteName),
    };
}
