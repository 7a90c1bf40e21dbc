/** The plans of three fleets stay byte-identical across refactors (see test/golden/plans.ts). */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import { GOLDEN_FLEETS, goldenFile, planDigests } from "./plans";

describe("golden plans: refactors change no resource", function () {
    this.timeout(300_000);
    for (const g of GOLDEN_FLEETS) {
        it(`${g.name}: every resource's URN, options and inputs are as recorded`, async () => {
            const want = JSON.parse(fs.readFileSync(goldenFile(g.name), "utf8")) as Record<string, string>;
            const { dir, cleanup } = g.dir();
            try {
                const got = await planDigests(dir);
                const added = Object.keys(got).filter((u) => !(u in want));
                const removed = Object.keys(want).filter((u) => !(u in got));
                const changed = Object.keys(got).filter((u) => u in want && want[u] !== got[u]);
                const show = (xs: string[]) => xs.slice(0, 10).join("\n    ") + (xs.length > 10 ? `\n    ... ${xs.length - 10} more` : "");
                assert.deepEqual(
                    { added: added.length, removed: removed.length, changed: changed.length },
                    { added: 0, removed: 0, changed: 0 },
                    `plan of ${g.name} differs from ${goldenFile(g.name)} (record an intended change with node dist/test/golden/plans.js --write):\n  added:\n    ${show(added)}\n  removed:\n    ${show(removed)}\n  changed:\n    ${show(changed)}`,
                );
                assert.ok(Object.keys(got).length > 100);
            } finally {
                cleanup();
            }
        });
    }
});
