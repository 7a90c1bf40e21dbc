/**
 * What a fleet needs of each AWS quota, counted from the resources its stacks register (the
 * offline plan), per account and region, against the defaults or the values fleet.yaml gives.
 * Pure: no plan runs here; callers hand in the planned resources.
 */
import { QUOTAS, type QuotaDefinition } from "./catalogue";

/** The part of a planned resource the counts read. */
export interface CountedResource {
    type: string;
    name: string;
    region: string;
    site?: string;
    inputs: Record<string, unknown>;
}

/** fleet.yaml `quotas:`: a value for every account and region, or per selector (`*`, `<region>`, `<account>`, `<account>/<region>`). */
export type QuotaOverrides = Record<string, number | Record<string, number>>;

export interface QuotaNeed {
    key: string;
    name: string;
    service: string;
    code: string;
    /** The account (`default` when the fleet names none). */
    account: string;
    /** The region; `*` for account-wide quotas (IAM, Route 53). */
    region: string;
    default: number;
    /** The value the fleet was told the account has (fleet.yaml `quotas:`), else the default. */
    limit: number;
    needed: number;
    adjustable: boolean;
    /** ok, above the configured value (advisory: ask AWS), or above a hard limit (mandatory: redesign). */
    status: "ok" | "above-configured" | "above-hard-limit";
    source: string;
}

export const DEFAULT_ACCOUNT = "default";

type Counter = (rs: readonly CountedResource[]) => number;

const count =
    (...types: string[]): Counter =>
    (rs) =>
        rs.filter((r) => types.includes(r.type)).length;

/** The largest group of `type` resources sharing the value of input `by` (e.g. endpoints per VPC). */
const maxPer =
    (type: string, by: string, only?: (r: CountedResource) => boolean): Counter =>
    (rs) => {
        const groups = new Map<string, number>();
        for (const r of rs) {
            if (r.type !== type || (only && !only(r))) continue;
            const key = typeof r.inputs[by] === "string" ? (r.inputs[by] as string) : `${r.site ?? ""}/${r.name}`;
            groups.set(key, (groups.get(key) ?? 0) + 1);
        }
        return Math.max(0, ...groups.values());
    };

/** Distinct component names: every ComponentVersion the program registers is its own component (`<fleet>.<site>.Collector`, ...). */
const components: Counter = (rs) => {
    const names = new Set<string>();
    for (const r of rs) {
        if (r.type !== "aws-native:greengrassv2:ComponentVersion") continue;
        names.add(componentName(r.inputs.inlineRecipe) ?? `${r.site ?? ""}/${r.name}`);
    }
    return names.size;
};

function componentName(recipe: unknown): string | undefined {
    if (typeof recipe !== "string") return undefined;
    try {
        const name = (JSON.parse(recipe) as { ComponentName?: unknown }).ComponentName;
        return typeof name === "string" ? name : undefined;
    } catch {
        return undefined;
    }
}

/** How each quota's need is counted from one scope's resources (AWS types as the program registers them). */
const COUNTERS: Record<string, Counter> = {
    "vpn-connections": count("aws:ec2/vpnConnection:VpnConnection"),
    "customer-gateways": count("aws:ec2/customerGateway:CustomerGateway"),
    vpcs: count("aws:ec2/vpc:Vpc"),
    // Every VPC comes with its default security group, which counts too.
    "security-groups": (rs) => count("aws:ec2/securityGroup:SecurityGroup")(rs) + count("aws:ec2/vpc:Vpc")(rs),
    "interface-endpoints-per-vpc": maxPer("aws:ec2/vpcEndpoint:VpcEndpoint", "vpcId", (r) => r.inputs.vpcEndpointType === "Interface"),
    // VPC attachments, VPN connections to the transit gateway, Direct Connect gateway associations, peerings.
    "tgw-attachments": (rs) =>
        count(
            "aws:ec2transitgateway/vpcAttachment:VpcAttachment",
            "aws:directconnect/gatewayAssociation:GatewayAssociation",
            "aws:ec2transitgateway/peeringAttachment:PeeringAttachment",
        )(rs) + rs.filter((r) => r.type === "aws:ec2/vpnConnection:VpnConnection" && r.inputs.transitGatewayId !== undefined).length,
    "dx-gateways-per-tgw": count("aws:directconnect/gatewayAssociation:GatewayAssociation"),
    "dx-gateways": count("aws:directconnect/gateway:Gateway"),
    "iam-roles": count("aws:iam/role:Role"),
    "hosted-zones": count("aws:route53/zone:Zone"),
    "resolver-endpoints": count("aws:route53/resolverEndpoint:ResolverEndpoint"),
    "greengrass-components": components,
};

