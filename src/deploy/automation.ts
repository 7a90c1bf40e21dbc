/**
 * The real RegionRunner: the Pulumi Automation API on the region's stack in the fleet's
 * project directory, with the policy pack attached to preview and up.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Operation, RegionRunner } from "./orchestrate";

/** The tool's own root (holding Pulumi.yaml, policies/ and dist/). */
export const TOOL_ROOT = path.resolve(__dirname, "..", "..", "..");

/** The policy pack directory: an explicit one, else the tool's compiled or source pack. */
export function findPolicyPack(explicit?: string): string | undefined {
    const candidates = explicit ? [path.resolve(explicit)] : [path.join(TOOL_ROOT, "dist", "policies"), path.join(TOOL_ROOT, "policies")];
    return candidates.find((d) => fs.existsSync(path.join(d, "PulumiPolicy.yaml")));
}

export interface AutomationOptions {
    operation: Operation;
    /** Directory with Pulumi.yaml and the stack files. */
    projectDir: string;
    /** The fleet directory the program loads (FLEET_DIR). */
    fleetDir: string;
    policyPack?: string;
    /** Sites whose device identities the update stops retaining (`fleet:releaseSites`, added to what is there). */
    releaseSites?: string[];
}

export function automationRunner(opts: AutomationOptions): RegionRunner {
    return async (region, log) => {
        const auto = require("@pulumi/pulumi/automation") as typeof import("@pulumi/pulumi/automation");
        const stack = await auto.LocalWorkspace.createOrSelectStack(
            { stackName: region, workDir: opts.projectDir },
            { envVars: { FLEET_DIR: opts.fleetDir } },
        );
        const common = { onOutput: log, color: "never" as const };
        if (opts.releaseSites && opts.releaseSites.length > 0 && opts.operation === "up") {
            const { releasedSites, RELEASE_SITES_KEY } = require("../program/retention") as typeof import("../program/retention");
            const key = `fleet:${RELEASE_SITES_KEY}`;
            const current = await stack.getAllConfig();
            const merged = [...new Set([...releasedSites({ get: () => current[key]?.value }), ...opts.releaseSites])].sort();
            await stack.setConfig(key, { value: JSON.stringify(merged) });
        }
        const policyPacks = opts.policyPack ? [opts.policyPack] : undefined;
        switch (opts.operation) {
            case "preview": {
                const r = await stack.preview({ ...common, policyPacks });
                return { changes: r.changeSummary as Record<string, number> };
            }
            case "up": {
                const r = await stack.up({ ...common, policyPacks });
                return { changes: r.summary.resourceChanges as Record<string, number> | undefined };
            }
            case "destroy": {
                const r = await stack.destroy(common);
                return { changes: r.summary.resourceChanges as Record<string, number> | undefined };
            }
        }
    };
}
