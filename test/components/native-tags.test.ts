import * as assert from "node:assert/strict";
import { nativeTagList } from "../../src/tags";

describe("tags: nativeTagList (the aws-native tag lists of SiteIdentity, RegionalGovernance and RegionalRemediation)", () => {
    it("lists every tag as { key, value }, sorted by key whatever the order of the record", () => {
        assert.deepEqual(nativeTagList({ "fleet:site": "plant-a", Owner: "ops", "fleet:name": "acme" }), [
            { key: "fleet:name", value: "acme" },
            { key: "fleet:site", value: "plant-a" },
            { key: "Owner", value: "ops" },
        ]);
        assert.deepEqual(nativeTagList({ b: "2", a: "1" }), nativeTagList({ a: "1", b: "2" }));
        assert.deepEqual(nativeTagList({}), []);
    });
});
