/** The Purdue-model rules (IEC 62443 zones and conduits): exact findings, bypass attempts and look-alikes. */
import * as assert from "node:assert/strict";
import { ruleOf, table } from "../helpers";
import type { ConduitModel, GatewayModel, PurdueLevel, SegmentModel, SensorModel, SiteModel } from "../../../src/model/types";
import type { Finding } from "../../../policies/lib/types";
import { boundariesCrossed, inCidr, isPrivateCidr, remoteAccessTool, sourceFlow } from "../../../policies/lib/purdue";

const at = { file: "sites/plant.yaml", line: 40, col: 7 };
const LEVEL: Record<string, PurdueLevel> = { field: 0, cell: 1, scada: 2, ops: 3, dmz: 3.5, jump: 3.5, it: 4, cloud: 5 };
const SEGMENTS: SegmentModel[] = [
    { name: "field", purdueLevel: 0, cidr: "192.168.0.0/24", at },
    { name: "cell", purdueLevel: 1, cidr: "192.168.10.0/24", at },
    { name: "scada", purdueLevel: 2, cidr: "192.168.20.0/24", at },
    { name: "ops", purdueLevel: 3, cidr: "192.168.30.0/24", at },
    { name: "dmz", purdueLevel: 3.5, cidr: "192.168.35.0/24", at },
    { name: "jump", purdueLevel: 3.5, cidr: "192.168.36.0/24", at },
    { name: "it", purdueLevel: 4, cidr: "192.168.40.0/24", at },
];
const conduit = (from: string, to: string, protocol: string, ...ports: number[]): ConduitModel =>
    ({
        name: `${from}-to-${to}`,
        from,
        to,
        protocol,
        ports: ports.map((port) => ({ port, transport: "tcp" })),
        fromLevel: LEVEL[from],
        toLevel: LEVEL[to],
        at,
    }) as ConduitModel;
const gateway = { name: "gw-1", thingName: "acme-plant-gw-1", segment: "dmz", address: "192.168.35.10", at } as GatewayModel;
const sensor = (source: Partial<SensorModel["source"]>, gw = "gw-1"): SensorModel =>
    ({ name: "press-1-vibration", gateway: gw, source: { protocol: "opcua", ...source }, at }) as SensorModel;
const site = (parts: Partial<SiteModel> = {}): SiteModel =>
    ({ name: "plant", labels: {}, segments: SEGMENTS, conduits: [], gateways: [gateway], sensors: [], suppressions: [], ...parts }) as unknown as SiteModel;
const model = (rule: string, s: SiteModel): Finding[] => ruleOf(rule).model!(s);
const withConduits = (...conduits: ConduitModel[]) => site({ conduits });
const withSegments = (...segments: [string, string][]) =>
    site({ segments: segments.map(([name, cidr]) => ({ name, cidr, purdueLevel: 1, at }) as SegmentModel) });
const withSensor = (source: Partial<SensorModel["source"]>, ...conduits: ConduitModel[]) => site({ sensors: [sensor(source)], conduits });
const READ_CELL = conduit("dmz", "cell", "opcua", 4840);

