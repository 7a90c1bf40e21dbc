/**
 * The stack layout: which Pulumi stacks a fleet is deployed as, and in what order.
 *
 * - `global`: the state backend and the delivery pipeline (src/program/global.ts);
 * - one **platform** stack per region and AWS account: the regional platform (analytics, network
 *   hub) and what its sites read through a StackReference. The platform of a region's own
 *   account (the region's `account`, or no account) is named `<region>`; a platform for sites in
 *   another account is `<region>.<account>`;
 * - one **site** stack per site, `<region>.<site>`: the site's edge, network attachment and
 *   alert subscribers, nothing else.
 *
 * Order: global, then platforms, then sites (destroy runs it backwards). Pure: the CLI, the
 * deploy fan-out, `fleet affected`, the CI writers and the migration all read this one layout.
 */
import { FleetError } from "../model/diagnostics";
import { findNamed } from "../model/lookup";

export type StackKind = "global" | "platform" | "site";

export interface StackInfo {
    name: string;
    kind: StackKind;
    /** The AWS region; absent for `global`. */
    region?: string;
    /** The AWS account (an id or an alias from the fleet files) when the fleet names one. */
    account?: string;
    /** The sites the stack deploys (one for a site stack; the sites it serves for a platform). */
    sites: string[];
    /** Stacks that must be up before this one (their outputs are read through StackReference). */
    dependsOn: string[];
}

/** What the layout reads of a fleet: names, regions and the optional `account` of regions and sites. */
export interface LayoutModel {
    regions: { name: string; account?: string }[];
    sites: { name: string; region: string; account?: string; file?: string }[];
}

export const GLOBAL_STACK = "global";

/** `<region>` for the region's own account, `<region>.<account>` for another account. */
export function platformStackName(region: string, account?: string, regionAccount?: string): string {
    return account === undefined || account === regionAccount ? region : `${region}.${account}`;
}

export function siteStackName(region: string, site: string): string {
    return `${region}.${site}`;
}

/** The account a site deploys into: its own `account`, else its region's. */
export function siteAccount(model: LayoutModel, site: { region: string; account?: string }): string | undefined {
    return site.account ?? model.regions.find((r) => r.name === site.region)?.account;
}

/** Every stack of the fleet in deployment order: global, platforms (fleet order), sites (by name). */
export function stackLayout(model: LayoutModel): StackInfo[] {
    const platforms: StackInfo[] = [];
    const sites: StackInfo[] = [];
    for (const region of model.regions) {
        const inRegion = model.sites.filter((s) => s.region === region.name);
        const accounts = [region.account, ...inRegion.map((s) => siteAccount(model, s))];
        const distinct = [...new Set(accounts)];
        for (const account of distinct) {
            const name = platformStackName(region.name, account, region.account);
            const served = inRegion.filter((s) => siteAccount(model, s) === account).map((s) => s.name);
            platforms.push({
                name,
                kind: "platform",
                region: region.name,
                ...(account !== undefined ? { account } : {}),
                sites: served,
                dependsOn: [GLOBAL_STACK],
            });
            for (const site of served) {
                sites.push({
                    name: siteStackName(region.name, site),
                    kind: "site",
                    region: region.name,
                    ...(account !== undefined ? { account } : {}),
                    sites: [site],
                    dependsOn: [name],
                });
            }
        }
    }
    sites.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const all: StackInfo[] = [{ name: GLOBAL_STACK, kind: "global", sites: [], dependsOn: [] }, ...platforms, ...sites];
    const problems = nameClashes(all, model);
    if (problems.length > 0) throw new FleetError(problems.join("\n"), [], 1);
    return all;
}

/**
 * Two stacks with one name would share one state: a site named like an account alias
 * (`eu-west-1.plant-b` as a site and as the platform of account `plant-b`), or a region named `global`.
 */
function nameClashes(stacks: StackInfo[], model: LayoutModel): string[] {
    const seen = new Map<string, StackInfo>();
    const problems: string[] = [];
    for (const s of stacks) {
        const other = seen.get(s.name);
        if (other) {
            const site = [s, other].find((x) => x.kind === "site");
            const file = site ? model.sites.find((m) => m.name === site.sites[0])?.file : undefined;
            problems.push(
                `${file ?? "fleet.yaml"}: stack name ${JSON.stringify(s.name)} is both the ${describe(other)} and the ${describe(s)}; ` +
                    `rename the site or use another account alias`,
            );
        } else seen.set(s.name, s);
    }
    return problems;
}

function describe(s: StackInfo): string {
    if (s.kind === "site") return `site stack of ${s.sites[0]}`;
    if (s.kind === "platform") return `platform stack of ${s.region}${s.account ? ` (account ${s.account})` : ""}`;
    return "global stack";
}

/** The stack of one site, by site name; undefined when the fleet has no such site. */
export function siteStackOf(stacks: StackInfo[], site: string): StackInfo | undefined {
    return stacks.find((s) => s.kind === "site" && s.sites[0] === site);
}

/** The platform stack a site stack reads from. */
export function platformOf(stacks: StackInfo[], stack: StackInfo): StackInfo | undefined {
    return stack.kind === "site" ? stacks.find((s) => s.name === stack.dependsOn[0]) : undefined;
}

/** Find a stack by name or throw a usage error listing close names. */
export function findStack(stacks: StackInfo[], name: string): StackInfo {
    return findNamed(stacks, name, "unknown stack", "stacks (fleet stacks lists them)");
}

/** Stack counts by kind, for summaries. */
export function countKinds(stacks: StackInfo[]): Record<StackKind, number> {
    const out: Record<StackKind, number> = { global: 0, platform: 0, site: 0 };
    for (const s of stacks) out[s.kind]++;
    return out;
}
