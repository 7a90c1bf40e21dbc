/** `fleet bootstrap` and `fleet dashboards` share findSite: an unknown site is a usage error (exit 2) with a did-you-mean. */
import { strict as assert } from "node:assert";
import { fleet, ROOT } from "../cli/helpers";

describe("cli: findSite", function () {
    this.timeout(60_000);
    const expected = 'fleet: unknown site "stuttgart-bdy"; did you mean "stuttgart-body"? sites: austin-smt, cork-fill-finish, stuttgart-body';

    it("bootstrap: exit 2, did-you-mean", () => {
        const r = fleet(["bootstrap", "stuttgart-bdy", "gw-body-01", "--dir", ROOT, "--out", "/tmp/fleet-find-site-never"]);
        assert.equal(r.code, 2);
        assert.equal(r.stderr.trim(), expected);
    });

    it("dashboards: exit 2, did-you-mean", () => {
        const r = fleet(["dashboards", "--site", "stuttgart-bdy", "--dir", ROOT, "--out", "/tmp/fleet-find-site-never"]);
        assert.equal(r.code, 2);
        assert.equal(r.stderr.trim(), expected);
    });
});
