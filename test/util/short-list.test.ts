import * as assert from "node:assert/strict";
import { shortList } from "../../src/util/short-list";

describe("util: shortList", () => {
    it("names every item up to max, then the first max and how many more", () => {
        assert.equal(shortList([], 2), "");
        assert.equal(shortList(["a", "b"], 2), "a, b");
        assert.equal(shortList(["a", "b", "c"], 2), "a, b and 1 more");
        assert.equal(shortList(["a", "b", "c", "d", "e"], 3), "a, b, c and 2 more");
    });
});
