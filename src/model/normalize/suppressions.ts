/**
 * Suppressions: a policy, a target of the site, a reason; checked against what the site has.
 * Governance (issue #21): a site file may suppress advisory rules only; a mandatory rule needs an
 * approval in fleet.yaml `spec.suppressions` (site, policy, target, reason, ticket, expires,
 * approver), checked by the loader; every reason must be made of real words.
 */
import { didYouMean, knownList, show } from "../diagnostics";
import type { EquipmentModel, GovernedSuppression, SensorModel, SiteModel, SuppressionModel } from "../types";
import { TARGET_KINDS, type Reporter, type SiteContext } from "./context";
import type { SiteDevices } from "./devices";

export function normalizeSuppressions(
    ctx: SiteContext,
    segmentNames: string[],
    dev: SiteDevices,
    equipment: EquipmentModel[],
    sensors: SensorModel[],
): SuppressionModel[] {
    const { spec, siteName, rep, S, look } = ctx;
    const { gatewayNames, plcNames } = dev;
    // Suppressions.
    const entities: Record<(typeof TARGET_KINDS)[number], string[]> = {
        site: [siteName],
        segment: segmentNames,
        conduit: [...new Set((spec.conduits ?? []).map((c) => c.name))],
        gateway: gatewayNames,
        plc: plcNames,
        equipment: equipment.map((e) => e.name),
        sensor: sensors.map((s) => s.name),
    };
    const suppressions: SuppressionModel[] = [];
    const seenSuppressions = new Map<string, number>();
    (spec.suppressions ?? []).forEach((s, i) => {
        const path = S("suppressions", i);
        let ok = true;
        if (look.knownRules && !look.knownRules.includes(s.policy)) {
            rep.error([...path, "policy"], `unknown policy ${show(s.policy)}; ${knownList(s.policy, [...look.knownRules], "rules", undefined, 100)}`);
            ok = false;
        }
        const slash = s.target.indexOf("/");
        const kind = s.target.slice(0, slash) as (typeof TARGET_KINDS)[number];
        const target = s.target.slice(slash + 1);
        if (!(TARGET_KINDS as readonly string[]).includes(kind)) {
            const guess = didYouMean(kind, TARGET_KINDS);
            rep.error(
                [...path, "target"],
                `unknown target kind ${show(kind)} in ${show(s.target)}; ${guess ? `did you mean ${show(`${guess}/${target}`)}? ` : ""}accepted: ${TARGET_KINDS.map((k) => `${k}/<name>`).join(", ")}`,
            );
            ok = false;
        } else if (!entities[kind].includes(target)) {
            rep.error(
                [...path, "target"],
                `${show(s.target)} names no ${kind} of this site; ${knownList(target, entities[kind], `${kind}s`, `the site has no ${kind}s`)}`,
            );
            ok = false;
        }
        const approval = (ctx.fleet.suppressions ?? []).find((g) => g.site === siteName && g.policy === s.policy && g.target === s.target);
        if (look.mandatoryRules?.includes(s.policy) && !approval) {
            rep.error(
                [...path, "policy"],
                `${s.policy} is a mandatory rule: a site file may suppress advisory rules only; add the exception to fleet.yaml spec.suppressions with site: ${siteName}, policy, target: ${s.target}, reason, ticket, expires (YYYY-MM-DD) and approver`,
            );
            ok = false;
        }
        const bad = reasonProblem(s.reason);
        if (bad) {
            rep.error([...path, "reason"], bad);
            ok = false;
        }
        const key = `${s.policy} ${s.target}`;
        const first = seenSuppressions.get(key);
        if (first !== undefined) rep.warn(path, `suppresses ${s.policy} for ${s.target} a second time (also at suppressions[${first}]); remove one`);
        else seenSuppressions.set(key, i);
        if (ok && first === undefined)
            suppressions.push({
                policy: s.policy,
                target: s.target,
                reason: s.reason.trim(),
                at: rep.at(path),
                // The approval is not copied onto the site entry: the site manifest (and its deployment) carries the site model.
            });
    });

    return suppressions;
}

/** Words that say nothing about why an exception is acceptable. */
const FILLER = new Set(
    "asdf qwerty lorem ipsum dolor sit amet foo bar baz blah test testing todo tbd fixme xxx na n/a none ok okay reason because suppress suppressed suppression exception whatever later temp temporary placeholder dummy".split(
        " ",
    ),
);

/**
 * Why a suppression reason is not one a reviewer can read, or undefined: invisible or control
 * characters (zero-width spaces pass a length check), a character repeated 5 times in a row,
 * fewer than 3 different real words (2 or more letters, not filler, not one repeated letter).
 */
export function reasonProblem(reason: string): string | undefined {
    const text = reason.trim();
    const invisible = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\u115f\u1160\u3164\uffa0]/u.exec(text.replace(/[\n\t]/g, " "));
    if (invisible)
        return `the reason contains an invisible or control character (U+${invisible[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")} at character ${invisible.index + 1}); write the reason in plain words`;
    const repeated = /(.)\1{4,}/u.exec(text);
    if (repeated) return `the reason repeats ${JSON.stringify(repeated[1])} ${repeated[0].length} times; say in words why the exception is acceptable`;
    const words = new Set(
        (text.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}'/-]*/gu) ?? []).filter((w) => /\p{L}.*\p{L}/u.test(w) && !FILLER.has(w) && !/^(.)\1*$/u.test(w)),
    );
    if (text.length < 10 || words.size < 3)
        return `the reason needs at least 3 different real words saying why the exception is acceptable (found ${words.size}${words.size ? `: ${[...words].slice(0, 3).join(", ")}` : ""}); e.g. "Legacy Modbus PLC, replacement scheduled for 2027"`;
    return undefined;
}

