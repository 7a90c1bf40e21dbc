/** Routed ranges in the loader: one error per group of overlapping ranges, in the site file, with a free range. */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseCidr, type Cidr } from "../../src/model/cidr";
import { formatDiagnostic } from "../../src/model/diagnostics";
import { freeRange, listClaims, overlapGroups } from "../../src/model/routed";
import { BASE, cleanup, edit, fleetDir, load, messages } from "./helpers";

const cidr = (t: string): Cidr => (parseCidr(t) as { cidr: Cidr }).cidr;
const beta = fs.readFileSync(path.join(BASE, "sites", "beta.yaml"), "utf8");
/** A vpn site in alpha's region whose dmz (the segment that talks to the cloud) is alpha's. */
const attached = (name: string, cloud: string, serial: string) =>
    edit(
        ["name: beta", `name: ${name}`],
        ["region: us-east-2", "region: eu-central-1"],
        ["uplink: internet", "uplink: vpn"],
        ["cidr: 10.40.1.0/24", `cidr: ${cloud}`],
        ["serial: SN-2", `serial: ${serial}`],
    )(beta);
const TAIL = "; sites attached to one region's Transit Gateway share a routed network, so ranges AWS routes must be unique in region eu-central-1";

describe("model: routed ranges", () => {
    after(cleanup);

    it("freeRange: the first block of the prefix clear of every taken range, aligned, in 10/8 then 172.16/12 then 192.168/16", () => {
        assert.equal(freeRange(24, []), "10.0.0.0/24");
        assert.equal(freeRange(24, [cidr("10.0.0.0/24"), cidr("10.0.1.0/25")]), "10.0.2.0/24");
        assert.equal(freeRange(16, [cidr("10.0.5.0/24")]), "10.1.0.0/16");
        assert.equal(freeRange(27, [cidr("10.0.0.0/28"), cidr("10.0.0.16/28"), cidr("10.0.0.40/29")]), "10.0.0.64/27");
        assert.equal(freeRange(8, [cidr("10.1.0.0/16")]), undefined, "no /8 fits in 172.16/12 or 192.168/16");
        assert.equal(freeRange(16, [cidr("10.0.0.0/8")]), "172.16.0.0/16");
        assert.equal(freeRange(16, [cidr("10.0.0.0/8"), cidr("172.16.0.0/12")]), "192.168.0.0/16");
        assert.equal(freeRange(24, [cidr("10.0.0.0/8"), cidr("172.16.0.0/12"), cidr("192.168.0.0/16")]), undefined);
    });

    it("overlapGroups: one group per run of overlapping ranges, members in blame order; lone ranges left out", () => {
        const claims = [
            { cidr: cidr("10.0.0.0/16"), order: 2 },
            { cidr: cidr("10.0.1.0/24"), order: 0 },
            { cidr: cidr("10.0.9.0/24"), order: 1 },
            { cidr: cidr("10.1.0.0/24"), order: 3 },
            { cidr: cidr("10.2.0.0/24"), order: 4 },
            { cidr: cidr("10.2.0.0/25"), order: 5 },
        ];
        assert.deepEqual(
            overlapGroups(claims).map((g) => g.map((c) => c.order)),
            [
                [0, 1, 2],
                [4, 5],
            ],
        );
        assert.equal(
            listClaims([
                { owner: "a", cidr: cidr("10.0.0.0/24"), order: 0 },
                { owner: "b", cidr: cidr("10.0.1.0/24"), order: 1 },
                { owner: "c", cidr: cidr("10.0.2.0/24"), order: 2 },
            ]),
            "a (10.0.0.0/24), b (10.0.1.0/24) and c (10.0.2.0/24)",
        );
    });

    it("three attached sites routing one dmz range: one error, in the last site file, listing the other two, with a free range", () => {
        const dir = fleetDir({ "sites/gamma.yaml": attached("gamma", "10.40.2.0/24", "SN-3"), "sites/delta.yaml": attached("delta", "10.40.3.0/24", "SN-4") });
        assert.deepEqual(messages(dir), [
            `sites/gamma.yaml:17:13: segments[0].cidr: "192.168.35.0/24" (segment "dmz" of site "gamma") overlaps segment "dmz" of site "alpha" (192.168.35.0/24) and segment "dmz" of site "delta" (192.168.35.0/24)${TAIL}; 10.0.0.0/24 is free in the fleet and its regions`,
        ]);
    });

    it("a site's range over the inspection VPC is reported in that site; internet sites route nothing", () => {
        const dir = fleetDir({
            "sites/gamma.yaml": attached("gamma", "100.64.0.0/24", "SN-3"),
            "sites/delta.yaml": edit(
                ["dmz\n      purdueLevel: 3.5\n      cidr: 192.168.35.0/24", "dmz\n      purdueLevel: 3.5\n      cidr: 192.168.36.0/24"],
                ["address: 192.168.35.10", "address: 192.168.36.10"],
            )(attached("delta", "10.40.3.0/24", "SN-4")),
            "sites/alpha.yaml": edit(["uplink: vpn", "uplink: internet"]),
        });
        const out = messages(dir);
        assert.deepEqual(
            out.filter((m) => m.includes("routed network")),
            [
                `sites/gamma.yaml:13:11: cloudNetwork.cidr: "100.64.0.0/24" (the cloudNetwork of site "gamma") overlaps the regional inspection VPC (100.64.0.0/26)${TAIL}; 10.0.0.0/24 is free in the fleet and its regions`,
            ],
            out.join("\n"),
        );
    });

    it("the suggested cloudNetwork is free: taking it clears the error", () => {
        const clash = fleetDir({
            "sites/gamma.yaml": edit(["name: beta", "name: gamma"], ["cidr: 10.40.1.0/24", "cidr: 10.40.0.0/24"], ["serial: SN-2", "serial: SN-3"])(beta),
        });
        const first = load(clash).diagnostics.map(formatDiagnostic);
        assert.equal(first.length, 1, first.join("\n"));
        const free = /; (\S+) is free in the fleet/.exec(first[0])![1];
        assert.equal(free, "10.0.0.0/24");
        const fixed = fleetDir({
            "sites/gamma.yaml": edit(["name: beta", "name: gamma"], ["cidr: 10.40.1.0/24", `cidr: ${free}`], ["serial: SN-2", "serial: SN-3"])(beta),
        });
        assert.deepEqual(messages(fixed), []);
    });

    it("an attached site's landing range must be /27 or larger (/28 fits AWS but not two subnets)", () => {
        const dir = fleetDir({ "sites/alpha.yaml": edit(["cidr: 10.40.0.0/24", "cidr: 10.40.0.0/28"]) });
        assert.deepEqual(messages(dir), [
            `sites/alpha.yaml:13:11: cloudNetwork.cidr: "10.40.0.0/28" is too small for the site's landing VPC: an attached site (uplink vpn) needs /27 or larger (two /28 subnets, one per Availability Zone); 10.0.0.0/27 is free in the fleet and its regions`,
        ]);
    });
});
