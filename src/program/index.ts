/**
 * The Pulumi program (`main` in Pulumi.yaml). A stack named `<region>.<site>` is a site stack, a
 * region stack with `fleet:layout: stacks` a platform stack (src/program/stacks.ts); otherwise
 * one stack per region holds the platform and its sites, as before the stack layout. The region is the
 * `fleet:region` config value, else the stack name (the stack `global` runs src/program/global.ts); `fleet:sites` (optional) limits the stack to
 * some of the region's sites. Loads and validates the fleet, builds the region, and exports
 * what operators need (IoT endpoints, provisioning templates, buckets, dashboard URL).
 *
 * The fleet directory is FLEET_DIR (set by `fleet preview|up|destroy`), else the project
 * directory Pulumi runs the program in when it holds fleet.yaml, else the tool's own directory.
 */
import * as pulumi from "@pulumi/pulumi";
import { FleetError, formatDiagnostic } from "../model/diagnostics";
import { loadFleet } from "../model/load";
import { SHARED_ARTIFACTS_OUTPUT } from "../edge/shared-artifacts";
import { buildRegion, fleetDirectory, stackOutputs } from "./build";
import { globalProgram, isGlobalStack } from "./global";
import { loadForSiteStack } from "./partial-load";
import { SITE_REFS_OUTPUT, siteRefsOutput, stackProgram } from "./stacks";

function load() {
    const dir = fleetDirectory(process.env, process.cwd());
    // No knownRules: suppression names are checked by `fleet validate` and the policy pack, which know
    // the rules; the program sits below the pack in the layers and builds the same stacks either way.
    // A site stack reads fleet.yaml and its own site file only (src/program/partial-load.ts).
    const result = loadForSiteStack(dir, pulumi.getStack(), { cache: true }) ?? loadFleet(dir, { cache: true });
    if (!result.model) {
        const lines = result.diagnostics.map(formatDiagnostic).join("\n");
        throw new pulumi.RunError(`the fleet files in ${dir} are invalid; fix these and run again:\n${lines}`);
    }
    return result.model;
}

function run() {
    const config = new pulumi.Config("fleet");
    const model = load();
    // The `global` stack holds the delivery pipeline and the Pulumi state backend.
    if (isGlobalStack(pulumi.getStack())) return globalProgram(model);
    const region = config.get("region") ?? pulumi.getStack();
    const only = config.getObject<string[]>("sites");
    try {
        // The stack layout (docs/operations.md "Stack layout"): a site stack, or a platform stack once its sites have moved out.
        const layout = stackProgram(model, pulumi.getStack(), { layout: config.get("layout"), platformRefPrefix: config.get("stackReferencePrefix") });
        if (layout) return layout;
        const stack = buildRegion(model, region, { sites: only });
        // siteRefs: what site stacks read once their sites move out (src/stacks/migrate.ts, step 1).
        return {
            ...stackOutputs(stack, model),
            [SITE_REFS_OUTPUT]: siteRefsOutput(stack.platform.refs),
            [SHARED_ARTIFACTS_OUTPUT]: stack.platform.edgeAccess.sharedArtifactKeys,
        };
    } catch (e) {
        // Unknown region or site: say which config to fix, without a stack trace.
        if (e instanceof FleetError)
            throw new pulumi.RunError(
                `stack ${pulumi.getStack()}: ${e.message} (set fleet:region or fleet:sites in Pulumi.${pulumi.getStack()}.yaml, or run fleet stacks --write)`,
            );
        throw e;
    }
}

module.exports = run();
