/** The base fixture's files and the edits the semantic-rule tests (test/model/semantic*.test.ts) make to it. */
import { edit } from "./helpers";

export const A = "sites/alpha.yaml";
export const B = "sites/beta.yaml";
export const F = "fleet.yaml";
export const alpha = (...pairs: [string, string][]) => ({ [A]: edit(...pairs) });
export const fleet = (...pairs: [string, string][]) => ({ [F]: edit(...pairs) });
/** Lines appended to the base alpha site; the first appended line is line 60. */
export const appendAlpha = (lines: string) => ({ [A]: (t: string) => t + lines });
/** A conduit inserted after the last base conduit (lines 33-36). */
export const addConduit = (name: string, from: string, to: string, protocol: string) =>
    alpha(["      protocol: mqtts\n", `      protocol: mqtts\n    - name: ${name}\n      from: ${from}\n      to: ${to}\n      protocol: ${protocol}\n`]);
/** Suppressions appended to alpha: the list starts at line 60, item i at line 61 + 3i. */
export const suppressions = (...items: [string, string, string?][]) =>
    appendAlpha(
        "  suppressions:\n" +
            items
                .map(
                    ([policy, target, reason]) =>
                        `    - policy: ${policy}\n      target: ${target}\n      reason: ${reason ?? "Reviewed by OT security in change 4711"}\n`,
                )
                .join(""),
    );
