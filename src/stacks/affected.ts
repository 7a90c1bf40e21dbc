/**
 * Which stacks a change touches (`fleet affected --base REF`): the fleet files are compared as
 * loaded models, stack by stack, on exactly what each stack's program reads; code paths map to
 * the kinds of stacks whose programs run that code. A stack that exists at the base and not any
 * more is listed as removed (its stack must be destroyed, after `fleet migrate` or release).
 *
 * What each program reads (src/program):
 * - a site stack: the fleet-wide settings (name, tags, defaults, equipment types), its region's
 *   settings, its own site, its certificates (certs/<site>/);
 * - a platform stack: the fleet-wide settings, its region, and of every site it serves the
 *   name, uplink, cloud network, segments, conduits (firewall rules, attachments) and retention
 *   (lake lifecycle rules);
 * - global: the fleet-wide settings and the list of regions.
 */
import type { FleetModel, SiteModel } from "../model/types";
import { stackLayout, type StackInfo, type StackKind } from "./layout";

export interface AffectedStack {
    stack: string;
    kind: StackKind;
    region?: string;
    account?: string;
    /** Why, in words: `sites/austin.yaml changed`, `components/site/ changed`, `new site`. */
    reasons: string[];
    /** The stack is gone at head: destroy it (after moving or releasing what it holds). */
    removed?: boolean;
}

export interface AffectedInput {
    head: FleetModel;
    /** The fleet at the base revision; undefined when it did not exist or did not load (then every stack counts as changed). */
    base?: FleetModel;
    /** Changed paths relative to the repository root (git diff --name-only). */
    changed: string[];
    /** The fleet directory relative to the repository root ("" when they are the same). */
    fleetPrefix: string;
}

/** Code paths (relative to the repository root) and the kinds of stacks whose programs run them. */
const CODE_RULES: { prefix: string; kinds: StackKind[] }[] = [
    { prefix: "components/site/", kinds: ["site"] },
    // the edge components' zips are the platform's (components/region/edge-access.ts), their recipes the sites'
    { prefix: "edge/", kinds: ["platform", "site"] },
    { prefix: "src/edge/", kinds: ["platform", "site"] },
    { prefix: "components/region/", kinds: ["platform"] },
    { prefix: "src/analytics/", kinds: ["platform"] },
    { prefix: "functions/", kinds: ["platform"] },
    { prefix: "components/global/", kinds: ["global"] },
    { prefix: "src/global/", kinds: ["global"] },
    { prefix: "src/", kinds: ["global", "platform", "site"] },
    { prefix: "components/", kinds: ["global", "platform", "site"] },
    { prefix: "policies/", kinds: ["global", "platform", "site"] },
    { prefix: "package.json", kinds: ["global", "platform", "site"] },
    { prefix: "package-lock.json", kinds: ["global", "platform", "site"] },
    { prefix: "Pulumi.yaml", kinds: ["global", "platform", "site"] },
];

const fleetWide = (m: FleetModel) => ({ name: m.name, tags: m.tags, defaults: m.defaults, equipmentTypes: m.equipmentTypes });
const regionOf = (m: FleetModel, name: string | undefined) => m.regions.find((r) => r.name === name);
/** A site as the platform reads it. */
const platformView = (s: SiteModel) => ({
    name: s.name,
    uplink: s.connectivity.uplink,
    cloudNetwork: s.cloudNetwork,
    segments: s.segments,
    conduits: s.conduits,
    retention: s.retention,
});

/** What one stack's program reads of the model, as canonical text (equal text: the stack's program sees no change). */
export function stackInputs(model: FleetModel, stack: StackInfo): string {
    const region = regionOf(model, stack.region);
    switch (stack.kind) {
        case "global":
            return JSON.stringify({ fleet: fleetWide(model), regions: model.regions.map((r) => r.name) });
        case "platform":
            return JSON.stringify({
                fleet: fleetWide(model),
                region,
                sites: model.sites.filter((s) => stack.sites.includes(s.name)).map(platformView),
            });
        case "site": {
            const { file: _file, ...site } = model.sites.find((s) => s.name === stack.sites[0])!;
            return JSON.stringify({ fleet: fleetWide(model), region, site });
        }
    }
}

