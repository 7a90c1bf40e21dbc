/**
 * The migration from one stack per region (the platform and every site of the region) to the
 * stack layout (src/stacks/layout.ts): each site's resources move from the region stack to the
 * site's own stack with `pulumi state move`, which rewrites state only and moves the children of
 * the URNs it is given along with them
 * (https://www.pulumi.com/docs/iac/operations/stack-management/moving-resources-between-stacks/).
 * URNs inside each stack stay as they were (the Site component is a top-level resource in both
 * layouts, its providers are named `aws` and `aws-native` in both), so nothing is replaced.
 *
 * Steps, in order, per region still in the region layout:
 * 0. the sites' own token-exchange roles of the version before the regional role
 *    (`<fleet>-<site>-gg-tes`, resources `<site>-tes-role` and its inline policy `<site>-tes-policy`)
 *    leave the region stack's state but stay in AWS: `pulumi stack export --file`, `fleet migrate
 *    unmanage` (drops them and every reference to them from the file: the role alias depends on the
 *    role, so `pulumi state delete` would refuse it or, with --target-dependents, drop the alias
 *    too), `pulumi stack import`. The `up` that points the alias at the region's role then leaves
 *    the old role in place, and gateways keep working with the credentials the nucleus holds (up to
 *    55 minutes); `fleet migrate retire-roles` deletes the roles once those have expired;
 * 1. `pulumi up --stack <region>` with this version while the region stack still holds its sites
 *    (`fleet:layout` unset): adds the `siteRefs` output the site stacks read, changes no resource;
 * 2. per site: `pulumi stack init <region>.<site>` (skipped when it exists), then
 *    `pulumi state move --source <region> --dest <region>.<site> --yes <Site URN>`;
 * 3. `pulumi config set --stack <region> fleet:layout stacks`: from now on the region stack's
 *    program builds the platform only;
 * 4. verify: a preview of the region stack and of every site stack that must show no resource
 *    change (reads and the root stack's outputs aside).
 */
import type { StackInfo } from "./layout";

export type MigrationStepKind = "export" | "unmanage" | "import" | "deploy-outputs" | "init" | "move" | "layout" | "verify";

export interface MigrationStep {
    kind: MigrationStepKind;
    /** The stack the step acts on (the destination for init and move). */
    stack: string;
    /** The command as argv (`pulumi ...` or `fleet ...`). */
    argv: string[];
    /** export, unmanage, import: the state file (relative to the project directory) and the URNs that leave the state. */
    retain?: { file: string; urns: string[] };
}

export interface MigrationInput {
    project: string;
    layout: readonly StackInfo[];
    /** Region stacks that still hold their sites (fleet:layout not `stacks`). */
    legacyRegions: readonly string[];
    /** Stacks that exist already (no `pulumi stack init` for them). */
    existing?: readonly string[];
    /** Secrets provider for new stacks (FLEET_SECRETS_PROVIDER). */
    secretsProvider?: string;
}

export const LAYOUT_KEY = "fleet:layout";
export const SPLIT_LAYOUT = "stacks";

/** The URN of a site's top-level component in a stack. */
export function siteUrn(stack: string, project: string, site: string): string {
    return `urn:pulumi:${stack}::${project}::fleet:site:Site::${site}`;
}

/** The components a site's old token-exchange role lived in (the version before the regional role: git 370d6ae^). */
const OLD_IDENTITY = "fleet:site:Site$fleet:site:SiteEdge$fleet:site:SiteIdentity";

/**
 * URNs of a site's own token-exchange role and its inline policy as the version before the regional
 * role created them (components/site/identity.ts before git 370d6ae), policy first.
 */
export function oldRoleUrns(stack: string, project: string, site: string): string[] {
    return [
        `urn:pulumi:${stack}::${project}::${OLD_IDENTITY}$aws:iam/rolePolicy:RolePolicy::${site}-tes-policy`,
        `urn:pulumi:${stack}::${project}::${OLD_IDENTITY}$aws:iam/role:Role::${site}-tes-role`,
    ];
}

/** The export, unmanage and import steps that take the sites' old token-exchange roles out of a stack's state. */
function retainSteps(stack: string, project: string, sites: readonly string[]): MigrationStep[] {
    const file = `${stack}.tes-roles.json`;
    const retain = { file, urns: sites.flatMap((s) => oldRoleUrns(stack, project, s)) };
    return [
        { kind: "export", stack, argv: ["pulumi", "stack", "export", "--stack", stack, "--file", file], retain },
        { kind: "unmanage", stack, argv: ["fleet", "migrate", "unmanage", "--file", file, ...retain.urns], retain },
        { kind: "import", stack, argv: ["pulumi", "stack", "import", "--stack", stack, "--file", file], retain },
    ];
}

