import * as assert from "node:assert/strict";
import { FleetError } from "../../src/model/diagnostics";
import type { FleetModel } from "../../src/model/types";
import { directConnectGroup } from "../../src/model/direct-connect";
import { planFirewallRules } from "../../src/network";
import { planRegion, type Plan, type PlannedResource } from "../../src/plan/plan";
import { missingTags } from "../helpers/tags";
import { dnsConduit, manySites, perSiteExample, site } from "./helpers";

const NETWORK = /fleet:region:RegionalNetwork|fleet:site:SiteNetwork/;
const mine = (plan: Plan) => plan.resources.filter((r) => NETWORK.test(r.urn));
const named = (plan: Plan, name: string): PlannedResource => {
    const r = plan.resources.find((x) => x.name === name && NETWORK.test(x.urn));
    assert.ok(r, `no resource ${name} in the plan`);
    return r;
};
const under = (plan: Plan, component: string) => {
    const parent = plan.resources.find((r) => r.name === component && r.type.startsWith("fleet:"));
    assert.ok(parent, `no component ${component}`);
    return plan.resources.filter((r) => r.parent === parent.urn);
};
const countByType = (rs: PlannedResource[]) => {
    const out: Record<string, number> = {};
    for (const r of rs) out[r.type] = (out[r.type] ?? 0) + 1;
    return out;
};

/** The example fleet with stuttgart-body's VPN peer set and a DNS conduit to cloud (for the resolver). */
function fleetWithPeer(): FleetModel {
    const model = perSiteExample();
    const s = site(model, "stuttgart-body");
    (s.connectivity as unknown as { vpn: unknown }).vpn = { peerIp: "85.25.10.20", bgpAsn: 65010 };
    const base = s.conduits.find((c) => c.name === "gateways-to-cloud")!;
    s.conduits.push(dnsConduit(base, { name: "dns-to-cloud", justification: "Plant DNS forwards AWS names to the landing resolver" }));
    return model;
}

