import * as aws from "@pulumi/aws";
import * as awsNative from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";
import { dynamicGroupQuery, gatewayPolicyDocument, needsInference, TES_CREDENTIAL_SECONDS, type AwsEnv } from "../../src/edge";
import type { FleetModel, SiteModel } from "../../src/model/types";
import { names } from "../../src/naming";
import type { RegionRefs, TaggedArgs } from "../region/refs";
import { nativeTagList } from "../../src/tags";
import { pick } from "../../src/util/pick";

/** Days the site's component logs are kept in CloudWatch. */
export const COMPONENT_LOG_RETENTION_DAYS = 90;

export interface SiteIdentityArgs extends TaggedArgs {
    /** The whole fleet (name prefix). */
    fleet: FleetModel;
    /** The site whose gateways this identity serves. */
    site: SiteModel;
    /** The region's token-exchange role (the site's alias points at it) and fleet indexing. */
    region: RegionRefs;
    /** Partition, region and account the policy documents name. */
    env: pulumi.Output<AwsEnv>;
}

/**
 * A site's IoT identity: one thing group, one IoT policy for every gateway (scoped to each
 * gateway's own thing name by policy variables), the site's role alias of the region's Greengrass
 * token-exchange role, and the log groups of the site's components.
 */
export class SiteIdentity extends pulumi.ComponentResource {
    readonly thingGroupName: pulumi.Output<string>;
    readonly thingGroupArn: pulumi.Output<string>;
    readonly policyName: pulumi.Output<string>;
    readonly roleAliasName: pulumi.Output<string>;
    readonly tokenExchangeRoleArn: pulumi.Output<string>;

    constructor(name: string, args: SiteIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fleet:site:SiteIdentity", name, {}, opts);
        const { fleet, site, tags } = args;
        const s = site.name;
        const parent = { parent: this };

        // fleet-claim: a static group the provisioning template adds each new thing to. csr and
        // aws-generated: a dynamic group whose query selects the site's things by attribute, so a
        // gateway needs no membership resource of its own (needs fleet indexing, REGISTRY mode).
        const groupName = names.thingGroup(fleet.name, s);
        const description = `Greengrass core devices of site ${s}`;
        let group: { arn: pulumi.Output<string>; name: pulumi.Output<string> };
        if (site.provisioning.mode === "fleet-claim") {
            const g = new aws.iot.ThingGroup(
                `${s}-thing-group`,
                { name: groupName, properties: { description, attributePayload: { attributes: { site: s, region: site.region } } }, tags },
                parent,
            );
            group = { arn: g.arn, name: g.name };
        } else {
            const g = new awsNative.iot.ThingGroup(
                `${s}-thing-group`,
                {
                    thingGroupName: groupName,
                    queryString: dynamicGroupQuery(fleet.name, s),
                    thingGroupProperties: { thingGroupDescription: description, attributePayload: { attributes: { site: s, region: site.region } } },
                    tags: nativeTagList(tags),
                },
                // AWS rejects a dynamic group while the registry is not indexed (RegionRefs.fleetIndexing)
                { parent: this, dependsOn: args.region.fleetIndexing ? [args.region.fleetIndexing] : [] },
            );
            group = { arn: g.arn, name: pulumi.output(groupName) };
        }
        const policy = new aws.iot.Policy(
            `${s}-gateway-policy`,
            { name: names.gatewayPolicy(fleet.name, s), policy: args.env.apply((env) => JSON.stringify(gatewayPolicyDocument(env, fleet.name, s))), tags },
            parent,
        );

        const components = [names.collectorComponent(fleet.name, s), ...(needsInference(site) ? [names.inferenceComponent(fleet.name, s)] : [])];
        const logGroups = components.map(
            (component) =>
                new aws.cloudwatch.LogGroup(
                    `${s}-${component.endsWith("Collector") ? "collector" : "inference"}-logs`,
                    { name: names.componentLogGroup(site.region, component), retentionInDays: COMPONENT_LOG_RETENTION_DAYS, tags },
                    parent,
                ),
        );
        // The site's alias (named in its gateways' nucleus configuration) points at the region's
        // token-exchange role, which scopes each gateway by its thing name (src/iam/token-exchange.ts).
        const alias = new aws.iot.RoleAlias(
            `${s}-tes-alias`,
            { alias: names.roleAlias(fleet.name, s), roleArn: args.region.tokenExchangeRoleArn, credentialDuration: TES_CREDENTIAL_SECONDS, tags },
            { parent: this, dependsOn: logGroups },
        );

        this.thingGroupName = group.name;
        this.thingGroupArn = group.arn;
        this.policyName = policy.name;
        this.roleAliasName = alias.alias;
        this.tokenExchangeRoleArn = args.region.tokenExchangeRoleArn;
        this.registerOutputs(pick(this, ["thingGroupName", "thingGroupArn", "policyName", "roleAliasName", "tokenExchangeRoleArn"]));
    }
}
