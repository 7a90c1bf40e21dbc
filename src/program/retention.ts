/**
 * What survives when a site leaves the fleet. A site's device identities (the IoT things of its
 * gateways, and in aws-generated mode their certificates, whose private keys exist only on the
 * gateways) are `retainOnDelete`: removing the site file drops them from the stack but leaves
 * them in AWS. An operator deletes them on purpose in two steps: `fleet up --release-site S`
 * (sets the stack config `fleet:releaseSites`, and the update records the identities as no longer
 * retained), then remove sites/S.yaml and `fleet up` again. See docs/operations.md.
 */
import { FleetError } from "../model/diagnostics";

/** Stack config key (namespace `fleet`) listing the sites whose identities may be deleted. */
export const RELEASE_SITES_KEY = "releaseSites";

interface ConfigLike {
    get(key: string): string | undefined;
}

/** The `fleet:releaseSites` list of a stack's config (a JSON list of site names). */
export function releasedSites(config: ConfigLike): string[] {
    const text = config.get(RELEASE_SITES_KEY);
    if (text === undefined || text.trim() === "") return [];
    let value: unknown;
    try {
        value = JSON.parse(text);
    } catch {
        throw new FleetError(`stack config fleet:${RELEASE_SITES_KEY} must be a JSON list of site names, not ${JSON.stringify(text.slice(0, 80))}`, [], 1);
    }
    if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
        throw new FleetError(`stack config fleet:${RELEASE_SITES_KEY} must be a JSON list of site names, like ["old-plant"]`, [], 1);
    }
    return [...new Set(value as string[])].sort();
}

/** Whether the site's device identities stay in AWS when the site is removed. */
export function identitiesRetained(site: string, released: readonly string[]): boolean {
    return !released.includes(site);
}
