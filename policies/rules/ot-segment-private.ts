/** ot-segment-private: the metadata and checks of one rule (see `details`). */
import { defineRule } from "../lib/define";
import { isPrivateCidr, PRIVATE_RANGES } from "../lib/purdue";
import { elementFindings } from "../lib/design";
import type { Finding, Rule } from "../lib/types";

/** The site label that sets the largest segment a site may have (a prefix length, 8-30). */
export const MAX_PREFIX_LABEL = "ot-segment-max-prefix";
/** The largest segment by default: a /22 (1,024 addresses) is more than a Purdue zone of one plant area needs. */
export const DEFAULT_MAX_PREFIX = 22;

export const rule: Rule = defineRule({
    name: "ot-segment-private",
    severity: "mandatory",
    securitySeverity: 7.5,
    description: `Plant segments use private address space (RFC 1918, RFC 6598) and are no larger than a /${DEFAULT_MAX_PREFIX} (site label \`${MAX_PREFIX_LABEL}\`).`,
    mirrors: "RFC 1918 §3, RFC 6598 §7, ISA/IEC 62443-3-2 zone boundaries",
    details: `Every segment's CIDR lies inside one of ${PRIVATE_RANGES.join(", ")}: a plant zone that claims public space (say 0.0.0.0/1) would get regional routes to addresses on the internet and shadow them. And a zone is small enough to mean something: its prefix is at least /${DEFAULT_MAX_PREFIX}, or the length a site sets in its label \`${MAX_PREFIX_LABEL}\` (8-30; e.g. \`${MAX_PREFIX_LABEL}: "20"\` allows a /20).`,
    model(site) {
        const out: Finding[] = [];
        const label = site.labels[MAX_PREFIX_LABEL];
        let maxPrefix = DEFAULT_MAX_PREFIX;
        if (label !== undefined) {
            const n = Number(label);
            if (/^\d+$/.test(label) && n >= 8 && n <= 30) maxPrefix = n;
            else
                out.push({
                    site: site.name,
                    target: `site/${site.name}`,
                    message: `label ${MAX_PREFIX_LABEL} is ${JSON.stringify(label)}; write a prefix length from 8 to 30, e.g. "22" (the default /${DEFAULT_MAX_PREFIX} applies)`,
                });
        }
        const segments = elementFindings(site, "segment", site.segments, (s) => {
            const segment = `segment ${s.name} (${s.cidr})`;
            let priv: boolean;
            try {
                priv = isPrivateCidr(s.cidr);
            } catch {
                return [`${segment} is not an IPv4 CIDR block`];
            }
            const problems: string[] = [];
            if (!priv) problems.push(`${segment} is not private address space; use part of ${PRIVATE_RANGES.join(", ")}`);
            const bits = Number(s.cidr.split("/")[1]);
            if (bits < maxPrefix)
                problems.push(
                    `${segment} is a /${bits}, larger than the /${maxPrefix} a segment may be; split the zone, or raise the site label ${MAX_PREFIX_LABEL}`,
                );
            return problems;
        });
        return [...out, ...segments];
    },
});
