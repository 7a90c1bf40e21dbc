/**
 * The AWS names a site and its gateways produce and the limits AWS puts on them. The loader
 * checks all of them, so a long site name fails in `fleet validate`, not halfway through
 * `pulumi up`. src/naming builds every other name on these.
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

/** Builders of the per-site names and CSR files the loader checks (src/naming's `names` includes them). */
export const siteResourceNames = {
    thing: (fleet: string, site: string, gateway: string) => `${fleet}-${site}-${gateway}`,
    thingGroup: (fleet: string, site: string) => `${fleet}-${site}`,
    gatewayPolicy: (fleet: string, site: string) => `${fleet}-${site}-gateway`,
    claimPolicy: (fleet: string, site: string) => `${fleet}-${site}-claim`,
    provisioningTemplate: (fleet: string, site: string) => `${fleet}-${site}`,
    roleAlias: (fleet: string, site: string) => `${fleet}-${site}-gg-tes-alias`,
    /**
     * Greengrass components are named per site: a component version is account-wide in a region and
     * sites of one region deploy independently (their zips are shared by the region:
     * names.sharedArtifactsPrefix).
     */
    collectorComponent: (fleet: string, site: string) => `com.${fleet}.fleet.${site}.Collector`,
    inferenceComponent: (fleet: string, site: string) => `com.${fleet}.fleet.${site}.EdgeInference`,
    /** The CSR a gateway made (`csr` mode), relative to the fleet directory. */
    gatewayCsrFile: (site: string, gateway: string) => `certs/${site}/${gateway}.csr.pem`,
    /** The CSR of the site's fleet-provisioning claim key (`fleet-claim` mode). */
    claimCsrFile: (site: string) => `certs/${site}/claim.csr.pem`,
    siteRuleGroup: (fleet: string, site: string) => `${fleet}-${site}-conduits`,
    /** A rule group's AWS name carries its capacity tier (fixed at creation): `<base>-c<capacity>`. */
    withCapacity: (base: string, capacity: number) => `${base}-c${capacity}`,
} as const;

/** Names that a site produces, with the rule each must obey. */
export function siteNames(fleet: string, site: string): { kind: NameKind; name: string }[] {
    return [
        { kind: "thingGroup", name: siteResourceNames.thingGroup(fleet, site) },
        { kind: "iotPolicy", name: siteResourceNames.gatewayPolicy(fleet, site) },
        { kind: "iotPolicy", name: siteResourceNames.claimPolicy(fleet, site) },
        { kind: "provisioningTemplate", name: siteResourceNames.provisioningTemplate(fleet, site) },
        { kind: "roleAlias", name: siteResourceNames.roleAlias(fleet, site) },
        { kind: "ggComponent", name: siteResourceNames.collectorComponent(fleet, site) },
        { kind: "ggComponent", name: siteResourceNames.inferenceComponent(fleet, site) },
        // The longest capacity tier suffix (-c30000) is included: the deployed name carries it.
        { kind: "ruleGroup", name: siteResourceNames.withCapacity(siteResourceNames.siteRuleGroup(fleet, site), 30000) },
    ];
}

/** Why a name breaks its AWS rule, or undefined when it is fine. */
export function nameProblem(kind: NameKind, name: string): string | undefined {
    const rule: NameRule = NAME_RULES[kind];
    if (name.length > rule.max) return `${rule.what} ${JSON.stringify(name)} is ${name.length} characters; AWS allows at most ${rule.max}`;
    if (!rule.pattern.test(name)) return `${rule.what} ${JSON.stringify(name)} has characters AWS does not accept; accepted: ${rule.accepted}`;
    return undefined;
}
