/** bench:stacks merges the rows it measured with the rows of earlier runs (test/bench/stacks.ts mergeRows). */
import assert from "node:assert/strict";
import { mergeRows, rowSize } from "./stacks";

describe("bench:stacks: one row measured on its own joins the earlier rows", () => {
    it("reads the size of a row and of a note", () => {
        assert.equal(rowSize("| 1,000 | 1 + 2 + 1,000 | 317 |"), 1000);
        assert.equal(rowSize("| 10,000 (computed) | 1 + 2 + 10,000 |"), 10000);
        assert.equal(rowSize("- 2,000 sites (2 regions): VPCs ..."), 2000);
        assert.equal(rowSize("- 10,000 sites: NOT MEASURED yet"), 10000);
        assert.ok(Number.isNaN(rowSize("|---|---|")));
        assert.ok(Number.isNaN(rowSize("| sites | stacks |")));
    });

    it("replaces the row and note of the size measured (the computed 10,000 row too), keeps the others in order of size", () => {
        const old = {
            rows: ["| 100 | a |", "| 1,000 | b |", "| 2,000 | c |", "| 10,000 (computed) | d |"],
            notes: [
                "- 100 sites (2 regions): a; measured 2026-12-06.",
                "- 1,000 sites (2 regions): b.",
                "- 2,000 sites (2 regions): c.",
                "- 10,000 sites: NOT MEASURED yet.",
            ],
        };
        assert.deepEqual(mergeRows(old, [{ n: 10000, row: "| 10,000 | e |", note: "- 10,000 sites (4 regions): e; measured 2026-12-07 at commit abc1234." }]), {
            rows: ["| 100 | a |", "| 1,000 | b |", "| 2,000 | c |", "| 10,000 | e |"],
            notes: [
                "- 100 sites (2 regions): a; measured 2026-12-06.",
                "- 1,000 sites (2 regions): b.",
                "- 2,000 sites (2 regions): c.",
                "- 10,000 sites (4 regions): e; measured 2026-12-07 at commit abc1234.",
            ],
        });
        assert.deepEqual(mergeRows({ rows: ["| 2,000 | c |"], notes: [] }, [{ n: 100, row: "| 100 | x |", note: "- 100 sites: x." }]), {
            rows: ["| 100 | x |", "| 2,000 | c |"],
            notes: ["- 100 sites: x."],
        });
    });
});
