/** The pure parts of `fleet init site`: name suggestions, a free cloud range, the starter text. */
import * as assert from "node:assert/strict";
import { parse } from "yaml";
import { freeCloudRange, SITE_NAME, starterSite, suggestSiteName } from "../../src/scaffold";

describe("scaffold: fleet init site", () => {
    it("suggests the valid name closest to what was typed", () => {
        const suggestions: [typed: string, suggested: string | undefined][] = [
            ["Stuttgart_Body", "stuttgart-body"],
            ["Köln Werk 2", "koln-werk-2"],
            ["2nd-plant", "nd-plant"],
            ["plant--a!", "plant-a"],
            ["a".repeat(40), "a".repeat(31)],
            ["42", undefined],
            ["x", undefined],
            ["plant", undefined], // a valid name needs no suggestion
        ];
        for (const [typed, suggested] of suggestions) assert.equal(suggestSiteName(typed), suggested, typed);
        for (const n of ["Stuttgart_Body", "Köln Werk 2", "a".repeat(40)]) assert.ok(SITE_NAME.test(suggestSiteName(n)!));
    });

    it("picks the first /24 from 10.100.0.0 that no site uses", () => {
        assert.equal(freeCloudRange([]), "10.100.0.0/24");
        assert.equal(freeCloudRange(["10.100.0.0/24", "10.100.1.0/24"]), "10.100.2.0/24");
        assert.equal(freeCloudRange(["10.100.0.0/16"]), "10.101.0.0/24");
        assert.equal(freeCloudRange(["not a cidr", "10.100.0.0/23"]), "10.100.2.0/24");
    });

    it("writes a site of the given name, region and range, with a serial of its own", () => {
        const data = parse(starterSite("lyon-paint", "eu-west-3", "10.100.7.0/24"));
        assert.equal(data.metadata.name, "lyon-paint");
        assert.equal(data.metadata.region, "eu-west-3");
        assert.equal(data.spec.cloudNetwork.cidr, "10.100.7.0/24");
        assert.equal(data.spec.gateways[0].serial, "CHANGE-ME-lyon-paint-gw-01");
    });
});
