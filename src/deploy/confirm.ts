/**
 * `fleet up` on more than one stack (--all, --stacks, several --stack) previews every stack first
 * and deploys only after someone typed "yes" at a terminal; with no one there (CI, no TTY) it
 * refuses unless --yes. The preview and the prompt are handed in, so tests drive this with a
 * stand-in Pulumi CLI and scripted answers.
 */
import { FleetError } from "../model/diagnostics";
import { shortList } from "../util/short-list";
import { formatFanoutSummary, type StackResult } from "./fanout";
import { formatChanges } from "./orchestrate";

export interface ConfirmDeps {
    /** Someone can answer at a terminal: stdin and stderr are TTYs and CI is not set. */
    interactive: boolean;
    /** The preview fan-out over the same stacks (its output streams as it runs). */
    preview: () => Promise<StackResult[]>;
    ask: (question: string) => Promise<string>;
    write: (line: string) => void;
}

/** Whether an `up` on these stacks needs the preview and the question (more than one stack, or --all, and no --yes). */
export function needsConfirmation(stacks: readonly string[], opts: { all?: boolean; yes?: boolean }): boolean {
    return !opts.yes && (stacks.length > 1 || Boolean(opts.all));
}

/** The changes of every previewed stack added up, as `create 3, update 1` (or "no changes"). */
export function totalChanges(results: readonly StackResult[]): string {
    const sum: Record<string, number> = {};
    for (const r of results) for (const [k, n] of Object.entries(r.changes ?? {})) sum[k] = (sum[k] ?? 0) + n;
    return formatChanges(sum);
}

/** The usage error (exit 2) of an `up` on several stacks with no one at a terminal and no --yes. */
export function noTerminal(stacks: readonly string[]): FleetError {
    const shown = shortList(stacks, 6);
    return new FleetError(
        `refusing to deploy ${stacks.length} stack${stacks.length === 1 ? "" : "s"} (${shown}) without --yes when no one can confirm at a terminal; ` +
            "review `fleet preview` with the same selection, then run fleet up again with --yes",
        [],
        2,
    );
}

/**
 * Preview, show the summary, ask. Resolves when the update may go ahead; throws a FleetError
 * otherwise: exit 2 without a terminal (the fix: --yes), exit 1 for a failed preview or any
 * answer but "yes".
 */
export async function confirmUp(stacks: readonly string[], deps: ConfirmDeps): Promise<void> {
    if (!deps.interactive) throw noTerminal(stacks);
    const results = await deps.preview();
    deps.write(formatFanoutSummary("preview", results));
    const failed = results.filter((r) => r.status === "failed" || r.status === "skipped");
    if (failed.length > 0) {
        throw new FleetError(`the preview of ${failed.map((r) => r.stack).join(", ")} did not succeed; nothing was deployed`, [], 1);
    }
    const answer = await deps.ask(`Deploy ${stacks.length} stack${stacks.length === 1 ? "" : "s"} (${totalChanges(results)})? Type "yes" to go on: `);
    if (answer.trim() !== "yes") throw new FleetError("not deployed", [], 1);
}
