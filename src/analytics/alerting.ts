/** Who gets which alert: email subscriptions derived from fleet.yaml and the site files. */
import type { RegionModel, Severity, SiteModel } from "../model/types";

export const SEVERITIES: Severity[] = ["critical", "warning", "info"];

export interface Subscription {
    /** Stable key for the resource name. */
    key: string;
    email: string;
    severity: Severity;
    /** Site subscribers receive only their site's alerts (SNS filter on the `site` attribute). */
    site?: string;
}

/**
 * Region emails (fleet.yaml `alerts.email`) receive every severity of the region; a site
 * subscriber receives the severities it lists, filtered to its site.
 */
export function alertSubscriptions(region: Pick<RegionModel, "alerts">, sites: Pick<SiteModel, "name" | "alerts">[]): Subscription[] {
    const subs: Subscription[] = [];
    for (const email of [...new Set(region.alerts.email)].sort()) {
        for (const severity of SEVERITIES) subs.push({ key: `region-${email}-${severity}`, email, severity });
    }
    for (const site of [...sites].sort((a, b) => a.name.localeCompare(b.name))) {
        for (const sub of site.alerts.subscribers) {
            for (const severity of SEVERITIES.filter((s) => sub.severities.includes(s))) {
                subs.push({ key: `${site.name}-${sub.email}-${severity}`, email: sub.email, severity, site: site.name });
            }
        }
    }
    const seen = new Set<string>();
    return subs.filter((s) => (seen.has(s.key) ? false : (seen.add(s.key), true)));
}

/** The SNS filter policy of a site subscription (message attributes). */
export function siteFilterPolicy(site: string): string {
    return JSON.stringify({ site: [site] });
}
