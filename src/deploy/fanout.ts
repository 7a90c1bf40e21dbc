/**
 * Fan-out over many stacks: every stack runs after the stacks it depends on (global, then
 * platforms, then sites; destroy runs it backwards), at most `perAccount` at once in each AWS
 * account (the AWS API rate limits are per account, not our CPU), and a journal records each
 * stack that finished so a rerun with `resume` skips them. The Pulumi work itself is a
 * `StackRunner`: the Automation API in the CLI, a stand-in in tests.
 */
import type { Operation } from "./orchestrate";
import { LinePrefixer } from "./orchestrate";

export interface FanoutStack {
    name: string;
    account?: string;
    dependsOn: string[];
}

export type StackStatus = "ok" | "failed" | "skipped" | "done-before";

export interface StackResult {
    stack: string;
    status: StackStatus;
    changes?: Record<string, number>;
    /** The first line of the failure, or why the stack was skipped. */
    error?: string;
}

/** Runs the operation on one stack; `log` takes raw output (any chunking). */
export type StackRunner = (stack: string, log: (text: string) => void) => Promise<{ changes?: Record<string, number> }>;

/** The record of a fan-out so far: stacks that finished ok, per operation. */
export interface Journal {
    operation: Operation;
    /** Stack name → ISO time it finished ok. */
    done: Record<string, string>;
}

export interface FanoutOptions {
    operation: Operation;
    /** Stacks at once per account (stacks without an account share the budget of `default`). */
    perAccount: number;
    /** A journal from an earlier run of the same operation: its stacks are skipped. */
    resume?: Journal;
    /** Called after every stack that finished ok, with the journal so far (the CLI writes it to disk). */
    onJournal?: (journal: Journal) => void;
    write: (line: string) => void;
    now?: () => Date;
}

const accountOf = (s: FanoutStack) => s.account ?? "default";

/**
 * What must finish before `stack` may start: its dependencies for preview and up; for destroy,
 * the stacks that depend on it (a platform goes after its sites).
 */
export function prerequisites(stacks: readonly FanoutStack[], operation: Operation): Map<string, string[]> {
    const pre = new Map<string, string[]>(stacks.map((s) => [s.name, []]));
    for (const s of stacks) {
        for (const d of s.dependsOn) {
            if (!pre.has(d)) continue;
            if (operation === "destroy") pre.get(d)!.push(s.name);
            else pre.get(s.name)!.push(d);
        }
    }
    return pre;
}

/** Run every stack in dependency order under the per-account budget; results in the order of `stacks`. */
export async function runStacks(stacks: readonly FanoutStack[], opts: FanoutOptions, runner: StackRunner): Promise<StackResult[]> {
    if (!Number.isInteger(opts.perAccount) || opts.perAccount < 1) throw new Error(`perAccount must be a whole number of 1 or more, not ${opts.perAccount}`);
    const pre = prerequisites(stacks, opts.operation);
    const results = new Map<string, StackResult>();
    const journal: Journal = { operation: opts.operation, done: { ...(opts.resume?.operation === opts.operation ? opts.resume.done : {}) } };
    for (const s of stacks) if (journal.done[s.name]) results.set(s.name, { stack: s.name, status: "done-before" });
    const running = new Set<string>();
    const perAccount = new Map<string, number>();
    const now = opts.now ?? (() => new Date());

    return new Promise((resolve) => {
        let active = 0;
        const settled = (name: string) => results.has(name);
        const okish = (name: string) => ["ok", "done-before"].includes(results.get(name)?.status ?? "");
        const pump = () => {
            // Skip stacks whose prerequisites failed or were skipped; repeat until nothing changes.
            let changed = true;
            while (changed) {
                changed = false;
                for (const s of stacks) {
                    if (settled(s.name)) continue;
                    const blocked = pre.get(s.name)!.find((p) => settled(p) && !okish(p));
                    if (blocked) {
                        results.set(s.name, {
                            stack: s.name,
                            status: "skipped",
                            error: `${blocked} did not ${opts.operation === "destroy" ? "go first" : "succeed"}`,
                        });
                        changed = true;
                    }
                }
            }
            for (const s of stacks) {
                if (settled(s.name) || running.has(s.name)) continue;
                if (!pre.get(s.name)!.every(okish)) continue;
                const account = accountOf(s);
                if ((perAccount.get(account) ?? 0) >= opts.perAccount) continue;
                running.add(s.name);
                perAccount.set(account, (perAccount.get(account) ?? 0) + 1);
                active++;
                void start(s).then(() => {
                    running.delete(s.name);
                    perAccount.set(account, perAccount.get(account)! - 1);
                    active--;
                    pump();
                });
            }
            if (active === 0) resolve(stacks.map((s) => results.get(s.name) ?? { stack: s.name, status: "skipped", error: "never ready" }));
        };
        const start = async (s: FanoutStack) => {
            const prefix = `[${s.name}] `;
            const streamed = new Set<string>();
            const out = new LinePrefixer(prefix, (line) => {
                streamed.add(line.slice(prefix.length).trim());
                opts.write(line);
            });
            try {
                const r = await runner(s.name, (t) => out.push(t));
                out.flush();
                results.set(s.name, { stack: s.name, status: "ok", ...(r.changes ? { changes: r.changes } : {}) });
                journal.done[s.name] = now().toISOString();
                opts.onJournal?.({ operation: journal.operation, done: { ...journal.done } });
            } catch (e) {
                out.flush();
                const failure = describeFailure(e, streamed);
                for (const line of failure.lines.slice(0, 20)) opts.write(`${prefix}${line}`);
                results.set(s.name, { stack: s.name, status: "failed", error: failure.summary });
            }
        };
        pump();
    });
}

