/**
 * Rule-group capacity. Network Firewall fixes a rule group's capacity at creation: a group can
 * be updated in place only while its rules fit. Capacity is therefore chosen with headroom and
 * from a short list of tiers, so it changes rarely; the tier is part of the group's name
 * (`…-c100`), so when a group outgrows its tier Pulumi creates the bigger group under its new
 * name, repoints the policy, then deletes the old one (no name clash, no gap in enforcement).
 */

/** Quotas of AWS Network Firewall that cannot be raised. */
export const NFW_LIMITS = {
    /** Stateful rule groups referenced by one firewall policy. */
    statefulGroupsPerPolicy: 20,
    /** Capacity of one stateful rule group. */
    groupCapacity: 30_000,
    /** Stateful rules (capacity) across all groups of one policy (default quota). */
    policyCapacity: 30_000,
    /** Characters of one Suricata rule, variables expanded. */
    ruleChars: 8_192,
    /** Bytes of a rule group's rules string. */
    rulesStringBytes: 2_000_000,
} as const;

/** Headroom factor: a group is created with room for twice its current rules. */
export const HEADROOM = 2;

/** Capacity tiers; the smallest one holding HEADROOM × rules is used. */
export const CAPACITY_TIERS = [50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 20_000, 30_000] as const;

export type CapacityResult = { capacity: number; headroom: boolean } | { error: string };

/**
 * Capacity for a stateful group of `rules` Suricata rules (each rule without variables or
 * lists of lists costs 1): the smallest tier ≥ 2 × rules. When that exceeds the 30,000 maximum
 * but the rules still fit, the maximum is used and `headroom` is false.
 */
export function capacityFor(rules: number): CapacityResult {
    if (!Number.isInteger(rules) || rules < 0) return { error: `rule count must be a whole number, got ${rules}` };
    if (rules > NFW_LIMITS.groupCapacity) return { error: `${rules} rules exceed the ${NFW_LIMITS.groupCapacity} capacity of one Network Firewall rule group` };
    const wanted = Math.max(1, rules * HEADROOM);
    const tier = CAPACITY_TIERS.find((t) => t >= wanted);
    return tier !== undefined ? { capacity: tier, headroom: true } : { capacity: NFW_LIMITS.groupCapacity, headroom: false };
}
