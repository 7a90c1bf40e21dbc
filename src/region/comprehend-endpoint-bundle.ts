/**
 * The Comprehend endpoint manager's Lambda code, bundled by the program (no build step): esbuild
 * compiles functions/comprehend-endpoint/index.ts with what it imports; the AWS SDK stays
 * external (the Lambda runtime, LAMBDA_RUNTIME, ships it). Bundled by src/analytics/bundle.ts with the
 * options of every Lambda bundle: deterministic, cached per process and on disk.
 */
import { bundleEntry, repoRoot, type Bundle } from "../analytics/bundle";

/** The bundle's name (its disk-cache entry holds it) and its entry point under the repository root. */
export const ENDPOINT_MANAGER = { name: "comprehend-endpoint-manager", entryPoint: "functions/comprehend-endpoint/index.ts" } as const;

export function endpointManagerBundle(root = repoRoot()): Bundle {
    return bundleEntry(ENDPOINT_MANAGER.name, ENDPOINT_MANAGER.entryPoint, root);
}
