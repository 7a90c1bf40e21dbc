/**
 * Run one operation (preview, up, destroy) on several region stacks, at most N at a time, with
 * every output line prefixed by its region, and a summary at the end. The Pulumi work itself is
 * a `RegionRunner`, so tests drive this with a fake and the CLI with the Automation API.
 */
export type Operation = "preview" | "up" | "destroy";

export interface RegionResult {
    region: string;
    ok: boolean;
    /** Resource operation counts (`create`, `update`, `same`, …) when the run reported them. */
    changes?: Record<string, number>;
    /** The first line of the failure, for the summary. */
    error?: string;
}

/** Runs the operation on one region; `log` takes raw output (any chunking). */
export type RegionRunner = (region: string, log: (text: string) => void) => Promise<Omit<RegionResult, "region" | "ok">>;

/** Splits chunks into lines and prefixes each complete line with `[region] `. */
export class LinePrefixer {
    private buffer = "";
    constructor(
        private readonly prefix: string,
        private readonly write: (line: string) => void,
    ) {}
    push(chunk: string): void {
        this.buffer += chunk.replace(/\r\n/g, "\n");
        let nl: number;
        while ((nl = this.buffer.indexOf("\n")) >= 0) {
            this.write(`${this.prefix}${this.buffer.slice(0, nl)}`);
            this.buffer = this.buffer.slice(nl + 1);
        }
    }
    flush(): void {
        if (this.buffer.length > 0) this.write(`${this.prefix}${this.buffer}`);
        this.buffer = "";
    }
}

/** Run `runner` on every region, at most `parallel` at once; results in the order of `regions`. */
export async function runRegions(regions: string[], parallel: number, runner: RegionRunner, write: (line: string) => void): Promise<RegionResult[]> {
    const results: RegionResult[] = new Array(regions.length);
    let next = 0;
    const worker = async () => {
        while (next < regions.length) {
            const i = next++;
            const region = regions[i];
            const out = new LinePrefixer(`[${region}] `, write);
            try {
                const r = await runner(region, (t) => out.push(t));
                out.flush();
                results[i] = { region, ok: true, ...r };
            } catch (e) {
                out.flush();
                const message = ((e as Error)?.message ?? String(e))
                    .split("\n")
                    .map((l) => l.trim())
                    .filter(Boolean);
                for (const line of message.slice(0, 20)) write(`[${region}] ${line}`);
                results[i] = { region, ok: false, error: summarizeError(message) };
            }
        }
    };
    const n = Math.max(1, Math.min(parallel, regions.length));
    await Promise.all(Array.from({ length: n }, worker));
    return results;
}

/** The line of an error worth showing in a summary: Pulumi's `error:` line when there is one. */
function summarizeError(lines: string[]): string {
    const bare = lines.map((l) => l.replace(/^(stdout|stderr|err\?):\s*/i, "")).filter((l) => l && !/^code: -?\d+$/.test(l));
    return (bare.find((l) => /^error:/i.test(l)) ?? bare[0] ?? lines[0] ?? "failed").slice(0, 200);
}

const ORDER = ["create", "update", "replace", "delete", "same"];

export function formatChanges(changes: Record<string, number> | undefined): string {
    if (!changes) return "";
    const keys = Object.keys(changes).sort((a, b) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99) || a.localeCompare(b));
    return (
        keys
            .filter((k) => changes[k] > 0)
            .map((k) => `${k} ${changes[k]}`)
            .join(", ") || "no changes"
    );
}

export function formatSummary(operation: Operation, results: RegionResult[]): string {
    const width = Math.max(...results.map((r) => r.region.length));
    const failed = results.filter((r) => !r.ok).length;
    return [
        `summary of ${operation}:`,
        ...results.map((r) => `  ${r.region.padEnd(width)}  ${r.ok ? "ok    " : "FAILED"}  ${r.ok ? formatChanges(r.changes) : (r.error ?? "")}`.trimEnd()),
        `${results.length} region${results.length === 1 ? "" : "s"}: ${results.length - failed} ok, ${failed} failed`,
    ].join("\n");
}
