/**
 * Region plans of the example fleet, made once per test process and shared by every test file
 * that reads them: a plan of the example region costs about a second of CPU, and several files
 * read the same one. The resources are frozen (deeply), so a test that changes a shared plan
 * fails at the change instead of corrupting the plans of later files.
 */
import type { FleetModel } from "../../src/model/types";
import type { PlannedResource } from "../../src/plan/plan";
import { exampleFleet } from "./fleets";

const plans = new Map<string, Promise<readonly PlannedResource[]>>();

function deepFreeze<T>(value: T): T {
    if (value && typeof value === "object" && !Object.isFrozen(value)) {
        Object.freeze(value);
        for (const v of Object.values(value)) deepFreeze(v);
    }
    return value;
}

/**
 * The resources of `planRegion(fleet(), region)`, planned on the first call for `key` and shared
 * (frozen) after. `key` names the fleet: the same key must always mean the same fleet.
 */
export function sharedRegionPlan(key: string, fleet: () => FleetModel, region: string): Promise<readonly PlannedResource[]> {
    const id = `${key}\0${region}`;
    let plan = plans.get(id);
    if (!plan) {
        const { planRegion } = require("../../src/plan/plan") as typeof import("../../src/plan/plan");
        plan = planRegion(fleet(), region).then((p) => deepFreeze(p.resources));
        // A failed plan is not kept: the next file asks again and sees the error itself.
        plan.catch(() => plans.delete(id));
        plans.set(id, plan);
    }
    return plan;
}

/** The example fleet's plan of `region` (the repository's fleet.yaml and sites/), shared. */
export const examplePlan = (region: string): Promise<readonly PlannedResource[]> => sharedRegionPlan("example", exampleFleet, region);
