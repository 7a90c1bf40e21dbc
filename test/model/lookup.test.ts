/** src/model/lookup: the one home of "unknown <thing>" usage errors (site, region, gateway, stack). */
import * as assert from "node:assert/strict";
import { FleetError } from "../../src/model/diagnostics";
import { findNamed, findRegion, findSite, unknownName } from "../../src/model/lookup";
import { exampleFleet } from "../helpers/fleets";

/** What `fn` throws, as message and exit code (fails when it throws nothing or no FleetError). */
function thrown(fn: () => unknown): { message: string; exitCode: number } {
    try {
        fn();
    } catch (e) {
        assert.ok(e instanceof FleetError, `not a FleetError: ${String(e)}`);
        return { message: e.message, exitCode: e.exitCode };
    }
    assert.fail("nothing thrown");
}

describe("model: lookup of named things", () => {
    const model = exampleFleet();

    it("findSite: the site, or exit 2 with a did-you-mean and the sites", () => {
        assert.equal(findSite(model, "cork-fill-finish").name, "cork-fill-finish");
        assert.deepEqual(
            thrown(() => findSite(model, "stuttgart-bdy")),
            { message: 'unknown site "stuttgart-bdy"; did you mean "stuttgart-body"? sites: austin-smt, cork-fill-finish, stuttgart-body', exitCode: 2 },
        );
    });

    it("findRegion: the region, or exit 2 listing the regions of fleet.yaml", () => {
        assert.equal(findRegion(model, "us-east-2").name, "us-east-2");
        assert.deepEqual(
            thrown(() => findRegion(model, "mars-1")),
            {
                message: 'unknown region "mars-1"; regions of fleet.yaml: eu-central-1, us-east-2',
                exitCode: 2,
            },
        );
    });

    it("findNamed: the caller's wording and exit code; an empty list says so", () => {
        const items = [{ name: "gw-a" }, { name: "gw-b" }];
        assert.equal(findNamed(items, "gw-b", "x", "y"), items[1]);
        assert.deepEqual(
            thrown(() => findNamed(items, "gw-c", "site s has no gateway", "gateways", 1)),
            {
                message: 'site s has no gateway "gw-c"; did you mean "gw-a"? gateways: gw-a, gw-b',
                exitCode: 1,
            },
        );
        assert.deepEqual(
            thrown(() => findNamed([], "gw-c", "unknown stack", "stacks")),
            { message: 'unknown stack "gw-c"; no stacks defined', exitCode: 2 },
        );
        assert.equal(unknownName("unknown region", "mars-1", ["eu-central-1"], "regions").message, 'unknown region "mars-1"; regions: eu-central-1');
    });
});
