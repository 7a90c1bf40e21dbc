/**
 * Every rule of the pack has at least three bypass attempts that must be caught and three
 * look-alikes that must not be (issue #21). The tables register themselves in TABLED when their
 * files load; this file loads them all, so it also holds when run alone.
 */
import * as assert from "node:assert/strict";
import { RULES } from "../../policies/registry";
import { TABLED } from "./helpers";
import "./semantic.test";
import "./semantic-more.test";
import "./semantic-services.test";
import "./bypass.test";
import "./rules/data.test";
import "./rules/purdue.test";

describe("policies: bypass attempts and look-alikes for every rule", () => {
    it("has at least three of each per rule", () => {
        const short = RULES.map((r) => ({ rule: r.name, ...(TABLED.get(r.name) ?? { caught: 0, clean: 0 }) })).filter((r) => r.caught < 3 || r.clean < 3);
        assert.deepEqual(short, []);
    });
    it("tables only rules that exist", () =>
        assert.deepEqual(
            [...TABLED.keys()].filter((k) => !RULES.some((r) => r.name === k)),
            [],
        ));
});
