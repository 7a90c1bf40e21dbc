/**
 * Findings of the model rules, which judge a site's design (its segments, conduits and sensors)
 * element by element: each problem of an element becomes a finding that names the site, the
 * element as `kind/name` (what suppressions and `fleet check` match) and where it is written.
 */
import type { SiteModel, SourceRef } from "../../src/model/types";
import type { Finding } from "./types";

/** The findings of `problems`, run on each element of one kind; the messages are complete sentences that name the element. */
export function elementFindings<T extends { name: string; at: SourceRef }>(
    site: SiteModel,
    kind: "segment" | "conduit" | "sensor",
    elements: readonly T[],
    problems: (element: T) => string[],
): Finding[] {
    return elements.flatMap((e) => problems(e).map((message) => ({ site: site.name, target: `${kind}/${e.name}`, at: e.at, message })));
}