export function affectedStacks(input: AffectedInput): AffectedStack[] {
    const head = stackLayout(input.head);
    const base = input.base ? stackLayout(input.base) : undefined;
    const reasons = new Map<string, Set<string>>(head.map((s) => [s.name, new Set<string>()]));
    const add = (stack: string, why: string) => reasons.get(stack)?.add(why);
    const prefix = input.fleetPrefix === "" || input.fleetPrefix === "." ? "" : `${input.fleetPrefix.replace(/\/+$/, "")}/`;

    for (const s of head) {
        const before = base?.find((b) => b.name === s.name);
        if (!input.base) add(s.name, "no fleet at the base revision");
        else if (!before) add(s.name, "new stack");
        else if (stackInputs(input.base, before) !== stackInputs(input.head, s)) add(s.name, describeChange(input, s));
    }
    for (const p of input.changed) {
        const rel = prefix && p.startsWith(prefix) ? p.slice(prefix.length) : p;
        const cert = /^certs\/([^/]+)\//.exec(rel);
        if (cert && (prefix === "" || p.startsWith(prefix))) {
            for (const s of head) if (s.kind === "site" && s.sites[0] === cert[1]) add(s.name, `${p} changed`);
            continue;
        }
        const stackFile = /^Pulumi\.(.+)\.ya?ml$/.exec(rel);
        if (stackFile && (prefix === "" || p.startsWith(prefix))) {
            add(stackFile[1], `${p} changed`);
            continue;
        }
        const rule = CODE_RULES.find((r) => p === r.prefix || p.startsWith(r.prefix));
        if (!rule) continue;
        for (const s of head) if (rule.kinds.includes(s.kind)) add(s.name, `${rule.prefix} changed`);
    }
    const out: AffectedStack[] = head
        .filter((s) => reasons.get(s.name)!.size > 0)
        .map((s) => ({
            stack: s.name,
            kind: s.kind,
            ...(s.region ? { region: s.region } : {}),
            ...(s.account ? { account: s.account } : {}),
            reasons: [...reasons.get(s.name)!].sort(),
        }));
    for (const b of base ?? []) {
        if (!head.some((s) => s.name === b.name)) {
            out.push({
                stack: b.name,
                kind: b.kind,
                ...(b.region ? { region: b.region } : {}),
                ...(b.account ? { account: b.account } : {}),
                reasons: ["gone at head"],
                removed: true,
            });
        }
    }
    return out;
}

/** The reason for a model change of one stack: the site file for a site stack, fleet.yaml or the sites for a platform. */
function describeChange(input: AffectedInput, s: StackInfo): string {
    const base = input.base!;
    const fleetChanged = JSON.stringify(fleetWide(base)) !== JSON.stringify(fleetWide(input.head));
    const regionChanged = JSON.stringify(regionOf(base, s.region)) !== JSON.stringify(regionOf(input.head, s.region));
    if (fleetChanged || regionChanged) return "fleet.yaml changed";
    if (s.kind === "site") return `${input.head.sites.find((x) => x.name === s.sites[0])!.file} changed`;
    return "sites it serves changed";
}

/** Split stacks into chunks of at most `size`, for CI matrices (job and matrix limits). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
    if (!Number.isInteger(size) || size < 1) throw new Error(`chunk size must be a whole number of 1 or more, not ${size}`);
    const out: T[][] = [];
    for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
    return out;
}

/** The chunk size that keeps `count` items within `maxJobs` jobs. */
export function chunkSizeFor(count: number, maxJobs: number): number {
    return Math.max(1, Math.ceil(count / Math.max(1, maxJobs)));
}
