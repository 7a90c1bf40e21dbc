/** ot-no-control-to-cloud: the metadata and checks of one rule (see `details`). */
import { defineRule } from "../lib/define";
import { elementFindings } from "../lib/design";
import type { Rule } from "../lib/types";

export const rule: Rule = defineRule({
    name: "ot-no-control-to-cloud",
    severity: "mandatory",
    securitySeverity: 9.3,
    description: "No conduit from Purdue level 0-2 to `cloud` or to level 4-5.",
    mirrors: "ISA/IEC 62443, Purdue model",
    details: "No conduit from Purdue level 0-2 (control) straight to `cloud` or to level 4-5 (enterprise).",
    model: (site) =>
        elementFindings(site, "conduit", site.conduits, (c) =>
            c.fromLevel <= 2 && (c.to === "cloud" || c.toLevel >= 4)
                ? [
                      `conduit ${c.name} goes from Purdue level ${c.fromLevel} (${c.from}) straight to ${c.to === "cloud" ? "cloud" : `level ${c.toLevel} (${c.to})`}; route it through the industrial DMZ (level 3.5)`,
                  ]
                : [],
        ),
});
