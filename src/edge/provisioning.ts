/**
 * Fleet provisioning by claim: the template body AWS IoT runs when a gateway registers itself,
 * and the serial check the pre-provisioning hook makes. Pure.
 */
import { names } from "../naming";
import type { SiteModel } from "../model/types";

/** Thing attribute that places a thing in its site's dynamic group (csr, aws-generated). */
export const SITE_ATTRIBUTE = "fleetSite";

/**
 * The attribute value naming fleet and site: `<fleet>_<site>` with `-` as `_` (names are
 * `[a-z0-9-]`, so the mapping is one-to-one), a single search token with no query operator in it.
 */
export function siteAttributeValue(fleet: string, site: string): string {
    return `${fleet}__${site}`.replace(/-/g, "_");
}

/** Fleet-indexing query of a site's dynamic thing group: every thing carrying the site attribute. */
export function dynamicGroupQuery(fleet: string, site: string): string {
    return `attributes.${SITE_ATTRIBUTE}:${siteAttributeValue(fleet, site)}`;
}

/** Registry attributes of a gateway thing (at most 50 per thing; values [a-zA-Z0-9_.,@/:#=\[\]-]). */
export function thingAttributes(fleet: string, site: string, g: { name: string; serial: string }): Record<string, string> {
    return { [SITE_ATTRIBUTE]: siteAttributeValue(fleet, site), site, gateway: g.name, serial: g.serial };
}

/** Template parameters a gateway sends (the bootstrap config sets them). */
export const TEMPLATE_PARAMETERS = { thingName: "ThingName", serial: "SerialNumber" } as const;

/**
 * The template body: one thing named by the `ThingName` parameter (which the hook overrides with
 * the name the site file gives the serial), in the site group, with the site policy on the new
 * certificate. Every value except the parameters is fixed by the site, so a claim holder cannot
 * pick another group or policy.
 */
export function provisioningTemplateBody(fleet: string, site: SiteModel): Record<string, unknown> {
    return {
        Parameters: {
            [TEMPLATE_PARAMETERS.thingName]: { Type: "String" },
            [TEMPLATE_PARAMETERS.serial]: { Type: "String" },
            "AWS::IoT::Certificate::Id": { Type: "String" },
        },
        Resources: {
            thing: {
                Type: "AWS::IoT::Thing",
                OverrideSettings: { AttributePayload: "REPLACE", ThingGroups: "REPLACE" },
                Properties: {
                    ThingName: { Ref: TEMPLATE_PARAMETERS.thingName },
                    AttributePayload: { [SITE_ATTRIBUTE]: siteAttributeValue(fleet, site.name), site: site.name, serial: { Ref: TEMPLATE_PARAMETERS.serial } },
                    ThingGroups: [names.thingGroup(fleet, site.name)],
                },
            },
            certificate: {
                Type: "AWS::IoT::Certificate",
                Properties: { CertificateId: { Ref: "AWS::IoT::Certificate::Id" }, Status: "Active" },
            },
            policy: {
                Type: "AWS::IoT::Policy",
                Properties: { PolicyName: names.gatewayPolicy(fleet, site.name) },
            },
        },
    };
}

/** What the hook answers AWS IoT (the documented pre-provisioning hook response). */
export interface HookResponse {
    allowProvisioning: boolean;
    parameterOverrides?: Record<string, string>;
}

/** The part of a site manifest the hook reads: which serial is which gateway. */
export interface ManifestGateways {
    site: string;
    gateways: { name: string; thingName: string; serial: string }[];
}

/**
 * Admit a registration only for a serial listed in the site file, and only under the thing name
 * the site file gives that serial. Returns the response and, for logs, why.
 */
export function admit(manifest: ManifestGateways, parameters: Record<string, string | undefined>): { response: HookResponse; reason: string } {
    const serial = parameters[TEMPLATE_PARAMETERS.serial];
    if (!serial) return { response: { allowProvisioning: false }, reason: `no ${TEMPLATE_PARAMETERS.serial} parameter` };
    const gateway = manifest.gateways.find((g) => g.serial === serial);
    if (!gateway) return { response: { allowProvisioning: false }, reason: `serial ${JSON.stringify(serial)} is not listed in site ${manifest.site}` };
    const asked = parameters[TEMPLATE_PARAMETERS.thingName];
    if (asked !== undefined && asked !== gateway.thingName) {
        return {
            response: { allowProvisioning: false },
            reason: `serial ${JSON.stringify(serial)} belongs to ${gateway.thingName}, not ${JSON.stringify(asked)}`,
        };
    }
    return {
        response: { allowProvisioning: true, parameterOverrides: { [TEMPLATE_PARAMETERS.thingName]: gateway.thingName } },
        reason: `serial ${JSON.stringify(serial)} is gateway ${gateway.name}`,
    };
}
