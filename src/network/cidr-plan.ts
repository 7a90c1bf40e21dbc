/**
 * Address plans of the regional inspection VPC and of each site's landing VPC, on ipaddr.js
 * through src/model/cidr.ts. Subnets are carved by position inside the range (first quarter,
 * second quarter, ...), never by list order of anything the user writes.
 */
import { ipText, parseCidr, type Cidr } from "../model/cidr";

/** The inspection VPC's range unless the region says otherwise (defined with the routed ranges the loader checks). */
export { DEFAULT_INSPECTION_CIDR } from "../model/routed";
import { DEFAULT_INSPECTION_CIDR } from "../model/routed";

/** AWS VPC ranges are /16 to /28; a subnet is at least /28. */
export const VPC_MIN_PREFIX = 16;
export const SUBNET_MAX_PREFIX = 28;

/** `parts` equal subnets of `cidr` (a power of two), in address order. */
export function splitCidr(cidr: Cidr, parts: number): string[] {
    const bits = Math.log2(parts);
    if (!Number.isInteger(bits) || bits < 0) throw new Error(`cannot split into ${parts} parts; use a power of two`);
    const prefix = cidr.prefix + bits;
    const size = 2 ** (32 - prefix);
    return Array.from({ length: parts }, (_, i) => `${ipText(cidr.first + i * size)}/${prefix}`);
}

export interface InspectionPlan {
    vpcCidr: string;
    /** Per AZ (index 0 and 1): the Transit Gateway attachment subnet and the firewall endpoint subnet. */
    azs: { tgwSubnet: string; firewallSubnet: string }[];
}

export type PlanResult<T> = { plan: T } | { error: string };

/** Inspection VPC: four equal subnets, TGW attachment a/b then firewall a/b; /26 or larger. */
export function inspectionPlan(text: string = DEFAULT_INSPECTION_CIDR): PlanResult<InspectionPlan> {
    const parsed = parseCidr(text);
    if ("error" in parsed) return { error: `inspection network ${parsed.error}` };
    const c = parsed.cidr;
    if (c.prefix < VPC_MIN_PREFIX || c.prefix > SUBNET_MAX_PREFIX - 2) {
        return {
            error: `inspection network ${text} must be /${VPC_MIN_PREFIX} to /${SUBNET_MAX_PREFIX - 2}: it holds four subnets of at least /${SUBNET_MAX_PREFIX}`,
        };
    }
    const [tgwA, tgwB, fwA, fwB] = splitCidr(c, 4);
    return {
        plan: {
            vpcCidr: text,
            azs: [
                { tgwSubnet: tgwA, firewallSubnet: fwA },
                { tgwSubnet: tgwB, firewallSubnet: fwB },
            ],
        },
    };
}

export interface LandingPlan {
    vpcCidr: string;
    /** One subnet per AZ (index 0 and 1): interface endpoints, resolver and TGW attachment. */
    subnets: [string, string];
}

/** A site's landing VPC: its cloudNetwork split in two halves, one per AZ; /16 to /27. */
export function landingPlan(cloudNetwork: string): PlanResult<LandingPlan> {
    const parsed = parseCidr(cloudNetwork);
    if ("error" in parsed) return { error: parsed.error };
    const c = parsed.cidr;
    if (c.prefix > SUBNET_MAX_PREFIX - 1) {
        return {
            error: `${cloudNetwork} is too small for the site's landing VPC: it needs /${SUBNET_MAX_PREFIX - 1} or larger (two /${SUBNET_MAX_PREFIX} subnets, one per Availability Zone)`,
        };
    }
    if (c.prefix < VPC_MIN_PREFIX) return { error: `${cloudNetwork} is larger than a VPC can be; use /${VPC_MIN_PREFIX} to /${SUBNET_MAX_PREFIX - 1}` };
    const [a, b] = splitCidr(c, 2);
    return { plan: { vpcCidr: cloudNetwork, subnets: [a, b] } };
}