/** Today's date in UTC, YYYY-MM-DD (what `expires` is compared with). */
export function todayUtc(now = new Date()): string {
    return now.toISOString().slice(0, 10);
}

/**
 * fleet.yaml `spec.suppressions`: each entry's reason, a real calendar date not in the past
 * (`today`, YYYY-MM-DD; the last day it holds is `expires`), and a known policy. Duplicates are warnings.
 */
export function governedSuppressions(
    entries: readonly { site: string; policy: string; target: string; reason: string; ticket: string; expires: string; approver: string }[],
    rep: Reporter,
    today: string,
    knownRules?: readonly string[],
): GovernedSuppression[] {
    const out: GovernedSuppression[] = [];
    const seen = new Map<string, number>();
    entries.forEach((e, i) => {
        const path = ["spec", "suppressions", i];
        let ok = true;
        if (knownRules && !knownRules.includes(e.policy)) {
            rep.error([...path, "policy"], `unknown policy ${show(e.policy)}; ${knownList(e.policy, [...knownRules], "rules", undefined, 100)}`);
            ok = false;
        }
        const bad = reasonProblem(e.reason);
        if (bad) {
            rep.error([...path, "reason"], bad);
            ok = false;
        }
        for (const f of ["ticket", "approver"] as const) {
            if (!e[f].trim() || /[\p{Cc}\p{Cf}\p{Co}\p{Cn}]/u.test(e[f]) || /^(.)\1*$/u.test(e[f].trim())) {
                rep.error(
                    [...path, f],
                    `${f} ${show(e[f])} is blank, invisible or filler; name the ${f === "ticket" ? "change or risk ticket" : "person who accepted the risk"}`,
                );
                ok = false;
            }
        }
        const d = new Date(`${e.expires}T00:00:00Z`);
        if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== e.expires) {
            rep.error([...path, "expires"], `${show(e.expires)} is not a calendar date; write YYYY-MM-DD, e.g. 2027-06-30`);
            ok = false;
        } else if (e.expires < today) {
            rep.error(
                [...path, "expires"],
                `the suppression of ${e.policy} for ${e.site} ${e.target} expired on ${e.expires} (today is ${today}); fix the finding, or renew the exception with a new ticket, expiry and approval`,
            );
            ok = false;
        }
        const key = `${e.site} ${e.policy} ${e.target}`;
        const first = seen.get(key);
        if (first !== undefined)
            rep.warn(path, `approves ${e.policy} for site ${e.site} ${e.target} a second time (also at suppressions[${first}]); remove one`);
        else seen.set(key, i);
        if (ok && first === undefined)
            out.push({
                site: e.site,
                policy: e.policy,
                target: e.target,
                reason: e.reason.trim(),
                ticket: e.ticket.trim(),
                expires: e.expires,
                approver: e.approver.trim(),
                at: rep.at(path),
            });
    });
    return out;
}

/**
 * Once every site is normalized: each fleet.yaml approval names a site of the fleet and a target
 * of that site, and becomes a suppression of the site (unless the site file repeats it).
 */
export function applyGoverned(
    governed: readonly GovernedSuppression[],
    sites: readonly SiteModel[],
    rep: Reporter,
    entries: readonly { site: string; policy: string; target: string }[],
    siteSubset = false,
): void {
    const byName = new Map(sites.map((s) => [s.name, s]));
    for (const g of governed) {
        const i = entries.findIndex((e) => e.site === g.site && e.policy === g.policy && e.target === g.target);
        const path = ["spec", "suppressions", i < 0 ? 0 : i];
        const site = byName.get(g.site);
        if (!site) {
            if (siteSubset) continue; // the approval is for a site whose file this load does not read
            rep.error(
                [...path, "site"],
                `${show(g.site)} is no site of the fleet; ${knownList(g.site, [...byName.keys()], "sites", "the fleet has no sites")}`,
            );
            continue;
        }
        const slash = g.target.indexOf("/");
        const kind = g.target.slice(0, slash);
        const name = g.target.slice(slash + 1);
        const lists: Record<string, { name: string }[]> = {
            site: [{ name: site.name }],
            segment: site.segments,
            conduit: site.conduits,
            gateway: site.gateways,
            plc: site.plcs,
            equipment: site.equipment,
            sensor: site.sensors,
        };
        const list = lists[kind];
        if (!list) {
            rep.error(
                [...path, "target"],
                `unknown target kind ${show(kind)} in ${show(g.target)}; accepted: ${TARGET_KINDS.map((k) => `${k}/<name>`).join(", ")}`,
            );
            continue;
        }
        if (!list.some((x) => x.name === name)) {
            rep.error(
                [...path, "target"],
                `${show(g.target)} names no ${kind} of site ${show(site.name)}; ${knownList(
                    name,
                    list.map((x) => x.name),
                    `${kind}s`,
                    `the site has no ${kind}s`,
                )}`,
            );
            continue;
        }
        if (!site.suppressions.some((s) => s.policy === g.policy && s.target === g.target))
            site.suppressions.push({
                policy: g.policy,
                target: g.target,
                reason: g.reason,
                at: g.at,
                approval: { ticket: g.ticket, expires: g.expires, approver: g.approver, at: g.at },
            });
    }
}
