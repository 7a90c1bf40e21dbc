/** The one place tests load the example fleet and fixture fleets from. */
import * as path from "node:path";
import { loadFleet } from "../../src/model/load";
import type { FleetModel } from "../../src/model/types";

/** The repository root (tests run from dist/test/...). */
export const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");
export const ALL_OPTIONS_DIR = path.join(REPO_ROOT, "test", "fixtures", "fleets", "all-options");

/** The fleet in `dir`; throws with the loader's diagnostics when it does not load. */
export function fleetAt(dir: string): FleetModel {
    const { model, diagnostics } = loadFleet(dir);
    if (!model) throw new Error(`fleet ${dir} does not load: ${diagnostics.map((d) => `${d.file}: ${d.message}`).join("; ")}`);
    return model;
}

const loaded = new Map<string, FleetModel>();

/** A fresh deep copy of the fleet in `dir`, loaded once per process: tests may change it. */
export function cachedFleet(dir: string): FleetModel {
    let model = loaded.get(dir);
    if (!model) {
        model = fleetAt(dir);
        loaded.set(dir, model);
    }
    return structuredClone(model);
}

/** The example fleet of the repository root (fleet.yaml, sites/). */
export const exampleFleet = (): FleetModel => cachedFleet(REPO_ROOT);
/** test/fixtures/fleets/all-options: every optional service on. */
export const allOptionsFleet = (): FleetModel => cachedFleet(ALL_OPTIONS_DIR);
