/** Network shapes of the fleet files: CIDR blocks and fleet.yaml `spec.regions.<r>.network`. */
import { Type } from "@sinclair/typebox";

const CIDR_PATTERN = "^[0-9]{1,3}(\\.[0-9]{1,3}){3}/[0-9]{1,2}$";
const CIDR_HELP = "an IPv4 CIDR block a.b.c.d/n, e.g. 192.168.10.0/24";

/** An IPv4 CIDR block; what it means is the description. */
export const CidrOf = (description: string) => Type.String({ pattern: CIDR_PATTERN, patternErrorMessage: CIDR_HELP, description });

export const Cidr = CidrOf("An IPv4 CIDR block, e.g. 192.168.10.0/24.");

/** Where a region's attached sites reach the AWS endpoints (docs/operations.md#endpoint-vpc). */
export const RegionNetwork = Type.Object(
    {
        endpoints: Type.Optional(
            Type.Union([Type.Literal("shared"), Type.Literal("per-site")], {
                description:
                    "Where attached sites reach the AWS endpoints: `shared`, one endpoint VPC of the region (new fleets); `per-site`, a landing VPC per site (the default when absent). docs/operations.md#endpoint-vpc",
            }),
        ),
        endpointCidr: Type.Optional(CidrOf("Range of the shared endpoint VPC (/16 to /27, two subnets); default 100.64.0.64/26, beside the inspection VPC.")),
    },
    { additionalProperties: false },
);

/** A site file's `cloudNetwork`: its landing VPC range, in regions that keep one per site. */
export const SiteCloudNetwork = Type.Object(
    { cidr: Cidr },
    {
        additionalProperties: false,
        description:
            "The site's landing VPC range; required when its region keeps a landing VPC per site, ignored (with a warning) when the region's endpoints are `shared`.",
    },
);