describe("network: regional hub and site attachments (mocks)", function () {
    this.timeout(120_000);
    let eu: Plan;
    let us: Plan;
    before(async () => {
        eu = await planRegion(fleetWithPeer(), "eu-central-1");
        us = await planRegion(perSiteExample(), "us-east-2");
    });

    it("builds the regional hub: Transit Gateway without default tables, explicit spoke and inspection tables", () => {
        const tgw = named(eu, "hub");
        assert.equal(tgw.type, "aws:ec2transitgateway/transitGateway:TransitGateway");
        assert.deepEqual(
            { ...tgw.inputs, tags: undefined },
            {
                amazonSideAsn: 64512,
                autoAcceptSharedAttachments: "disable",
                defaultRouteTableAssociation: "disable",
                defaultRouteTablePropagation: "disable",
                description: "acme eu-central-1 site hub",
                dnsSupport: "enable",
                vpnEcmpSupport: "enable",
                tags: undefined,
            },
        );
        assert.deepEqual(named(eu, "spokes").inputs.transitGatewayId, "hub-id");
        assert.deepEqual(named(eu, "inspection").inputs.transitGatewayId, "hub-id");
        assert.deepEqual(named(eu, "spokes-to-inspection").inputs, {
            transitGatewayRouteTableId: "spokes-id",
            destinationCidrBlock: "0.0.0.0/0",
            transitGatewayAttachmentId: "inspection-attachment-id",
        });
        assert.deepEqual(named(eu, "inspection-association").inputs, {
            transitGatewayAttachmentId: "inspection-attachment-id",
            transitGatewayRouteTableId: "inspection-id",
        });
    });

    it("builds the inspection VPC across two AZs with appliance mode and flow logs", () => {
        assert.equal(named(eu, "inspection-vpc").inputs.cidrBlock, "100.64.0.0/26");
        const subnets = ["inspection-tgw-a", "inspection-tgw-b", "inspection-firewall-a", "inspection-firewall-b"].map((n) => [
            n,
            named(eu, n).inputs.cidrBlock,
            named(eu, n).inputs.availabilityZone,
        ]);
        assert.deepEqual(subnets, [
            ["inspection-tgw-a", "100.64.0.0/28", "eu-central-1a"],
            ["inspection-tgw-b", "100.64.0.16/28", "eu-central-1b"],
            ["inspection-firewall-a", "100.64.0.32/28", "eu-central-1a"],
            ["inspection-firewall-b", "100.64.0.48/28", "eu-central-1b"],
        ]);
        const att = named(eu, "inspection-attachment").inputs;
        assert.equal(att.applianceModeSupport, "enable");
        assert.equal(att.transitGatewayDefaultRouteTableAssociation, false);
        assert.equal(att.transitGatewayDefaultRouteTablePropagation, false);
        assert.deepEqual(att.subnetIds, ["inspection-tgw-a-id", "inspection-tgw-b-id"]);
        const flow = named(eu, "inspection-flow-log").inputs;
        assert.equal(flow.trafficType, "ALL");
        assert.equal(flow.logDestinationType, "cloud-watch-logs");
        assert.equal(flow.logDestination, "arn:aws:cloudwatch:eu-central-1:123456789012:/fleet/acme/network/vpc-flow");
        for (const lg of ["flow-logs", "firewall-flow-logs", "firewall-alert-logs", "vpn-logs"]) {
            const i = named(eu, lg).inputs;
            assert.equal(i.kmsKeyId, "arn:aws:kms:eu-central-1:123456789012:platform-key", lg);
            assert.equal(i.retentionInDays, 365, lg);
        }
        assert.deepEqual(named(eu, "inspection-firewall-to-hub").inputs, {
            routeTableId: "inspection-firewall-rt-id",
            destinationCidrBlock: "0.0.0.0/0",
            transitGatewayId: "hub-id",
        });
        assert.equal(named(eu, "inspection-tgw-a-to-firewall").inputs.destinationCidrBlock, "0.0.0.0/0");
    });

    it("sets the firewall policy to strict order with drop and alert defaults, stateless forward to stateful", () => {
        const policy = named(eu, "firewall-policy").inputs as { name: string; firewallPolicy: Record<string, unknown>; encryptionConfiguration: unknown };
        assert.equal(policy.name, "acme-inspection");
        assert.deepEqual(policy.firewallPolicy, {
            statelessDefaultActions: ["aws:forward_to_sfe"],
            statelessFragmentDefaultActions: ["aws:forward_to_sfe"],
            statefulEngineOptions: { ruleOrder: "STRICT_ORDER", streamExceptionPolicy: "DROP" },
            statefulDefaultActions: ["aws:drop_established", "aws:alert_established"],
            statefulRuleGroupReferences: [
                { priority: 100, resourceArn: "arn:aws:networkfirewall:eu-central-1:123456789012:acme-cork-fill-finish-conduits-c50" },
                { priority: 110, resourceArn: "arn:aws:networkfirewall:eu-central-1:123456789012:acme-stuttgart-body-conduits-c50" },
                { priority: 60000, resourceArn: "arn:aws:networkfirewall:eu-central-1:123456789012:acme-egress-c50" },
            ],
        });
        assert.deepEqual(policy.encryptionConfiguration, { type: "CUSTOMER_KMS", keyId: "arn:aws:kms:eu-central-1:123456789012:platform-key" });
    });

    it("turns every firewall protection on, in two AZs, with the customer key and flow and alert logs", () => {
        const fw = named(eu, "firewall").inputs;
        assert.equal(fw.deleteProtection, true);
        assert.equal(fw.subnetChangeProtection, true);
        assert.equal(fw.firewallPolicyChangeProtection, true);
        assert.deepEqual(fw.subnetMappings, [{ subnetId: "inspection-firewall-a-id" }, { subnetId: "inspection-firewall-b-id" }]);
        assert.deepEqual(fw.encryptionConfiguration, { type: "CUSTOMER_KMS", keyId: "arn:aws:kms:eu-central-1:123456789012:platform-key" });
        assert.deepEqual(named(eu, "firewall-logging").inputs, {
            firewallArn: "arn:aws:networkfirewall:eu-central-1:123456789012:acme-inspection",
            loggingConfiguration: {
                logDestinationConfigs: [
                    { logType: "FLOW", logDestinationType: "CloudWatchLogs", logDestination: { logGroup: "/fleet/acme/network/firewall-flow" } },
                    { logType: "ALERT", logDestinationType: "CloudWatchLogs", logDestination: { logGroup: "/fleet/acme/network/firewall-alert" } },
                ],
            },
        });
    });

    it("deploys the generated rule groups as they were planned", () => {
        const plan = planFirewallRules(
            "acme",
            "eu-central-1",
            fleetWithPeer().sites.filter((s) => s.region === "eu-central-1"),
        );
        const groups = mine(eu).filter((r) => r.type === "aws:networkfirewall/ruleGroup:RuleGroup");
        assert.deepEqual(groups.map((g) => g.name).sort(), ["conduits-cork-fill-finish", "conduits-stuttgart-body", "egress"]);
        for (const g of plan.groups) {
            const r = named(eu, g.logicalName).inputs as Record<string, any>;
            assert.equal(r.name, g.name);
            assert.equal(r.type, "STATEFUL");
            assert.equal(r.capacity, g.capacity);
            assert.deepEqual(r.ruleGroup, { rulesSource: { rulesString: g.rulesString }, statefulRuleOptions: { ruleOrder: "STRICT_ORDER" } });
            assert.deepEqual(r.encryptionConfiguration, { type: "CUSTOMER_KMS", keyId: "arn:aws:kms:eu-central-1:123456789012:platform-key" });
        }
        // the DNS conduit added to stuttgart-body is a rule too (udp and tcp 53)
        assert.match(JSON.stringify(named(eu, "conduits-stuttgart-body").inputs.ruleGroup), /pass udp 192.168.35.0\/24 any -> 10.40.0.0\/24 53 /);
    });

    it("attaches a VPN site: customer gateway, hardened IPsec VPN to the hub, spoke association, route back to its cloud-facing segment", () => {
        const cgw = named(eu, "stuttgart-body-network-cgw").inputs;
        assert.deepEqual(
            { type: cgw.type, ipAddress: cgw.ipAddress, bgpAsn: cgw.bgpAsn, deviceName: cgw.deviceName },
            { type: "ipsec.1", ipAddress: "85.25.10.20", bgpAsn: "65010", deviceName: "acme-stuttgart-body" },
        );
        const vpn = named(eu, "stuttgart-body-network-vpn").inputs;
        assert.equal(vpn.type, "ipsec.1");
        assert.equal(vpn.transitGatewayId, "hub-id");
        assert.equal(vpn.customerGatewayId, "stuttgart-body-network-cgw-id");
        assert.equal(vpn.staticRoutesOnly, true);
        assert.equal(vpn.presharedKeyStorage, "SecretsManager");
        for (const t of ["tunnel1", "tunnel2"]) {
            assert.deepEqual(vpn[`${t}IkeVersions`], ["ikev2"]);
            assert.deepEqual(vpn[`${t}Phase1DhGroupNumbers`], [19, 20, 21]);
            assert.deepEqual(vpn[`${t}Phase2EncryptionAlgorithms`], ["AES256-GCM-16", "AES256"]);
            assert.deepEqual(vpn[`${t}LogOptions`], {
                cloudwatchLogOptions: {
                    logEnabled: true,
                    logGroupArn: "arn:aws:cloudwatch:eu-central-1:123456789012:/fleet/acme/network/vpn",
                    logOutputFormat: "json",
                },
            });
        }
        assert.equal(named(eu, "stuttgart-body-network-uplink-association").inputs.transitGatewayRouteTableId, "spokes-id");
        assert.deepEqual(named(eu, "stuttgart-body-network-route-edge-dmz").inputs, {
            transitGatewayRouteTableId: "inspection-id",
            destinationCidrBlock: "192.168.35.0/24",
        });
        assert.equal(mine(eu).filter((r) => r.name.startsWith("stuttgart-body-network-dxgw")).length, 0);
    });

    it("attaches a Direct Connect site through its group's regional DX gateway, associated once with the hub (the 20-per-hub limit is not hit by design)", () => {
        // cork-fill-finish hashes to group 2 (directConnectGroup): only that group's gateway exists
        assert.equal(directConnectGroup("cork-fill-finish"), "2");
        assert.deepEqual(named(eu, "dxgw-2").inputs.amazonSideAsn, "64513");
        assert.deepEqual(named(eu, "dxgw-2").inputs.name, "acme-eu-central-1-dx-2");
        assert.deepEqual(named(eu, "dxgw-2-association").inputs, {
            dxGatewayId: "dxgw-2-id",
            associatedGatewayId: "hub-id",
            allowedPrefixes: ["10.40.1.0/24"],
        });
        assert.deepEqual(named(eu, "dxgw-2-spokes-association").inputs.transitGatewayRouteTableId, "spokes-id");
        assert.equal(mine(eu).filter((r) => r.type === "aws:directconnect/gateway:Gateway").length, 1);
        // The site keeps only its routes, to the shared attachment; no gateway, association or uplink association of its own.
        assert.deepEqual(named(eu, "cork-fill-finish-network-route-edge-dmz").inputs, {
            transitGatewayRouteTableId: "inspection-id",
            destinationCidrBlock: "172.16.35.0/24",
        });
        assert.deepEqual(
            mine(eu)
                .filter((r) => /^cork-fill-finish-network-(dxgw|cgw|vpn|uplink-association)/.test(r.name))
                .map((r) => r.name),
            [],
        );
    });

    it("gives each attached site a landing VPC in its cloudNetwork with private endpoints admitting exactly its conduits to cloud", () => {
        assert.equal(named(eu, "cork-fill-finish-network-vpc").inputs.cidrBlock, "10.40.1.0/24");
        assert.deepEqual(
            ["a", "b"].map((z) => [
                named(eu, `cork-fill-finish-network-subnet-${z}`).inputs.cidrBlock,
                named(eu, `cork-fill-finish-network-subnet-${z}`).inputs.availabilityZone,
            ]),
            [
                ["10.40.1.0/25", "eu-central-1a"],
                ["10.40.1.128/25", "eu-central-1b"],
            ],
        );
        const endpoints = mine(eu).filter((r) => r.type === "aws:ec2/vpcEndpoint:VpcEndpoint" && r.name.startsWith("cork-fill-finish"));
        assert.deepEqual(endpoints.map((e) => [e.inputs.serviceName, e.inputs.vpcEndpointType, e.inputs.privateDnsEnabled]).sort(), [
            ["com.amazonaws.eu-central-1.greengrass", "Interface", true],
            ["com.amazonaws.eu-central-1.iot.credentials", "Interface", false],
            ["com.amazonaws.eu-central-1.iot.data", "Interface", false],
            ["com.amazonaws.eu-central-1.s3", "Interface", true],
        ]);
        assert.deepEqual(named(eu, "cork-fill-finish-network-endpoints-sg").inputs.ingress, [
            { protocol: "tcp", fromPort: 8883, toPort: 8883, cidrBlocks: ["172.16.35.0/24"], description: "conduit gateways-to-cloud" },
            { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["172.16.35.0/24"], description: "conduit gateways-to-cloud-https" },
        ]);
        assert.deepEqual(named(eu, "cork-fill-finish-network-endpoints-sg").inputs.egress, []);
        // IoT data and credentials get private zones on the account's endpoint names
        const zones = mine(eu).filter((r) => r.type === "aws:route53/zone:Zone" && r.name.startsWith("cork-fill-finish"));
        assert.deepEqual(zones.map((z) => z.name).sort(), ["cork-fill-finish-network-zone-iot-credentials", "cork-fill-finish-network-zone-iot-data"]);
        assert.deepEqual(zones[0].inputs.vpcs, [{ vpcId: "cork-fill-finish-network-vpc-id" }]);
        assert.deepEqual(named(eu, "cork-fill-finish-network-landing-association").inputs, {
            transitGatewayAttachmentId: "cork-fill-finish-network-landing-attachment-id",
            transitGatewayRouteTableId: "spokes-id",
        });
        assert.deepEqual(named(eu, "cork-fill-finish-network-landing-propagation").inputs, {
            transitGatewayAttachmentId: "cork-fill-finish-network-landing-attachment-id",
            transitGatewayRouteTableId: "inspection-id",
        });
        assert.deepEqual(named(eu, "cork-fill-finish-network-to-hub").inputs, {
            routeTableId: "cork-fill-finish-network-rt-id",
            destinationCidrBlock: "0.0.0.0/0",
            transitGatewayId: "hub-id",
        });
    });

    it("adds a Route 53 inbound resolver only for a site with a dns conduit to cloud", () => {
        const resolver = named(eu, "stuttgart-body-network-resolver").inputs;
        assert.deepEqual(
            { ...resolver, tags: undefined },
            {
                name: "acme-stuttgart-body-inbound",
                direction: "INBOUND",
                protocols: ["Do53"],
                ipAddresses: [{ subnetId: "stuttgart-body-network-subnet-a-id" }, { subnetId: "stuttgart-body-network-subnet-b-id" }],
                securityGroupIds: ["stuttgart-body-network-endpoints-sg-id"],
                tags: undefined,
            },
        );
        assert.equal(mine(eu).filter((r) => r.name === "cork-fill-finish-network-resolver").length, 0);
    });

    it("tags every resource it creates", () => {
        assert.deepEqual(missingTags(mine(eu), { "fleet:name": "acme" }), []);
    });

    it("attaches nothing for an internet site and builds no firewall in a region without attached sites", () => {
        assert.deepEqual(under(us, "austin-smt-network"), []);
        assert.deepEqual(countByType(mine(us).filter((r) => r.custom)), {
            "aws:cloudwatch/logGroup:LogGroup": 4,
            "aws:iam/role:Role": 1,
            "aws:iam/rolePolicy:RolePolicy": 1,
            "aws:ec2transitgateway/transitGateway:TransitGateway": 1,
            "aws:ec2transitgateway/routeTable:RouteTable": 2,
        });
    });

    it("names and configures everything the same when conduits, segments and sites are reordered", async () => {
        const shuffled = fleetWithPeer();
        shuffled.sites.reverse();
        for (const s of shuffled.sites) {
            s.conduits.reverse();
            s.segments.reverse();
        }
        const again = await planRegion(shuffled, "eu-central-1");
        const key = (p: Plan) => new Map(mine(p).map((r) => [r.urn, JSON.stringify(r.inputs)]));
        const a = key(eu);
        const b = key(again);
        assert.deepEqual([...b.keys()].sort(), [...a.keys()].sort());
        for (const [urn, inputs] of a) assert.equal(b.get(urn), inputs, urn);
    });

    it("plans a VPN site without its peer address as a landing network only, and says what is missing", async () => {
        const model = perSiteExample();
        delete site(model, "stuttgart-body").connectivity.vpn;
        const plan = await planRegion(model, "eu-central-1");
        const names = under(plan, "stuttgart-body-network").map((r) => r.name);
        assert.ok(names.includes("stuttgart-body-network-vpc"));
        assert.ok(!names.includes("stuttgart-body-network-cgw"));
        assert.ok(!names.includes("stuttgart-body-network-vpn"));
        assert.ok(!names.includes("stuttgart-body-network-uplink-association"));
    });

    it("refuses a region whose attached sites overlap (a model the loader would have refused), naming the files", async () => {
        const model = perSiteExample();
        site(model, "cork-fill-finish").segments.find((s) => s.name === "edge-dmz")!.cidr = "192.168.35.0/24";
        await assert.rejects(planRegion(model, "eu-central-1"), (e: unknown) => {
            // A broken invariant of the component: pulumi.ResourceError, not a user-facing FleetError.
            assert.ok(!(e instanceof FleetError));
            assert.match(
                (e as Error).message,
                /the network of region eu-central-1 cannot be built:\n {2}sites\/stuttgart-body\.yaml: segments\.edge-dmz\.cidr: 192\.168\.35\.0\/24 overlaps segment "edge-dmz" of site "cork-fill-finish" \(192\.168\.35\.0\/24\); sites attached to one region's Transit Gateway share a routed network, so ranges AWS routes must be unique in the region/,
            );
            return true;
        });
    });

    it("plans a 45-site region with one policy of at most 20 stateful groups", async () => {
        const model = perSiteExample();
        const extra = manySites(model, 45);
        model.sites = [...model.sites.filter((s) => s.region !== "eu-central-1"), ...extra];
        model.regions.find((r) => r.name === "eu-central-1")!.sites = extra.map((s) => s.name);
        const plan = await planRegion(model, "eu-central-1", { sites: ["plant-01"] });
        const refs = (named(plan, "firewall-policy").inputs.firewallPolicy as { statefulRuleGroupReferences: { priority: number }[] })
            .statefulRuleGroupReferences;
        assert.ok(refs.length <= 20, `${refs.length} groups`);
        const groups = mine(plan).filter((r) => r.type === "aws:networkfirewall/ruleGroup:RuleGroup");
        assert.equal(groups.length, refs.length);
        assert.ok(groups.every((g) => g.name === "egress" || /^conduits-shard-\d\d$/.test(g.name)));
        const rules = groups.flatMap((g) =>
            String((g.inputs.ruleGroup as any).rulesSource.rulesString)
                .split("\n")
                .filter(Boolean),
        );
        assert.equal(rules.length, 45 * 5 + 6);
    });
});
