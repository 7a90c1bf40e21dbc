/**
 * The three fleets the fidelity suite checks, each planned once per test process and shared by
 * every fidelity test: the example fleet, the all-options fixture and a small generated fleet
 * (8 sites over 2 regions). Secrets are kept (revealSecrets) so that generated passwords can be
 * checked against the provider's patterns.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { writeFleet } from "../../src/generate";
import { loadFleet } from "../../src/model/load";
import type { FleetModel } from "../../src/model/types";
import { type PlannedResource, type RegionPlan, planRegion } from "../../src/plan/plan";

export const ROOT = path.resolve(__dirname, "..", "..", "..");

export interface FidelityFleet {
    name: string;
    model: FleetModel;
    plans: RegionPlan[];
    /** Every resource of every region. */
    resources: PlannedResource[];
}

async function planFleet(name: string, dir: string): Promise<FidelityFleet> {
    const loaded = loadFleet(dir);
    if (!loaded.model) throw new Error(`fidelity fleet ${name} does not load: ${loaded.diagnostics.map((d) => d.message).join("; ")}`);
    const plans: RegionPlan[] = [];
    for (const region of loaded.model.regions.map((r) => r.name).sort())
        plans.push(await planRegion(loaded.model, region, { revealSecrets: true, awsShapedMocks: true }));
    return { name, model: loaded.model, plans, resources: plans.flatMap((p) => p.resources) };
}

let cached: Promise<FidelityFleet[]> | undefined;

/** The fleets, planned on first use. */
export function fidelityFleets(): Promise<FidelityFleet[]> {
    cached ??= (async () => {
        const generated = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-fidelity-"));
        try {
            writeFleet(generated, { sites: 8, gateways: 2, equipment: 3, seed: 17, regions: 2 }, { force: true });
            return [
                await planFleet("example", ROOT),
                await planFleet("all-options", path.join(ROOT, "test", "fixtures", "fleets", "all-options")),
                await planFleet("generated-8", generated),
            ];
        } finally {
            fs.rmSync(generated, { recursive: true, force: true });
        }
    })();
    return cached;
}

/** Resources of `type` in a fleet. */
export const ofType = (f: FidelityFleet, type: string): PlannedResource[] => f.resources.filter((r) => r.type === type);

/** JSON documents may arrive as strings or objects. */
export function doc<T = Record<string, unknown>>(v: unknown): T {
    return (typeof v === "string" ? JSON.parse(v) : v) as T;
}
