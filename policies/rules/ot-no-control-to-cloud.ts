/** No conduit from Purdue level 0-2 (control) straight to `cloud` or to level 4-5 (enterprise). */
import type { Finding, Rule } from "../lib/types";

export const rule: Rule = {
    name: "ot-no-control-to-cloud",
    model(site) {
        const out: Finding[] = [];
        for (const c of site.conduits) {
            if (c.fromLevel <= 2 && (c.to === "cloud" || c.toLevel >= 4)) {
                out.push({
                    site: site.name,
                    target: `conduit/${c.name}`,
                    at: c.at,
                    message: `conduit ${c.name} goes from Purdue level ${c.fromLevel} (${c.from}) straight to ${c.to === "cloud" ? "cloud" : `level ${c.toLevel} (${c.to})`}; route it through the industrial DMZ (level 3.5)`,
                });
            }
        }
        return out;
    },
};
