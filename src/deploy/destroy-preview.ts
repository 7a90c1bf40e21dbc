/**
 * `fleet destroy` asks only after showing what goes: per stack, the resources its state holds
 * (what `pulumi destroy` deletes) and, by name, the data stores and device identities among them
 * with what happens to each: a protected store stops the destroy (Pulumi refuses to delete a
 * `protect`ed resource), a retained one (`retainOnDelete`) leaves the stack but stays in AWS.
 * The stack states are handed in (src/deploy/automation.ts stackState: `pulumi stack export`,
 * secrets left encrypted), so tests drive this with a stand-in Pulumi CLI and scripted answers.
 */
import { FleetError } from "../model/diagnostics";
import { criticalityOf, type Criticality } from "../diff/replace";
import { describeFailure } from "./fanout";
import { shortList } from "../util/short-list";

/** One resource of a stack's state, as `pulumi stack export` lists it. */
export interface StateResource {
    urn: string;
    type: string;
    custom?: boolean;
    protect?: boolean;
    retainOnDelete?: boolean;
}

/** What destroying one stack does: its resource count and the critical resources by name; `missing` when the stack does not exist. */
export interface DestroyPreview {
    stack: string;
    resources: number;
    critical: { kind: Criticality; type: string; name: string; fate: "deleted" | "stops the destroy (protected)" | "kept in AWS (retainOnDelete)" }[];
    missing?: boolean;
    /** The first line of the failure to read the state. */
    error?: string;
}

/** The resources of a `pulumi stack export` document (version 3 deployments). */
export function stateResources(exported: unknown): StateResource[] {
    const resources = (exported as { deployment?: { resources?: unknown } } | null)?.deployment?.resources;
    return Array.isArray(resources) ? resources.filter((r): r is StateResource => typeof r?.urn === "string" && typeof r?.type === "string") : [];
}

/** The name part of a URN (`urn:pulumi:stack::project::type::name`). */
const nameOf = (urn: string): string => urn.slice(urn.lastIndexOf("::") + 2);

/** What destroying a stack with these resources deletes: custom resources only (not the stack, components or providers). */
export function destroyPreview(stack: string, resources: readonly StateResource[]): DestroyPreview {
    const real = resources.filter((r) => r.custom !== false && r.type !== "pulumi:pulumi:Stack" && !r.type.startsWith("pulumi:providers:"));
    const critical: DestroyPreview["critical"] = [];
    for (const r of real) {
        const kind = criticalityOf(r.type);
        if (kind !== "data store" && kind !== "device identity") continue;
        const fate = r.protect ? "stops the destroy (protected)" : r.retainOnDelete ? "kept in AWS (retainOnDelete)" : "deleted";
        critical.push({ kind, type: r.type.split(":").pop()!, name: nameOf(r.urn), fate });
    }
    critical.sort((a, b) => (a.kind === b.kind ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a.kind === "data store" ? -1 : 1));
    return { stack, resources: real.length, critical };
}

/** The preview of one stack from its state reader; a failure to read it becomes the preview's error (nothing is destroyed then). */
export async function previewStack(
    stack: string,
    read: (stack: string) => Promise<{ missing: true } | { resources: StateResource[] }>,
): Promise<DestroyPreview> {
    try {
        const state = await read(stack);
        return "missing" in state ? { stack, resources: 0, critical: [], missing: true } : destroyPreview(stack, state.resources);
    } catch (e) {
        return { stack, resources: 0, critical: [], error: describeFailure(e).summary };
    }
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

/** The preview shown before the question: one block per stack, a total line. */
export function formatDestroyPreview(previews: readonly DestroyPreview[]): string[] {
    const lines: string[] = [];
    for (const p of previews) {
        if (p.error !== undefined) {
            lines.push(`${p.stack}: could not read its state: ${p.error}`);
            continue;
        }
        if (p.missing) {
            lines.push(`${p.stack}: no such stack (nothing to destroy)`);
            continue;
        }
        const stores = p.critical.filter((c) => c.kind === "data store").length;
        const ids = p.critical.length - stores;
        lines.push(`${p.stack}: ${plural(p.resources, "resource")}, ${plural(stores, "data store")}, ${plural(ids, "device identity resource")}`);
        for (const c of p.critical) lines.push(`  ${c.kind} ${c.type} ${c.name}: ${c.fate}`);
    }
    const total = previews.reduce((n, p) => n + p.resources, 0);
    lines.push(`in all: ${plural(total, "resource")} in ${plural(previews.filter((p) => !p.missing && p.error === undefined).length, "stack")}`);
    return lines;
}

export interface DestroyConfirmDeps {
    /** Someone can answer at a terminal: stdin and stderr are TTYs and CI is not set. */
    interactive: boolean;
    /** The preview of every stack (reads the states; changes nothing). */
    preview: () => Promise<DestroyPreview[]>;
    ask: (question: string) => Promise<string>;
    write: (line: string) => void;
}

/** The usage error (exit 2) of a destroy with no one at a terminal and no --yes. */
export function destroyNoTerminal(stacks: readonly string[], ci: boolean): FleetError {
    const shown = shortList(stacks, 6);
    return new FleetError(`refusing to destroy ${shown} without --yes${ci ? " in CI" : " when no one can confirm at a terminal"}`, [], 2);
}

/**
 * Show the preview, ask. Resolves when the destroy may go ahead; throws a FleetError otherwise:
 * exit 2 without a terminal (the fix: --yes), exit 1 when a state cannot be read or for any
 * answer but "destroy".
 */
export async function confirmDestroy(stacks: readonly string[], deps: DestroyConfirmDeps & { ci?: boolean }): Promise<void> {
    if (!deps.interactive) throw destroyNoTerminal(stacks, Boolean(deps.ci));
    const previews = await deps.preview();
    for (const line of formatDestroyPreview(previews)) deps.write(line);
    const unread = previews.filter((p) => p.error !== undefined);
    if (unread.length > 0) throw new FleetError(`could not read the state of ${unread.map((p) => p.stack).join(", ")}; nothing was destroyed`, [], 1);
    const blocked = previews.filter((p) => p.critical.some((c) => c.fate === "stops the destroy (protected)")).map((p) => p.stack);
    if (blocked.length > 0)
        deps.write(
            `note: protected data stores stop the destroy of ${blocked.join(", ")}; to delete their data on purpose, \`pulumi state unprotect\` them first`,
        );
    const answer = await deps.ask(`This destroys ${plural(stacks.length, "stack")} (${stacks.join(", ")}). Type "destroy" to go on: `);
    if (answer.trim() !== "destroy") throw new FleetError("not destroyed", [], 1);
}
