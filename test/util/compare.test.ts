import { strict as assert } from "node:assert";
import { cmp } from "../../src/util/compare";

describe("util/compare: cmp", () => {
    it("orders by code point, not locale: upper case before lower, ä after z; equal strings compare 0", () => {
        assert.deepEqual(["b", "ä", "B", "a", "z", "a"].sort(cmp), ["B", "a", "a", "b", "z", "ä"]);
        assert.equal(cmp("sites/a.yaml", "sites/a.yaml"), 0);
        assert.equal(cmp("sites/a.yaml", "sites/b.yaml"), -1);
        assert.equal(cmp("sites/b.yaml", "sites/a.yaml"), 1);
    });
});
