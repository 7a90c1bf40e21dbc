/**
 * Who gets which alert: email subscriptions derived from fleet.yaml (the region's contacts, on
 * the regional topics, components/region/alerting.ts) and from each site file (the site's
 * subscribers, filtered to their site, components/site/alerts.ts). The region never computes a
 * site's subscriptions and a site never computes the region's: planning one site of a region
 * registers that site's subscriptions only.
 */
import type { RegionModel, Severity, SiteModel } from "../model/types";

export const SEVERITIES: Severity[] = ["critical", "warning", "info"];

export interface Subscription {
    /** Stable key for the resource name: `region-<email>-<severity>`. */
    key: string;
    email: string;
    severity: Severity;
}

export interface SiteSubscription {
    /** Stable key within the site: `<email>-<severity>` (the resource is `<site>-alerts-<key>`). */
    key: string;
    email: string;
    severity: Severity;
    /**
     * The names the subscription had under the regional Alerting component before site
     * subscriptions moved into their Site: `alerts-<site>-<key>` for the site's name and each of
     * its previous names. Aliases to them keep existing subscriptions (no new confirmation click).
     */
    formerNames: string[];
}

/** Region emails (fleet.yaml `alerts.email`): every severity of the region, unfiltered. */
export function regionSubscriptions(region: Pick<RegionModel, "alerts">): Subscription[] {
    const subs: Subscription[] = [];
    for (const email of [...new Set(region.alerts.email)].sort()) {
        for (const severity of SEVERITIES) subs.push({ key: `${REGION_KEY}-${email}-${severity}`, email, severity });
    }
    return subs;
}

/**
 * A site's subscribers (site file `alerts.subscribers`): the severities each lists, each
 * filtered to the site (siteFilterPolicy). Sorted by email, then severity; an email listed twice
 * gets each severity once. `region` only tells which former names were never the site's: before
 * the move, a site named `region` shared its keys with the region's contacts, and the contact's
 * subscription (still in the region) kept the name.
 */
export function siteSubscriptions(site: Pick<SiteModel, "name" | "previousNames" | "alerts">, region: Pick<RegionModel, "alerts">): SiteSubscription[] {
    const severities = new Map<string, Set<Severity>>();
    for (const sub of site.alerts.subscribers) {
        const set = severities.get(sub.email) ?? new Set<Severity>();
        for (const s of sub.severities) set.add(s);
        severities.set(sub.email, set);
    }
    const regionEmails = new Set(region.alerts.email);
    const subs: SiteSubscription[] = [];
    for (const email of [...severities.keys()].sort()) {
        for (const severity of SEVERITIES.filter((s) => severities.get(email)!.has(s))) {
            const key = `${email}-${severity}`;
            const formerSites = [site.name, ...site.previousNames].filter((n) => !(n === REGION_KEY && regionEmails.has(email)));
            subs.push({ key, email, severity, formerNames: formerSites.map((n) => `${FORMER_ALERTING.name}-${n}-${key}`) });
        }
    }
    return subs;
}

/** The SNS filter policy of a site subscription (message attributes). */
export function siteFilterPolicy(site: string): string {
    return JSON.stringify({ site: [site] });
}

/** Key prefix of the region's contacts. */
const REGION_KEY = "region";

/**
 * Where site subscriptions lived before they moved into their Site: the Alerting component
 * `alerts` under RegionalAnalytics `analytics` under RegionalPlatform `platform`.
 */
const FORMER_ALERTING = {
    types: ["fleet:region:RegionalPlatform", "fleet:region:RegionalAnalytics", "fleet:region:Alerting"],
    name: "alerts",
};

/**
 * The URN of that former parent in a stack, for aliases (`{ name, parent: <this URN> }`).
 * Spelled out, not read from the live component: an alias names where a resource was, which
 * does not follow later moves of the component (and the mock runtime's URNs keep only the
 * direct parent's type, so a live URN would be wrong in offline plans).
 */
export function formerAlertingUrn(stack: string, project: string): string {
    return `urn:pulumi:${stack}::${project}::${FORMER_ALERTING.types.join("$")}::${FORMER_ALERTING.name}`;
}
