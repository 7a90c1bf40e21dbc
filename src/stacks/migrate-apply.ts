/**
 * `fleet migrate stacks --apply`: run the migration steps (src/stacks/migrate.ts) one by one with
 * the Pulumi CLI, stopping at the first failure. Rerunnable: stacks that exist are not created
 * again, and a site whose Site component is no longer in its region stack (moved by an earlier
 * run) is not moved again; the old token-exchange roles leave a region stack's state only while it
 * holds them (the `fleet migrate unmanage` step runs in this process). Commands run through `exec`, so tests use a stand-in Pulumi CLI.
 */
import * as path from "node:path";
import { FleetError } from "../model/diagnostics";
import type { StackInfo } from "./layout";
import { unmanageFile } from "./migrate-state";
import { formatSteps, migrationSteps, shellLine, siteStackRetainSteps, siteUrn, type MigrationStep } from "./migrate";

export interface ExecResult {
    status: number;
    stdout: string;
    stderr: string;
}

/** Runs one command (`pulumi ...` or `fleet ...`) in the project directory. */
export type Exec = (argv: string[]) => ExecResult;

export interface ApplyInput {
    project: string;
    layout: readonly StackInfo[];
    legacyRegions: readonly string[];
    secretsProvider?: string;
    /** The project directory (state files of the unmanage step are relative to it). */
    dir: string;
    exec: Exec;
    log: (line: string) => void;
}

/** Stack names the backend knows (`pulumi stack ls --json`). */
function existingStacks(exec: Exec): string[] {
    const r = exec(["pulumi", "stack", "ls", "--json"]);
    if (r.status !== 0)
        throw new FleetError(`pulumi stack ls failed: ${r.stderr.trim() || r.stdout.trim()}; log in to the backend (pulumi login) and run again`, [], 1);
    return (JSON.parse(r.stdout) as { name: string }[]).map((s) => s.name.split("/").pop()!);
}

/** URNs in a stack's state (`pulumi stack export`). */
function stateUrns(exec: Exec, stack: string): Set<string> {
    const r = exec(["pulumi", "stack", "export", "--stack", stack]);
    if (r.status !== 0) throw new FleetError(`pulumi stack export --stack ${stack} failed: ${r.stderr.trim()}`, [], 1);
    const doc = JSON.parse(r.stdout) as { deployment?: { resources?: { urn: string }[] } };
    return new Set((doc.deployment?.resources ?? []).map((x) => x.urn));
}

export function applyMigration(input: ApplyInput): { ran: MigrationStep[]; skipped: MigrationStep[] } {
    const existing = existingStacks(input.exec);
    const steps = migrationSteps({
        project: input.project,
        layout: input.layout,
        legacyRegions: input.legacyRegions,
        existing,
        secretsProvider: input.secretsProvider,
    });
    input.log(formatSteps(steps));
    // What each region stack holds now (before any step): a site that is not there moved already, or was never deployed.
    const inState = new Map(input.legacyRegions.map((r) => [r, stateUrns(input.exec, r)]));
    return runSteps(steps, inState, input, "fleet migrate stacks --apply");
}

/**
 * `fleet migrate retain-roles --apply`: per existing site stack of `regions`, take the site's old
 * token-exchange role out of the state (export, unmanage, import) while the state holds it.
 */
export function applyRetainRoles(input: Omit<ApplyInput, "legacyRegions" | "secretsProvider"> & { regions: readonly string[] }): {
    ran: MigrationStep[];
    skipped: MigrationStep[];
} {
    const existing = new Set(existingStacks(input.exec));
    const all = siteStackRetainSteps(input.project, input.layout, input.regions);
    for (const stack of new Set(all.filter((s) => !existing.has(s.stack)).map((s) => s.stack))) input.log(`skip: stack ${stack} does not exist`);
    const steps = all.filter((s) => existing.has(s.stack));
    input.log(formatSteps(steps));
    const inState = new Map([...new Set(steps.map((s) => s.stack))].map((stack) => [stack, stateUrns(input.exec, stack)]));
    return runSteps(steps, inState, input, "fleet migrate retain-roles --apply");
}

/** Runs the steps, skipping moves and role steps the state (read before any step) shows as done. */
function runSteps(
    steps: readonly MigrationStep[],
    inState: Map<string, Set<string>>,
    input: Pick<ApplyInput, "project" | "layout" | "dir" | "exec" | "log">,
    rerun: string,
): { ran: MigrationStep[]; skipped: MigrationStep[] } {
    const ran: MigrationStep[] = [];
    const skipped: MigrationStep[] = [];
    for (const step of steps) {
        const site = input.layout.find((s) => s.name === step.stack && s.kind === "site");
        if ((step.kind === "move" || step.kind === "init") && site) {
            const source = site.region!;
            if (!inState.get(source)?.has(siteUrn(source, input.project, site.sites[0]))) {
                input.log(
                    `skip: ${site.sites[0]} is not in stack ${source} (moved already, or never deployed)${step.kind === "init" ? "; no stack created" : ""}`,
                );
                skipped.push(step);
                continue;
            }
        }
        if (step.retain) {
            const held = step.retain.urns.filter((u) => inState.get(step.stack)?.has(u));
            if (held.length === 0) {
                if (step.kind === "export") input.log(`skip: no per-site token-exchange role in stack ${step.stack}'s state (none, or taken out before)`);
                skipped.push(step);
                continue;
            }
            if (step.kind === "unmanage") {
                input.log(`$ ${shellLine(step.argv)}`);
                input.log(unmanageFile(path.resolve(input.dir, step.retain.file), held));
                ran.push(step);
                continue;
            }
        }
        input.log(`$ ${shellLine(step.argv)}`);
        const r = input.exec(step.argv);
        if (r.stdout.trim()) input.log(r.stdout.trimEnd());
        if (r.status !== 0) {
            const why =
                step.kind === "verify"
                    ? "the preview shows changes: the move is not clean; read the preview above before any up"
                    : (r.stderr.trim().split("\n")[0] ?? "failed");
            throw new FleetError(`${shellLine(step.argv)} failed: ${why}\nfix it and run ${rerun} again: finished steps are skipped`, [], 1);
        }
        ran.push(step);
    }
    return { ran, skipped };
}
