/**
 * Before `fleet up` changes a site stack: has its platform uploaded the shared edge artifacts this
 * build's recipes will name? A site's Greengrass components point at zips under
 * `artifacts/shared/` that the PLATFORM stack uploads (components/region/edge-access.ts); a platform
 * last deployed from an older build lacks them, and the deployment would fail on the gateways,
 * not in Pulumi. The platform exports what it uploaded (src/edge/shared-artifacts.ts
 * SHARED_ARTIFACTS_OUTPUT); this compares, and refuses with the missing keys and the fix.
 *
 * A site whose platform runs earlier in the same invocation (`--all`, or both named) is not
 * checked: that platform uploads this build's artifacts first, and the fan-out skips its sites
 * if it fails. A platform finished by an earlier run (`--resume`) is read like any other.
 */
import { needsInference, type ArtifactRef } from "../edge/greengrass";
import { SHARED_ARTIFACTS_OUTPUT, siteArtifactKeys } from "../edge/shared-artifacts";
import type { FleetModel } from "../model/types";
import type { StackInfo } from "../stacks/layout";
import { shortList } from "../util/short-list";
import { appendTo } from "../util/multimap";

/** A platform stack's outputs as `stack.outputs()` gives them (values unwrapped), or `missing` when the stack does not exist. */
export type PlatformOutputs = { missing: true } | { outputs: Record<string, unknown> };

export interface ArtifactCheckDeps {
    /** The S3 keys the site's recipes name in this build (siteArtifactKeys). */
    keysOf: (site: string) => readonly string[];
    /** Reads a platform stack's outputs (the Automation API in the CLI, a stand-in in tests); called once per platform. */
    readOutputs: (platform: string) => Promise<PlatformOutputs>;
    /** Stacks an earlier run finished (`--resume`): they do not run now, so they count as outside this run. */
    doneBefore?: ReadonlySet<string>;
}

export interface ArtifactProblem {
    platform: string;
    sites: string[];
    /** The keys the sites need that the platform did not export; empty when the platform is missing or exports none. */
    missing: string[];
    why: "no-stack" | "no-output" | "missing-keys";
}

/** The site stacks of `selected` that need checking, grouped by their platform (the site stack's first dependency). */
export function sitesToCheck(selected: readonly StackInfo[], doneBefore: ReadonlySet<string> = new Set()): Map<string, StackInfo[]> {
    const runsNow = new Set(selected.map((s) => s.name).filter((n) => !doneBefore.has(n)));
    const out = new Map<string, StackInfo[]>();
    for (const s of selected) {
        if (s.kind !== "site" || doneBefore.has(s.name)) continue;
        const platform = s.dependsOn[0];
        if (platform === undefined || runsNow.has(platform)) continue;
        appendTo(out, platform, s);
    }
    return out;
}

/** Compare the keys the site stacks need with what their platforms exported: one problem per platform that falls short. */
export async function checkSharedArtifacts(selected: readonly StackInfo[], deps: ArtifactCheckDeps): Promise<ArtifactProblem[]> {
    const problems: ArtifactProblem[] = [];
    for (const [platform, sites] of sitesToCheck(selected, deps.doneBefore)) {
        const read = await deps.readOutputs(platform);
        const names = sites.map((s) => s.name);
        if ("missing" in read) {
            problems.push({ platform, sites: names, missing: [], why: "no-stack" });
            continue;
        }
        const exported = read.outputs[SHARED_ARTIFACTS_OUTPUT];
        if (!Array.isArray(exported)) {
            problems.push({ platform, sites: names, missing: [], why: "no-output" });
            continue;
        }
        const have = new Set(exported.filter((k): k is string => typeof k === "string"));
        // The site stacks lacking each key, in layout order: one list per key, appended to (linear in the sites).
        const missing = new Map<string, string[]>();
        for (const s of sites) for (const k of deps.keysOf(s.sites[0])) if (!have.has(k)) appendTo(missing, k, s.name);
        if (missing.size > 0) {
            const lacking = new Set([...missing.values()].flat());
            problems.push({ platform, sites: names.filter((n) => lacking.has(n)), missing: [...missing.keys()].sort(), why: "missing-keys" });
        }
    }
    return problems;
}

/** The refusal: every platform that falls short, what is missing, and the command that fixes it. */
export function formatArtifactProblems(problems: readonly ArtifactProblem[]): string {
    const lines = problems.map((p) => {
        const who = `site stack${p.sites.length === 1 ? "" : "s"} ${shortList(p.sites, 5)}`;
        const fix = `run fleet up --stack ${p.platform} first (or fleet up --all)`;
        if (p.why === "no-stack")
            return `  - platform stack ${p.platform} does not exist; ${who} need${p.sites.length === 1 ? "s" : ""} its shared artifacts: ${fix}`;
        if (p.why === "no-output")
            return `  - platform stack ${p.platform} exports no ${SHARED_ARTIFACTS_OUTPUT} (it was last deployed by an older fleet), so ${who} cannot be checked: ${fix}`;
        return `  - platform stack ${p.platform} has not uploaded ${p.missing.length} artifact${p.missing.length === 1 ? "" : "s"} that ${who} of this build name${p.sites.length === 1 ? "s" : ""} (it was last deployed from another build): ${p.missing.join(", ")}: ${fix}`;
    });
    return [
        `cannot run fleet up: ${problems.length} platform stack${problems.length === 1 ? " lacks" : "s lack"} the shared edge artifacts its site stacks would deploy (the gateways would fail to download them); no stack was changed`,
        ...lines,
    ].join("\n");
}

/**
 * The keys each site's recipes name in this build: the edge components packaged here (cached on
 * disk), as the site stack's program will. `pack` packages one component (tests pass a stand-in).
 */
export function buildArtifactKeys(model: FleetModel, pack?: (component: string) => readonly ArtifactRef[]): (site: string) => string[] {
    const packager = pack ?? (require("../edge/artifacts") as typeof import("../edge/artifacts")).packageEdgeComponent;
    // Packaged on first use: a run with nothing to check (`--all`) bundles nothing here.
    let collector: readonly ArtifactRef[] | undefined;
    let inference: readonly ArtifactRef[] | undefined;
    // One lookup per site stack: a map, not a search of the model (10,000 sites made that 10^8 comparisons).
    const byName = new Map(model.sites.map((s) => [s.name, s]));
    return (name) => {
        const site = byName.get(name);
        if (!site) throw new Error(`buildArtifactKeys: no site ${name} in the fleet`);
        collector ??= packager("collector");
        return siteArtifactKeys(site, { collector, inference: needsInference(site) ? (inference ??= packager("edge-inference")) : [] });
    };
}
