/**
 * CI definitions that fan the stacks out on existing engines:
 *
 * - GitHub Actions: a workflow whose first job runs `fleet affected` and hands the affected
 *   stacks on as chunks; one matrix job per kind (global → platforms → sites) runs `fleet
 *   preview` on pull requests and `fleet up` on the main branch, a chunk per matrix job. A matrix
 *   makes at most 256 jobs per workflow run
 *   (https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/running-variations-of-jobs-in-a-workflow),
 *   so chunks are sized to stay under `maxJobs` (default 256) whatever the fleet's size.
 * - AWS CodeBuild: a batch buildspec (`batch: build-graph`,
 *   https://docs.aws.amazon.com/codebuild/latest/userguide/batch-build-buildspec.html): one
 *   build for global, one per platform depending on it, and the site stacks in chunks depending
 *   on their platform, at most `maxBuilds` builds (the project's batch restriction
 *   `maximum-builds-allowed`; default 100).
 *
 * Both run the same CLI: `fleet <op> --stacks a,b,c --yes`, so fan-out order, the per-account
 * budget and resume are the same on a laptop and in CI.
 */
import { chunk, chunkSizeFor } from "./affected";
import type { StackInfo } from "./layout";

export interface GithubOptions {
    /** Jobs per matrix at most (GitHub: 256 per workflow run). */
    maxJobs?: number;
    /** Stacks at once per account inside each job. */
    perAccount?: number;
    /** Matrix jobs at once (max-parallel). */
    maxParallel?: number;
    /** The branch that deploys. */
    branch?: string;
    /** Node.js major version. */
    node?: string;
}

const checkout = { uses: "actions/checkout@v4", with: { "fetch-depth": 0 } };
const setupNode = (node: string) => ({ uses: "actions/setup-node@v4", with: { "node-version": node, cache: "npm" } });
const OP = "${{ github.event_name == 'pull_request' && 'preview' || 'up' }}";

/** The workflow as an object (the CLI writes it as YAML to .github/workflows/fleet.yml). */
export function githubWorkflow(opts: GithubOptions = {}): Record<string, unknown> {
    const maxJobs = opts.maxJobs ?? 256;
    const perAccount = opts.perAccount ?? 4;
    const node = opts.node ?? "20";
    const branch = opts.branch ?? "main";
    const install = { name: "install", run: "npm ci && npm run build" };
    const credentials = {
        name: "AWS credentials (OIDC)",
        uses: "aws-actions/configure-aws-credentials@v4",
        with: { "role-to-assume": "${{ vars.FLEET_DEPLOY_ROLE_ARN }}", "aws-region": "${{ vars.AWS_REGION }}" },
    };
    const pulumi = { name: "Pulumi CLI", uses: "pulumi/actions@v6" };
    const env = { PULUMI_BACKEND_URL: "${{ vars.PULUMI_BACKEND_URL }}", PULUMI_CONFIG_PASSPHRASE: "${{ secrets.PULUMI_CONFIG_PASSPHRASE }}", CI: "true" };
    const run = (stacks: string) => ({ name: "fleet", run: `node bin/fleet.js ${OP} --stacks "${stacks}" --per-account ${perAccount} --yes`, env });
    const matrixJob = (output: string, needs: string[], gate: string) => ({
        needs,
        if: `\${{ always() && !cancelled() && ${gate} && needs.affected.outputs.${output} != '[]' }}`,
        "runs-on": "ubuntu-latest",
        strategy: { "fail-fast": false, "max-parallel": opts.maxParallel ?? 16, matrix: { stacks: `\${{ fromJSON(needs.affected.outputs.${output}) }}` } },
        steps: [checkout, setupNode(node), install, credentials, pulumi, run("${{ matrix.stacks }}")],
    });
    return {
        name: "fleet",
        on: { pull_request: { branches: [branch] }, push: { branches: [branch] } },
        permissions: { contents: "read", "id-token": "write" },
        concurrency: { group: "fleet-${{ github.ref }}", "cancel-in-progress": false },
        jobs: {
            affected: {
                "runs-on": "ubuntu-latest",
                outputs: {
                    global: "${{ steps.affected.outputs.global }}",
                    platforms: "${{ steps.affected.outputs.platforms }}",
                    sites: "${{ steps.affected.outputs.sites }}",
                },
                steps: [
                    checkout,
                    setupNode(node),
                    install,
                    {
                        id: "affected",
                        name: "affected stacks",
                        run: `node bin/fleet.js affected --base "$BASE" --format github --max-jobs ${maxJobs} >> "$GITHUB_OUTPUT"`,
                        env: { BASE: "${{ github.event.pull_request.base.sha || github.event.before }}" },
                    },
                ],
            },
            global: {
                needs: ["affected"],
                if: "${{ needs.affected.outputs.global == 'true' }}",
                "runs-on": "ubuntu-latest",
                steps: [checkout, setupNode(node), install, credentials, pulumi, run("global")],
            },
            platforms: matrixJob("platforms", ["affected", "global"], "needs.global.result != 'failure'"),
            sites: matrixJob("sites", ["affected", "platforms"], "needs.global.result != 'failure' && needs.platforms.result != 'failure'"),
        },
    };
}