/** The value of a quota for an account and region: most specific selector first, then `*`, then the default. */
export function configuredLimit(def: QuotaDefinition, overrides: QuotaOverrides | undefined, account: string, region: string): number {
    const value = givenLimit(def, overrides, account, region);
    // A limit AWS does not raise cannot be raised by writing it down.
    return def.adjustable ? value : Math.min(value, def.default);
}

function givenLimit(def: QuotaDefinition, overrides: QuotaOverrides | undefined, account: string, region: string): number {
    const o = overrides?.[def.key];
    if (o === undefined) return def.default;
    if (typeof o === "number") return o;
    for (const selector of [`${account}/${region}`, account, region, "*"]) {
        if (o[selector] !== undefined) return o[selector];
    }
    return def.default;
}

export interface ScopeResources {
    account: string;
    region: string;
    resources: readonly CountedResource[];
}

/**
 * Every quota's need per account and region. `scopes` are the resources of each account and
 * region (one transit gateway each: the region's platform); account-wide quotas (IAM, Route 53,
 * Direct Connect gateways) add up the account's regions and are reported with region `*`.
 */
export function quotaNeeds(scopes: readonly ScopeResources[], overrides?: QuotaOverrides): QuotaNeed[] {
    const out: QuotaNeed[] = [];
    const accounts = [...new Set(scopes.map((s) => s.account))].sort();
    for (const def of QUOTAS) {
        const counter = COUNTERS[def.key];
        for (const account of accounts) {
            const mine = scopes.filter((s) => s.account === account);
            const groups =
                def.scope === "account"
                    ? [{ region: "*", resources: mine.flatMap((s) => s.resources) }]
                    : mine.map((s) => ({ region: s.region, resources: s.resources }));
            for (const g of groups) {
                const needed = counter(g.resources);
                const limit = configuredLimit(def, overrides, account, g.region);
                out.push({
                    key: def.key,
                    name: def.name,
                    service: def.service,
                    code: def.code,
                    account,
                    region: g.region,
                    default: def.default,
                    limit,
                    needed,
                    adjustable: def.adjustable,
                    status: needed <= limit ? "ok" : def.adjustable ? "above-configured" : "above-hard-limit",
                    source: def.source,
                });
            }
        }
    }
    return out;
}

/** Problems with fleet.yaml `quotas:` itself: unknown keys, non-positive values, a hard limit "raised". */
export function overrideProblems(overrides: QuotaOverrides): { field: string; message: string }[] {
    const problems: { field: string; message: string }[] = [];
    for (const [key, value] of Object.entries(overrides)) {
        const def = QUOTAS.find((q) => q.key === key);
        if (!def) {
            problems.push({ field: `quotas.${key}`, message: `unknown quota; use one of ${QUOTAS.map((q) => q.key).join(", ")}` });
            continue;
        }
        const entries = typeof value === "number" ? [["", value] as const] : Object.entries(value);
        for (const [selector, v] of entries) {
            const field = selector ? `quotas.${key}.${selector}` : `quotas.${key}`;
            if (!Number.isInteger(v) || v < 0) problems.push({ field, message: `expected a whole number of 0 or more, found ${JSON.stringify(v)}` });
            else if (!def.adjustable && v > def.default)
                problems.push({ field, message: `${def.name} is ${def.default} and AWS does not raise it (${def.source}); remove the value or lower it` });
        }
    }
    return problems;
}

/** Text table: one line per need, the ones above their limit marked. */
export function formatQuotaTable(needs: readonly QuotaNeed[], all = false): string {
    const rows = needs.filter((n) => all || n.needed > 0);
    const head = ["account", "region", "quota", "code", "default", "limit", "needed", "adjustable", "status"];
    const body = rows.map((n) => [
        n.account,
        n.region,
        n.name,
        n.code,
        String(n.default),
        String(n.limit),
        String(n.needed),
        n.adjustable ? "yes" : "no (hard)",
        n.status === "ok" ? "ok" : n.status === "above-hard-limit" ? "ABOVE HARD LIMIT" : "above limit: request an increase",
    ]);
    const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
    const line = (r: string[]) =>
        r
            .map((c, i) => c.padEnd(widths[i]))
            .join("  ")
            .trimEnd();
    return [line(head), ...body.map(line)].join("\n");
}
