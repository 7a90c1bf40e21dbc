/**
 * The shared endpoint VPC (fleet.yaml `spec.regions.<r>.network.endpoints: shared`): the
 * loader's field and checks, what `cloud` means for a shared-mode site, the firewall and security
 * group that admit the plants, the plans of both modes, the per-site -> shared diff and the quotas.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { diffPlans } from "../../src/diff/plan-diff";
import { cloudRange, writeFleet } from "../../src/generate";
import { loadFleet } from "../../src/model/load";
import type { FleetModel } from "../../src/model/types";
import { egressRules, renderNftables, renderRule, sharedEndpointIngress, siteRules } from "../../src/network";
import { planRegion, type PlannedResource } from "../../src/plan/plan";
import { fleetQuotaNeeds } from "../../src/stacks/quota-scopes";
import { fleetAt } from "../helpers/fleets";
import { examplePlan, sharedRegionPlan } from "../helpers/plans";
import { exampleFleet, perSiteExample, ROOT, site } from "./helpers";

/** A copy of the example fleet in a temporary directory, with `edit` applied to its files. */
function exampleCopy(edit: (dir: string) => void): { dir: string; cleanup: () => void } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-endpoints-"));
    for (const part of ["fleet.yaml", "sites", "certs"]) fs.cpSync(path.join(ROOT, part), path.join(dir, part), { recursive: true });
    edit(dir);
    return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

const replaceIn = (dir: string, rel: string, from: string, to: string) => {
    const file = path.join(dir, rel);
    const text = fs.readFileSync(file, "utf8");
    assert.ok(text.includes(from), `${rel} holds ${from}`);
    fs.writeFileSync(file, text.replace(from, to));
};

const SHARED_LINE = "network: { endpoints: shared }";

/** Diagnostics of the example fleet after `edit`, as `file:line:col: level: field: message`. */
function diagnosticsAfter(edit: (dir: string) => void): string[] {
    const copy = exampleCopy(edit);
    try {
        return loadFleet(copy.dir).diagnostics.map((d) => `${d.file}:${d.line}:${d.col}: ${d.level}: ${d.field}: ${d.message}`);
    } finally {
        copy.cleanup();
    }
}

