/** src/util/repo-root: the nearest ancestor holding a folder and package.json (edge/ and functions/ bundles start there). */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { rootWith } from "../../src/util/repo-root";

describe("util: rootWith", () => {
    let tmp: string;
    before(() => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-root-"));
        fs.mkdirSync(path.join(tmp, "repo", "edge"), { recursive: true });
        fs.mkdirSync(path.join(tmp, "repo", "dist", "src", "edge"), { recursive: true });
        fs.writeFileSync(path.join(tmp, "repo", "package.json"), "{}");
        // a folder named edge without package.json is no root
        fs.mkdirSync(path.join(tmp, "repo", "dist", "edge"), { recursive: true });
    });
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("climbs to the nearest ancestor with the folder and package.json, itself included", () => {
        assert.equal(rootWith("edge", path.join(tmp, "repo", "dist", "src", "edge")), path.join(tmp, "repo"));
        assert.equal(rootWith("edge", path.join(tmp, "repo")), path.join(tmp, "repo"));
    });

    it("throws naming the folder and the start when no ancestor has it", () => {
        const from = path.join(tmp, "repo", "dist");
        assert.throws(() => rootWith("functions", from), { message: `cannot find the functions/ directory above ${from}` });
    });
});
