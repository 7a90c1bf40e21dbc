/**
 * Issue #21 suppression governance: a site file may suppress advisory rules only; a mandatory rule
 * needs an approval in fleet.yaml (reason, ticket, expires, approver); expired approvals are errors;
 * reasons are real words; a suppression that matches no finding is an error of `fleet check`.
 */
import * as assert from "node:assert/strict";
import { MANDATORY_RULES, POLICY_NAMES } from "../../policies/catalogue";
import type { Rule } from "../../policies/lib/types";
import { blocks, evaluate } from "../../src/check/engine";
import { formatDiagnostic } from "../../src/model/diagnostics";
import { loadFleet } from "../../src/model/load";
import { reasonProblem } from "../../src/model/normalize/suppressions";
import { cleanup, fleetDir } from "./helpers";
import { A, F, suppressions } from "./semantic-fixture";

const TODAY = "2026-12-06";
const governed = (opts: { today?: string; mandatory?: boolean } = {}) => ({
    knownRules: POLICY_NAMES,
    today: opts.today ?? TODAY,
    ...(opts.mandatory === false ? {} : { mandatoryRules: MANDATORY_RULES }),
});
const approval = (site: string, policy: string, target: string, expires = "2027-06-30", reason = "Legacy Modbus PLC until its replacement in 2027") =>
    `  suppressions:\n    - site: ${site}\n      policy: ${policy}\n      target: ${target}\n      reason: ${reason}\n      ticket: CHG-4711\n      expires: ${expires}\n      approver: ot-security@example.com\n`;
/** The approval list starts at line 45 of fleet.yaml; item 0 at 46 (site), expires at 51. */
const withApproval = (text: string) => ({ [F]: (t: string) => t + text });
const run = (changes: Record<string, unknown>, opts?: Parameters<typeof governed>[0]) => {
    const r = loadFleet(fleetDir(changes as never), governed(opts));
    return { r, out: r.diagnostics.map(formatDiagnostic) };
};
const MANDATORY = "ot-cleartext-protocol-contained";