describe("policies: the Purdue model", () => {
    describe("lib/purdue", () => {
        it("counts level boundaries with the DMZ as a level of its own", () => {
            assert.deepEqual(
                [
                    boundariesCrossed(3, 1),
                    boundariesCrossed(1, 3),
                    boundariesCrossed(3, 4),
                    boundariesCrossed(4, 5),
                    boundariesCrossed(0, 5),
                    boundariesCrossed(2, 2),
                ],
                [2, 2, 2, 1, 6, 0],
            );
        });
        it("names remote-access ports at both ends of their ranges and nothing next to them", () => {
            assert.deepEqual(
                [21, 22, 23, 24, 1217, 1962, 3389, 5799, 5800, 5809, 5810, 5899, 5900, 5909, 5910, 5938, 11739, 11740, 11743, 11744, 20547, 102, 44818].map(
                    remoteAccessTool,
                ),
                [
                    undefined,
                    "SSH",
                    "Telnet",
                    undefined,
                    "CODESYS gateway",
                    "PC WORX engineering",
                    "RDP",
                    undefined,
                    "VNC (HTTP viewer)",
                    "VNC (HTTP viewer)",
                    undefined,
                    undefined,
                    "VNC",
                    "VNC",
                    undefined,
                    "TeamViewer",
                    undefined,
                    "CODESYS runtime",
                    "CODESYS runtime",
                    undefined,
                    "ProConOS engineering",
                    undefined,
                    undefined,
                ],
            );
        });
        it("places addresses in CIDRs", () =>
            assert.deepEqual(
                [inCidr("10.1.2.3", "10.0.0.0/8"), inCidr("11.0.0.1", "10.0.0.0/8"), inCidr("plc-7", "10.0.0.0/8"), inCidr("10.1.2", "10.0.0.0/8")],
                [true, false, false, false],
            ));
        it("knows private space by range and prefix", () => {
            const cases: [string, boolean][] = [
                ["10.0.0.0/8", true],
                ["10.255.255.0/24", true],
                ["9.0.0.0/8", false],
                ["172.16.0.0/12", true],
                ["172.31.255.0/24", true],
                ["172.32.0.0/24", false],
                ["172.0.0.0/8", false],
                ["192.168.0.0/16", true],
                ["192.168.0.0/15", false],
                ["192.169.0.0/24", false],
                ["100.64.0.0/10", true],
                ["100.127.0.0/16", true],
                ["100.128.0.0/16", false],
                ["0.0.0.0/1", false],
                ["8.8.8.0/24", false],
            ];
            assert.deepEqual(
                cases.map(([c]) => [c, isPrivateCidr(c)]),
                cases,
            );
            assert.throws(() => isPrivateCidr("fd00::/8"));
        });
        it("reads the flow of a source from its endpoint URL before its address", () => {
            assert.deepEqual(sourceFlow({ protocol: "opcua", endpoint: "opc.tcp://192.168.10.5:4841/UA/Server", address: "192.168.20.1" }), {
                host: "192.168.10.5",
                ports: [4841],
                field: "endpoint",
            });
            assert.deepEqual(sourceFlow({ protocol: "mqtt", endpoint: "MQTTS://user:pw@Broker.Plant.Example" }), {
                host: "broker.plant.example",
                ports: [8883],
                field: "endpoint",
            });
            assert.deepEqual(sourceFlow({ protocol: "opcua", endpoint: "opc.tcp://[::1]/" }), { host: "::1", ports: [4840], field: "endpoint" });
            assert.deepEqual(sourceFlow({ protocol: "s7", endpoint: "s7://192.168.10.9" }), { host: "192.168.10.9", ports: [102], field: "endpoint" });
            assert.deepEqual(sourceFlow({ protocol: "bacnet", endpoint: "x-unknown://192.168.10.9?a" }), {
                host: "192.168.10.9",
                ports: [47808],
                field: "endpoint",
            });
            assert.deepEqual(sourceFlow({ protocol: "modbus-tcp", address: " 192.168.10.7 " }), { host: "192.168.10.7", ports: [502], field: "address" });
            assert.deepEqual(sourceFlow({ protocol: "none", address: "192.168.10.7" }), { host: "192.168.10.7", ports: [], field: "address" });
            assert.equal(sourceFlow({ protocol: "opcua" }), undefined);
            assert.throws(() => sourceFlow({ protocol: "opcua", endpoint: "192.168.10.5:4840" }), /endpoint "192.168.10.5:4840" is not a URL with a host/);
            assert.throws(() => sourceFlow({ protocol: "opcua", endpoint: "opc.tcp:///path" }), /is not a URL with a host/);
            for (const bad of ["see opc.tcp://10.1.2.3", "opc.tcp://10.1.2.3:48a0"])
                assert.throws(() => sourceFlow({ protocol: "opcua", endpoint: bad }), /is not a URL/);
            assert.deepEqual(sourceFlow({ protocol: "opcua", endpoint: " opc.tcp://10.1.2.3 " }), { host: "10.1.2.3", ports: [4840], field: "endpoint" });
            assert.deepEqual(sourceFlow({ protocol: "opcua", address: "PLC-7" }), { host: "plc-7", ports: [4840], field: "address" });
            assert.deepEqual(sourceFlow({ protocol: "ethernet-ip", address: "10.1.2.3" })?.ports, [44818, 2222]);
        });
    });

    describe("ot-purdue-adjacent-levels", () => {
        it("reports a conduit that skips a level, exactly", () =>
            assert.deepEqual(model("ot-purdue-adjacent-levels", withConduits(conduit("ops", "cell", "s7", 102))), [
                {
                    site: "plant",
                    target: "conduit/ops-to-cell",
                    at,
                    message:
                        "conduit ops-to-cell goes from Purdue level 3 (ops) to level 1 (cell), crossing 2 level boundaries; a conduit may cross one, or end in the industrial DMZ (level 3.5): route it through a broker or jump host there",
                },
            ]));
        it("names `cloud` as level 5", () =>
            assert.match(
                model("ot-purdue-adjacent-levels", withConduits(conduit("ops", "cloud", "https", 443)))[0].message,
                /to `cloud` \(level 5\), crossing 3 level/,
            ));
    });
    table(
        "ot-cleartext-protocol-contained",
        model,
        [
            ["Modbus port under an https label", withConduits(conduit("ops", "it", "https", 502))],
            ["MQTT 1883 to cloud", withConduits(conduit("dmz", "cloud", "mqtt", 1883))],
            ["S7 from level 3 to level 4", withConduits(conduit("ops", "it", "s7", 102))],
            ["OPC UA 4840 to cloud", withConduits(conduit("dmz", "cloud", "opcua", 4840))],
        ],
        [
            ["MQTT over TLS to cloud", withConduits(conduit("dmz", "cloud", "mqtts", 8883))],
            ["HTTPS from level 3 to level 4", withConduits(conduit("ops", "it", "https", 443))],
            ["Modbus from the DMZ down to a cell", withConduits(conduit("dmz", "cell", "modbus-tcp", 502))],
            ["OPC UA southbound from 4 to 3", withConduits(conduit("it", "ops", "opcua", 4840))],
        ],
    );
    table(
        "ot-no-control-to-cloud",
        model,
        [
            ["a field device to cloud", withConduits(conduit("field", "cloud", "mqtts", 8883))],
            ["SCADA to plant IT", withConduits(conduit("scada", "it", "https", 443))],
            ["a cell to cloud over https", withConduits(conduit("cell", "cloud", "https", 443))],
        ],
        [
            ["the DMZ to cloud", withConduits(conduit("dmz", "cloud", "mqtts", 8883))],
            ["SCADA to level 3", withConduits(conduit("scada", "ops", "opcua", 4840))],
            ["level 3 to plant IT", withConduits(conduit("ops", "it", "https", 443))],
        ],
    );
    table(
        "ot-purdue-adjacent-levels",
        model,
        [
            ["engineering workstation at 3 straight to a cell at 1", withConduits(conduit("ops", "cell", "s7", 102))],
            ["level 3 to level 4 past the DMZ", withConduits(conduit("ops", "it", "https", 443))],
            ["plant IT at 4 into a cell at 1", withConduits(conduit("it", "cell", "modbus-tcp", 502))],
            ["level 2 straight to cloud", withConduits(conduit("scada", "cloud", "mqtts", 8883))],
            ["a field device at 0 up to SCADA at 2", withConduits(conduit("field", "scada", "modbus-tcp", 502))],
        ],
        [
            ["SCADA at 2 to a cell at 1", withConduits(conduit("scada", "cell", "s7", 102))],
            ["a DMZ gateway down to a cell at 1", withConduits(READ_CELL)],
            ["a DMZ gateway to cloud", withConduits(conduit("dmz", "cloud", "mqtts", 8883))],
            ["plant IT at 4 to cloud", withConduits(conduit("it", "cloud", "https", 443))],
            ["a field device at 0 to its cell at 1", withConduits(conduit("field", "cell", "modbus-tcp", 502))],
            ["level 3 to the DMZ", withConduits(conduit("ops", "dmz", "ssh", 22))],
            ["a field device pushes to a broker in the DMZ", withConduits(conduit("field", "dmz", "mqtts", 8883))],
        ],
    );

    describe("ot-remote-access-via-jump-host", () => {
        it("reports remote access into a control zone not from 3.5, exactly", () =>
            assert.deepEqual(model("ot-remote-access-via-jump-host", withConduits(conduit("ops", "scada", "rdp", 3389))), [
                {
                    site: "plant",
                    target: "conduit/ops-to-scada",
                    at,
                    message:
                        "conduit ops-to-scada opens RDP (port 3389) into Purdue level 2 (scada) from level 3 (ops); remote access into levels 0-2 starts on a jump host in the industrial DMZ (level 3.5): open it from a 3.5 segment",
                },
            ]));
    });
    it("ot-remote-access-via-jump-host names every tool, and the protocol when no port is a tool's", () => {
        const msg = (c: ConduitModel) => model("ot-remote-access-via-jump-host", withConduits(c)).map((f) => f.message.split(" into ")[0]);
        assert.deepEqual(msg(conduit("ops", "scada", "https", 22, 443, 3389)), ["conduit ops-to-scada opens SSH (port 22), RDP (port 3389)"]);
        assert.deepEqual(msg(conduit("scada", "cell", "ssh", 2222, 2223)), ["conduit scada-to-cell opens SSH (port 2222, 2223)"]);
        assert.deepEqual(msg(conduit("scada", "cell", "rdp", 13389)), ["conduit scada-to-cell opens RDP (port 13389)"]);
        const details = ruleOf("ot-remote-access-via-jump-host").details;
        assert.ok(
            details.includes(
                "ports is a remote-access or engineering port: SSH 22, Telnet 23, CODESYS gateway 1217, PC WORX engineering 1962, RDP 3389, VNC (HTTP viewer) 5800-5809, VNC 5900-5909, TeamViewer 5938, CODESYS runtime 11740-11743, ProConOS engineering 20547. ",
            ),
            details,
        );
        assert.ok(ruleOf("ot-segment-private").details.includes("inside one of 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10: "));
    });
    table(
        "ot-remote-access-via-jump-host",
        model,
        [
            ["RDP from level 3 into SCADA", withConduits(conduit("ops", "scada", "rdp", 3389))],
            ["SSH on a custom port from SCADA into a cell", withConduits(conduit("scada", "cell", "ssh", 2222))],
            ["VNC display 1 spelled as https", withConduits(conduit("ops", "scada", "https", 443, 5901))],
            ["CODESYS runtime from level 3", withConduits(conduit("ops", "scada", "http", 11740))],
            ["Telnet from one cell to a field network", withConduits(conduit("cell", "field", "http", 23))],
            ["TeamViewer from plant IT", withConduits(conduit("it", "scada", "https", 5938))],
        ],
        [
            ["RDP from the jump host in 3.5 into a cell", withConduits(conduit("jump", "cell", "rdp", 3389))],
            ["SSH from level 3 to gateways in the DMZ", withConduits(conduit("ops", "dmz", "ssh", 22))],
            ["RDP from plant IT to an MES server at 3", withConduits(conduit("it", "ops", "rdp", 3389))],
            ["SCADA reads S7 (102) from a cell", withConduits(conduit("scada", "cell", "s7", 102))],
            ["port 5910, next to the VNC range", withConduits(conduit("ops", "scada", "http", 5910))],
            ["OPC UA from SCADA into a cell", withConduits(conduit("scada", "cell", "opcua", 4840))],
        ],
    );

    describe("ot-segment-private", () => {
        it("reports public space and size, exactly", () =>
            assert.deepEqual(model("ot-segment-private", withSegments(["huge", "0.0.0.0/1"])), [
                {
                    site: "plant",
                    target: "segment/huge",
                    at,
                    message: "segment huge (0.0.0.0/1) is not private address space; use part of 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10",
                },
                {
                    site: "plant",
                    target: "segment/huge",
                    at,
                    message:
                        "segment huge (0.0.0.0/1) is a /1, larger than the /22 a segment may be; split the zone, or raise the site label ot-segment-max-prefix",
                },
            ]));
        it("takes the largest size from the site label", () => {
            const s = (label: string, cidr: string) => ({ ...withSegments(["big", cidr]), labels: { "ot-segment-max-prefix": label } }) as SiteModel;
            assert.deepEqual(model("ot-segment-private", s("20", "10.1.0.0/20")), []);
            assert.deepEqual(
                model("ot-segment-private", s("20", "10.0.0.0/19")).map((f) => f.message),
                ["segment big (10.0.0.0/19) is a /19, larger than the /20 a segment may be; split the zone, or raise the site label ot-segment-max-prefix"],
            );
            for (const bad of ["7", "31", "2x", "", "20.5"])
                assert.deepEqual(model("ot-segment-private", s(bad, "10.1.0.0/22")), [
                    {
                        site: "plant",
                        target: "site/plant",
                        message: `label ot-segment-max-prefix is ${JSON.stringify(bad)}; write a prefix length from 8 to 30, e.g. "22" (the default /22 applies)`,
                    },
                ]);
            assert.deepEqual(model("ot-segment-private", s("8", "10.0.0.0/8")), []);
            assert.deepEqual(model("ot-segment-private", s("30", "10.0.0.0/30")), []);
        });
        it("reports a CIDR it cannot read", () =>
            assert.deepEqual(
                model("ot-segment-private", withSegments(["odd", "10.0.0.300/24"])).map((f) => f.message),
                ["segment odd (10.0.0.300/24) is not an IPv4 CIDR block"],
            ));
    });
    table(
        "ot-segment-private",
        model,
        [
            ["half of IPv4", withSegments(["cell", "128.0.0.0/1"])],
            ["public space of /24 size", withSegments(["cell", "8.8.8.0/24"])],
            ["just outside 172.16/12", withSegments(["cell", "172.32.0.0/24"])],
            ["a private range wider than its RFC block", withSegments(["cell", "192.168.0.0/15"])],
            ["a private but oversized /16", withSegments(["cell", "10.20.0.0/16"])],
            ["just past RFC 6598", withSegments(["cell", "100.128.0.0/24"])],
        ],
        [
            ["RFC 1918 10/8, a /24", withSegments(["cell", "10.110.10.0/24"])],
            ["RFC 1918 172.16/12 at its top", withSegments(["cell", "172.31.255.0/24"])],
            ["RFC 6598 shared space", withSegments(["cell", "100.64.10.0/24"])],
            ["exactly the default limit /22", withSegments(["cell", "192.168.4.0/22"])],
            ["several private segments", withSegments(["a", "192.168.10.0/24"], ["b", "10.0.0.0/28"])],
        ],
    );

    describe("ot-sensor-flow-has-conduit", () => {
        it("reports an endpoint in a zone no conduit reaches, exactly", () =>
            assert.deepEqual(model("ot-sensor-flow-has-conduit", withSensor({ endpoint: "opc.tcp://192.168.20.5:4840" }, READ_CELL)), [
                {
                    site: "plant",
                    target: "sensor/press-1-vibration",
                    at,
                    message:
                        "sensor press-1-vibration: its source.endpoint 192.168.20.5 is in segment scada, but no conduit from dmz (gateway gw-1) to scada opens port 4840; add one",
                },
            ]));
        it("says which ports the conduits between the zones open", () =>
            assert.deepEqual(
                model("ot-sensor-flow-has-conduit", withSensor({ endpoint: "opc.tcp://192.168.10.5:4841" }, READ_CELL)).map((f) => f.message),
                [
                    "sensor press-1-vibration: its source.endpoint 192.168.10.5 is in segment cell, but no conduit from dmz (gateway gw-1) to cell opens port 4841 (conduits from dmz to cell open 4840); add one",
                ],
            ));
        it("names the segments when the address is in none, and the protocol when it has no port", () => {
            assert.deepEqual(
                model("ot-sensor-flow-has-conduit", withSensor({ address: "10.9.9.9" })).map((f) => f.message),
                [
                    "sensor press-1-vibration: its source.address 10.9.9.9 is in no segment of this site (segments: field 192.168.0.0/24, cell 192.168.10.0/24, scada 192.168.20.0/24, ops 192.168.30.0/24, dmz 192.168.35.0/24, jump 192.168.36.0/24, it 192.168.40.0/24), so no conduit can carry the flow from gateway gw-1; use an address in a segment",
                ],
            );
            assert.deepEqual(
                model("ot-sensor-flow-has-conduit", withSensor({ protocol: "custom", address: "192.168.10.3" }, READ_CELL)).map((f) => f.message),
                [
                    "sensor press-1-vibration: its source.address 192.168.10.3 is in segment cell, but no conduit from dmz (gateway gw-1) to cell opens protocol custom (conduits from dmz to cell open 4840); add one",
                ],
            );
        });
        it("lists every port of the flow and of the conduits", () =>
            assert.deepEqual(
                model(
                    "ot-sensor-flow-has-conduit",
                    withSensor({ protocol: "ethernet-ip", address: "192.168.10.5" }, conduit("dmz", "cell", "opcua", 4840, 4843)),
                ).map((f) => f.message),
                [
                    "sensor press-1-vibration: its source.address 192.168.10.5 is in segment cell, but no conduit from dmz (gateway gw-1) to cell opens port 44818 or 2222 (conduits from dmz to cell open 4840, 4843); add one",
                ],
            ));
        it("refuses host names and endpoints that are not URLs", () =>
            assert.deepEqual(
                [
                    ...model("ot-sensor-flow-has-conduit", withSensor({ endpoint: "opc.tcp://plc-7.plant.example:4840" }, READ_CELL)),
                    ...model("ot-sensor-flow-has-conduit", withSensor({ endpoint: "plc-7:4840" }, READ_CELL)),
                ].map((f) => f.message),
                [
                    "sensor press-1-vibration: its source.endpoint plc-7.plant.example is not an IPv4 address; the zone a host name resolves into cannot be known from the site file, so write the address",
                    'sensor press-1-vibration: endpoint "plc-7:4840" is not a URL with a host (scheme://host[:port]/path)',
                ],
            ));
        it("skips a sensor of an unknown gateway (validate reports it)", () =>
            assert.deepEqual(model("ot-sensor-flow-has-conduit", site({ sensors: [sensor({ address: "10.9.9.9" }, "gw-9")] })), []));
    });
    table(
        "ot-sensor-flow-has-conduit",
        model,
        [
            [
                "endpoint URL into SCADA with no conduit (address looks fine)",
                withSensor({ address: "192.168.10.5", endpoint: "opc.tcp://192.168.20.5:4840" }, READ_CELL),
            ],
            ["endpoint on a port the conduit does not open", withSensor({ endpoint: "opc.tcp://192.168.10.5:4841" }, READ_CELL)],
            ["conduit in the wrong direction", withSensor({ address: "192.168.10.5" }, conduit("cell", "dmz", "opcua", 4840))],
            ["endpoint on the internet", withSensor({ endpoint: "mqtt://203.0.113.7" }, READ_CELL)],
            ["endpoint by host name", withSensor({ endpoint: "opc.tcp://historian.example:4840" }, READ_CELL)],
            ["Modbus address with only an OPC UA conduit", withSensor({ protocol: "modbus-tcp", address: "192.168.10.5" }, READ_CELL)],
            ["a conduit into the zone from another zone only", withSensor({ address: "192.168.10.5" }, conduit("scada", "cell", "opcua", 4840))],
        ],
        [
            ["address behind the conduit", withSensor({ address: "192.168.10.5" }, READ_CELL)],
            ["endpoint URL behind the conduit", withSensor({ endpoint: "opc.tcp://192.168.10.5:4840/UA" }, READ_CELL)],
            ["endpoint in the gateway's own segment", withSensor({ endpoint: "mqtt://192.168.35.20" })],
            ["endpoint on the gateway itself", withSensor({ endpoint: "opc.tcp://localhost:4840" })],
            ["loopback address", withSensor({ address: "127.0.0.1" })],
            ["no address and no endpoint (read through its PLC)", withSensor({})],
            ["a conduit that opens more ports than the flow needs", withSensor({ address: "192.168.10.5" }, conduit("dmz", "cell", "opcua", 4841, 4840))],
        ],
    );
});
