/**
 * `fleet migrate unmanage`: take resources out of an exported stack state (`pulumi stack export
 * --file`) without touching them in the cloud, for `pulumi stack import` to load back. Unlike
 * `pulumi state delete`, which refuses a resource others depend on and with --target-dependents
 * drops those too (https://www.pulumi.com/docs/iac/cli/commands/pulumi_state_delete/), it keeps
 * the dependents and drops only their references to what leaves (`dependencies`,
 * `propertyDependencies`, `deletedWith`): the next `up` then updates a dependent (a role alias that
 * now names another role) instead of creating it again. A resource that still has children is
 * refused: its children would name a missing parent.
 */
import { FleetError } from "../model/diagnostics";
import { writeFileAtomic } from "../util/atomic-write";

interface StateResource {
    urn: string;
    parent?: string;
    dependencies?: string[];
    propertyDependencies?: Record<string, string[]>;
    deletedWith?: string;
    [key: string]: unknown;
}

export interface StateDocument {
    deployment?: { resources?: StateResource[]; [key: string]: unknown };
    [key: string]: unknown;
}

export interface UnmanageResult {
    doc: StateDocument;
    /** URNs taken out, in the order asked. */
    removed: string[];
    /** URNs asked for that the state does not hold (left already, or never created). */
    absent: string[];
    /** References to removed URNs dropped from the resources that stay. */
    references: number;
}

export function unmanage(doc: StateDocument, urns: readonly string[]): UnmanageResult {
    const resources = doc.deployment?.resources ?? [];
    const held = new Set(resources.map((r) => r.urn));
    const removed = urns.filter((u) => held.has(u));
    const gone = new Set(removed);
    const orphans = resources.filter((r) => !gone.has(r.urn) && r.parent !== undefined && gone.has(r.parent));
    if (orphans.length > 0)
        throw new FleetError(
            `cannot take ${orphans[0].parent} out of the state: ${orphans.length} resource(s) name it as parent (${orphans.map((r) => r.urn).join(", ")}); take those out too`,
            [],
            1,
        );
    let references = 0;
    const keep = (list: string[]) => {
        const kept = list.filter((u) => !gone.has(u));
        references += list.length - kept.length;
        return kept;
    };
    const rest = resources
        .filter((r) => !gone.has(r.urn))
        .map((r) => {
            const out: StateResource = { ...r };
            if (r.dependencies) out.dependencies = keep(r.dependencies);
            if (r.propertyDependencies) out.propertyDependencies = Object.fromEntries(Object.entries(r.propertyDependencies).map(([k, v]) => [k, keep(v)]));
            if (r.deletedWith !== undefined && gone.has(r.deletedWith)) {
                delete out.deletedWith;
                references++;
            }
            return out;
        });
    return {
        doc: { ...doc, deployment: { ...doc.deployment, resources: rest } },
        removed,
        absent: urns.filter((u) => !held.has(u)),
        references,
    };
}

/** Reads an exported state file, takes `urns` out, writes it back; the line to print. */
export function unmanageFile(file: string, urns: readonly string[]): string {
    const fs = require("node:fs") as typeof import("node:fs");
    if (!fs.existsSync(file)) throw new FleetError(`${file}: no such file; write it first with pulumi stack export --stack <stack> --file ${file}`, [], 1);
    let doc: StateDocument;
    try {
        doc = JSON.parse(fs.readFileSync(file, "utf8")) as StateDocument;
    } catch (e) {
        throw new FleetError(`${file}: not JSON (${(e as Error).message}); write it with pulumi stack export --file`, [], 1);
    }
    if (!Array.isArray(doc.deployment?.resources)) throw new FleetError(`${file}: no deployment.resources; is it the output of pulumi stack export?`, [], 1);
    const r = unmanage(doc, urns);
    // Atomically, keeping the file's mode: an interrupted write must not leave half a state to import.
    writeFileAtomic(file, `${JSON.stringify(r.doc, null, 4)}\n`, fs.statSync(file).mode & 0o777);
    return `${file}: ${r.removed.length} resource(s) taken out of the state (not deleted), ${r.references} reference(s) to them dropped, ${r.absent.length} not in the state`;
}