describe("endpoint VPC: the fleet.yaml field and the loader", () => {
    it("absent means per-site; the example's eu-central-1 is shared and its sites' cloud is the endpoint VPC", () => {
        const model = exampleFleet();
        assert.deepEqual(
            model.regions.map((r) => [r.name, r.network]),
            [
                ["eu-central-1", { endpoints: "shared", endpointCidr: "100.64.0.64/26" }],
                ["us-east-2", { endpoints: "per-site", endpointCidr: "100.64.0.64/26" }],
            ],
        );
        assert.deepEqual(site(model, "stuttgart-body").cloudNetwork, { cidr: "100.64.0.64/26", shared: true });
        assert.deepEqual(site(model, "cork-fill-finish").cloudNetwork, { cidr: "100.64.0.64/26", shared: true });
        assert.deepEqual(site(model, "austin-smt").cloudNetwork, { cidr: "10.50.0.0/24" });
    });

    it("a bad value: file, line, field and the accepted values", () => {
        const found = diagnosticsAfter((dir) => replaceIn(dir, "fleet.yaml", SHARED_LINE, "network: { endpoints: shard }"));
        assert.deepEqual(found, [
            'fleet.yaml:31:29: error: regions.eu-central-1.network.endpoints: "shard" is not accepted; did you mean "shared"? accepted: shared, per-site',
        ]);
    });

    it("endpointCidr: not private, too large, over a regional VPC; each with the fix", () => {
        const fix = "use a private /16 to /27 clear of the regional VPCs, e.g. the default 100.64.0.64/26";
        const at = (cidr: string) =>
            diagnosticsAfter((dir) => replaceIn(dir, "fleet.yaml", SHARED_LINE, `network: { endpoints: shared, endpointCidr: ${cidr} }`));
        const field = "fleet.yaml:31:51: error: regions.eu-central-1.network.endpointCidr:";
        assert.deepEqual(at("8.8.8.0/24"), [`${field} "8.8.8.0/24" is not a private range; ${fix}`]);
        assert.deepEqual(at("10.0.0.0/8"), [
            `${field} "10.0.0.0/8" cannot be the endpoint VPC: it needs /16 to /27 (two subnets, one per Availability Zone); ${fix}`,
        ]);
        assert.deepEqual(at("100.64.0.0/25"), [`${field} "100.64.0.0/25" overlaps the regional inspection VPC (100.64.0.0/26); ${fix}`]);
        assert.deepEqual(at("10.254.0.0/24"), [`${field} "10.254.0.0/24" overlaps the regional data VPC (10.254.0.0/24); ${fix}`]);
        assert.deepEqual(at("10.77.0.0/24"), [], "a free private /24 is fine");
    });

    it("an endpointCidr over a plant segment that opens flows to the cloud: one error at fleet.yaml's endpointCidr, naming the site, segment and range", () => {
        const why =
            "the endpoint VPC shares region eu-central-1's routed network (its Transit Gateway) with the attached sites, so ranges AWS routes must be unique in the region: set endpointCidr clear of them";
        const at = (cidr: string) =>
            diagnosticsAfter((dir) => replaceIn(dir, "fleet.yaml", SHARED_LINE, `network: { endpoints: shared, endpointCidr: ${cidr} }`));
        const field = "fleet.yaml:31:51: error: regions.eu-central-1.network.endpointCidr:";
        assert.deepEqual(at("192.168.35.0/24"), [
            `${field} "192.168.35.0/24" overlaps segment "edge-dmz" of site "stuttgart-body" (192.168.35.0/24); ${why}; 10.0.0.0/24 is free in the fleet and its regions`,
        ]);
        assert.deepEqual(at("172.16.0.0/16"), [
            `${field} "172.16.0.0/16" overlaps segment "edge-dmz" of site "cork-fill-finish" (172.16.35.0/24); ${why}; 10.0.0.0/16 is free in the fleet and its regions`,
        ]);
        assert.deepEqual(at("192.168.10.0/24"), [], "a segment that opens no flow to the cloud (body-cell) is not routed to AWS");
        // The default range: reported at the region's network entry, where endpointCidr would go.
        const found = diagnosticsAfter((dir) => {
            replaceIn(dir, "sites/stuttgart-body.yaml", "cidr: 192.168.35.0/24", "cidr: 100.64.0.96/27");
            for (const n of [10, 11, 12, 13]) replaceIn(dir, "sites/stuttgart-body.yaml", `address: 192.168.35.${n}`, `address: 100.64.0.${n + 100}`);
        });
        assert.deepEqual(found, [
            `fleet.yaml:31:16: error: regions.eu-central-1.network.endpointCidr: "100.64.0.64/26" (the default) overlaps segment "edge-dmz" of site "stuttgart-body" (100.64.0.96/27); ${why}; 10.0.0.0/26 is free in the fleet and its regions`,
        ]);
    });

    it("a shared-mode site that writes cloudNetwork: a warning that it is ignored; a per-site one without it: an error", () => {
        const warned = diagnosticsAfter((dir) =>
            replaceIn(
                dir,
                "sites/stuttgart-body.yaml",
                "  # no cloudNetwork: region eu-central-1 shares one endpoint VPC (fleet.yaml network.endpoints)",
                "  cloudNetwork: { cidr: 10.40.0.0/24 }",
            ),
        );
        assert.deepEqual(warned, [
            "sites/stuttgart-body.yaml:18:3: warning: cloudNetwork: ignored: region eu-central-1 has a shared endpoint VPC (fleet.yaml spec.regions.eu-central-1.network.endpoints: shared), so the site's cloud is 100.64.0.64/26; remove cloudNetwork from this file",
        ]);
        const missing = diagnosticsAfter((dir) => replaceIn(dir, "fleet.yaml", SHARED_LINE, "network: { endpoints: per-site }"));
        const message =
            "required: region eu-central-1 keeps a landing VPC per site (fleet.yaml spec.regions.eu-central-1.network.endpoints absent or per-site); add cloudNetwork: { cidr: <a private /27 or larger, unique in the fleet> } or set the region's endpoints to shared";
        assert.deepEqual(missing, [
            `sites/cork-fill-finish.yaml:13:3: error: cloudNetwork: ${message}`,
            `sites/stuttgart-body.yaml:12:3: error: cloudNetwork: ${message}`,
        ]);
    });
});

