/** ot-purdue-adjacent-levels: the metadata and checks of one rule (see `details`). */
import { defineRule } from "../lib/define";
import { boundariesCrossed } from "../lib/purdue";
import { elementFindings } from "../lib/design";
import type { Rule } from "../lib/types";

export const rule: Rule = defineRule({
    name: "ot-purdue-adjacent-levels",
    severity: "mandatory",
    securitySeverity: 8.1,
    description: "A conduit crosses at most one Purdue level boundary, unless one of its ends is the industrial DMZ (level 3.5).",
    mirrors: "ISA/IEC 62443-3-2 zones and conduits, Purdue reference model (ISA-95)",
    details:
        "The levels in order are 0, 1, 2, 3, 3.5 (industrial DMZ), 4 and 5 (`cloud` counts as 5). A conduit joins neighbouring levels (2 to 1, 3 to 2, 3 to 3.5, 3.5 to 4, 4 to 5) or has one end in the industrial DMZ, whose brokers, gateways and jump hosts are the only things that talk across several levels. A conduit that skips a level (3 to 1, 4 to 2, 3 to 4 past the DMZ, 4 to `cloud` is fine) is a path around the zones between; split it into two conduits through a broker in 3.5, or suppress it with a reason.",
    model: (site) =>
        elementFindings(site, "conduit", site.conduits, (c) => {
            if (c.fromLevel === 3.5 || c.toLevel === 3.5) return [];
            const crossed = boundariesCrossed(c.fromLevel, c.toLevel);
            if (crossed <= 1) return [];
            const to = c.to === "cloud" ? "`cloud` (level 5)" : `level ${c.toLevel} (${c.to})`;
            return [
                `conduit ${c.name} goes from Purdue level ${c.fromLevel} (${c.from}) to ${to}, crossing ${crossed} level boundaries; a conduit may cross one, or end in the industrial DMZ (level 3.5): route it through a broker or jump host there`,
            ];
        }),
});
