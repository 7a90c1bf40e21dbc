/**
 * `fleet preview|up|destroy`: the Pulumi Automation API on the fleet's stacks (src/stacks/layout.ts)
 * in dependency order (global, platforms, sites; destroy backwards), at most --per-account at once
 * per AWS account, resumable after a failure (--resume), the policy pack attached, output
 * prefixed by stack, a summary at the end.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Command } from "commander";
import { FleetError } from "../../src/model/diagnostics";
import type { FleetModel } from "../../src/model/types";
import type { StackInfo } from "../../src/stacks/layout";
import { fleetDir, loadOrFail, outputFormat, printData, repeatable, usage, withOutput, type Io, type OutputOptions } from "../context";
import { appendTo } from "../../src/util/multimap";

interface DeployOptions extends OutputOptions {
    region?: string;
    diff?: boolean;
    stack?: string[];
    stacks?: string;
    all?: boolean;
    parallel?: string;
    perAccount?: string;
    resume?: boolean;
    dir: string;
    yes?: boolean;
    policyPack?: string;
    credentialCheck: boolean;
    releaseSite?: string[];
}

type Operation = "preview" | "up" | "destroy";

const PREVIEW_FORMATS = ["text", "json"] as const;

const DESCRIPTIONS: Record<Operation, string> = {
    preview: "preview the stacks with the Pulumi Automation API (needs the Pulumi CLI and credentials)",
    up: "deploy the stacks in dependency order, in parallel per account, with the policy pack enforced",
    destroy: "destroy the stacks, sites first: shows what each stack holds (resources, data stores and device identities by name) and asks; --yes in CI",
};

export function register(program: Command, io: Io): void {
    for (const operation of ["preview", "up", "destroy"] as Operation[]) {
        const cmd = program
            .command(operation)
            .description(DESCRIPTIONS[operation])
            .option("--region <region>", "only this region's stack (<region>: its platform, or the region stack while it holds its sites)")
            .option("--stack <name>", "only this stack (repeatable; fleet stacks lists them)", repeatable)
            .option("--stacks <a,b,c>", "these stacks (a CI chunk: their dependencies outside the list count as done)")
            .option("--all", "every stack of the fleet: global, platforms, sites")
            .option("--per-account <n>", "stacks at once per AWS account (API rate limits are per account)", "4")
            .option("--parallel <n>", "same as --per-account (kept for scripts)")
            .option("--resume", "skip the stacks the last run of this operation finished (.fleet/<operation>-journal.json)")
            .option("--policy-pack <dir>", "policy pack directory (default: the tool's pack)")
            .option("--no-credential-check", "skip the AWS credentials check (instance or task roles)")
            .option("--dir <dir>", "fleet directory (the Pulumi project)", ".");
        cmd.option(
            "--yes",
            operation === "destroy"
                ? "destroy without asking"
                : operation === "up"
                  ? "deploy several stacks without the preview and the question (CI); without it, more than one stack needs a terminal"
                  : "do not ask (CI)",
        );
        if (operation !== "destroy") cmd.option("--diff", "show the property-level diff of every change (passed to the Pulumi engine as --diff)");
        if (operation === "preview") withOutput(cmd, PREVIEW_FORMATS, "text");
        if (operation === "up") {
            cmd.option(
                "--release-site <site>",
                "let the next update delete this site's device identities when its file is removed (sets fleet:releaseSites; repeatable)",
                repeatable,
            );
        }
        cmd.action((opts: DeployOptions) => run(operation, opts, io));
    }
}

async function run(operation: Operation, opts: DeployOptions, io: Io): Promise<void> {
    const format = operation === "preview" ? outputFormat(opts, PREVIEW_FORMATS, "text") : "text";
    const selectors = [opts.region !== undefined, (opts.stack ?? []).length > 0, opts.stacks !== undefined, Boolean(opts.all)].filter(Boolean).length;
    if (selectors > 1) throw usage("give one of --region, --stack, --stacks or --all");
    if (selectors === 0 && operation !== "preview") throw usage(`fleet ${operation} needs --region <region>, --stack <name>, --stacks <a,b> or --all`);
    const budgetText = opts.parallel ?? opts.perAccount ?? "4";
    const perAccount = Number(budgetText);
    if (!Number.isInteger(perAccount) || perAccount < 1 || perAccount > 64)
        throw usage(`--per-account must be a whole number from 1 to 64, not ${JSON.stringify(budgetText)}`);
    const model = loadOrFail(opts, io);
    const dir = fleetDir(opts);
    const selected = selectStacks(model, dir, opts);
    const names = selected.map((s) => s.name);
    const regions = [...new Set(selected.map((s) => s.region).filter((r): r is string => r !== undefined))];
    for (const s of opts.releaseSite ?? []) {
        if (!model.sites.some((x) => x.name === s && regions.includes(x.region))) {
            throw usage(
                `--release-site ${JSON.stringify(s)}: no such site in ${regions.join(", ")}; release a site while its file is still in sites/ (then remove the file and run fleet up again)`,
            );
        }
    }

    const ci = Boolean(process.env.CI) && process.env.CI !== "false";
    const interactive = !ci && Boolean(process.stdin.isTTY) && io.isTTY;
    const confirm = require("../../src/deploy/confirm") as typeof import("../../src/deploy/confirm");
    const confirmFirst = operation === "up" && confirm.needsConfirmation(names, opts);
    if (confirmFirst && !interactive) throw confirm.noTerminal(names);
    const destroyConfirm = require("../../src/deploy/destroy-preview") as typeof import("../../src/deploy/destroy-preview");
    if (operation === "destroy" && !opts.yes && !interactive) throw destroyConfirm.destroyNoTerminal(names, ci);

    const pre = require("../../src/deploy/preflight") as typeof import("../../src/deploy/preflight");
    const problems = pre.preflight(pre.currentPreflightEnv(dir), { checkAws: opts.credentialCheck !== false });
    if (problems.length > 0) throw new FleetError(pre.formatPreflight(`fleet ${operation}`, problems), [], 1);
    if (!fs.existsSync(path.join(dir, "Pulumi.yaml"))) {
        throw new FleetError(
            `no Pulumi.yaml in ${dir}: fleet ${operation} runs the fleet as a Pulumi project; copy Pulumi.yaml from the tool next to fleet.yaml`,
            [],
            1,
        );
    }

    const auto = require("../../src/deploy/automation") as typeof import("../../src/deploy/automation");
    const policyPack = operation === "destroy" ? undefined : auto.findPolicyPack(opts.policyPack);
    if (operation !== "destroy" && !policyPack) {
        if (opts.policyPack) throw usage(`--policy-pack ${opts.policyPack}: no PulumiPolicy.yaml there`);
        io.err("warning: no policy pack found (PulumiPolicy.yaml in dist/policies or policies/); running without policies");
    }
    const { writeStackFiles } = require("../../src/stacks/stack-config") as typeof import("../../src/stacks/stack-config");
    for (const f of writeStackFiles(
        model,
        dir,
        regions.filter((r) => names.includes(r)),
    ))
        io.err(`wrote ${f}`);

    const fan = require("../../src/deploy/fanout") as typeof import("../../src/deploy/fanout");
    const journalPath = path.join(dir, fan.journalFile(operation));
    const resume = opts.resume && fs.existsSync(journalPath) ? fan.parseJournal(fs.readFileSync(journalPath, "utf8")) : undefined;
    if (opts.resume && !resume) io.err(`note: no journal of an earlier ${operation} at ${path.relative(dir, journalPath)}; running every stack`);
    if (operation === "up") {
        // Before any site changes: its platform must hold the shared edge artifacts this build's recipes name.
        const art = require("../../src/deploy/artifact-check") as typeof import("../../src/deploy/artifact-check");
        const missing = await art.checkSharedArtifacts(selected, {
            keysOf: art.buildArtifactKeys(model),
            readOutputs: auto.stackOutputsReader({ projectDir: dir, fleetDir: dir }),
            doneBefore: new Set(resume?.operation === operation ? Object.keys(resume.done) : []),
        });
        if (missing.length > 0) throw new FleetError(art.formatArtifactProblems(missing), [], 1);
    }
    const { writeFileAtomic } = require("../../src/util/atomic-write") as typeof import("../../src/util/atomic-write");
    io.err(
        `${operation}: ${names.length} stack${names.length === 1 ? "" : "s"} (${perAccount} at a time per account)${policyPack ? `, policy pack ${policyPack}` : ""}`,
    );
    const base = { projectDir: dir, fleetDir: dir, policyPack, diff: opts.diff };
    if (confirmFirst) {
        await confirm.confirmUp(names, {
            interactive,
            preview: () =>
                fan.runStacks(
                    selected,
                    { operation: "preview", perAccount, write: (line) => io.out(line) },
                    auto.automationRunner({ ...base, operation: "preview" }),
                ),
            ask,
            write: (line) => io.out(line),
        });
    }
    if (operation === "destroy" && !opts.yes) {
        // What each stack's state holds (data stores and device identities by name), then the question.
        const readState = auto.stackStateReader(base);
        await destroyConfirm.confirmDestroy(names, {
            interactive,
            ci,
            preview: () => Promise.all(names.map((n) => destroyConfirm.previewStack(n, readState))),
            ask,
            write: (line) => io.out(line),
        });
    }
    const steps = new Map<string, import("../../src/deploy/automation").PlannedStep[]>();
    const onEvent =
        format === "json"
            ? (stack: string, event: import("@pulumi/pulumi/automation").EngineEvent) => {
                  const step = auto.stepOf(event);
                  if (step) appendTo(steps, stack, step);
              }
            : undefined;
    const runner = auto.automationRunner({ ...base, operation, releaseSites: opts.releaseSite, onEvent });
    // With -o json the engine's own output goes to stderr, so stdout holds one JSON document.
    const show = format === "json" ? (line: string) => io.err(line) : (line: string) => io.out(line);
    const results = await fan.runStacks(
        selected,
        {
            operation,
            perAccount,
            resume,
            write: show,
            onJournal: (j) => {
                fs.mkdirSync(path.dirname(journalPath), { recursive: true });
                writeFileAtomic(journalPath, `${JSON.stringify(j, null, 2)}\n`);
            },
        },
        runner,
    );
    if (format === "json") printData(io, "json", { operation, stacks: results.map((r) => ({ ...r, steps: steps.get(r.stack) ?? [] })) });
    else io.out(fan.formatFanoutSummary(operation, results));
    const failed = results.filter((r) => r.status === "failed" || r.status === "skipped").length;
    if (failed > 0) {
        throw new FleetError(
            `${operation} did not finish ${failed} of ${results.length} stack${results.length === 1 ? "" : "s"}; fix the failures and run it again with --resume to skip the stacks that finished`,
            [],
            1,
        );
    }
    // Everything finished: the next run starts afresh.
    if (fs.existsSync(journalPath)) fs.rmSync(journalPath);
}

/** The stacks an invocation names, in the layout's order; regions still in the region layout run as their region stack. */
function selectStacks(model: FleetModel, dir: string, opts: DeployOptions): StackInfo[] {
    const { deployableStacks } = require("../../src/stacks/stack-config") as typeof import("../../src/stacks/stack-config");
    const { findStack, stackLayout } = require("../../src/stacks/layout") as typeof import("../../src/stacks/layout");
    const deployable = deployableStacks(model, dir);
    if (opts.all) return deployable;
    const everything = stackLayout(model);
    if (opts.region !== undefined) {
        const { resolveScope } = require("../../src/planview/scope") as typeof import("../../src/planview/scope");
        resolveScope(model, { region: opts.region });
        return [findStack(everything, opts.region)];
    }
    const wanted =
        opts.stacks !== undefined
            ? opts.stacks
                  .split(",")
                  .map((s) => s.trim())
                  .filter(Boolean)
            : (opts.stack ?? []);
    if (wanted.length === 0) return deployable;
    const set = new Set(wanted.map((n) => findStack(everything, n).name));
    for (const n of set) {
        if (!deployable.some((s) => s.name === n)) {
            throw usage(
                `stack ${n} does not exist yet: its region stack still holds its sites; run fleet migrate stacks first, or deploy --region ${everything.find((s) => s.name === n)?.region}`,
            );
        }
    }
    return deployable.filter((s) => set.has(s.name));
}

function ask(question: string): Promise<string> {
    const readline = require("node:readline") as typeof import("node:readline");
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
    return new Promise((resolve) => rl.question(question, (a) => (rl.close(), resolve(a))));
}