describe("endpoint VPC: what `cloud` means for a shared-mode site", () => {
    it("the firewall: pass rules to the endpoint VPC per site conduit; no per-site deny of it; one regional deny after every site", () => {
        const model = exampleFleet();
        const body = site(model, "stuttgart-body");
        const rules = siteRules(body).map(renderRule);
        assert.ok(
            rules.some((r) => r.startsWith("pass tcp 192.168.35.0/24 any -> 100.64.0.64/26 8883 (")),
            rules.join("\n"),
        );
        assert.equal(rules.filter((r) => r.includes("to the landing network")).length, 0);
        assert.equal(siteRules(perSiteExample().sites.find((s) => s.name === "stuttgart-body")!).filter((r) => r.msg.includes("landing network")).length, 1);
        const egress = egressRules(
            "eu-central-1",
            model.sites.filter((s) => s.region === "eu-central-1"),
        );
        assert.equal(egress[0].msg, "eu-central-1 default deny: no conduit to the shared endpoint VPC");
        assert.match(renderRule(egress[0]), /^drop ip any any -> 100\.64\.0\.64\/26 any \(msg:"[^"]+"; flow:to_server; sid:\d+; rev:1;\)$/);
        assert.equal(
            egressRules(
                "eu-central-1",
                perSiteExample().sites.filter((s) => s.region === "eu-central-1"),
            )[0].msg.startsWith("egress:"),
            true,
        );
    });

    it("the endpoint security group: one rule per port, from the private ranges of the cloud-facing segments, not one per site conduit", () => {
        const model = exampleFleet();
        const ingress = sharedEndpointIngress(model.sites);
        assert.deepEqual(
            ingress.rules.map((r) => [r.protocol, r.port, r.cidrBlocks]),
            [
                ["tcp", 443, ["172.16.0.0/12", "192.168.0.0/16"]],
                ["tcp", 8883, ["172.16.0.0/12", "192.168.0.0/16"]],
            ],
        );
        assert.equal(ingress.problem, undefined);
        assert.deepEqual(sharedEndpointIngress(perSiteExample().sites).rules, [], "per-site sites: nothing shared");
    });

    it("fleet export conduits prints the endpoint VPC as the plant's cloud", () => {
        const model = exampleFleet();
        const text = renderNftables(model, site(model, "stuttgart-body"));
        assert.match(text, /^# {3}cloud {20}100\.64\.0\.64\/26 {5}AWS \(vpn\)$/m);
        assert.doesNotMatch(text, /10\.40\.0\.0\/24/);
    });
});

describe("endpoint VPC: the plans of both modes", function () {
    this.timeout(300_000);
    type Resources = readonly PlannedResource[];
    const count = (rs: Resources, type: string) => rs.filter((r) => r.type === type).length;
    let shared: Resources;
    let perSite: Resources;
    before(async () => {
        shared = await examplePlan("eu-central-1");
        perSite = await sharedRegionPlan("example, eu-central-1 per-site", perSiteExample, "eu-central-1");
    });

    it("site stacks: shared mode keeps the VPN, its routes and nothing of a landing VPC (21 resources fewer for a VPN site)", () => {
        const of = (rs: Resources, s: string) => rs.filter((r) => r.site === s && r.custom);
        for (const rs of [shared, perSite]) assert.equal(count(of(rs, "stuttgart-body"), "aws:ec2/vpnConnection:VpnConnection"), 1);
        assert.equal(of(perSite, "stuttgart-body").length - of(shared, "stuttgart-body").length, 21);
        assert.equal(of(perSite, "cork-fill-finish").length - of(shared, "cork-fill-finish").length, 21);
        for (const s of ["stuttgart-body", "cork-fill-finish"]) {
            const types = new Set(of(shared, s).map((r) => r.type));
            for (const gone of ["aws:ec2/vpc:Vpc", "aws:ec2/vpcEndpoint:VpcEndpoint", "aws:route53/zone:Zone", "aws:ec2/securityGroup:SecurityGroup"])
                assert.equal(types.has(gone), false, `${s} has no ${gone}`);
        }
        assert.deepEqual(
            of(shared, "stuttgart-body")
                .filter((r) => r.type === "aws:ec2transitgateway/route:Route")
                .map((r) => r.inputs.destinationCidrBlock),
            ["192.168.35.0/24"],
            "the plant's cloud-facing segment routed back to its VPN",
        );
    });

    it("the platform stack: one endpoint VPC (22 resources with its component); its exact inputs", () => {
        const endpoint = shared.filter((r) => r.parent?.endsWith("fleet:region:EndpointNetwork::shared-endpoints"));
        assert.deepEqual(endpoint.map((r) => r.name).sort(), [
            "shared-endpoints-default-sg",
            "shared-endpoints-endpoint-association",
            "shared-endpoints-endpoint-attachment",
            "shared-endpoints-endpoint-greengrass",
            "shared-endpoints-endpoint-iot-credentials",
            "shared-endpoints-endpoint-iot-data",
            "shared-endpoints-endpoint-propagation",
            "shared-endpoints-endpoint-s3",
            "shared-endpoints-endpoints-sg",
            "shared-endpoints-flow-log",
            "shared-endpoints-record-iot-credentials",
            "shared-endpoints-record-iot-data",
            "shared-endpoints-rt",
            "shared-endpoints-rt-association-a",
            "shared-endpoints-rt-association-b",
            "shared-endpoints-subnet-a",
            "shared-endpoints-subnet-b",
            "shared-endpoints-to-hub",
            "shared-endpoints-vpc",
            "shared-endpoints-zone-iot-credentials",
            "shared-endpoints-zone-iot-data",
        ]);
        assert.equal(count(perSite, "fleet:region:EndpointNetwork"), 0);
        const byName = (n: string) => endpoint.find((r) => r.name === n)!.inputs;
        assert.equal(byName("shared-endpoints-vpc").cidrBlock, "100.64.0.64/26");
        assert.deepEqual(
            ["a", "b"].map((l) => byName(`shared-endpoints-subnet-${l}`).cidrBlock),
            ["100.64.0.64/27", "100.64.0.96/27"],
        );
        assert.deepEqual(byName("shared-endpoints-endpoints-sg").ingress, [
            {
                protocol: "tcp",
                fromPort: 443,
                toPort: 443,
                cidrBlocks: ["172.16.0.0/12", "192.168.0.0/16"],
                description: "plant conduits to cloud on tcp/443; exact per site in the regional firewall",
            },
            {
                protocol: "tcp",
                fromPort: 8883,
                toPort: 8883,
                cidrBlocks: ["172.16.0.0/12", "192.168.0.0/16"],
                description: "plant conduits to cloud on tcp/8883; exact per site in the regional firewall",
            },
        ]);
        assert.deepEqual(byName("shared-endpoints-endpoints-sg").egress, []);
        assert.deepEqual(
            endpoint.filter((r) => r.type === "aws:ec2/vpcEndpoint:VpcEndpoint").map((r) => [r.inputs.serviceName, r.inputs.privateDnsEnabled]),
            [
                ["com.amazonaws.eu-central-1.iot.data", false],
                ["com.amazonaws.eu-central-1.iot.credentials", false],
                ["com.amazonaws.eu-central-1.greengrass", true],
                ["com.amazonaws.eu-central-1.s3", true],
            ],
        );
        assert.deepEqual(
            ["association", "propagation"].map((k) => Object.keys(byName(`shared-endpoints-endpoint-${k}`)).sort()),
            [
                ["transitGatewayAttachmentId", "transitGatewayRouteTableId"],
                ["transitGatewayAttachmentId", "transitGatewayRouteTableId"],
            ],
        );
    });

    it("private hosted zones: exactly one pair per region in shared mode, one pair per attached site in per-site mode", () => {
        assert.deepEqual(
            shared.filter((r) => r.type === "aws:route53/zone:Zone").map((r) => [r.name, r.site]),
            [
                ["shared-endpoints-zone-iot-data", undefined],
                ["shared-endpoints-zone-iot-credentials", undefined],
            ],
        );
        assert.equal(count(perSite, "aws:route53/zone:Zone"), 4);
        assert.equal(count(shared, "aws:route53/resolverEndpoint:ResolverEndpoint"), 0, "no eu-central-1 site declares a dns conduit to cloud");
    });

    it("the Direct Connect gateway advertises the endpoint VPC once instead of the site's landing range", () => {
        const prefixes = (rs: Resources) =>
            rs.filter((r) => r.type === "aws:directconnect/gatewayAssociation:GatewayAssociation").map((r) => r.inputs.allowedPrefixes);
        assert.deepEqual(prefixes(shared), [["100.64.0.64/26"]]);
        assert.deepEqual(prefixes(perSite), [["10.40.1.0/24"]]);
    });

    it("fleet diff per-site -> shared: the landing VPC resources go, the endpoint VPC comes, no data store or identity is touched", () => {
        const diff = diffPlans([...perSite], [...shared]);
        // 42 landing resources go: 38 as removals, and the 4 zones and records that fleet diff pairs
        // (same zone name) with the endpoint VPC's as URN-changed replacements; 22 - 4 added.
        assert.deepEqual(diff.counts, { add: 18, remove: 38, update: 12, replace: 6, rename: 0, critical: 0 });
        assert.deepEqual([...new Set(diff.changes.filter((c) => c.kind === "remove").map((c) => c.site))].sort(), ["cork-fill-finish", "stuttgart-body"]);
        assert.deepEqual(
            diff.changes.filter((c) => c.kind === "replace").map((c) => [c.name, c.reason?.replace(/ from urn:.*::/, " from ")]),
            [
                [
                    "shared-endpoints-record-iot-credentials",
                    "its URN changed from cork-fill-finish-network-record-iot-credentials and no alias carries the old one",
                ],
                ["shared-endpoints-record-iot-data", "its URN changed from cork-fill-finish-network-record-iot-data and no alias carries the old one"],
                [
                    "shared-endpoints-zone-iot-credentials",
                    "its URN changed from cork-fill-finish-network-zone-iot-credentials and no alias carries the old one",
                ],
                ["shared-endpoints-zone-iot-data", "its URN changed from cork-fill-finish-network-zone-iot-data and no alias carries the old one"],
                ["cork-fill-finish-deployment", "components cannot change in place"],
                ["stuttgart-body-deployment", "components cannot change in place"],
            ],
        );
        assert.deepEqual(
            diff.changes.filter((c) => c.critical).map((c) => c.urn),
            [],
            "no data store, device identity or key",
        );
        assert.deepEqual([...new Set(diff.changes.filter((c) => c.kind === "update").map((c) => c.type))].sort(), [
            "aws:directconnect/gatewayAssociation:GatewayAssociation",
            "aws:networkfirewall/ruleGroup:RuleGroup",
            "aws:s3/bucketObjectv2:BucketObjectv2",
        ]);
    });
});

describe("endpoint VPC: quotas of a generated fleet in both modes", function () {
    this.timeout(300_000);

    it("VPCs, interface endpoints per VPC and hosted zones: per-region constants when shared, per site otherwise", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-endpoints-gen-"));
        try {
            // Three sites (one on the internet, two on a VPN): the counts per attached site show with two.
            writeFleet(dir, { sites: 3, gateways: 1, equipment: 2, seed: 3, regions: 1 });
            const model = fleetAt(dir);
            const region = model.regions[0].name;
            const attached = model.sites.filter((s) => s.connectivity.uplink !== "internet").length;
            const needsOf = async (m: FleetModel) => {
                const needs = fleetQuotaNeeds(m, (await planRegion(m, region)).resources);
                const n = (key: string) => needs.find((q) => q.key === key && (q.region === region || q.region === "*"))!.needed;
                return { vpcs: n("vpcs"), endpoints: n("interface-endpoints-per-vpc"), zones: n("hosted-zones"), attachments: n("tgw-attachments") };
            };
            const shared = await needsOf(model);
            const perSite = structuredClone(model);
            perSite.regions[0].network.endpoints = "per-site";
            perSite.sites.forEach((s, i) => (s.cloudNetwork = { cidr: cloudRange(i) }));
            const landing = await needsOf(perSite);
            assert.deepEqual(
                model.sites.map((s) => s.connectivity.uplink),
                ["internet", "vpn", "vpn"],
            );
            assert.equal(attached, 2);
            // inspection + data + endpoint VPC; per-site: inspection + data + one landing VPC per attached site
            assert.deepEqual(shared, { vpcs: 3, endpoints: 4, zones: 2, attachments: landing.attachments - attached + 1 });
            assert.deepEqual(
                { vpcs: landing.vpcs, endpoints: landing.endpoints, zones: landing.zones },
                { vpcs: 2 + attached, endpoints: 4, zones: 2 * attached },
            );
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
