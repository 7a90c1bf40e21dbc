/** Helpers of the reliability suite: fleet copies, edits, plans and URN comparisons. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadFleet } from "../../src/model/load";
import type { FleetModel } from "../../src/model/types";
import { planRegion, type PlannedResource } from "../../src/plan/plan";

export const ROOT = path.resolve(__dirname, "..", "..", "..");

/** A fresh copy of the example fleet's files in a temp dir. */
export function copyFleet(from = ROOT, prefix = "fleet-rel-"): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    for (const entry of ["fleet.yaml", "sites", "certs"]) {
        const src = path.join(from, entry);
        if (fs.existsSync(src)) fs.cpSync(src, path.join(dir, entry), { recursive: true });
    }
    return dir;
}

export function load(dir: string): FleetModel {
    const r = loadFleet(dir);
    if (!r.model) throw new Error(`${dir}: invalid fleet: ${r.diagnostics.map((d) => `${d.file}:${d.line ?? ""} ${d.message}`).join("; ")}`);
    return r.model;
}

/** Every region's plan, resources concatenated. */
export async function planAll(model: FleetModel, regions = model.regions.map((r) => r.name)): Promise<PlannedResource[]> {
    const out: PlannedResource[] = [];
    for (const r of regions) out.push(...(await planRegion(model, r)).resources);
    return out;
}

/** Replace exactly one occurrence (fails loudly when the example drifts). */
export function editOnce(file: string, from: string, to: string): void {
    const text = fs.readFileSync(file, "utf8");
    const at = text.indexOf(from);
    if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`${file}: expected exactly one ${JSON.stringify(from)}`);
    fs.writeFileSync(file, text.slice(0, at) + to + text.slice(at + from.length));
}

/** JSON with object keys sorted: the engine compares property maps, not their key order. */
function canonical(value: unknown): string {
    const sort = (v: unknown): unknown =>
        Array.isArray(v)
            ? v.map(sort)
            : v && typeof v === "object"
              ? Object.fromEntries(
                    Object.keys(v as object)
                        .sort()
                        .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
                )
              : v;
    return JSON.stringify(sort(value));
}

/** What identifies a resource and everything the engine would compare: URN -> inputs and options. */
export function fingerprint(resources: PlannedResource[]): Map<string, string> {
    return new Map(
        resources.map((r) => [
            r.urn,
            canonical({
                inputs: r.inputs,
                protect: r.protect,
                retainOnDelete: r.retainOnDelete,
                deleteBeforeReplace: r.deleteBeforeReplace,
                dependsOn: [...r.dependsOn].sort(),
                parent: r.parent,
            }),
        ]),
    );
}

/** URNs whose fingerprints differ between two plans (added, removed or changed). */
export function differingUrns(a: Map<string, string>, b: Map<string, string>): string[] {
    const out = new Set<string>();
    for (const [k, v] of a) if (b.get(k) !== v) out.add(k);
    for (const k of b.keys()) if (!a.has(k)) out.add(k);
    return [...out].sort();
}

export const rm = (dir: string) => fs.rmSync(dir, { recursive: true, force: true });