describe("model: suppression governance (issue #21)", () => {
    afterEach(cleanup);

    it("a site file suppressing a mandatory rule without approval is an error naming the fix", () => {
        assert.ok(MANDATORY_RULES.includes(MANDATORY));
        const { r, out } = run(suppressions([MANDATORY, "conduit/gw-to-cell"]));
        assert.deepEqual(out, [
            `${A}:61:15: suppressions[0].policy: ${MANDATORY} is a mandatory rule: a site file may suppress advisory rules only; add the exception to fleet.yaml spec.suppressions with site: alpha, policy, target: conduit/gw-to-cell, reason, ticket, expires (YYYY-MM-DD) and approver`,
        ]);
        assert.equal(r.model, undefined);
    });
    it("a site file may suppress an advisory rule (look-alike)", () => {
        assert.ok(!MANDATORY_RULES.includes("required-tags"));
        const { r, out } = run(suppressions(["required-tags", "site/alpha"]));
        assert.deepEqual(out, []);
        assert.deepEqual(
            r.model!.sites[0].suppressions.map((s) => [s.policy, s.target, s.approval]),
            [["required-tags", "site/alpha", undefined]],
        );
    });
    it("an approval in fleet.yaml admits the site file's suppression", () => {
        const { r, out } = run({ ...suppressions([MANDATORY, "conduit/gw-to-cell"]), ...withApproval(approval("alpha", MANDATORY, "conduit/gw-to-cell")) });
        assert.deepEqual(out, []);
        const s = r.model!.sites[0].suppressions;
        assert.deepEqual(
            s.map((x) => `${x.policy} ${x.target} ${x.at.file}:${x.at.line}`),
            [`${MANDATORY} conduit/gw-to-cell ${A}:61`],
        );
    });
    it("an approval alone is the suppression (at fleet.yaml), for its site only", () => {
        const { r, out } = run(withApproval(approval("alpha", MANDATORY, "conduit/gw-to-cell")));
        assert.deepEqual(out, []);
        assert.deepEqual(
            r.model!.sites.map((s) => s.suppressions.map((x) => `${x.policy} ${x.target} ${x.at.file}:${x.at.line}`)),
            [[`${MANDATORY} conduit/gw-to-cell ${F}:46`], []],
        );
    });
    it("an approval for another site or another target does not admit the site file's suppression", () => {
        const { out } = run({ ...suppressions([MANDATORY, "conduit/gw-to-cell"]), ...withApproval(approval("beta", MANDATORY, "conduit/gw-to-cloud")) });
        assert.equal(out.length, 1);
        assert.match(out[0], /^sites\/alpha\.yaml:61:15: suppressions\[0\]\.policy: ot-cleartext-protocol-contained is a mandatory rule/);
    });
    it("an expired approval is an error; one that expires today still holds", () => {
        const expired = run(withApproval(approval("alpha", MANDATORY, "conduit/gw-to-cell", "2026-12-05")));
        assert.deepEqual(expired.out, [
            `${F}:51:16: suppressions[0].expires: the suppression of ${MANDATORY} for alpha conduit/gw-to-cell expired on 2026-12-05 (today is ${TODAY}); fix the finding, or renew the exception with a new ticket, expiry and approval`,
        ]);
        assert.equal(expired.r.model, undefined);
        assert.deepEqual(run(withApproval(approval("alpha", MANDATORY, "conduit/gw-to-cell", TODAY))).out, []);
        assert.deepEqual(run(withApproval(approval("alpha", MANDATORY, "conduit/gw-to-cell", "2027-02-30"))).out, [
            `${F}:51:16: suppressions[0].expires: "2027-02-30" is not a calendar date; write YYYY-MM-DD, e.g. 2027-06-30`,
        ]);
    });
    it("an approval must name a site of the fleet and a target of that site", () => {
        assert.deepEqual(run(withApproval(approval("gamma", MANDATORY, "conduit/gw-to-cell"))).out, [
            `${F}:46:13: suppressions[0].site: "gamma" is no site of the fleet; sites: alpha, beta`,
        ]);
        assert.deepEqual(run(withApproval(approval("beta", MANDATORY, "conduit/gw-to-cell"))).out, [
            `${F}:48:15: suppressions[0].target: "conduit/gw-to-cell" names no conduit of site "beta"; conduits: gw-to-cloud`,
        ]);
    });
    it("fleet.yaml approval fields are required by the schema", () => {
        const text = `  suppressions:\n    - site: alpha\n      policy: ${MANDATORY}\n      target: conduit/gw-to-cell\n      reason: Legacy Modbus PLC until 2027 replacement\n`;
        const { out } = run(withApproval(text));
        assert.deepEqual(out, [
            `${F}:46:7: suppressions[0].approver: missing required field "approver"`,
            `${F}:46:7: suppressions[0].expires: missing required field "expires"; expected an ISO date YYYY-MM-DD`,
            `${F}:46:7: suppressions[0].ticket: missing required field "ticket"`,
        ]);
    });

    describe("reasons are real words", () => {
        const bad: [string, string][] = [
            ["zero-width spaces", "\u200b".repeat(12)],
            ["words glued by zero-width joiners", "Legacy\u200dPLC\u200dreplaced"],
            ["filler", "n/a n/a test todo tbd asdf"],
            ["one repeated character", "aaaaaaaaaaaa"],
            ["a character repeated inside words", "ok fine sure.........."],
            ["two real words", "legacy device"],
        ];
        for (const [name, reason] of bad) it(`refuses ${name}`, () => assert.notEqual(reasonProblem(reason), undefined));
        it("names the invisible character and where it is", () => {
            assert.equal(
                reasonProblem("Legacy\u200dPLC replaced"),
                "the reason contains an invisible or control character (U+200D at character 7); write the reason in plain words",
            );
            assert.equal(
                reasonProblem("n/a n/a test todo"),
                'the reason needs at least 3 different real words saying why the exception is acceptable (found 0); e.g. "Legacy Modbus PLC, replacement scheduled for 2027"',
            );
        });
        const good = [
            "Legacy Modbus PLC, replacement scheduled for 2027",
            "Altes Modbus-Gerät bis zur Umrüstung 2027",
            "Reviewed by OT security in change 4711",
        ];
        for (const reason of good) it(`accepts ${JSON.stringify(reason)}`, () => assert.equal(reasonProblem(reason), undefined));
        it("a site file's filler reason is an error at the reason", () => {
            const { out } = run(suppressions(["required-tags", "site/alpha", "xxxxxxxxxxxxxxxx"]));
            assert.deepEqual(out, [`${A}:63:15: suppressions[0].reason: the reason repeats "x" 16 times; say in words why the exception is acceptable`]);
        });
    });

    describe("fleet check: a suppression that matches nothing", () => {
        const rule = (fires: boolean): Rule =>
            ({
                name: "required-tags",
                severity: "advisory",
                scope: "model",
                description: "test rule",
                model: (site: { name: string }) => (fires ? [{ message: "finding", target: `site/${site.name}` }] : []),
            }) as unknown as Rule;
        const model = () => loadFleet(fleetDir(suppressions(["required-tags", "site/alpha"])), governed()).model!;
        it("is a mandatory violation at the suppression", () => {
            const result = evaluate({ resources: [], sites: model().sites }, [rule(false)]);
            assert.deepEqual(
                result.findings.map((f) => [f.rule, f.severity, f.kind, f.site, f.target, `${f.at?.file}:${f.at?.line}`, f.message]),
                [
                    [
                        "required-tags",
                        "mandatory",
                        "violation",
                        "alpha",
                        "site/alpha",
                        `${A}:61`,
                        "the suppression of required-tags for site/alpha matches no finding; remove it (a suppression that matches nothing would hide a future finding unreviewed)",
                    ],
                ],
            );
            assert.equal(blocks(result), true);
        });
        it("a suppression that matches is used, not reported (look-alike)", () => {
            const result = evaluate({ resources: [], sites: model().sites }, [rule(true)]);
            assert.deepEqual(
                result.findings.map((f) => [f.site, f.rule, f.severity, f.message, f.suppressed?.at.line]),
                [
                    ["beta", "required-tags", "advisory", "finding", undefined],
                    ["alpha", "required-tags", "advisory", "finding", 61],
                ],
            );
            assert.equal(blocks(result), false);
        });
        it("is not judged when its rule did not run for the site (resources not checked)", () => {
            const resourceRule = {
                ...rule(false),
                model: undefined,
                scope: "resource",
                resource: { types: ["aws:s3/bucket:Bucket"], check: () => [] },
            } as unknown as Rule;
            assert.deepEqual(evaluate({ resources: [], sites: model().sites }, [resourceRule]).findings, []);
        });
    });
});
