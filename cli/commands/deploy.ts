/**
 * `fleet preview|up|destroy`: the Pulumi Automation API on each region stack, regions in
 * parallel, the policy pack attached, output prefixed by region, a summary at the end.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Command } from "commander";
import { FleetError } from "../../src/model/diagnostics";
import { fleetDir, loadOrFail, usage, type Io } from "../context";

interface DeployOptions {
    region?: string;
    all?: boolean;
    parallel: string;
    dir: string;
    yes?: boolean;
    policyPack?: string;
    credentialCheck: boolean;
    releaseSite?: string[];
}

type Operation = "preview" | "up" | "destroy";

const DESCRIPTIONS: Record<Operation, string> = {
    preview: "preview the region stacks with the Pulumi Automation API (needs the Pulumi CLI and credentials)",
    up: "deploy the region stacks, in parallel, with the policy pack enforced",
    destroy: "destroy the region stacks (asks for confirmation; --yes in CI)",
};

export function register(program: Command, io: Io): void {
    for (const operation of ["preview", "up", "destroy"] as Operation[]) {
        const cmd = program
            .command(operation)
            .description(DESCRIPTIONS[operation])
            .option("--region <region>", "only this region's stack")
            .option("--all", "every region of fleet.yaml")
            .option("--parallel <n>", "regions at once", "4")
            .option("--policy-pack <dir>", "policy pack directory (default: the tool's pack)")
            .option("--no-credential-check", "skip the AWS credentials check (instance or task roles)")
            .option("--dir <dir>", "fleet directory (the Pulumi project)", ".");
        if (operation === "destroy") cmd.option("--yes", "destroy without asking");
        if (operation === "up") {
            cmd.option(
                "--release-site <site>",
                "let the next update delete this site's device identities when its file is removed (sets fleet:releaseSites; repeatable)",
                (v: string, acc: string[] = []) => [...acc, v],
            );
        }
        cmd.action((opts: DeployOptions) => run(operation, opts, io));
    }
}

async function run(operation: Operation, opts: DeployOptions, io: Io): Promise<void> {
    if (opts.region !== undefined && opts.all) throw usage("give either --region or --all, not both");
    if (opts.region === undefined && !opts.all && operation !== "preview") {
        throw usage(`fleet ${operation} needs --region <region> or --all`);
    }
    const parallel = Number(opts.parallel);
    if (!Number.isInteger(parallel) || parallel < 1 || parallel > 64)
        throw usage(`--parallel must be a whole number from 1 to 64, not ${JSON.stringify(opts.parallel)}`);
    const model = loadOrFail(opts, io);
    const { resolveScope } = require("../../src/planview/scope") as typeof import("../../src/planview/scope");
    const regions = resolveScope(model, { region: opts.region }).map((s) => s.region);
    const dir = fleetDir(opts);
    for (const s of opts.releaseSite ?? []) {
        if (!model.sites.some((x) => x.name === s && regions.includes(x.region))) {
            throw usage(
                `--release-site ${JSON.stringify(s)}: no such site in ${regions.join(", ")}; release a site while its file is still in sites/ (then remove the file and run fleet up again)`,
            );
        }
    }

    if (operation === "destroy" && !opts.yes) {
        const ci = Boolean(process.env.CI) && process.env.CI !== "false";
        if (ci || !process.stdin.isTTY || !io.isTTY) {
            throw usage(`refusing to destroy ${regions.join(", ")} without --yes${ci ? " in CI" : " when no one can confirm at a terminal"}`);
        }
        const answer = await ask(`This destroys every resource of stack${regions.length === 1 ? "" : "s"} ${regions.join(", ")}. Type "destroy" to go on: `);
        if (answer.trim() !== "destroy") throw new FleetError("not destroyed", [], 1);
    }

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
    for (const f of writeStackFiles(model, dir, regions)) io.err(`wrote ${f}`);

    const orch = require("../../src/deploy/orchestrate") as typeof import("../../src/deploy/orchestrate");
    io.err(`${operation}: ${regions.join(", ")} (${Math.min(parallel, regions.length)} at a time)${policyPack ? `, policy pack ${policyPack}` : ""}`);
    const runner = auto.automationRunner({ operation, projectDir: dir, fleetDir: dir, policyPack, releaseSites: opts.releaseSite });
    const results = await orch.runRegions(regions, parallel, runner, (line) => io.out(line));
    io.out(orch.formatSummary(operation, results));
    const failed = results.filter((r) => !r.ok).length;
    if (failed > 0) throw new FleetError(`${operation} failed in ${failed} of ${results.length} region${results.length === 1 ? "" : "s"}`, [], 1);
}

function ask(question: string): Promise<string> {
    const readline = require("node:readline") as typeof import("node:readline");
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
    return new Promise((resolve) => rl.question(question, (a) => (rl.close(), resolve(a))));
}
