/**
 * The Pulumi program (`main` in Pulumi.yaml): one stack per region. The region is the
 * `fleet:region` config value, else the stack name. Loads and validates the fleet in the project
 * directory, then builds the region.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { formatDiagnostic } from "../model/diagnostics";
import { loadFleet } from "../model/load";
import { buildRegion, stackOutputs } from "./build";

function load() {
    const dir = process.env.FLEET_DIR ?? path.resolve(__dirname, "..", "..", "..");
    const result = loadFleet(dir);
    if (!result.model) {
        const lines = result.diagnostics.map(formatDiagnostic).join("\n");
        throw new pulumi.RunError(`the fleet files in ${dir} are invalid; fix these and run again:\n${lines}`);
    }
    return result.model;
}

const config = new pulumi.Config("fleet");
const model = load();
const region = config.get("region") ?? pulumi.getStack();
const only = config.getObject<string[]>("sites");
const stack = buildRegion(model, region, { sites: only });
module.exports = stackOutputs(stack);
