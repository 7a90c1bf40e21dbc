import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { claimPolicyDocument, thingAttributes, provisioningTemplateBody, type AwsEnv } from "../../src/edge";
import type { FleetModel, GatewayModel, SiteModel } from "../../src/model/types";
import { names } from "../../src/naming";
import type { RegionRefs, TaggedArgs } from "../region/refs";
import { pick } from "../../src/util/pick";

export { HOOK_CODE, HOOK_RUNTIME, HOOK_LOG_RETENTION_DAYS } from "../region/provisioning";

export interface SiteProvisioningArgs extends TaggedArgs {
    /** The whole fleet (name prefix). CSRs come on the model (read and checked by the loader): this component reads no file. */
    fleet: FleetModel;
    /** The site; `provisioning.mode` picks what is created. */
    site: SiteModel;
    /** Regional artifacts bucket (site manifest) and KMS key. */
    region: RegionRefs;
    /** Partition, region and account the policy documents name. */
    env: pulumi.Output<AwsEnv>;
    /** The site IoT policy every gateway certificate gets (from SiteIdentity). */
    policyName: pulumi.Output<string>;
    /** Resources the template or attachments need to exist first (group, policy, manifest). */
    dependsOn: pulumi.Resource[];
    /** Device identities outlive the site file unless the site is released. @default true */
    retainIdentities?: boolean;
}

/** What a csr/aws-generated gateway gets; the key only in aws-generated mode, only as a secret. */
export interface GatewayCredentials {
    thingName: string;
    certificateArn: pulumi.Output<string>;
    certificatePem: pulumi.Output<string>;
    privateKey?: pulumi.Output<string>;
}

/**
 * How the site's gateways get their identities, by `provisioning.mode`:
 * - `fleet-claim`: a provisioning template naming the region's pre-provisioning hook and
 *   provisioning role (components/region/provisioning.ts), and a claim certificate made from a
 *   CSR (the claim key stays with the platform team). No per-gateway resources.
 * - `csr`: per gateway a thing, a certificate signed from the gateway's own CSR, its attachment
 *   to the thing and the site policy on the certificate (4 resources). The thing's attributes put
 *   it in the site's dynamic thing group, so membership costs no resource.
 * - `aws-generated`: as `csr`, but AWS IoT makes the key, which is only ever a secret output.
 */
export class SiteProvisioning extends pulumi.ComponentResource {
    /** Per gateway (csr, aws-generated): certificate, and in aws-generated mode the secret key. */
    readonly gateways: GatewayCredentials[] = [];
    /** The fleet-claim template name and claim certificate. */
    readonly templateName?: pulumi.Output<string>;
    readonly claimCertificatePem?: pulumi.Output<string>;

    constructor(name: string, args: SiteProvisioningArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fleet:site:SiteProvisioning", name, {}, opts);
        const { site } = args;
        if (site.provisioning.mode === "fleet-claim") {
            const claim = this.fleetClaim(args);
            this.templateName = claim.templateName;
            this.claimCertificatePem = claim.certificatePem;
        } else {
            for (const g of [...site.gateways].sort((a, b) => a.name.localeCompare(b.name))) this.gateways.push(this.gateway(args, g));
        }
        this.registerOutputs(pick(this, ["gateways", "templateName", "claimCertificatePem"]));
    }

