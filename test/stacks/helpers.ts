/** The example fleet's model, loaded once per test process (it is never mutated: tests clone it). */
import * as path from "node:path";
import { loadFleet } from "../../src/model/load";
import type { FleetModel } from "../../src/model/types";

export const ROOT = path.resolve(__dirname, "..", "..", "..");

let example: FleetModel | undefined;

export function exampleModel(): FleetModel {
    if (!example) {
        const r = loadFleet(ROOT, { cache: false });
        if (!r.model) throw new Error(`the example fleet does not load: ${JSON.stringify(r.diagnostics)}`);
        example = r.model;
    }
    return example;
}
