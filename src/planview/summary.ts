/**
 * What `fleet plan` shows: per region and per site, the cloud resources by type with counts and
 * totals; `--detail` adds every resource's inputs; `--json` is the machine format. Pure
 * functions over the offline plan (src/plan), so tests compare their output exactly.
 */
import type { Plan, PlannedResource } from "../plan/plan";

/** One row of a summary: a resource type and how many the scope creates. */
export interface TypeCount {
    type: string;
    count: number;
}

/** The regional platform (site undefined) or one site of a region. */
export interface ScopeSummary {
    site?: string;
    types: TypeCount[];
    total: number;
}

export interface RegionSummary {
    region: string;
    /** The regional platform first, then the sites by name. */
    scopes: ScopeSummary[];
    /** Cloud resources (custom resources other than providers). */
    total: number;
    components: number;
    providers: number;
}

export interface PlanSummary {
    regions: RegionSummary[];
    total: number;
    sites: number;
}

/** A resource's options as the engine receives them: what decides creation order and lifecycle. */
export interface JsonResourceOptions {
    /** The parent's URN (null: the stack). */
    parent: string | null;
    /** URNs this resource waits for: explicit dependsOn and the resources its inputs come from. */
    dependsOn: string[];
    protect: boolean;
    retainOnDelete: boolean;
    deleteBeforeReplace: boolean;
    /** Former URNs the resource answers to. */
    aliases: string[];
    /** The explicit provider reference (`<provider URN>::<id>`), null for the default provider. */
    provider: string | null;
}

/** The machine format of `fleet plan --json`. */
export interface JsonPlan {
    resources: {
        urn: string;
        type: string;
        name: string;
        inputs: Record<string, unknown>;
        region: string;
        stack: string;
        site: string | null;
        options: JsonResourceOptions;
    }[];
}

export function isProvider(r: Pick<PlannedResource, "type">): boolean {
    return r.type.startsWith("pulumi:providers:");
}

/** A cloud resource: custom and not a provider. */
export function isCloudResource(r: Pick<PlannedResource, "type" | "custom">): boolean {
    return r.custom && !isProvider(r);
}

/** The type as the Pulumi CLI shows it: `aws:kms/key:Key` → `aws:kms:Key`. */
export function displayType(type: string): string {
    const parts = type.split(":");
    if (parts.length !== 3) return type;
    const mod = parts[1].split("/")[0];
    return `${parts[0]}:${mod}:${parts[2]}`;
}

const byType = (a: TypeCount, b: TypeCount) => a.type.localeCompare(b.type);

export function summarizePlans(plans: Plan[]): PlanSummary {
    const regions = plans.map((plan): RegionSummary => {
        const scopes = new Map<string, Map<string, number>>();
        scopes.set("", new Map());
        let components = 0;
        let providers = 0;
        for (const r of plan.resources) {
            if (isProvider(r)) providers++;
            else if (!r.custom) components++;
            if (!r.custom || isProvider(r)) {
                if (r.type === "fleet:site:Site" && r.site && !scopes.has(r.site)) scopes.set(r.site, new Map());
                continue;
            }
            const key = r.site ?? "";
            const counts = scopes.get(key) ?? new Map<string, number>();
            scopes.set(key, counts);
            counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
        }
        const keys = [...scopes.keys()].sort((a, b) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b)));
        const list = keys.map((key): ScopeSummary => {
            const types = [...scopes.get(key)!.entries()].map(([type, count]) => ({ type, count })).sort(byType);
            return { site: key === "" ? undefined : key, types, total: types.reduce((n, t) => n + t.count, 0) };
        });
        return { region: plan.region, scopes: list, total: list.reduce((n, s) => n + s.total, 0), components, providers };
    });
    return {
        regions,
        total: regions.reduce((n, r) => n + r.total, 0),
        sites: regions.reduce((n, r) => n + r.scopes.filter((s) => s.site !== undefined).length, 0),
    };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The human table of `fleet plan`; with `detail`, every resource and its inputs. */
