/**
 * The AWS quotas a fleet consumes, with their Service Quotas codes and defaults.
 *
 * Sources (read 2026-12; defaults change, so fleet.yaml `quotas:` overrides them with what an
 * account really has):
 * - Service Quotas codes and defaults: the Service Quotas API listing in
 *   gruntwork-io/terraform-aws-utilities docs/quotas.md (commit ea5c043, generated from
 *   `ListAWSDefaultServiceQuotas`); `L-350B2172` and `L-6B192186` from the EC2 quota checks of
 *   the Service Quotas console (same names as below).
 * - Site-to-Site VPN: https://docs.aws.amazon.com/vpn/latest/s2svpn/vpn-limits.html
 * - Transit Gateway (attachments 5,000 and Direct Connect gateways per transit gateway 20, both
 *   "cannot be increased"): https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-quotas.html
 * - Direct Connect gateways per account (200): https://docs.aws.amazon.com/directconnect/latest/UserGuide/limits.html
 * - VPC (VPCs per Region 5, interface endpoints per VPC 50, security groups per Region 2,500):
 *   https://docs.aws.amazon.com/general/latest/gr/vpc-service.html
 * - IAM roles per account (1,000): https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 * - Route 53 hosted zones (500), Resolver endpoints per Region (4), and the Route 53 API's
 *   5 requests per second per account: https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/DNSLimitations.html
 * - Greengrass components per account and Region (5,000): https://docs.aws.amazon.com/general/latest/gr/greengrassv2.html
 */

/** Where a quota applies: once per account and region, once per account (IAM, Route 53: global), or per transit gateway. */
export type QuotaScope = "region" | "account" | "transit-gateway";

export interface QuotaDefinition {
    /** The key fleet.yaml `quotas:` uses to give the account's real value. */
    key: string;
    name: string;
    /** Service Quotas service code (`aws service-quotas get-service-quota --service-code ... --quota-code ...`). */
    service: string;
    /** Service Quotas quota code. */
    code: string;
    default: number;
    /** false: AWS does not raise it; needs above it are a design error, not a support ticket. */
    adjustable: boolean;
    scope: QuotaScope;
    source: string;
}

const VPC_DOC = "https://docs.aws.amazon.com/general/latest/gr/vpc-service.html";
const TGW_DOC = "https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-quotas.html";
const VPN_DOC = "https://docs.aws.amazon.com/vpn/latest/s2svpn/vpn-limits.html";
const R53_DOC = "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/DNSLimitations.html";

export const QUOTAS: readonly QuotaDefinition[] = [
    {
        key: "vpn-connections",
        name: "Site-to-Site VPN connections per Region",
        service: "ec2",
        code: "L-3E6EC3A3",
        default: 50,
        adjustable: true,
        scope: "region",
        source: VPN_DOC,
    },
    {
        key: "customer-gateways",
        name: "Customer gateways per Region",
        service: "ec2",
        code: "L-4FB7FF5D",
        default: 50,
        adjustable: true,
        scope: "region",
        source: VPN_DOC,
    },
    { key: "vpcs", name: "VPCs per Region", service: "vpc", code: "L-F678F1CE", default: 5, adjustable: true, scope: "region", source: VPC_DOC },
    {
        key: "security-groups",
        name: "VPC security groups per Region",
        service: "vpc",
        code: "L-E79EC296",
        default: 2500,
        adjustable: true,
        scope: "region",
        source: VPC_DOC,
    },
    {
        key: "interface-endpoints-per-vpc",
        name: "Interface VPC endpoints per VPC",
        service: "vpc",
        code: "L-29B6F2EB",
        default: 50,
        adjustable: true,
        scope: "region",
        source: VPC_DOC,
    },
    {
        key: "tgw-attachments",
        name: "Attachments per transit gateway",
        service: "ec2",
        code: "L-E0233F82",
        default: 5000,
        adjustable: false,
        scope: "transit-gateway",
        source: TGW_DOC,
    },
    {
        key: "dx-gateways-per-tgw",
        name: "Direct Connect gateways per transit gateway",
        service: "ec2",
        code: "L-350B2172",
        default: 20,
        adjustable: false,
        scope: "transit-gateway",
        source: TGW_DOC,
    },
    {
        key: "dx-gateways",
        name: "Direct Connect gateways per account",
        service: "directconnect",
        code: "(support case)",
        default: 200,
        adjustable: true,
        scope: "account",
        source: "https://docs.aws.amazon.com/directconnect/latest/UserGuide/limits.html",
    },
    {
        key: "iam-roles",
        name: "Roles per account",
        service: "iam",
        code: "L-FE177D64",
        default: 1000,
        adjustable: true,
        scope: "account",
        source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html",
    },
    { key: "hosted-zones", name: "Hosted zones", service: "route53", code: "L-4EA4796A", default: 500, adjustable: true, scope: "account", source: R53_DOC },
    {
        key: "resolver-endpoints",
        name: "Resolver endpoints per Region",
        service: "route53resolver",
        code: "L-4A669CC0",
        default: 4,
        adjustable: true,
        scope: "region",
        source: R53_DOC,
    },
    {
        key: "greengrass-components",
        name: "Greengrass components",
        service: "greengrass",
        code: "L-4676BC3D",
        default: 5000,
        adjustable: true,
        scope: "region",
        source: "https://docs.aws.amazon.com/general/latest/gr/greengrassv2.html",
    },
];

export function quotaByKey(key: string): QuotaDefinition | undefined {
    return QUOTAS.find((q) => q.key === key);
}

/**
 * API rate limits that bound how fast a deployment can go, per account (and region where the
 * service is regional). Used for the deployment-time estimate, not as findings.
 * - Route 53: 5 requests per second per account (DNSLimitations, above).
 * - EC2 (VPC, transit gateway, VPN): mutating actions refill at 5 per second per account and
 *   region in the token-bucket model (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/throttling.html).
 * - IAM: no published rate; 10 per second is the figure AWS support quotes and what we assume.
 * - everything else: assumed 10 per second (IoT control plane, Lambda, S3 control).
 */
export const API_RATES: Readonly<Record<string, { perSecond: number; scope: "account" | "region"; source: string }>> = {
    route53: { perSecond: 5, scope: "account", source: R53_DOC },
    ec2: { perSecond: 5, scope: "region", source: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/throttling.html" },
    iam: { perSecond: 10, scope: "account", source: "assumed (no published rate)" },
    other: { perSecond: 10, scope: "region", source: "assumed" },
};
