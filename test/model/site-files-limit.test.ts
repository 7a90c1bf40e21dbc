/**
 * The site-files guard (src/model/load.ts): 5,000 by default, raised or lowered explicitly with
 * fleet.yaml `spec.limits.siteFiles` (1 to 20,000), counted before any site file is read. The
 * base fleet has two sites; a limit of 1 stands in for a fleet above its limit.
 */
import * as assert from "node:assert/strict";
import { MAX_SITE_FILES, siteFilesMessage } from "../../src/model/load";
import { SITE_FILES_CEILING } from "../../src/model/schema";
import { fleetFile } from "../../src/generate/fleet-file";
import { cleanup, edit, fleetDir, load, messages } from "./helpers";

const withLimit = (value: string) => fleetDir({ "fleet.yaml": edit(["  equipmentTypes:\n", `  limits:\n    siteFiles: ${value}\n  equipmentTypes:\n`]) });

describe("site files limit (spec.limits.siteFiles)", () => {
    after(cleanup);

    it("defaults to 5,000 and allows at most 20,000", () => {
        assert.equal(MAX_SITE_FILES, 5000);
        assert.equal(SITE_FILES_CEILING, 20000);
    });

    it("refuses more site files than the limit, naming the setting and the value that would pass", () => {
        const dir = withLimit("1");
        assert.deepEqual(messages(dir), ["sites: 2 site files; the limit is 1; raise it with spec.limits.siteFiles: 2 in fleet.yaml (at most 20000)"]);
        assert.equal(load(dir).model, undefined);
    });

    it("accepts exactly the limit", () => {
        const r = load(withLimit("2"));
        assert.deepEqual(r.diagnostics, []);
        assert.deepEqual(
            r.model!.sites.map((s) => s.name),
            ["alpha", "beta"],
        );
    });

    it("refuses a limit outside 1 to 20,000 and an unknown field in the schema", () => {
        assert.deepEqual(messages(withLimit("20001")), ["fleet.yaml:22:16: limits.siteFiles: 20001 is out of range; accepted: 1 to 20000"]);
        assert.deepEqual(messages(withLimit("0")), ["fleet.yaml:22:16: limits.siteFiles: 0 is out of range; accepted: 1 to 20000"]);
        assert.deepEqual(messages(fleetDir({ "fleet.yaml": edit(["  equipmentTypes:\n", "  limits:\n    files: 3\n  equipmentTypes:\n"]) })), [
            'fleet.yaml:22:5: limits.files: unknown field "files"; did you mean "siteFiles"? accepted: siteFiles',
        ]);
    });

    it("says to split the fleet when even the ceiling is too low", () => {
        assert.equal(
            siteFilesMessage(20001, 5000),
            "20001 site files; the limit is 5000 and spec.limits.siteFiles in fleet.yaml allows at most 20000; split the sites into several fleet directories",
        );
        assert.equal(
            siteFilesMessage(20000, 5000),
            "20000 site files; the limit is 5000; raise it with spec.limits.siteFiles: 20000 in fleet.yaml (at most 20000)",
        );
    });

    it("fleet generate raises the limit in fleet.yaml only above the default", () => {
        const at = (sites: number) => fleetFile({ sites, gateways: 1, equipment: 1 }).match(/^ {2}limits: .*$/m)?.[0];
        assert.equal(at(5000), undefined);
        assert.equal(at(5001), "  limits: { siteFiles: 5001 }");
        assert.equal(at(10000), "  limits: { siteFiles: 10000 }");
    });
});