export function formatPlanSummary(plans: Plan[], opts: { detail?: boolean } = {}): string {
    const summary = summarizePlans(plans);
    const lines: string[] = [];
    const width = Math.max(40, ...summary.regions.flatMap((r) => r.scopes.flatMap((s) => s.types.map((t) => displayType(t.type).length + 6))));
    const row = (label: string, n: number, indent: string) => `${indent}${label.padEnd(width - indent.length)} ${String(n).padStart(5)}`;
    for (const [i, region] of summary.regions.entries()) {
        const plan = plans[i];
        const siteCount = region.scopes.filter((s) => s.site !== undefined).length;
        const heading = plan.stack !== undefined && plan.stack !== plan.region ? `stack ${plan.stack} (${plan.region})` : `region ${region.region}`;
        lines.push(`${heading}: ${plural(region.total, "resource")} (${plural(siteCount, "site")})`);
        for (const scope of region.scopes) {
            lines.push(row(scope.site === undefined ? "regional platform" : `site ${scope.site}`, scope.total, "  "));
            // What survives a mistake: protected resources (pulumi up refuses to delete them) and
            // resources kept in AWS when removed from the stack (docs/operations.md).
            const inScope = plan.resources.filter((r) => (r.site ?? undefined) === scope.site && isCloudResource(r));
            const guarded = inScope.filter((r) => r.protect).length;
            const kept = inScope.filter((r) => r.retainOnDelete).length;
            if (guarded + kept > 0) lines.push(`    (${guarded} protected from deletion, ${kept} kept in AWS when removed from the stack)`);
            for (const t of scope.types) {
                lines.push(row(displayType(t.type), t.count, "    "));
                if (opts.detail) {
                    const members = plan.resources.filter((r) => r.type === t.type && (r.site ?? undefined) === scope.site && isCloudResource(r));
                    for (const r of members.sort((a, b) => a.name.localeCompare(b.name))) {
                        lines.push(`      ${r.name}${r.protect ? "  [protected]" : ""}${r.retainOnDelete ? "  [kept when removed]" : ""}`);
                        for (const [p, v] of flattenInputs(r.inputs)) lines.push(`        ${p} = ${JSON.stringify(v)}`);
                    }
                }
            }
        }
        lines.push(...formatUploads(artifactUploads(plan)));
        lines.push(`  (${plural(region.components, "component")}, ${plural(region.providers, "provider")} not counted)`);
        lines.push("");
    }
    const stacks = plans.some((p) => p.stack !== undefined && p.stack !== p.region);
    lines.push(
        `total: ${plural(summary.total, "resource")} in ${plural(summary.regions.length, stacks ? "stack" : "region")}, ${plural(summary.sites, "site")}`,
    );
    return lines.join("\n");
}

/** An S3 object whose key carries the SHA-256 of its content (component zips, models): a new build is a new key. */
export interface ArtifactUpload {
    /** The resource's name (`<site>-<component>-<arch>`). */
    name: string;
    site?: string;
    /** `s3://<bucket>/<key>` as the plan resolves them (offline, the bucket shows its resource name). */
    uri: string;
    sha256: string;
}

const S3_OBJECT = "aws:s3/bucketObjectv2:BucketObjectv2";

/** The content-addressed uploads of a plan, by site then name: objects whose key holds their `metadata.sha256`. */
export function artifactUploads(plan: Pick<Plan, "resources">): ArtifactUpload[] {
    const out: ArtifactUpload[] = [];
    for (const r of plan.resources) {
        if (r.type !== S3_OBJECT) continue;
        const { bucket, key, metadata } = r.inputs as { bucket?: unknown; key?: unknown; metadata?: { sha256?: unknown } };
        const sha256 = metadata?.sha256;
        if (typeof key !== "string" || typeof sha256 !== "string" || !key.split("/").includes(sha256)) continue;
        out.push({ name: r.name, site: r.site ?? undefined, uri: `s3://${String(bucket)}/${key}`, sha256 });
    }
    return out.sort((a, b) => (a.site ?? "").localeCompare(b.site ?? "") || a.name.localeCompare(b.name));
}

function formatUploads(uploads: ArtifactUpload[]): string[] {
    if (uploads.length === 0) return [];
    const width = Math.max(...uploads.map((u) => u.name.length));
    return [
        `  ${plural(uploads.length, "artifact upload")} (content-addressed: the key holds the SHA-256 of the file)`,
        ...uploads.map((u) => `    ${u.name.padEnd(width)}  ${u.uri}`),
    ];
}

/** `a.b[0].c` paths to leaf values, in key order; empty objects and arrays are leaves. */
export function flattenInputs(value: unknown, prefix = ""): [string, unknown][] {
    if (Array.isArray(value)) {
        if (value.length === 0) return [[prefix, []]];
        return value.flatMap((v, i) => flattenInputs(v, `${prefix}[${i}]`));
    }
    if (value && typeof value === "object") {
        const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
        if (entries.length === 0) return prefix ? [[prefix, {}]] : [];
        return entries.flatMap(([k, v]) => flattenInputs(v, prefix ? `${prefix}.${k}` : k));
    }
    return [[prefix, value]];
}

/**
 * `fleet plan --json`: every resource of every plan, secrets already masked by the plan. Regions
 * in the order planned, resources sorted by URN: registration order varies from run to run, and
 * machines diff this output.
 */
export function toJsonPlan(plans: Plan[]): JsonPlan {
    return {
        resources: plans.flatMap((p) =>
            [...p.resources]
                .sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0))
                .map((r) => ({
                    urn: r.urn,
                    type: r.type,
                    name: r.name,
                    inputs: r.inputs,
                    region: r.region,
                    stack: r.stack ?? p.region,
                    site: r.site ?? null,
                    options: {
                        parent: r.parent ?? null,
                        dependsOn: [...r.dependsOn].sort(),
                        protect: r.protect,
                        retainOnDelete: r.retainOnDelete,
                        deleteBeforeReplace: r.deleteBeforeReplace,
                        aliases: r.aliases,
                        provider: r.provider ?? null,
                    },
                })),
        ),
    };
}