/**
 * What `fleet affected --format github` prints for $GITHUB_OUTPUT: `global=true|false`, and the
 * platform and site stacks as JSON lists of comma-joined chunks, each list at most `maxJobs` long.
 */
export function githubOutputs(stacks: readonly { stack: string; kind: string; removed?: boolean }[], maxJobs = 256): string {
    const live = stacks.filter((s) => !s.removed);
    const of = (kind: string) => live.filter((s) => s.kind === kind).map((s) => s.stack);
    const chunks = (names: string[]) => (names.length === 0 ? [] : chunk(names, chunkSizeFor(names.length, maxJobs)).map((c) => c.join(",")));
    return [`global=${of("global").length > 0}`, `platforms=${JSON.stringify(chunks(of("platform")))}`, `sites=${JSON.stringify(chunks(of("site")))}`].join(
        "\n",
    );
}

export interface CodebuildOptions {
    /** Builds in the batch at most (the project's `maximum-builds-allowed`). */
    maxBuilds?: number;
    perAccount?: number;
    /** The operation the builds run. */
    operation?: "preview" | "up";
}

/** An identifier CodeBuild accepts: letters, digits and underscores. */
export function buildId(name: string): string {
    return name.replace(/[^A-Za-z0-9]/g, "_");
}

/**
 * The batch buildspec for every stack of the layout: global, each platform after it, each
 * platform's sites in chunks after their platform. Throws when even one build per platform
 * would not fit in `maxBuilds`.
 */
export function codebuildBuildspec(layout: readonly StackInfo[], opts: CodebuildOptions = {}): Record<string, unknown> {
    const maxBuilds = opts.maxBuilds ?? 100;
    const perAccount = opts.perAccount ?? 4;
    const platforms = layout.filter((s) => s.kind === "platform");
    const withSites = platforms.filter((p) => layout.some((s) => s.kind === "site" && s.dependsOn[0] === p.name));
    const budget = maxBuilds - 1 - platforms.length;
    if (budget < withSites.length) {
        throw new Error(
            `${platforms.length} platform stacks need ${1 + platforms.length + withSites.length} builds at least; raise --max-builds above ${maxBuilds}`,
        );
    }
    const siteCount = layout.filter((s) => s.kind === "site").length;
    // Site chunks share the budget in proportion to each platform's sites.
    const graph: Record<string, unknown>[] = [{ identifier: "global", env: { variables: { FLEET_STACKS: "global" } } }];
    for (const p of platforms) graph.push({ identifier: buildId(`platform_${p.name}`), env: { variables: { FLEET_STACKS: p.name } }, "depend-on": ["global"] });
    for (const p of withSites) {
        const sites = layout.filter((s) => s.kind === "site" && s.dependsOn[0] === p.name).map((s) => s.name);
        const share = Math.max(1, Math.floor((budget * sites.length) / siteCount));
        chunk(sites, chunkSizeFor(sites.length, share)).forEach((c, i) =>
            graph.push({
                identifier: buildId(`sites_${p.name}_${i + 1}`),
                env: { variables: { FLEET_STACKS: c.join(",") } },
                "depend-on": [buildId(`platform_${p.name}`)],
            }),
        );
    }
    const operation = opts.operation ?? "up";
    return {
        version: 0.2,
        batch: { "fast-fail": false, "build-graph": graph },
        phases: {
            install: { "runtime-versions": { nodejs: 20 }, commands: ["npm ci", "npm run build"] },
            build: { commands: [`node bin/fleet.js ${operation} --stacks "$FLEET_STACKS" --per-account ${perAccount} --yes`] },
        },
    };
}
