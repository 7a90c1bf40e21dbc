/** `fleet migrate stacks`: move each site from its region stack to its own stack (`pulumi state move`), then verify with previews. */
import * as path from "node:path";
import type { Command } from "commander";
import { fleetDir, loadOrFail, repeatable, usage, type Io, withExamples } from "../context";

interface MigrateOptions {
    dir: string;
    apply?: boolean;
    region?: string[];
}

/** `--apply`, `--region` (repeatable) and `--dir` of the commands that print, or run, Pulumi state steps. */
function stateStepOptions(cmd: Command, applyHelp: string, regionDefault: string): Command {
    return cmd
        .option("--apply", applyHelp)
        .option("--region <region>", `only this region (repeatable); ${regionDefault}`, repeatable)
        .option("--dir <dir>", "fleet directory (the Pulumi project)", ".");
}

export function register(program: Command, io: Io): void {
    const migrate = program.command("migrate").description("move deployed resources between stack layouts");
    withExamples(
        stateStepOptions(
            migrate
                .command("stacks")
                .description(
                    "print (or run with --apply) the pulumi state move commands that give each site its own stack, then the previews that must show no change",
                ),
            "run the commands with the Pulumi CLI, stopping at the first failure (rerunnable)",
            "default: every region whose stack file has no fleet:layout",
        ),
        [
            "fleet migrate stacks            # print the plan",
            "fleet migrate stacks --region eu-central-1 --apply    # run it (Pulumi CLI, credentials, backend login)",
        ],
    ).action((opts: MigrateOptions) => {
        const { dir, layout, project, regions } = migrationScope(opts, io, (_known, legacy) => legacy);
        if (regions.length === 0) {
            io.out("nothing to migrate: every region stack file says fleet:layout: stacks (or there is none yet)");
            return;
        }
        const mig = require("../../src/stacks/migrate") as typeof import("../../src/stacks/migrate");
        if (!opts.apply) {
            io.out(
                mig.formatSteps(
                    mig.migrationSteps({ project, layout, legacyRegions: regions, secretsProvider: process.env.FLEET_SECRETS_PROVIDER || undefined }),
                ),
            );
            io.err("run with --apply to run these (or run them yourself, in order)");
            return;
        }
        const { applyMigration } = require("../../src/stacks/migrate-apply") as typeof import("../../src/stacks/migrate-apply");
        const exec = commandRunner(dir);
        const result = applyMigration({
            project,
            layout,
            legacyRegions: regions,
            secretsProvider: process.env.FLEET_SECRETS_PROVIDER || undefined,
            dir,
            exec,
            log: (l) => io.out(l),
        });
        io.out(
            `migrated: ${result.ran.filter((s) => s.kind === "move").length} site(s) moved, ${result.skipped.filter((s) => s.kind === "move").length} moved before; every preview clean`,
        );
    });
    registerRetainRoles(migrate, io);
    registerRetainedRoles(migrate, io);
}

interface RetireOptions {
    dir: string;
    region?: string[];
    olderThan: string;
    apply?: boolean;
    force?: boolean;
}

function registerRetainedRoles(migrate: Command, io: Io): void {
    withExamples(
        migrate
            .command("unmanage")
            .description("take resources out of a state file written by pulumi stack export --file, keeping them in the cloud (a step of fleet migrate stacks)")
            .requiredOption("--file <file>", "the exported state; rewritten in place for pulumi stack import --file")
            .argument("<urn...>", "URNs to take out; references to them in other resources are dropped"),
        [
            "fleet migrate unmanage --file eu-central-1.tes-roles.json 'urn:pulumi:eu-central-1::fleet::...::cork-tes-role'    # as fleet migrate stacks prints it",
        ],
    ).action((urns: string[], opts: { file: string }) => {
        const { unmanageFile } = require("../../src/stacks/migrate-state") as typeof import("../../src/stacks/migrate-state");
        io.out(unmanageFile(opts.file, urns));
    });
    withExamples(
        migrate
            .command("retire-roles")
            .description(
                "list (or delete with --apply) the sites' own token-exchange roles fleet migrate stacks left in AWS, once gateways can no longer hold their credentials",
            )
            .option("--apply", "delete them through IAM (inline and attached policies, then the role)")
            .option("--region <region>", "only sites of this region (repeatable)", repeatable)
            .option("--older-than <duration>", "time since the site's role alias moved off the role (e.g. 1h, 90m)", "1h")
            .option("--force", "delete before that time has passed (never a role its alias still names)")
            .option("--dir <dir>", "fleet directory", "."),
        ["fleet migrate retire-roles                 # what could go now", "fleet migrate retire-roles --region eu-central-1 --apply"],
    ).action(async (opts: RetireOptions) => {
        const { model, regions } = migrationScope(opts, io, (known) => known);
        const rr = require("../../src/stacks/retire-roles") as typeof import("../../src/stacks/retire-roles");
        const minAgeSeconds = rr.parseDuration(opts.olderThan);
        if (minAgeSeconds === undefined)
            throw usage(`--older-than ${JSON.stringify(opts.olderThan)} is not a duration; accepted: <n>h, <n>m or <n>s (e.g. 1h)`);
        const out = await rr.retireRoles({
            roles: rr.retainedRoles(model, regions),
            minAgeSeconds,
            apply: opts.apply === true,
            force: opts.force === true,
            now: new Date(),
            log: (l) => io.out(l),
        });
        io.err(
            opts.apply
                ? `${out.deleted.length} role(s) deleted, ${out.gone.length} gone already`
                : `${out.ready.length} role(s) can be deleted, ${out.gone.length} gone already; run with --apply to delete them`,
        );
    });
}

