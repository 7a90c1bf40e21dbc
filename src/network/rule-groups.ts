/**
 * The stateful rule groups of a region's firewall policy. A policy references at most 20
 * stateful groups; one is kept for the regional egress allow-list, so up to 19 sites get a
 * group each. Above that, sites are packed into 19 shared groups by a hash of the site name:
 * a site's group depends on its own name only, so adding or removing a site never moves
 * another site (only its own group's rules and, past a tier, that group's capacity change).
 * Crossing from 19 to 20 attached sites switches once from per-site groups to shared groups;
 * docs/network.md says what that deployment does.
 */
import type { SiteModel } from "../model/types";
import { names } from "../naming";
import { NFW_LIMITS, capacityFor } from "./capacity";
import { isAttached } from "./flows";
import { lintRuleGroup } from "./lint";
import { bucketOf } from "./sid";
import { egressRules, renderRule, siteRules, type SuricataRule } from "./suricata";
import { appendTo } from "../util/multimap";

/** Site groups per policy: the policy limit minus the egress group. */
export const MAX_SITE_GROUPS = NFW_LIMITS.statefulGroupsPerPolicy - 1;
/** Policy priority of the first site group; groups are 10 apart. The egress group is last. */
export const FIRST_PRIORITY = 100;
export const EGRESS_PRIORITY = 60_000;

export interface RuleGroupPlan {
    /** `site:<name>`, `shard:<nn>` or `egress`. */
    key: string;
    /** Pulumi resource name: stable, without the capacity tier. */
    logicalName: string;
    /** AWS name: carries the capacity tier, so a bigger tier is a new group (created before the old one goes). */
    name: string;
    /** Sites whose rules the group holds, sorted. */
    sites: string[];
    rules: SuricataRule[];
    rulesString: string;
    capacity: number;
    priority: number;
}

export interface FirewallRulePlan {
    mode: "per-site" | "shared";
    /** Site groups by priority, then the egress group when there is one. */
    groups: RuleGroupPlan[];
    /** What would make AWS reject the groups or the policy; empty when all is well. */
    problems: string[];
}

function group(
    key: string,
    logicalName: string,
    baseName: string,
    sites: string[],
    rules: SuricataRule[],
    priority: number,
    problems: string[],
): RuleGroupPlan {
    const cap = capacityFor(rules.length);
    const capacity = "error" in cap ? NFW_LIMITS.groupCapacity : cap.capacity;
    if ("error" in cap) problems.push(`${baseName}: ${cap.error}`);
    else if (!cap.headroom) problems.push(`${baseName}: ${rules.length} rules leave no headroom below the ${NFW_LIMITS.groupCapacity} capacity maximum`);
    const texts = rules.map(renderRule);
    return {
        key,
        logicalName,
        name: names.withCapacity(baseName, capacity),
        sites,
        rules,
        rulesString: texts.join("\n") + (texts.length ? "\n" : ""),
        capacity,
        priority,
    };
}

/**
 * Plan the groups for the sites of one region (every site of the region, not only those a
 * partial deployment touches: the policy must always hold all of them).
 */
export function planFirewallRules(fleet: string, region: string, sites: SiteModel[], maxSiteGroups: number = MAX_SITE_GROUPS): FirewallRulePlan {
    const problems: string[] = [];
    const attached = sites.filter((s) => isAttached(s.connectivity.uplink)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const groups: RuleGroupPlan[] = [];
    const mode = attached.length <= maxSiteGroups ? "per-site" : "shared";
    if (mode === "per-site") {
        attached.forEach((s, i) => {
            groups.push(
                group(`site:${s.name}`, `conduits-${s.name}`, names.siteRuleGroup(fleet, s.name), [s.name], siteRules(s), FIRST_PRIORITY + 10 * i, problems),
            );
        });
    } else {
        const shards = new Map<number, SiteModel[]>();
        for (const s of attached) {
            appendTo(shards, bucketOf(s.name, maxSiteGroups), s);
        }
        for (const b of [...shards.keys()].sort((x, y) => x - y)) {
            const members = shards.get(b)!;
            const nn = String(b).padStart(2, "0");
            groups.push(
                group(
                    `shard:${nn}`,
                    `conduits-shard-${nn}`,
                    names.shardRuleGroup(fleet, nn),
                    members.map((s) => s.name),
                    members.flatMap((s) => siteRules(s)),
                    FIRST_PRIORITY + 10 * b,
                    problems,
                ),
            );
        }
    }
    const egress = egressRules(region, sites);
    if (egress.length > 0) groups.push(group("egress", "egress", names.egressRuleGroup(fleet), [], egress, EGRESS_PRIORITY, problems));

    if (groups.length > NFW_LIMITS.statefulGroupsPerPolicy)
        problems.push(`${groups.length} stateful rule groups exceed the ${NFW_LIMITS.statefulGroupsPerPolicy} a firewall policy can reference`);
    const total = groups.reduce((n, g) => n + g.capacity, 0);
    if (total > NFW_LIMITS.policyCapacity) problems.push(`rule groups reserve ${total} capacity; a firewall policy holds at most ${NFW_LIMITS.policyCapacity}`);
    for (const g of groups) problems.push(...lintRuleGroup(g.name, g.rulesString.split("\n").filter(Boolean), g.capacity));
    // Sids must be unique across the policy, too: a collision names both rules.
    const bySid = new Map<number, string>();
    for (const g of groups) {
        for (const r of g.rules) {
            const other = bySid.get(r.sid);
            if (other !== undefined && other !== g.name) problems.push(`sid ${r.sid} is used in ${other} and ${g.name}; rename one of the conduits involved`);
            bySid.set(r.sid, g.name);
        }
    }
    return { mode, groups, problems };
}
