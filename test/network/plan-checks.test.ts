import * as assert from "node:assert/strict";
import { DEFAULT_INSPECTION_CIDR, firewallEndpointIn, inspectionPlan, landingPlan, regionNetworkProblems, vpnPeerOf } from "../../src/network";
import type { FleetModel, SiteModel } from "../../src/model/types";
import { manySites, perSiteExample, site } from "./helpers";

describe("network: address plans", () => {
    it("splits the inspection VPC into TGW and firewall subnets per AZ", () => {
        assert.deepEqual(inspectionPlan(), {
            plan: {
                vpcCidr: "100.64.0.0/26",
                azs: [
                    { tgwSubnet: "100.64.0.0/28", firewallSubnet: "100.64.0.32/28" },
                    { tgwSubnet: "100.64.0.16/28", firewallSubnet: "100.64.0.48/28" },
                ],
            },
        });
        assert.equal(DEFAULT_INSPECTION_CIDR, "100.64.0.0/26");
        assert.deepEqual(inspectionPlan("10.255.0.0/24"), {
            plan: {
                vpcCidr: "10.255.0.0/24",
                azs: [
                    { tgwSubnet: "10.255.0.0/26", firewallSubnet: "10.255.0.128/26" },
                    { tgwSubnet: "10.255.0.64/26", firewallSubnet: "10.255.0.192/26" },
                ],
            },
        });
    });

    it("refuses inspection ranges AWS cannot hold", () => {
        assert.deepEqual(inspectionPlan("100.64.0.0/27"), {
            error: "inspection network 100.64.0.0/27 must be /16 to /26: it holds four subnets of at least /28",
        });
        assert.deepEqual(inspectionPlan("10.0.0.0/8"), { error: "inspection network 10.0.0.0/8 must be /16 to /26: it holds four subnets of at least /28" });
        assert.deepEqual(inspectionPlan("100.64.0.1/26"), { error: 'inspection network "100.64.0.1/26" has host bits set; did you mean "100.64.0.0/26"?' });
    });

    it("splits a site's cloudNetwork into one landing subnet per AZ", () => {
        assert.deepEqual(landingPlan("10.40.0.0/24"), { plan: { vpcCidr: "10.40.0.0/24", subnets: ["10.40.0.0/25", "10.40.0.128/25"] } });
        assert.deepEqual(landingPlan("10.40.0.32/27"), { plan: { vpcCidr: "10.40.0.32/27", subnets: ["10.40.0.32/28", "10.40.0.48/28"] } });
        assert.deepEqual(landingPlan("10.40.0.16/28"), {
            error: "10.40.0.16/28 is too small for the site's landing VPC: it needs /27 or larger (two /28 subnets, one per Availability Zone)",
        });
        assert.deepEqual(landingPlan("10.0.0.0/12"), { error: "10.0.0.0/12 is larger than a VPC can be; use /16 to /27" });
    });
});

describe("network: region checks", () => {
    /** The network problems of `region` in `model` with these sites attached, around the default inspection range. */
    const problemsIn = (model: FleetModel, region: string, sites: SiteModel[]) =>
        regionNetworkProblems(
            model.regions.find((r) => r.name === region)!,
            sites,
            DEFAULT_INSPECTION_CIDR,
        );

    it("accepts the example regions", () => {
        const model = perSiteExample();
        for (const region of ["eu-central-1", "us-east-2"]) {
            assert.deepEqual(
                problemsIn(
                    model,
                    region,
                    model.sites.filter((s) => s.region === region),
                ),
                [],
            );
        }
    });

    it("names every overlap of routed ranges, with the file and field to change", () => {
        const model = perSiteExample();
        const [a, b] = manySites(model, 2);
        const dmz = a.segments.find((s) => s.name === "edge-dmz")!.cidr; // 10.1.<n>.0/24
        b.segments.find((s) => s.name === "edge-dmz")!.cidr = dmz;
        b.cloudNetwork.cidr = "100.64.0.0/24";
        assert.deepEqual(problemsIn(model, a.region, [b, a]), [
            `sites/plant-02.yaml: segments.edge-dmz.cidr: ${dmz} overlaps segment "edge-dmz" of site "plant-01" (${dmz}); sites attached to one region's Transit Gateway share a routed network, so ranges AWS routes must be unique in the region`,
            "sites/plant-02.yaml: cloudNetwork.cidr: 100.64.0.0/24 overlaps the regional inspection VPC (100.64.0.0/26); sites attached to one region's Transit Gateway share a routed network, so ranges AWS routes must be unique in the region",
        ]);
    });

    it("ignores internet sites (nothing of theirs is routed) and segments that never reach the cloud", () => {
        const model = perSiteExample();
        const [a, b] = manySites(model, 2);
        b.segments.find((s) => s.name === "press-cell")!.cidr = a.segments.find((s) => s.name === "press-cell")!.cidr;
        assert.deepEqual(problemsIn(model, a.region, [a, b]), []);
        b.segments.find((s) => s.name === "edge-dmz")!.cidr = a.segments.find((s) => s.name === "edge-dmz")!.cidr;
        b.connectivity.uplink = "internet";
        assert.deepEqual(problemsIn(model, a.region, [a, b]), []);
    });

    it("asks for a landing range of /27 or larger", () => {
        const model = perSiteExample();
        const [a] = manySites(model, 1);
        a.cloudNetwork.cidr = "10.100.1.0/28";
        assert.deepEqual(problemsIn(model, a.region, [a]), [
            "sites/plant-01.yaml: cloudNetwork.cidr: 10.100.1.0/28 is too small for the site's landing VPC: it needs /27 or larger (two /28 subnets, one per Availability Zone)",
        ]);
    });
});

