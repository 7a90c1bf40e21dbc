/** docs/forecasting.md's accuracy table is what the quality script prints (no typed figures). */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { forecastQuality } from "../bench/forecast-quality";

describe("docs/forecasting.md", () => {
    it("holds the accuracy table exactly as test/bench/forecast-quality.ts computes it", () => {
        const doc = fs.readFileSync(path.resolve(__dirname, "..", "..", "..", "docs", "forecasting.md"), "utf8");
        assert.ok(doc.includes(forecastQuality()), "regenerate the table with node dist/test/bench/forecast-quality.js and paste it into docs/forecasting.md");
    });
});
