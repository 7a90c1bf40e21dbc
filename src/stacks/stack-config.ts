/**
 * Stack configuration files, `Pulumi.<region>.yaml`, one per region of fleet.yaml. Writing
 * merges into an existing file: only `aws:region` and `fleet:region` are set; every other key
 * and every comment stays as the operator wrote it. A new file also gets `fleet:layout: stacks`
 * (the region stack holds the platform only, each site has its own stack); an existing file
 * without it keeps the region layout (the stack holds its sites) until `fleet migrate stacks`
 * moves them. Site stacks need no file: their program reads everything from the stack name.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { FleetError } from "../model/diagnostics";
import type { FleetModel } from "../model/types";
import { writeFileAtomic } from "../util/atomic-write";
import { stackLayout } from "./layout";
import { LAYOUT_KEY, SPLIT_LAYOUT } from "./migrate";

export function stackFileName(region: string): string {
    return `Pulumi.${region}.yaml`;
}

/** The config keys `fleet` owns in a region's stack file. */
export function stackConfig(region: string): Record<string, string> {
    return { "aws:region": region, "fleet:region": region };
}

export type StackFileState = "missing" | "up to date" | "out of date";

export interface MergeResult {
    text: string;
    changed: boolean;
}

/** The stack file with our keys set, from its current text (undefined when it does not exist). */
export function mergeStackConfig(existing: string | undefined, region: string, file = stackFileName(region)): MergeResult {
    const YAML = require("yaml") as typeof import("yaml");
    const wanted = stackConfig(region);
    if (existing === undefined || existing.trim() === "") {
        const doc = new YAML.Document({ config: { ...wanted, [LAYOUT_KEY]: SPLIT_LAYOUT } });
        doc.commentBefore = ` Stack ${region}: written by \`fleet stacks --write\`. Keys other than aws:region and fleet:region are yours; fleet keeps them.`;
        return { text: doc.toString(), changed: true };
    }
    const doc = YAML.parseDocument(existing);
    if (doc.errors.length > 0) {
        const e = doc.errors[0];
        const at = e.linePos?.[0];
        throw new FleetError(
            `${file}${at ? `:${at.line}:${at.col}` : ""}: not valid YAML (${e.message.split("\n")[0]}); fix or remove the file and run fleet stacks --write again`,
            [],
            1,
        );
    }
    if (doc.contents !== null && !YAML.isMap(doc.contents)) {
        throw new FleetError(
            `${file}: expected a map with a config: section, found ${YAML.isSeq(doc.contents) ? "a list" : "a single value"}; fix or remove the file`,
            [],
            1,
        );
    }
    const config = doc.get("config", true);
    if (config !== undefined && config !== null && !YAML.isMap(config)) {
        throw new FleetError(`${file}: config: must be a map of keys to values; fix or remove the file`, [], 1);
    }
    let changed = false;
    for (const [key, value] of Object.entries(wanted)) {
        if (doc.getIn(["config", key]) !== value) {
            if (doc.contents === null) doc.contents = doc.createNode({}) as never;
            doc.setIn(["config", key], value);
            changed = true;
        }
    }
    return { text: changed ? doc.toString() : existing, changed };
}

export interface StackFileInfo {
    region: string;
    sites: string[];
    file: string;
    state: StackFileState;
    /** `stacks`: the region stack is the platform only; `region`: it still holds its sites (an existing file without fleet:layout). */
    layout: "stacks" | "region";
}

/** The layout a region stack's file asks for: `stacks` when it says so or does not exist yet (a new stack starts in the stack layout). */
export function layoutOf(text: string | undefined): "stacks" | "region" {
    if (text === undefined) return "stacks";
    try {
        const YAML = require("yaml") as typeof import("yaml");
        const doc = YAML.parse(text) as { config?: Record<string, unknown> } | null;
        return doc?.config?.[LAYOUT_KEY] === SPLIT_LAYOUT ? "stacks" : "region";
    } catch {
        return "region";
    }
}

export function stackFiles(model: FleetModel, dir: string): { stacks: StackFileInfo[]; stale: string[] } {
    const stacks = model.regions.map((r): StackFileInfo => {
        const file = stackFileName(r.name);
        const abs = path.join(dir, file);
        let state: StackFileState = "missing";
        const text = fs.existsSync(abs) ? fs.readFileSync(abs, "utf8") : undefined;
        if (text !== undefined) {
            try {
                state = mergeStackConfig(text, r.name, file).changed ? "out of date" : "up to date";
            } catch {
                state = "out of date";
            }
        }
        return { region: r.name, sites: model.sites.filter((s) => s.region === r.name).map((s) => s.name), file, state, layout: layoutOf(text) };
    });
    // Any stack of the layout may have a file (an operator's own settings); none of them is stale.
    const known = new Set([...stacks.map((s) => s.file), ...stackLayout(model).map((s) => stackFileName(s.name))]);
    const stale = fs.existsSync(dir)
        ? fs
              .readdirSync(dir)
              .filter((f) => /^Pulumi\.[^.]+(\.[^.]+)*\.ya?ml$/.test(f) && f !== "Pulumi.yaml" && f !== "Pulumi.yml" && !known.has(f))
              .sort()
        : [];
    return { stacks, stale };
}

/** Write (merge) the stack file of each region; returns the files that changed. */
export function writeStackFiles(model: FleetModel, dir: string, regions = model.regions.map((r) => r.name)): string[] {
    const written: string[] = [];
    for (const region of regions) {
        const file = stackFileName(region);
        const abs = path.join(dir, file);
        const existing = fs.existsSync(abs) ? fs.readFileSync(abs, "utf8") : undefined;
        const merged = mergeStackConfig(existing, region, file);
        if (merged.changed) {
            writeFileAtomic(abs, merged.text);
            written.push(file);
        }
    }
    return written;
}

/** Regions whose stack still holds its sites (a stack file without `fleet:layout: stacks`). */
export function legacyRegions(model: FleetModel, dir: string): string[] {
    return model.regions
        .map((r) => r.name)
        .filter((r) => {
            const abs = path.join(dir, stackFileName(r));
            return fs.existsSync(abs) && layoutOf(fs.readFileSync(abs, "utf8")) === "region";
        });
}

/**
 * The stacks a fleet-wide operation runs: the layout, except that a region still in the region
 * layout runs as its region stack (platform and sites) and its site stacks do not exist yet.
 */
export function deployableStacks(model: FleetModel, dir: string): ReturnType<typeof stackLayout> {
    const legacy = new Set(legacyRegions(model, dir));
    return stackLayout(model).filter(
        (s) => !(s.kind === "site" && legacy.has(s.region!)) && !(s.kind === "platform" && legacy.has(s.region!) && s.name !== s.region),
    );
}
