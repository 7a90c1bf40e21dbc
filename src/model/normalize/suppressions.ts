/** Suppressions: a policy, a target of the site, a reason; checked against what the site has. */
import { didYouMean, knownList, show } from "../diagnostics";
import type { EquipmentModel, SensorModel, SuppressionModel } from "../types";
import { TARGET_KINDS, type SiteContext } from "./context";
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
        if (s.reason.trim().length < 10) {
            rep.error([...path, "reason"], `a suppression needs a reason of at least 10 characters saying why the exception is acceptable`);
            ok = false;
        }
        const key = `${s.policy} ${s.target}`;
        const first = seenSuppressions.get(key);
        if (first !== undefined) rep.warn(path, `suppresses ${s.policy} for ${s.target} a second time (also at suppressions[${first}]); remove one`);
        else seenSuppressions.set(key, i);
        if (ok && first === undefined) suppressions.push({ policy: s.policy, target: s.target, reason: s.reason.trim(), at: rep.at(path) });
    });

    return suppressions;
}
