/**
 * The layer table of design/conventions.md, as data: which folder may import which. Data flows one
 * way: files -> model -> pure derivations -> components -> program -> policies -> plan/check/diff/
 * deploy -> CLI. Lambda handlers (functions/) and the gateway runtime (edge/) stand apart: they are
 * bundled and shipped, so they may import only what runs where they run.
 */
export interface Layer {
    name: string;
    /** Path prefixes (relative to the repository, "/"-separated) that belong to the layer. */
    paths: string[];
    /** Layers this one may import from, besides itself. */
    mayImport: string[];
    /** Single files (or folder prefixes) of other layers this one may import. */
    mayImportFiles?: string[];
}

const DERIVATIONS = [
    "src/naming/",
    "src/network/",
    "src/edge/",
    "src/analytics/",
    "src/iam/",
    "src/graph/",
    "src/inventory/",
    "src/generate/",
    "src/region/",
    "src/global/",
    "src/models/",
    "src/forecast/",
    "src/quotas/",
    "src/stacks/layout",
    "src/tags.ts",
    "src/scaffold.ts",
    "src/aws/",
];

export const LAYERS: Layer[] = [
    { name: "util", paths: ["src/util/", "src/errors.ts"], mayImport: [] },
    { name: "model", paths: ["src/model/"], mayImport: ["util"] },
    { name: "derivations", paths: DERIVATIONS, mayImport: ["util", "model"] },
    { name: "components", paths: ["components/"], mayImport: ["util", "model", "derivations"] },
    { name: "program", paths: ["src/program/"], mayImport: ["util", "model", "derivations", "components"] },
    { name: "policies", paths: ["policies/"], mayImport: ["util", "model", "derivations"] },
    {
        name: "operations",
        paths: ["src/plan/", "src/planview/", "src/check/", "src/diff/", "src/deploy/", "src/stacks/"],
        mayImport: ["util", "model", "derivations", "components", "program", "policies"],
    },
    { name: "cli", paths: ["cli/"], mayImport: ["util", "model", "derivations", "components", "program", "policies", "operations"] },
    { name: "functions", paths: ["functions/"], mayImport: ["util", "model", "derivations"] },
    // The gateway runtime shares only the contract modules with the rest: the model's types, the
    // telemetry contract and the anomaly model format.
    {
        name: "edge",
        paths: ["edge/"],
        mayImport: [],
        mayImportFiles: ["src/model/types.ts", "src/model/schema.ts", "src/analytics/telemetry.ts", "src/models/"],
    },
    { name: "tests", paths: ["test/"], mayImport: ["*"] },
];

/** The layer of a repository-relative path: the one with the longest matching prefix. */
export function layerOf(rel: string): Layer | undefined {
    let best: { layer: Layer; len: number } | undefined;
    for (const layer of LAYERS)
        for (const p of layer.paths) if ((rel === p || rel.startsWith(p)) && (!best || p.length > best.len)) best = { layer, len: p.length };
    return best?.layer;
}

/** Whether a file in layer `from` may import the file `target` (repository-relative) of layer `to`. */
export function allowed(from: Layer, to: Layer, target = ""): boolean {
    if (from.name === to.name || from.mayImport.includes("*") || from.mayImport.includes(to.name)) return true;
    return (from.mayImportFiles ?? []).some((p) => target === p || (p.endsWith("/") && target.startsWith(p)));
}
