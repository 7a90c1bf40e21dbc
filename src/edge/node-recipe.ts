/**
 * Recipes of our Node components (the collector; edge inference joins later): one manifest per
 * gateway architecture, each with the component's content-addressed zip (src/edge/artifacts.ts),
 * an Install step that checks the gateway's Node version (Greengrass ships no Node) and a Run step
 * that starts the bundle. Generic: a component is a name, an artifact per architecture, arguments,
 * dependencies, access control and default configuration. Pure.
 */
import type { EdgeArch } from "./artifacts";
import { RECIPE_ARCHITECTURE } from "./recipe-schema";

/** Oldest Node major the bundles run on (esbuild target node20; gateway images provide Node >= 22). */
export const MIN_NODE_MAJOR = 20;

export interface NodeComponentSpec {
    componentName: string;
    componentVersion: string;
    description: string;
    publisher: string;
    /** Artifact name: the zip is `<artifact>.zip`, unpacked to `{artifacts:decompressedPath}/<artifact>/`, running `<artifact>.js`. */
    artifact: string;
    /** `s3://…/<sha256>/<artifact>.zip` per architecture; architectures without one get no manifest. */
    artifactUris: Partial<Record<EdgeArch, string>>;
    /** Arguments after the script. */
    args: string;
    dependencies?: Record<string, { VersionRequirement: string; DependencyType: "HARD" | "SOFT" }>;
    defaultConfiguration: Record<string, unknown>;
}

/** The Install step: fail the deployment on this gateway, with a line saying why, when Node is missing or too old. */
export function nodeCheckScript(component: string): string {
    return (
        `node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= ${MIN_NODE_MAJOR} ? 0 : 1)' || ` +
        `{ echo "${component}: Node.js >= ${MIN_NODE_MAJOR} is required on the gateway (found: $(node --version 2>/dev/null || echo none))" >&2; exit 1; }`
    );
}

export function nodeComponentRecipe(spec: NodeComponentSpec) {
    const archs = (Object.keys(spec.artifactUris) as EdgeArch[]).sort();
    if (archs.length === 0) throw new Error(`component ${spec.componentName}: no artifact for any architecture`);
    return {
        RecipeFormatVersion: "2020-01-25" as const,
        ComponentName: spec.componentName,
        ComponentVersion: spec.componentVersion,
        ComponentDescription: spec.description,
        ComponentPublisher: spec.publisher,
        ...(spec.dependencies ? { ComponentDependencies: spec.dependencies } : {}),
        ComponentConfiguration: { DefaultConfiguration: spec.defaultConfiguration },
        Manifests: archs.map((arch) => ({
            Platform: { os: "linux", architecture: RECIPE_ARCHITECTURE[arch] },
            Lifecycle: {
                Install: { Script: nodeCheckScript(spec.artifact), Timeout: 60 },
                Run: `node {artifacts:decompressedPath}/${spec.artifact}/${spec.artifact}.js ${spec.args}`,
            },
            Artifacts: [{ Uri: spec.artifactUris[arch]!, Unarchive: "ZIP" as const }],
        })),
    };
}
