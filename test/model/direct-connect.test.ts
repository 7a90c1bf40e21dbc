/** Direct Connect gateway groups: at most 200 prefixes a group, checked by the loader with a position. */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { DX_ALLOWED_PREFIXES_MAX, directConnectGroup, directConnectGroups, directConnectOverflow } from "../../src/model/direct-connect";
import type { SiteModel } from "../../src/model/types";
import { BASE, cleanup, edit, fleetDir, messages } from "./helpers";

/** The first `count` names `dc-0001`, `dc-0002`, … whose Direct Connect group is `group`. */
function namesIn(group: string, count: number): string[] {
    const out: string[] = [];
    for (let i = 1; out.length < count; i++) {
        const name = `dc-${String(i).padStart(4, "0")}`;
        if (directConnectGroup(name) === group) out.push(name);
    }
    return out;
}
const cloud = (k: number) => `10.${100 + (k >> 8)}.${k & 255}.0/24`;
const site = (name: string, k: number, uplink = "direct-connect"): SiteModel =>
    ({ name, file: `sites/${name}.yaml`, connectivity: { uplink }, cloudNetwork: { cidr: cloud(k) } }) as unknown as SiteModel;
const MESSAGE = (name: string, group: string) =>
    `uplink direct-connect puts site ${name} in Direct Connect gateway group ${group} of region eu-central-1 (chosen by a hash of the site name), which already advertises 200 prefixes, the most one association takes (https://docs.aws.amazon.com/directconnect/latest/UserGuide/limits.html); use uplink vpn for this site, or put it in another region`;

describe("model: Direct Connect gateway groups", () => {
    after(cleanup);

    it("directConnectGroup: a site's group is fixed by its name (SHA-256, first byte mod 4)", () => {
        // Expected values from `printf %s <name> | openssl dgst -sha256 -binary | head -c1 | od -An -tu1`, mod 4.
        assert.deepEqual(["plant-01", "plant-02", "plant-03", "plant-04", "cork-fill-finish"].map(directConnectGroup), ["0", "1", "0", "1", "2"]);
    });

    it("directConnectGroups: only direct-connect sites, groups in order, prefixes unique and sorted", () => {
        const [a, b] = namesIn("0", 2);
        const [c] = namesIn("3", 1);
        const sites = [site(c, 3), site(b, 2), site(a, 1), site("vpn-site", 4, "vpn"), { ...site("shared", 9), cloudNetwork: { cidr: cloud(1) } } as SiteModel];
        const groups = directConnectGroups(sites).map((g) => ({ group: g.group, prefixes: g.prefixes, sites: g.sites.map((s) => s.name) }));
        const sharedGroup = directConnectGroup("shared");
        const expected = [
            { group: "0", prefixes: [cloud(1), cloud(2)], sites: [b, a] },
            { group: "3", prefixes: [cloud(3)], sites: [c] },
        ];
        const g = expected.find((e) => e.group === sharedGroup);
        if (g) g.sites.push("shared");
        else expected.push({ group: sharedGroup, prefixes: [cloud(1)], sites: ["shared"] });
        expected.sort((x, y) => x.group.localeCompare(y.group));
        assert.deepEqual(groups, expected);
    });

    it("directConnectOverflow: 200 prefixes in a group fit; every further site is named, in the order given", () => {
        const names = namesIn("0", DX_ALLOWED_PREFIXES_MAX + 2);
        const sites = names.map((n, k) => site(n, k + 1));
        assert.deepEqual(directConnectOverflow("eu-central-1", sites.slice(0, DX_ALLOWED_PREFIXES_MAX)), []);
        assert.deepEqual(
            directConnectOverflow("eu-central-1", sites).map((o) => [o.site.name, o.message]),
            names.slice(DX_ALLOWED_PREFIXES_MAX).map((n) => [n, MESSAGE(n, "0")]),
        );
        // A site whose range is already advertised adds no prefix (shared-mode sites share the endpoint range).
        const repeat = { ...site(namesIn("0", DX_ALLOWED_PREFIXES_MAX + 3)[DX_ALLOWED_PREFIXES_MAX + 2], 1) };
        assert.deepEqual(directConnectOverflow("eu-central-1", [...sites.slice(0, DX_ALLOWED_PREFIXES_MAX), repeat]), []);
    });

    it("fleet validate: the 201st direct-connect site of a group is an error at its connectivity.uplink, with file and line", function () {
        this.timeout(60_000);
        const beta = fs.readFileSync(path.join(BASE, "sites", "beta.yaml"), "utf8");
        const names = namesIn("1", DX_ALLOWED_PREFIXES_MAX + 1);
        const files: Record<string, string> = {};
        names.forEach((n, k) => {
            const dmz = `10.${60 + (k >> 8)}.${k & 255}`;
            files[`sites/${n}.yaml`] = edit(
                ["name: beta", `name: ${n}`],
                ["region: us-east-2", "region: eu-central-1"],
                ["uplink: internet", "uplink: direct-connect"],
                ["cidr: 10.40.1.0/24", `cidr: ${cloud(k + 1)}`],
                ["cidr: 192.168.35.0/24", `cidr: ${dmz}.0/24`],
                ["address: 192.168.35.10", `address: ${dmz}.10`],
                ["serial: SN-2", `serial: SN-DC-${k}`],
            )(beta);
        });
        const dir = fleetDir(files);
        const last = names[DX_ALLOWED_PREFIXES_MAX];
        assert.equal(last, "dc-0750", "the example of docs/site-files.md");
        const dcMessages = messages(dir).filter((m) => m.includes("Direct Connect"));
        assert.deepEqual(dcMessages, [`sites/${last}.yaml:10:13: connectivity.uplink: ${MESSAGE(last, "1")}`]);
    });
});
