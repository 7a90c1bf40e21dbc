/**
 * The fleet's quota needs from its plans: every planned resource goes to the account and region
 * of the stack that holds it (a site's resources to the site's account, the platform's to the
 * region's), then src/quotas counts. Pure over plans, so `fleet quotas` and `fleet check` share it.
 */
import type { FleetModel } from "../model/types";
import { quotaNeeds, DEFAULT_ACCOUNT, type CountedResource, type QuotaNeed, type QuotaOverrides, type ScopeResources } from "../quotas/needs";
import { siteAccount } from "./layout";

/** The fleet.yaml `quotas:` section, when the model carries one. */
export function quotaOverrides(model: FleetModel): QuotaOverrides | undefined {
    return (model as FleetModel & { quotas?: QuotaOverrides }).quotas;
}

export function fleetQuotaNeeds(model: FleetModel, resources: Iterable<CountedResource>): QuotaNeed[] {
    const scopes = new Map<string, ScopeResources & { resources: CountedResource[] }>();
    const accountOfSite = new Map(model.sites.map((s) => [s.name, siteAccount(model, s)]));
    const accountOfRegion = new Map(model.regions.map((r) => [r.name, (r as { account?: string }).account]));
    const scope = (account: string, region: string) => {
        const key = `${account}\u0000${region}`;
        if (!scopes.has(key)) scopes.set(key, { account, region, resources: [] });
        return scopes.get(key)!;
    };
    // Every region has a scope (its platform), so a region without needs still shows.
    for (const r of model.regions) scope(accountOfRegion.get(r.name) ?? DEFAULT_ACCOUNT, r.name);
    for (const res of resources) {
        const account = (res.site !== undefined ? accountOfSite.get(res.site) : accountOfRegion.get(res.region)) ?? DEFAULT_ACCOUNT;
        scope(account, res.region).resources.push(res);
    }
    return quotaNeeds([...scopes.values()], quotaOverrides(model));
}
