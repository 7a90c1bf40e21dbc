/**
 * The region's shared edge artifacts as a site stack depends on them: a site's component recipes
 * name zips under `artifacts/shared/` that its PLATFORM stack uploads (components/region/edge-access.ts).
 * The platform exports the keys it uploaded (SHARED_ARTIFACTS_OUTPUT); `fleet up` compares them with
 * the keys a site stack's recipes will name (siteArtifactKeys, from the build at hand) before it
 * changes any site (src/deploy/artifact-check.ts). Pure.
 */
import type { SiteModel } from "../model/types";
import { names } from "../naming";
import type { ArtifactRef } from "./greengrass";
import { needsInference } from "./greengrass";

/** The platform stack output listing the S3 keys of the shared artifacts it uploaded, sorted. */
export const SHARED_ARTIFACTS_OUTPUT = "sharedArtifacts";

/** The S3 keys a site's recipes name: the collector's zips, and edge inference's when a gateway of the site runs it; sorted. */
export function siteArtifactKeys(site: SiteModel, artifacts: { collector: readonly ArtifactRef[]; inference: readonly ArtifactRef[] }): string[] {
    const refs = [...artifacts.collector, ...(needsInference(site) ? artifacts.inference : [])];
    return [...new Set(refs.map((a) => names.sharedArtifactKey(a.key)))].sort();
}
