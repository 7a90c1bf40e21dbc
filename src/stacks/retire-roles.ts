/**
 * `fleet migrate retire-roles`: delete the sites' own token-exchange roles (`<fleet>-<site>-gg-tes`)
 * that `fleet migrate stacks` took out of the state and left in AWS, once no gateway can still hold
 * their credentials. The names come from the fleet model, one per site, never from a pattern.
 *
 * When a role may go: the site's role alias (`<fleet>-<site>-gg-tes-alias`) no longer names it,
 * and its `lastModifiedDate` (IoT DescribeRoleAlias: the `up` that pointed it at the region's
 * role) is older than the credential lifetime. The nucleus keeps the credentials it got until 5
 * minutes before they expire (aws-greengrass-nucleus CredentialRequestHandler); the alias hands
 * out 1-hour credentials (TES_CREDENTIAL_SECONDS). A role its alias still names is never deleted,
 * not even with --force.
 *
 * Deleting: IAM ListRolePolicies + DeleteRolePolicy, ListAttachedRolePolicies + DetachRolePolicy,
 * then DeleteRole (DeleteRole refuses a role with policies:
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRole.html). NoSuchEntity at any
 * point means the role is gone already, so a rerun is harmless.
 */
import {
    DeleteRoleCommand,
    DeleteRolePolicyCommand,
    DetachRolePolicyCommand,
    GetRoleCommand,
    IAMClient,
    ListAttachedRolePoliciesCommand,
    ListRolePoliciesCommand,
} from "@aws-sdk/client-iam";
import { DescribeRoleAliasCommand, IoTClient } from "@aws-sdk/client-iot";
import { FleetError } from "../model/diagnostics";
import { names } from "../naming";

export interface RetainedRole {
    site: string;
    region: string;
    role: string;
    alias: string;
}

/** The old role of every site (of `regions` when given), by exact name. */
export function retainedRoles(model: { name: string; sites: readonly { name: string; region: string }[] }, regions?: readonly string[]): RetainedRole[] {
    return model.sites
        .filter((s) => !regions || regions.includes(s.region))
        .map((s) => ({ site: s.name, region: s.region, role: `${model.name}-${s.name}-gg-tes`, alias: names.roleAlias(model.name, s.name) }));
}

/** "1h", "90m", "3600s" in seconds; undefined when it is not one of those. */
export function parseDuration(text: string): number | undefined {
    const m = /^(\d+)(h|m|s)$/.exec(text.trim());
    return m ? Number(m[1]) * { h: 3600, m: 60, s: 1 }[m[2] as "h" | "m" | "s"] : undefined;
}

export type RoleOutcome = "gone" | "in-use" | "waiting" | "ready" | "deleted";

export interface RetireInput {
    roles: readonly RetainedRole[];
    /** Seconds that must have passed since the alias moved off the role. */
    minAgeSeconds: number;
    apply: boolean;
    force: boolean;
    now: Date;
    log: (line: string) => void;
}

const isNoSuchEntity = (e: unknown) => (e as { name?: string }).name === "NoSuchEntityException" || (e as { name?: string }).name === "NoSuchEntity";
const minutes = (ms: number) => `${Math.floor(ms / 60_000)} min`;

/** Every name a paginated IAM list returns. */
async function listAll(fetch: (marker?: string) => Promise<{ names: string[]; marker?: string }>): Promise<string[]> {
    const out: string[] = [];
    let marker: string | undefined;
    do {
        const page = await fetch(marker);
        out.push(...page.names);
        marker = page.marker;
    } while (marker);
    return out;
}

async function deleteRole(iam: IAMClient, role: string): Promise<void> {
    const inline = await listAll(async (Marker) => {
        const r = await iam.send(new ListRolePoliciesCommand({ RoleName: role, Marker }));
        return { names: r.PolicyNames ?? [], marker: r.IsTruncated ? r.Marker : undefined };
    });
    for (const PolicyName of inline) await iam.send(new DeleteRolePolicyCommand({ RoleName: role, PolicyName }));
    const attached = await listAll(async (Marker) => {
        const r = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: role, Marker }));
        return { names: (r.AttachedPolicies ?? []).map((p) => p.PolicyArn!), marker: r.IsTruncated ? r.Marker : undefined };
    });
    for (const PolicyArn of attached) await iam.send(new DetachRolePolicyCommand({ RoleName: role, PolicyArn }));
    await iam.send(new DeleteRoleCommand({ RoleName: role }));
}

async function retireOne(iam: IAMClient, iot: IoTClient, r: RetainedRole, input: RetireInput): Promise<RoleOutcome> {
    let arn: string;
    try {
        arn = (await iam.send(new GetRoleCommand({ RoleName: r.role }))).Role!.Arn!;
    } catch (e) {
        if (!isNoSuchEntity(e)) throw e;
        input.log(`${r.role}: already gone`);
        return "gone";
    }
    const alias = (await iot.send(new DescribeRoleAliasCommand({ roleAlias: r.alias }))).roleAliasDescription;
    if (alias?.roleArn === arn) {
        input.log(`${r.role}: refused: the role alias ${r.alias} still names it; run fleet up --stack for site ${r.site} first (not even --force deletes it)`);
        return "in-use";
    }
    const moved = alias?.lastModifiedDate;
    const age = moved ? input.now.getTime() - moved.getTime() : 0;
    if (!input.force && (!moved || age < input.minAgeSeconds * 1000)) {
        const since = moved ? `it ${minutes(age)} ago (${moved.toISOString()})` : "it at an unknown time";
        const until = moved ? new Date(moved.getTime() + input.minAgeSeconds * 1000).toISOString() : "unknown";
        input.log(`${r.role}: refused: ${r.alias} moved off ${since}; gateways may hold its credentials until ${until}; run again after that, or with --force`);
        return "waiting";
    }
    if (!input.apply) {
        input.log(`${r.role}: can be deleted (${r.alias} moved off it ${moved ? `${minutes(age)} ago` : "at an unknown time"})`);
        return "ready";
    }
    try {
        await deleteRole(iam, r.role);
    } catch (e) {
        if (!isNoSuchEntity(e)) throw e;
        input.log(`${r.role}: already gone`);
        return "gone";
    }
    input.log(`${r.role}: deleted`);
    return "deleted";
}

/** Checks (and with `apply` deletes) each role; throws when one was refused, after handling all. */
export async function retireRoles(input: RetireInput): Promise<Record<RoleOutcome, string[]>> {
    // IAM is global; a region of the fleet picks its partition's endpoint.
    const iam = new IAMClient({ region: input.roles[0]?.region });
    const iot = new Map<string, IoTClient>();
    const out: Record<RoleOutcome, string[]> = { gone: [], "in-use": [], waiting: [], ready: [], deleted: [] };
    for (const r of input.roles) {
        if (!iot.has(r.region)) iot.set(r.region, new IoTClient({ region: r.region }));
        out[await retireOne(iam, iot.get(r.region)!, r, input)].push(r.role);
    }
    const refused = out["in-use"].length + out.waiting.length;
    if (refused > 0)
        throw new FleetError(
            `${refused} role(s) refused (${[...out["in-use"], ...out.waiting].join(", ")}); ${out.deleted.length} deleted, ${out.gone.length} gone already`,
            [],
            1,
        );
    return out;
}
