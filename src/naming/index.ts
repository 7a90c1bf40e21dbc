/**
 * Every AWS name the tool derives from the fleet, site and gateway names, with the limits AWS
 * puts on it. The loader checks all of them, so a long site name fails in `fleet validate`,
 * not halfway through `pulumi up`.
 */

export interface NameRule {
    /** What the name is, in the words of an error message. */
    what: string;
    max: number;
    /** Characters AWS accepts. */
    pattern: RegExp;
    accepted: string;
}

const IOT_NAME = { pattern: /^[a-zA-Z0-9:_-]+$/, accepted: "letters, digits, ':', '_' and '-'" };
const IAM_NAME = { pattern: /^[\w+=,.@-]+$/, accepted: "letters, digits and +=,.@_-" };

export const NAME_RULES = {
    thing: { what: "IoT thing name", max: 128, ...IOT_NAME },
    thingGroup: { what: "IoT thing group name", max: 128, ...IOT_NAME },
    iotPolicy: { what: "IoT policy name", max: 128, pattern: /^[\w+=,.@-]+$/, accepted: "letters, digits and +=,.@_-" },
    provisioningTemplate: { what: "IoT provisioning template name", max: 36, pattern: /^[0-9A-Za-z_-]+$/, accepted: "letters, digits, '_' and '-'" },
    role: { what: "IAM role name", max: 64, ...IAM_NAME },
    roleAlias: { what: "IoT role alias", max: 128, pattern: /^[\w=,@-]+$/, accepted: "letters, digits and =,@_-" },
    lambda: { what: "Lambda function name", max: 64, pattern: /^[a-zA-Z0-9_-]+$/, accepted: "letters, digits, '_' and '-'" },
    ggComponent: { what: "Greengrass component name", max: 128, pattern: /^[a-zA-Z0-9._-]+$/, accepted: "letters, digits, '.', '_' and '-'" },
    ruleGroup: { what: "Network Firewall rule group name", max: 128, pattern: /^[a-zA-Z0-9-]+$/, accepted: "letters, digits and '-'" },
} satisfies Record<string, NameRule>;

export type NameKind = keyof typeof NAME_RULES;

/** MQTT topic root of all device traffic: `fleet/<site>/<thing>/<channel>`. */
export const TOPIC_ROOT = "fleet";
export const CHANNELS = ["telemetry", "alarm", "status"] as const;

export const names = {
    thing: (fleet: string, site: string, gateway: string) => `${fleet}-${site}-${gateway}`,
    thingGroup: (fleet: string, site: string) => `${fleet}-${site}`,
    gatewayPolicy: (fleet: string, site: string) => `${fleet}-${site}-gateway`,
    claimPolicy: (fleet: string, site: string) => `${fleet}-${site}-claim`,
    provisioningTemplate: (fleet: string, site: string) => `${fleet}-${site}`,
    tokenExchangeRole: (fleet: string, site: string) => `${fleet}-${site}-gg-tes`,
    roleAlias: (fleet: string, site: string) => `${fleet}-${site}-gg-tes-alias`,
    preProvisioningHook: (fleet: string, site: string) => `${fleet}-${site}-preprov`,
    provisioningRole: (fleet: string, site: string) => `${fleet}-${site}-provisioning`,
    preProvisioningHookRole: (fleet: string, site: string) => `${fleet}-${site}-preprov-hook`,
    /**
     * Greengrass components are named per site: a component version is account-wide in a region,
     * sites of one region deploy independently, and each site's artifacts live under its own
     * prefix that only its token-exchange role may read.
     */
    collectorComponent: (fleet: string, site: string) => `com.${fleet}.fleet.${site}.Collector`,
    inferenceComponent: (fleet: string, site: string) => `com.${fleet}.fleet.${site}.EdgeInference`,
    /** Greengrass deployment name (one deployment per site thing group). */
    deployment: (fleet: string, site: string) => `${fleet}-${site}`,
    /** CloudWatch log group of a user component, as Greengrass's log manager names it. */
    componentLogGroup: (region: string, component: string) => `/aws/greengrass/UserComponent/${region}/${component}`,
    /** The site manifest object in the regional artifacts bucket. */
    siteManifestKey: (site: string) => `manifests/${site}.json`,
    /** Prefix of the site's Greengrass artifacts (component code, models) in the artifacts bucket. */
    siteArtifactsPrefix: (site: string) => `artifacts/${site}/`,
    /** The CSR a gateway made (`csr` mode), relative to the fleet directory. */
    gatewayCsrFile: (site: string, gateway: string) => `certs/${site}/${gateway}.csr.pem`,
    /** The CSR of the site's fleet-provisioning claim key (`fleet-claim` mode). */
    claimCsrFile: (site: string) => `certs/${site}/claim.csr.pem`,
    siteRuleGroup: (fleet: string, site: string) => `${fleet}-${site}-conduits`,
    /** A shared conduit rule group of a region with more sites than a firewall policy has room for. */
    shardRuleGroup: (fleet: string, shard: string) => `${fleet}-conduits-shard-${shard}`,
    egressRuleGroup: (fleet: string) => `${fleet}-egress`,
    /** A rule group's AWS name carries its capacity tier (fixed at creation): `<base>-c<capacity>`. */
    withCapacity: (base: string, capacity: number) => `${base}-c${capacity}`,
    firewall: (fleet: string) => `${fleet}-inspection`,
    firewallPolicy: (fleet: string) => `${fleet}-inspection`,
    /** Name tag of the site's landing VPC, customer gateway, VPN and Direct Connect gateway. */
    siteNetwork: (fleet: string, site: string) => `${fleet}-${site}`,
    topicPrefix: (site: string, thing: string) => `${TOPIC_ROOT}/${site}/${thing}`,
} as const;

/** Names that a site produces, with the rule each must obey. */
export function siteNames(fleet: string, site: string): { kind: NameKind; name: string }[] {
    return [
        { kind: "thingGroup", name: names.thingGroup(fleet, site) },
        { kind: "iotPolicy", name: names.gatewayPolicy(fleet, site) },
        { kind: "iotPolicy", name: names.claimPolicy(fleet, site) },
        { kind: "provisioningTemplate", name: names.provisioningTemplate(fleet, site) },
        { kind: "role", name: names.tokenExchangeRole(fleet, site) },
        { kind: "role", name: names.provisioningRole(fleet, site) },
        { kind: "roleAlias", name: names.roleAlias(fleet, site) },
        { kind: "lambda", name: names.preProvisioningHook(fleet, site) },
        { kind: "role", name: names.preProvisioningHookRole(fleet, site) },
        { kind: "ggComponent", name: names.collectorComponent(fleet, site) },
        { kind: "ggComponent", name: names.inferenceComponent(fleet, site) },
        // The longest capacity tier suffix (-c30000) is included: the deployed name carries it.
        { kind: "ruleGroup", name: names.withCapacity(names.siteRuleGroup(fleet, site), 30000) },
    ];
}

/** Why a name breaks its AWS rule, or undefined when it is fine. */
export function nameProblem(kind: NameKind, name: string): string | undefined {
    const rule: NameRule = NAME_RULES[kind];
    if (name.length > rule.max) return `${rule.what} ${JSON.stringify(name)} is ${name.length} characters; AWS allows at most ${rule.max}`;
    if (!rule.pattern.test(name)) return `${rule.what} ${JSON.stringify(name)} has characters AWS does not accept; accepted: ${rule.accepted}`;
    return undefined;
}
