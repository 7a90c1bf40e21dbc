import * as assert from "node:assert/strict";
import {
    addressCoverage,
    addressSet,
    ANY_ADDRESS,
    cidrSet,
    isWholeTld,
    NO_VARIABLES,
    portCount,
    portSet,
    portsOpen,
    ruleVariablesOf,
    size,
    statelessSets,
    type AddressSet,
    type RuleVariables,
} from "../../../policies/lib/nfw";

const V4_MAX = 2n ** 32n - 1n;
const V6_MAX = 2n ** 128n - 1n;
const ip = (n: bigint) => [n >> 24n, (n >> 16n) & 255n, (n >> 8n) & 255n, n & 255n].join(".");
/** IPv4 ranges as `a.b.c.d-e.f.g.h`, and whether IPv6 is empty, all or what. */
const show = (s: AddressSet) => ({
    v4: s.v4.map(([a, b]) => `${ip(a)}-${ip(b)}`),
    v6:
        s.v6.length === 0
            ? "none"
            : s.v6.length === 1 && s.v6[0][0] === 0n && s.v6[0][1] === V6_MAX
              ? "all"
              : s.v6.map(([a, b]) => `${a.toString(16)}-${b.toString(16)}`),
});
const vars = (ip4: Record<string, string[]>, ports: Record<string, string[]> = {}): RuleVariables => ({
    ipSets: new Map(Object.entries(ip4)),
    portSets: new Map(Object.entries(ports)),
});