    private fleetClaim(args: SiteProvisioningArgs): { templateName: pulumi.Output<string>; certificatePem?: pulumi.Output<string> } {
        const { fleet, site, tags, env } = args;
        const s = site.name;
        const parent = { parent: this };
        const templateName = names.provisioningTemplate(fleet.name, s);

        // The hook and the provisioning role are the region's (components/region/provisioning.ts):
        // one for every fleet-claim site, scoped by the fleet's name prefix.
        const shared = args.region.provisioning;
        if (!shared) throw new pulumi.ResourceError(`site ${s}: the region has no pre-provisioning hook for its fleet-claim sites`, this);
        const template = new aws.iot.ProvisioningTemplate(
            `${s}-provisioning-template`,
            {
                name: templateName,
                description: `Gateways of site ${s} register themselves; the hook admits listed serials only`,
                enabled: true,
                type: "FLEET_PROVISIONING",
                provisioningRoleArn: shared.provisioningRoleArn,
                templateBody: JSON.stringify(provisioningTemplateBody(fleet.name, site)),
                preProvisioningHook: { targetArn: shared.hookArn, payloadVersion: "2020-04-01" },
                tags,
            },
            { parent: this, dependsOn: args.dependsOn },
        );

        const claimPolicy = new aws.iot.Policy(
            `${s}-claim-policy`,
            { name: names.claimPolicy(fleet.name, s), policy: env.apply((e) => JSON.stringify(claimPolicyDocument(e, fleet.name, s))), tags },
            parent,
        );
        // The claim key is made by the platform team (`fleet certs claim`) and never reaches the
        // stack: only its CSR does. Without the CSR the site plans, but gateways cannot enroll.
        const claimRel = names.claimCsrFile(s);
        const csr = site.provisioning.claimCsrPem;
        if (csr === undefined) {
            void pulumi.log.warn(
                `site ${s}: no ${claimRel}; no claim certificate is created and gateways cannot enroll until you run \`fleet certs claim ${s}\``,
                this,
            );
            return { templateName: template.name, certificatePem: undefined };
        }
        const claimCert = new aws.iot.Certificate(`${s}-claim-cert`, { active: true, csr }, parent);
        new aws.iot.PolicyAttachment(
            `${s}-claim-policy-attachment`,
            { policy: claimPolicy.name, target: claimCert.arn },
            { parent: this, dependsOn: [template] },
        );
        return { templateName: template.name, certificatePem: claimCert.certificatePem };
    }

    private gateway(args: SiteProvisioningArgs, g: GatewayModel): GatewayCredentials {
        const { fleet, site } = args;
        const id = `${site.name}-${g.name}`;
        // A renamed gateway (gateways[].previousNames) keeps its resources: each answers to the
        // name it had under every previous gateway name.
        const was = (suffix: string) => ({ parent: this, aliases: g.previousNames.map((p) => ({ name: `${site.name}-${p}-${suffix}` })) });
        // Device identities outlive the site file unless the site is released (src/program/retention.ts).
        const retainOnDelete = args.retainIdentities ?? true;
        const thing = new aws.iot.Thing(
            `${id}-thing`,
            { name: g.thingName, attributes: thingAttributes(fleet.name, site.name, g) },
            { ...was("thing"), retainOnDelete },
        );
        // csr: a new CSR replaces the certificate create-before-delete (no deleteBeforeReplace):
        // the new certificate and its attachments exist before the old ones are detached and
        // deleted. Not retained, so a rotated-out certificate is really revoked and deleted.
        // The loader puts a checked CSR on every gateway of a csr site, or reports why it cannot.
        if (site.provisioning.mode === "csr" && g.csrPem === undefined)
            throw new pulumi.ResourceError(`gateway ${g.name} of site ${site.name} has no CSR on the model (${names.gatewayCsrFile(site.name, g.name)})`, this);
        const cert =
            site.provisioning.mode === "csr"
                ? new aws.iot.Certificate(`${id}-cert`, { active: true, csr: g.csrPem }, was("cert"))
                : new aws.iot.Certificate(`${id}-cert`, { active: true }, { ...was("cert"), additionalSecretOutputs: ["privateKey"], retainOnDelete });
        new aws.iot.ThingPrincipalAttachment(
            `${id}-cert-attachment`,
            { thing: thing.name, principal: cert.arn, thingPrincipalType: "EXCLUSIVE_THING" },
            was("cert-attachment"),
        );
        new aws.iot.PolicyAttachment(
            `${id}-policy-attachment`,
            { policy: args.policyName, target: cert.arn },
            { ...was("policy-attachment"), dependsOn: args.dependsOn },
        );
        return {
            thingName: g.thingName,
            certificateArn: cert.arn,
            certificatePem: cert.certificatePem,
            privateKey: site.provisioning.mode === "aws-generated" ? pulumi.secret(cert.privateKey) : undefined,
        };
    }
}
