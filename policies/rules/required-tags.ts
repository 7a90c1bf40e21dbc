/** required-tags: the metadata and checks of one rule (see `details`). */
import { defineRule } from "../lib/define";
import TAGGABLE from "../data/taggable-types.json";
import type { Rule } from "../lib/types";
import { containsUnknown, tagMap } from "../lib/values";

export const TAGGABLE_TYPES: ReadonlySet<string> = new Set(TAGGABLE as string[]);

export const rule: Rule = defineRule({
    name: "required-tags",
    severity: "advisory",
    securitySeverity: 2.0,
    description: "`fleet:name`, `fleet:region`, `fleet:site` (site resources) and a cost tag on every taggable resource.",
    mirrors: "AWS tagging best practice",
    details:
        "Every taggable resource carries the fleet's ownership and cost tags: `fleet:name`, `fleet:region`, `fleet:site` for a site's resources, and a cost allocation tag (a key with \"cost\" in it, such as `cost-center`). Provider default tags count (`tagsAll`).",
    resource: {
        types: "*",
        check(r) {
            if (!TAGGABLE_TYPES.has(r.type)) return [];
            const sources = [r.props.tags, r.props.tagsAll, r.outputs?.tagsAll];
            if (sources.some(containsUnknown))
                return [{ message: "the tags are unknown until the deployment runs; cannot be checked at preview", unknown: true }];
            const tags: Record<string, string> = {};
            for (const s of sources) Object.assign(tags, tagMap(s) ?? {});
            const required = ["fleet:name", "fleet:region", ...(r.site ? ["fleet:site"] : [])];
            const missing = required.filter((k) => !tags[k]);
            if (!Object.keys(tags).some((k) => /cost/i.test(k))) missing.push("a cost allocation tag (e.g. cost-center)");
            return missing.length
                ? [{ message: `missing tag${missing.length === 1 ? "" : "s"} ${missing.join(", ")}; pass regionTags()/siteTags() from src/tags.ts as tags` }]
                : [];
        },
    },
});