describe("network: VPN peer of a site", () => {
    const withVpn = (vpn: unknown) => {
        const s = site(perSiteExample(), "stuttgart-body");
        (s.connectivity as unknown as { vpn: unknown }).vpn = vpn;
        return s;
    };

    it("is missing until the site file gives the plant's public address", () => {
        const model = perSiteExample();
        delete site(model, "stuttgart-body").connectivity.vpn;
        assert.deepEqual(vpnPeerOf(site(model, "stuttgart-body")), {
            missing:
                "sites/stuttgart-body.yaml: connectivity.vpn.peerIp is not set; the plant's public IPv4 address is needed to create the customer gateway and the VPN",
        });
    });

    it("takes the address and ASN, defaulting the ASN to 65000", () => {
        assert.deepEqual(vpnPeerOf(withVpn({ peerIp: "85.25.10.20", bgpAsn: 65010 })), { peer: { peerIp: "85.25.10.20", bgpAsn: 65010 } });
        assert.deepEqual(vpnPeerOf(withVpn({ peerIp: "85.25.10.20" })), { peer: { peerIp: "85.25.10.20", bgpAsn: 65000 } });
    });

    it("refuses private, malformed addresses and the Amazon-side ASNs", () => {
        assert.deepEqual(vpnPeerOf(withVpn({ peerIp: "192.168.1.1" })), {
            error: "sites/stuttgart-body.yaml: connectivity.vpn.peerIp: 192.168.1.1 is a private address; the VPN peer must be the plant's public IPv4 address",
        });
        assert.deepEqual(vpnPeerOf(withVpn({ peerIp: "240.0.0.10" })), {
            error: "sites/stuttgart-body.yaml: connectivity.vpn.peerIp: 240.0.0.10 is a reserved address; the VPN peer must be the plant's public IPv4 address",
        });
        // Documentation addresses (RFC 5737) stand in for real ones in examples.
        assert.deepEqual(vpnPeerOf(withVpn({ peerIp: "203.0.113.10" })), { peer: { peerIp: "203.0.113.10", bgpAsn: 65000 } });
        assert.deepEqual(vpnPeerOf(withVpn({ peerIp: "203.0.113" })), {
            error: 'sites/stuttgart-body.yaml: connectivity.vpn.peerIp: "203.0.113" is not an IPv4 address',
        });
        assert.deepEqual(vpnPeerOf(withVpn({ peerIp: "85.25.10.20", bgpAsn: 64512 })), {
            error: "sites/stuttgart-body.yaml: connectivity.vpn.bgpAsn: 64512 is not usable; use a private ASN (64512-65534 or 4200000000-4294967294) other than 64512 and 64513",
        });
    });
});

describe("network: firewall endpoint per AZ", () => {
    it("finds the endpoint of the zone, or nothing before the firewall reports", () => {
        const statuses = [
            {
                syncStates: [
                    { availabilityZone: "eu-central-1a", attachments: [{ endpointId: "vpce-a", subnetId: "subnet-a" }] },
                    { availabilityZone: "eu-central-1b", attachments: [{ endpointId: "vpce-b", subnetId: "subnet-b" }] },
                ],
            },
        ];
        assert.equal(firewallEndpointIn(statuses, "eu-central-1b"), "vpce-b");
        assert.equal(firewallEndpointIn(statuses, "eu-central-1c"), undefined);
        assert.equal(firewallEndpointIn(undefined, "eu-central-1a"), undefined);
    });
});