/**
 * What to print of a failed stack's error, once: the Automation API's CommandError repeats the
 * whole output of the Pulumi CLI in its message (`code: N`, ` stdout: ...`, ` stderr: ...`), and
 * the stdout was streamed already. So: the stderr lines (or the message's lines) that were not
 * streamed, and for the summary Pulumi's first `error:` line (from anywhere) or the first line.
 */
export function describeFailure(e: unknown, streamed: ReadonlySet<string> = new Set()): { lines: string[]; summary: string } {
    const split = (text: string | undefined) =>
        (text ?? "")
            .split("\n")
            .map((l) => l.trim())
            .filter(Boolean);
    const result = (e as { commandResult?: { stdout?: string; stderr?: string; code?: number } } | undefined)?.commandResult;
    const own = result ? split(result.stderr) : split((e as Error)?.message ?? String(e));
    const fresh = [...new Set(own)].filter((l) => !streamed.has(l));
    const everything = [...own, ...split(result?.stdout), ...streamed];
    const summary =
        everything.find((l) => /^error:/i.test(l)) ??
        fresh[0] ??
        own[0] ??
        (result?.code !== undefined ? `the Pulumi CLI exited with code ${result.code}` : "failed");
    return { lines: fresh.length > 0 ? fresh : streamed.has(summary) ? [] : [summary], summary: summary.slice(0, 200) };
}

/** The summary printed after a fan-out: counts per status, then every stack that did not succeed. */
export function formatFanoutSummary(operation: Operation, results: readonly StackResult[]): string {
    const by = (st: StackStatus) => results.filter((r) => r.status === st);
    const lines = [
        `summary of ${operation}: ${results.length} stack${results.length === 1 ? "" : "s"}: ${by("ok").length} ok, ${by("done-before").length} done before (resumed), ${by("failed").length} failed, ${by("skipped").length} skipped`,
    ];
    for (const r of results)
        if (r.status === "failed" || r.status === "skipped") lines.push(`  ${r.stack}  ${r.status.toUpperCase()}  ${r.error ?? ""}`.trimEnd());
    return lines.join("\n");
}

/** Journal file name in the fleet directory. */
export function journalFile(operation: Operation): string {
    return `.fleet/${operation}-journal.json`;
}

/** Parse a journal file's text; undefined when it is not one (a broken journal resumes nothing, it never skips a stack wrongly). */
export function parseJournal(text: string): Journal | undefined {
    try {
        const j = JSON.parse(text) as Partial<Journal>;
        if ((j.operation === "preview" || j.operation === "up" || j.operation === "destroy") && j.done && typeof j.done === "object") {
            const done: Record<string, string> = {};
            for (const [k, v] of Object.entries(j.done)) if (typeof v === "string") done[k] = v;
            return { operation: j.operation, done };
        }
    } catch {
        // not JSON
    }
    return undefined;
}