describe("policies/lib/nfw", () => {
    describe("cidrSet", () => {
        it("a CIDR is its network's range (host bits dropped), an address is itself, IPv4 or IPv6", () => {
            assert.deepEqual(show(cidrSet(" 10.1.2.3/8 ")), { v4: ["10.0.0.0-10.255.255.255"], v6: "none" });
            assert.deepEqual(show(cidrSet("192.168.1.7")), { v4: ["192.168.1.7-192.168.1.7"], v6: "none" });
            assert.deepEqual(cidrSet("0.0.0.0/0"), { v4: [[0n, V4_MAX]], v6: [] });
            assert.deepEqual(cidrSet("fd00::1/8"), { v4: [], v6: [[0xfdn << 120n, (0xfdn << 120n) | ((1n << 120n) - 1n)]] });
            assert.deepEqual(cidrSet("::1"), { v4: [], v6: [[1n, 1n]] });
            assert.deepEqual(cidrSet("::/0"), { v4: [], v6: [[0n, V6_MAX]] });
        });

        it("anything else is a readable error", () => {
            assert.throws(() => cidrSet(" nope "), { message: '"nope" is not an address, CIDR, list or variable' });
            assert.throws(() => cidrSet("10.0.0.0/33"), { message: '"10.0.0.0/33" is not an address, CIDR, list or variable' });
            assert.throws(() => addressSet("[10.0.0.0/8"), { message: '"[10.0.0.0/8" is not an address, CIDR, list or variable' });
            assert.throws(() => addressSet("10.0.0.0/8]"), { message: '"10.0.0.0/8]" is not an address, CIDR, list or variable' });
        });
    });

    describe("addressSet", () => {
        it("any, nothing and every spelling of the whole space are everything", () => {
            for (const f of ["any", " ANY ", "", "[0.0.0.0/1, 128.0.0.0/1, ::/0]", "!!any"]) assert.deepEqual(addressSet(f), ANY_ADDRESS, f);
            assert.deepEqual(addressSet("[]"), ANY_ADDRESS);
        });

        it("lists are unions, merged (adjacent and overlapping ranges) and sorted", () => {
            assert.deepEqual(show(addressSet("[10.0.0.128/25, 10.0.0.0/25]")), { v4: ["10.0.0.0-10.0.0.255"], v6: "none" });
            assert.deepEqual(show(addressSet("[10.0.0.0/8,10.1.0.0/16]")), { v4: ["10.0.0.0-10.255.255.255"], v6: "none" });
            assert.deepEqual(show(addressSet("[10.1.0.0/16,10.0.0.0/8]")), { v4: ["10.0.0.0-10.255.255.255"], v6: "none" });
            assert.deepEqual(show(addressSet("[10.0.0.0/16,10.0.0.0/8]")), { v4: ["10.0.0.0-10.255.255.255"], v6: "none" });
            assert.deepEqual(show(addressSet("[192.168.0.0/24,10.0.0.2,10.0.0.0]")), {
                v4: ["10.0.0.0-10.0.0.0", "10.0.0.2-10.0.0.2", "192.168.0.0-192.168.0.255"],
                v6: "none",
            });
            assert.deepEqual(show(addressSet("[10.0.0.0/8,[192.168.0.0/16,::1],,]")), {
                v4: ["10.0.0.0-10.255.255.255", "192.168.0.0-192.168.255.255"],
                v6: ["1-1"],
            });
        });

        it("! is everything else (IPv6 included); ! inside a list takes away from the list, or from everything", () => {
            assert.deepEqual(show(addressSet("!10.0.0.0/8")), { v4: ["0.0.0.0-9.255.255.255", "11.0.0.0-255.255.255.255"], v6: "all" });
            assert.deepEqual(show(addressSet("!0.0.0.0")), { v4: ["0.0.0.1-255.255.255.255"], v6: "all" });
            assert.deepEqual(show(addressSet("!255.255.255.255")), { v4: ["0.0.0.0-255.255.255.254"], v6: "all" });
            assert.deepEqual(show(addressSet("!0.0.0.0/0")), { v4: [], v6: "all" });
            assert.deepEqual(show(addressSet("[10.0.0.0/8, !10.1.0.0/16, !10.3.0.0/16]")), {
                v4: ["10.0.0.0-10.0.255.255", "10.2.0.0-10.2.255.255", "10.4.0.0-10.255.255.255"],
                v6: "none",
            });
            assert.deepEqual(show(addressSet("[!10.0.0.0/8]")), { v4: ["0.0.0.0-9.255.255.255", "11.0.0.0-255.255.255.255"], v6: "all" });
            assert.deepEqual(show(addressSet("[10.0.0.0/24,!10.0.0.0/25]")), { v4: ["10.0.0.128-10.0.0.255"], v6: "none" });
            assert.deepEqual(show(addressSet("[10.0.0.0/24,!10.0.0.128/25]")), { v4: ["10.0.0.0-10.0.0.127"], v6: "none" });
        });

        it("$VARIABLES resolve from ruleVariables (any case), HOME_NET defaults to private space and EXTERNAL_NET to the rest", () => {
            const v = vars({ PLC: ["10.0.1.0/24", "10.0.2.0/24"], NESTED: ["$plc", "!10.0.2.0/24"] });
            assert.deepEqual(show(addressSet("$plc", v)), { v4: ["10.0.1.0-10.0.2.255"], v6: "none" });
            assert.deepEqual(show(addressSet("$NESTED", v)), { v4: ["10.0.1.0-10.0.1.255"], v6: "none" });
            assert.deepEqual(show(addressSet("$HOME_NET")), {
                v4: ["10.0.0.0-10.255.255.255", "100.64.0.0-100.127.255.255", "172.16.0.0-172.31.255.255", "192.168.0.0-192.168.255.255"],
                v6: [`${(0xfcn << 120n).toString(16)}-${((0xfcn << 120n) | ((1n << 121n) - 1n)).toString(16)}`],
            });
            assert.deepEqual(show(addressSet("$home_net", vars({ HOME_NET: ["10.0.0.0/16"] }))), { v4: ["10.0.0.0-10.0.255.255"], v6: "none" });
            assert.deepEqual(show(addressSet("$EXTERNAL_NET", vars({ HOME_NET: ["10.0.0.0/8"] }))), {
                v4: ["0.0.0.0-9.255.255.255", "11.0.0.0-255.255.255.255"],
                v6: "all",
            });
            assert.equal(size(addressSet("$EXTERNAL_NET").v4), 2n ** 32n - 2n ** 24n - 2n ** 22n - 2n ** 20n - 2n ** 16n);
            assert.throws(() => addressSet("$NOPE", v), { message: "variable $NOPE is not defined in the rule group's ruleVariables" });
        });

        it("nesting stops at 16 levels", () => {
            assert.deepEqual(show(addressSet(`${"!".repeat(16)}10.0.0.0/8`)), { v4: ["10.0.0.0-10.255.255.255"], v6: "none" });
            assert.throws(() => addressSet(`${"!".repeat(17)}10.0.0.0/8`), { message: "address variables nest too deeply" });
            assert.equal(addressSet(`${"!".repeat(15)}[!10.0.0.0/8]`).v4.length, 1);
            assert.throws(() => addressSet(`${"!".repeat(16)}[!10.0.0.0/8]`), { message: "address variables nest too deeply" });
            assert.equal(addressSet(`${"!".repeat(15)}$EXTERNAL_NET`).v4.length, 4);
            assert.throws(() => addressSet(`${"!".repeat(16)}$EXTERNAL_NET`), { message: "address variables nest too deeply" });
            assert.throws(() => addressSet("$LOOP", vars({ LOOP: ["$LOOP"] })), { message: "address variables nest too deeply" });
        });
    });

    describe("coverage and size", () => {
        it("size counts addresses", () => {
            assert.equal(size([]), 0n);
            assert.equal(size([[5n, 5n]]), 1n);
            assert.equal(size(addressSet("[10.0.0.0/24, 192.168.0.0/30]").v4), 260n);
        });

        it("all: every IPv4 or every IPv6 address; half: at least half of either; else bounded", () => {
            assert.equal(addressCoverage(addressSet("0.0.0.0/0")), "all");
            assert.equal(addressCoverage(addressSet("::/0")), "all");
            assert.equal(addressCoverage(addressSet("0.0.0.0/1")), "half");
            assert.equal(addressCoverage(addressSet("::/1")), "half");
            assert.equal(addressCoverage(addressSet("[0.0.0.0/1,!0.0.0.0]")), "bounded");
            assert.equal(addressCoverage(addressSet("[::/1,!::]")), "bounded");
            assert.equal(addressCoverage(addressSet("[0.0.0.0/0,!0.0.0.0]")), "half");
            assert.equal(addressCoverage(addressSet("10.0.0.0/8")), "bounded");
            assert.equal(addressCoverage({ v4: [], v6: [] }), "bounded");
        });
    });

    describe("ruleVariablesOf", () => {
        it("reads the aws list form (definitions or definition), upper-casing keys", () => {
            const got = ruleVariablesOf({
                ruleGroup: {
                    ruleVariables: {
                        ipSets: [
                            { key: "plc", ipSet: { definitions: ["10.0.1.0/24", "10.0.2.0/24"] } },
                            { key: "One", ipSet: { definition: "10.9.0.0/16" } },
                            { key: 7, ipSet: { definitions: ["1.1.1.1"] } },
                            "junk",
                            null,
                        ],
                        portSets: [{ key: "modbus", portSet: { definitions: [502] } }],
                    },
                },
            });
            assert.deepEqual(
                [...got.ipSets],
                [
                    ["PLC", ["10.0.1.0/24", "10.0.2.0/24"]],
                    ["ONE", ["10.9.0.0/16"]],
                ],
            );
            assert.deepEqual([...got.portSets], [["MODBUS", ["502"]]]);
        });

        it("reads the aws-native map form (definition or definitions)", () => {
            const got = ruleVariablesOf({
                ruleGroup: { ruleVariables: { ipSets: { home_net: { definition: ["10.0.0.0/16"] }, b: { definitions: "10.1.0.0/16" } }, portSets: { p: {} } } },
            });
            assert.deepEqual(
                [...got.ipSets],
                [
                    ["HOME_NET", ["10.0.0.0/16"]],
                    ["B", ["10.1.0.0/16"]],
                ],
            );
            assert.deepEqual([...got.portSets], [["P", []]]);
        });

        it("no variables: empty maps", () => {
            for (const props of [{}, { ruleGroup: { ruleVariables: "x" } }, { ruleGroup: { ruleVariables: { ipSets: "x" } } }]) {
                const got = ruleVariablesOf(props);
                assert.deepEqual([got.ipSets.size, got.portSets.size], [0, 0]);
            }
            assert.deepEqual([NO_VARIABLES.ipSets.size, NO_VARIABLES.portSets.size], [0, 0]);
        });
    });

    describe("portSet", () => {
        it("single ports, ranges with open ends, any", () => {
            assert.deepEqual(portSet("80"), [[80, 80]]);
            assert.deepEqual(portSet(" 0 "), [[0, 0]]);
            assert.deepEqual(portSet("1024:"), [[1024, 65535]]);
            assert.deepEqual(portSet(":100"), [[0, 100]]);
            assert.deepEqual(portSet("80:90"), [[80, 90]]);
            assert.deepEqual(portSet("65535"), [[65535, 65535]]);
            for (const f of ["any", "ANY", "", "[]", "[0:65535]", "!![1:2, 3:65535, 0]"]) assert.deepEqual(portSet(f), [[0, 65535]], f);
        });

        it("lists, negations and variables", () => {
            assert.deepEqual(portSet("[443, 80]"), [
                [80, 80],
                [443, 443],
            ]);
            assert.deepEqual(portSet("[80:90,85:100,101]"), [[80, 101]]);
            assert.deepEqual(portSet("!22"), [
                [0, 21],
                [23, 65535],
            ]);
            assert.deepEqual(portSet("[!0]"), [[1, 65535]]);
            assert.deepEqual(portSet("[1:100,!50,!60:70]"), [
                [1, 49],
                [51, 59],
                [71, 100],
            ]);
            const v = vars({}, { WEB: ["80", "443"], ALL: ["$web", "!443"] });
            assert.deepEqual(portSet("$web", v), [
                [80, 80],
                [443, 443],
            ]);
            assert.deepEqual(portSet("$ALL", v), [[80, 80]]);
            assert.throws(() => portSet("$NOPE", v), { message: "variable $NOPE is not defined in the rule group's ruleVariables" });
        });

        it("rejects what is not a port, and ports or ranges outside 0-65535", () => {
            for (const f of [":", "abc", "80-90", "1:2:3", "x80", "[80", "80]"])
                assert.throws(() => portSet(f), { message: `${JSON.stringify(f)} is not a port, range, list or variable` }, f);
            for (const f of ["65536", "1:65536", "65536:", "100:90"])
                assert.throws(() => portSet(f), { message: `${JSON.stringify(f)} is not a port range within 0-65535` }, f);
        });

        it("nesting stops at 16 levels", () => {
            assert.deepEqual(portSet(`${"!".repeat(16)}22`), [[22, 22]]);
            assert.throws(() => portSet(`${"!".repeat(17)}22`), { message: "port variables nest too deeply" });
            assert.deepEqual(portSet(`${"!".repeat(15)}[!22]`), [[22, 22]]);
            assert.throws(() => portSet(`${"!".repeat(16)}[!22]`), { message: "port variables nest too deeply" });
            assert.throws(() => portSet("$P", vars({}, { P: ["$P"] })), { message: "port variables nest too deeply" });
        });

        it("portCount and portsOpen (at least 32,768 ports)", () => {
            assert.equal(portCount([]), 0);
            assert.equal(portCount(portSet("any")), 65536);
            assert.equal(portCount(portSet("[80,100:109]")), 11);
            assert.equal(portsOpen(portSet("0:32767")), true);
            assert.equal(portsOpen(portSet("1:32767")), false);
        });
    });

    describe("statelessSets", () => {
        it("empty lists match everything", () => {
            assert.deepEqual(statelessSets({}), { sources: ANY_ADDRESS, destinations: ANY_ADDRESS, destinationPorts: [[0, 65535]] });
            assert.deepEqual(statelessSets(undefined), { sources: ANY_ADDRESS, destinations: ANY_ADDRESS, destinationPorts: [[0, 65535]] });
        });

        it("reads addressDefinition objects or strings, and port ranges with open ends", () => {
            const got = statelessSets({
                sources: [{ addressDefinition: "10.0.0.0/24" }, "192.168.0.0/24"],
                destinations: [{ addressDefinition: "::1/128" }],
                destinationPorts: [{ fromPort: 443 }, { fromPort: 80, toPort: 90 }, { toPort: 10 }, "junk"],
            });
            assert.deepEqual(show(got.sources), { v4: ["10.0.0.0-10.0.0.255", "192.168.0.0-192.168.0.255"], v6: "none" });
            assert.deepEqual(show(got.destinations), { v4: [], v6: ["1-1"] });
            assert.deepEqual(got.destinationPorts, [
                [0, 10],
                [80, 90],
                [443, 443],
            ]);
            assert.deepEqual(statelessSets({ destinationPorts: [{}] }).destinationPorts, [[0, 65535]]);
            assert.deepEqual(statelessSets({ destinationPorts: ["junk"] }).destinationPorts, []);
        });
    });

    describe("isWholeTld", () => {
        it("a top-level domain however written, or a common two-label public suffix", () => {
            for (const d of [
                ".com",
                "com",
                "*.com",
                "..com",
                "COM.",
                ".",
                "*",
                "",
                " .org ",
                "co.uk",
                "com.au",
                "net.nz",
                "org.uk",
                "gov.uk",
                "ac.uk",
                "edu.au",
                ".co.uk",
                "co.uk.",
            ])
                assert.equal(isWholeTld(d), true, d);
        });

        it("a registrable domain is not", () => {
            for (const d of [
                "example.com",
                ".example.com",
                "*.example.com",
                "a.co.uk",
                "co.ukk",
                "foo.uk",
                "xco.uk",
                "cox.uk",
                "com.a",
                "example.com.",
                "co.uk.x",
                "com.au.example",
            ])
                assert.equal(isWholeTld(d), false, d);
        });
    });
});
