import * as assert from "node:assert/strict";
import { pick } from "../../src/util/pick";

describe("util: pick", () => {
    it("copies the named members, in the order named, undefined ones included", () => {
        const source = { arn: "a", name: "n", secret: 1, absent: undefined as string | undefined };
        const picked = pick(source, ["name", "arn", "absent"]);
        assert.deepEqual(picked, { name: "n", arn: "a", absent: undefined });
        assert.deepEqual(Object.keys(picked), ["name", "arn", "absent"]);
        assert.deepEqual(pick(source, []), {});
    });
});
