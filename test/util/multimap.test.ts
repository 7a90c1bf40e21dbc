import { strict as assert } from "node:assert";
import { appendTo } from "../../src/util/multimap";

describe("util/multimap: appendTo", () => {
    it("starts a list on a key's first value and appends to the same list after, in order", () => {
        const m = new Map<string, number[]>();
        appendTo(m, "a", 1);
        const first = m.get("a");
        appendTo(m, "b", 2);
        appendTo(m, "a", 3);
        assert.deepEqual(
            [...m],
            [
                ["a", [1, 3]],
                ["b", [2]],
            ],
        );
        assert.equal(m.get("a"), first, "appends in place: no copy per value");
    });
});