/**
 * The fleet, its stack layout and Pulumi project, and the regions to act on: `--region` (each
 * checked against fleet.yaml), else `fallback` of fleet.yaml's regions and those whose stack file
 * has no fleet:layout.
 */
function migrationScope(opts: { dir: string; region?: string[] }, io: Io, fallback: (known: string[], legacy: string[]) => string[]) {
    const model = loadOrFail(opts, io);
    const dir = fleetDir(opts);
    const { stackLayout } = require("../../src/stacks/layout") as typeof import("../../src/stacks/layout");
    const { legacyRegions } = require("../../src/stacks/stack-config") as typeof import("../../src/stacks/stack-config");
    const known = model.regions.map((r) => r.name);
    for (const r of opts.region ?? []) if (!known.includes(r)) throw usage(`unknown region ${JSON.stringify(r)}; regions of fleet.yaml: ${known.join(", ")}`);
    return { model, dir, layout: stackLayout(model), project: readProjectName(dir), regions: opts.region ?? fallback(known, legacyRegions(model, dir)) };
}

/** Runs a command in the project directory (the Pulumi CLI in practice). */
function commandRunner(dir: string): (argv: string[]) => { status: number; stdout: string; stderr: string } {
    const { spawnSync } = require("node:child_process") as typeof import("node:child_process");
    return (argv) => {
        const r = spawnSync(argv[0], argv.slice(1), { cwd: dir, encoding: "utf8", env: { ...process.env, FLEET_DIR: dir }, maxBuffer: 1 << 28 });
        if (r.error) return { status: 127, stdout: "", stderr: `${argv[0]}: ${r.error.message}` };
        return { status: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
    };
}

function registerRetainRoles(migrate: Command, io: Io): void {
    withExamples(
        stateStepOptions(
            migrate
                .command("retain-roles")
                .description(
                    "for regions already in the stack layout: print (or run with --apply) the steps that take each site's old token-exchange role out of its site stack's state, keeping it in AWS, before the site's up",
                ),
            "run them with the Pulumi CLI, skipping stacks whose state holds no such role (rerunnable)",
            "default: every region whose stack file says fleet:layout: stacks",
        ),
        ["fleet migrate retain-roles --region eu-central-1           # print the steps", "fleet migrate retain-roles --region eu-central-1 --apply"],
    ).action((opts: MigrateOptions) => {
        const { dir, layout, project, regions } = migrationScope(opts, io, (known, legacy) => known.filter((r) => !legacy.includes(r)));
        if (!opts.apply) {
            const mig = require("../../src/stacks/migrate") as typeof import("../../src/stacks/migrate");
            io.out(mig.formatSteps(mig.siteStackRetainSteps(project, layout, regions)));
            io.err("run with --apply to run these where the state holds the role (or run them yourself, in order), then fleet up per site stack");
            return;
        }
        const { applyRetainRoles } = require("../../src/stacks/migrate-apply") as typeof import("../../src/stacks/migrate-apply");
        const r = applyRetainRoles({ project, layout, regions, dir, exec: commandRunner(dir), log: (l) => io.out(l) });
        io.out(
            `${r.ran.filter((s) => s.kind === "import").length} site stack(s) no longer hold their old role; ${r.skipped.filter((s) => s.kind === "export").length} held none`,
        );
    });
}

/** The Pulumi project name (Pulumi.yaml `name:`), which every URN carries. */
function readProjectName(dir: string): string {
    const fs = require("node:fs") as typeof import("node:fs");
    const file = path.join(dir, "Pulumi.yaml");
    if (!fs.existsSync(file)) return "fleet";
    const YAML = require("yaml") as typeof import("yaml");
    const doc = YAML.parse(fs.readFileSync(file, "utf8")) as { name?: unknown } | null;
    return typeof doc?.name === "string" ? doc.name : "fleet";
}