/**
 * For regions already in the stack layout (`fleet migrate retain-roles`): the same three steps per
 * site stack, whose state may still hold the site's old role (site stacks deployed by a version
 * before the regional role).
 */
export function siteStackRetainSteps(project: string, layout: readonly StackInfo[], regions: readonly string[]): MigrationStep[] {
    return layout.filter((s) => s.kind === "site" && regions.includes(s.region!)).flatMap((s) => retainSteps(s.name, project, s.sites));
}

export function migrationSteps(input: MigrationInput): MigrationStep[] {
    const steps: MigrationStep[] = [];
    const existing = new Set(input.existing ?? []);
    for (const region of input.legacyRegions) {
        const sites = input.layout.filter((s) => s.kind === "site" && s.dependsOn[0] === region);
        // Sites in another account have a platform of their own (`<region>.<account>`) but were in the region stack too.
        const others = input.layout.filter((s) => s.kind === "site" && s.region === region && s.dependsOn[0] !== region);
        steps.push(
            ...retainSteps(
                region,
                input.project,
                [...sites, ...others].map((s) => s.sites[0]),
            ),
        );
        steps.push({ kind: "deploy-outputs", stack: region, argv: ["pulumi", "up", "--stack", region, "--yes"] });
        for (const site of [...sites, ...others]) {
            if (!existing.has(site.name)) {
                steps.push({
                    kind: "init",
                    stack: site.name,
                    argv: ["pulumi", "stack", "init", site.name, ...(input.secretsProvider ? ["--secrets-provider", input.secretsProvider] : [])],
                });
            }
            steps.push({
                kind: "move",
                stack: site.name,
                argv: ["pulumi", "state", "move", "--source", region, "--dest", site.name, "--yes", siteUrn(region, input.project, site.sites[0])],
            });
        }
        steps.push({ kind: "layout", stack: region, argv: ["pulumi", "config", "set", "--stack", region, LAYOUT_KEY, SPLIT_LAYOUT] });
        steps.push({ kind: "verify", stack: region, argv: ["pulumi", "preview", "--stack", region, "--expect-no-changes"] });
        for (const site of [...sites, ...others])
            steps.push({ kind: "verify", stack: site.name, argv: ["pulumi", "preview", "--stack", site.name, "--expect-no-changes"] });
    }
    return steps;
}

/** A command line a shell takes as is: arguments with anything but safe characters in single quotes. */
export function shellLine(argv: readonly string[]): string {
    return argv.map((a) => (/^[A-Za-z0-9_./:=@,+-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(" ");
}

/** The steps as a shell script with a comment per phase. */
export function formatSteps(steps: readonly MigrationStep[]): string {
    const heading: Record<MigrationStepKind, string> = {
        export:
            "# the sites' own token-exchange roles leave the state but stay in AWS (gateways hold their credentials up to 55 minutes);\n" +
            "# fleet migrate retire-roles deletes them after that. --apply skips these three when the roles are not in the state",
        unmanage: "",
        import: "",
        "deploy-outputs": "# the region stack, still holding its sites, gains the outputs site stacks read (no resource changes)",
        init: "",
        move: "",
        layout: "# from now on the region stack builds the platform only",
        verify: "",
    };
    const out: string[] = [];
    let last: MigrationStepKind | undefined;
    for (const s of steps) {
        if (s.kind !== last && heading[s.kind]) out.push(heading[s.kind]);
        if (s.kind === "init" && last !== "init" && last !== "move")
            out.push("# each site moves to its own stack: state only, URNs unchanged, nothing replaced");
        if (s.kind === "verify" && last !== "verify") out.push("# every preview must show no resource change");
        out.push(shellLine(s.argv));
        last = s.kind;
    }
    return out.join("\n");
}

/**
 * Whether a preview's steps show no resource change: every step is `same` or `read`, except an
 * update of the root stack resource (its outputs change when sites move out or in).
 */
export function previewIsClean(steps: readonly { op: string; type: string; urn: string }[]): { clean: boolean; changes: string[] } {
    const changes = steps
        .filter((s) => !["same", "read", "refresh"].includes(s.op) && !(s.op === "update" && s.type === "pulumi:pulumi:Stack"))
        .map((s) => `${s.op} ${s.urn}`);
    return { clean: changes.length === 0, changes };
}
