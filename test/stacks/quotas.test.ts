/** AWS quota needs (src/quotas): counting from planned resources, overrides, hard versus adjustable. */
import assert from "node:assert/strict";
import { QUOTAS } from "../../src/quotas/catalogue";
import { configuredLimit, formatQuotaTable, overrideProblems, quotaNeeds, type CountedResource } from "../../src/quotas/needs";

const r = (type: string, name: string, inputs: Record<string, unknown> = {}, site?: string): CountedResource => ({
    type,
    name,
    region: "eu-west-1",
    site,
    inputs,
});

/**
 * What a site stack registers that quotas count (components/site): landing VPC and endpoints,
 * the token-exchange role, its components; a VPN site its customer gateway and VPN. A
 * direct-connect site has no gateway of its own: it routes to the region's one (regionResources).
 */
function siteResources(site: string, uplink: "vpn" | "dx"): CountedResource[] {
    return [
        r("aws:ec2/vpc:Vpc", `${site}-vpc`, {}, site),
        r("aws:ec2/securityGroup:SecurityGroup", `${site}-sg`, {}, site),
        ...["iot-data", "iot-credentials", "greengrass", "s3"].map((k) =>
            r("aws:ec2/vpcEndpoint:VpcEndpoint", `${site}-endpoint-${k}`, { vpcId: `${site}-vpc-id`, vpcEndpointType: "Interface" }, site),
        ),
        r("aws:ec2transitgateway/vpcAttachment:VpcAttachment", `${site}-landing-attachment`, {}, site),
        r("aws:route53/zone:Zone", `${site}-zone-iot-data`, {}, site),
        r("aws:route53/zone:Zone", `${site}-zone-iot-credentials`, {}, site),
        r("aws:iam/role:Role", `${site}-token-exchange`, {}, site),
        r("aws-native:greengrassv2:ComponentVersion", `${site}-collector`, { inlineRecipe: JSON.stringify({ ComponentName: `acme.${site}.Collector` }) }, site),
        ...(uplink === "vpn"
            ? [
                  r("aws:ec2/customerGateway:CustomerGateway", `${site}-cgw`, {}, site),
                  r("aws:ec2/vpnConnection:VpnConnection", `${site}-vpn`, { transitGatewayId: "tgw" }, site),
              ]
            : []),
    ];
}

/** The platform's shared pieces (components/region): one Direct Connect gateway and its association, the hook's and the provisioning role. */
function regionResources(): CountedResource[] {
    return [
        r("aws:directconnect/gateway:Gateway", "dxgw"),
        r("aws:directconnect/gatewayAssociation:GatewayAssociation", "dxgw-association"),
        r("aws:iam/role:Role", "preprov-role"),
        r("aws:iam/role:Role", "provisioning-role"),
    ];
}

/** The layout before the regional gateway: a Direct Connect gateway and association per direct-connect site. */
function perSiteDx(site: string): CountedResource[] {
    return [
        r("aws:directconnect/gateway:Gateway", `${site}-dxgw`, {}, site),
        r("aws:directconnect/gatewayAssociation:GatewayAssociation", `${site}-dxgw-association`, {}, site),
    ];
}

const need = (needs: ReturnType<typeof quotaNeeds>, key: string, account = "default", region = "eu-west-1") =>
    needs.find((n) => n.key === key && n.account === account && n.region === region)!;

describe("quotas: the catalogue", () => {
    it("every quota has a Service Quotas code (or says it has none), a source and a positive default; keys are unique", () => {
        assert.equal(new Set(QUOTAS.map((q) => q.key)).size, QUOTAS.length);
        for (const q of QUOTAS) {
            assert.match(q.code, /^(L-[0-9A-F]{8}|\(support case\))$/, q.key);
            assert.match(q.source, /^https:\/\/docs\.aws\.amazon\.com\//, q.key);
            assert.ok(q.default > 0, q.key);
        }
        const vpn = QUOTAS.find((q) => q.key === "vpn-connections")!;
        assert.deepEqual([vpn.code, vpn.default, vpn.adjustable], ["L-3E6EC3A3", 50, true]);
        const dx = QUOTAS.find((q) => q.key === "dx-gateways-per-tgw")!;
        assert.deepEqual([dx.code, dx.default, dx.adjustable], ["L-350B2172", 20, false]);
    });
});

describe("quotas: needs", () => {
    it("60 VPN sites and 21 Direct Connect sites in one region: VPN above the default (advisory); one Direct Connect gateway for the region, within the hard limit", () => {
        const resources = [
            ...regionResources(),
            ...Array.from({ length: 60 }, (_, i) => siteResources(`v${i}`, "vpn")).flat(),
            ...Array.from({ length: 21 }, (_, i) => siteResources(`d${i}`, "dx")).flat(),
        ];
        const needs = quotaNeeds([{ account: "default", region: "eu-west-1", resources }]);
        const vpn = need(needs, "vpn-connections");
        assert.deepEqual([vpn.needed, vpn.limit, vpn.status], [60, 50, "above-configured"]);
        assert.deepEqual([need(needs, "customer-gateways").needed, need(needs, "customer-gateways").status], [60, "above-configured"]);
        const dx = need(needs, "dx-gateways-per-tgw");
        assert.deepEqual([dx.needed, dx.limit, dx.adjustable, dx.status], [1, 20, false, "ok"]);
        assert.equal(need(needs, "vpcs").needed, 81);
        assert.equal(need(needs, "security-groups").needed, 162, "one own and one default security group per VPC");
        assert.equal(need(needs, "interface-endpoints-per-vpc").needed, 4, "the largest VPC's interface endpoints, not the sum");
        assert.equal(need(needs, "tgw-attachments").needed, 81 + 60 + 1);
        assert.equal(need(needs, "hosted-zones", "default", "*").needed, 162);
        assert.equal(need(needs, "iam-roles", "default", "*").needed, 81 + 2, "a token-exchange role per site, the hook's and the provisioning role once");
        assert.equal(need(needs, "greengrass-components").needed, 81);
        assert.equal(need(needs, "dx-gateways", "default", "*").needed, 1);
    });

    it("the per-site Direct Connect layout is caught: 21 gateways on one transit gateway are above the hard limit (mandatory)", () => {
        const resources = Array.from({ length: 21 }, (_, i) => [...siteResources(`d${i}`, "dx"), ...perSiteDx(`d${i}`)]).flat();
        const needs = quotaNeeds([{ account: "default", region: "eu-west-1", resources }]);
        const dx = need(needs, "dx-gateways-per-tgw");
        assert.deepEqual([dx.needed, dx.limit, dx.adjustable, dx.status], [21, 20, false, "above-hard-limit"]);
        assert.equal(need(needs, "tgw-attachments").needed, 21 + 21);
        assert.equal(need(needs, "dx-gateways", "default", "*").needed, 21);
    });

    it("account-wide quotas add up the account's regions; accounts stay apart", () => {
        const needs = quotaNeeds([
            { account: "a", region: "eu-west-1", resources: siteResources("x", "vpn") },
            { account: "a", region: "us-east-2", resources: siteResources("y", "vpn").map((x) => ({ ...x, region: "us-east-2" })) },
            { account: "b", region: "eu-west-1", resources: siteResources("z", "vpn") },
        ]);
        assert.equal(need(needs, "iam-roles", "a", "*").needed, 2);
        assert.equal(need(needs, "iam-roles", "b", "*").needed, 1);
        assert.equal(need(needs, "vpn-connections", "a", "us-east-2").needed, 1);
        assert.equal(needs.filter((n) => n.key === "vpn-connections").length, 3);
    });

    it("fleet.yaml values: the most specific selector wins; a raised value clears the advisory finding", () => {
        const vpn = QUOTAS.find((q) => q.key === "vpn-connections")!;
        const o = { "vpn-connections": { "*": 80, "eu-west-1": 100, "prod/eu-west-1": 150, prod: 120 } };
        assert.equal(configuredLimit(vpn, o, "prod", "eu-west-1"), 150);
        assert.equal(configuredLimit(vpn, o, "prod", "us-east-2"), 120);
        assert.equal(configuredLimit(vpn, o, "dev", "eu-west-1"), 100);
        assert.equal(configuredLimit(vpn, o, "dev", "us-east-2"), 80);
        assert.equal(configuredLimit(vpn, { "vpn-connections": 70 }, "dev", "us-east-2"), 70);
        assert.equal(configuredLimit(vpn, undefined, "dev", "us-east-2"), 50);
        const dx = QUOTAS.find((q) => q.key === "dx-gateways-per-tgw")!;
        assert.equal(configuredLimit(dx, { "dx-gateways-per-tgw": 40 }, "dev", "us-east-2"), 20, "a hard limit is not raised by writing it down");
        assert.equal(configuredLimit(dx, { "dx-gateways-per-tgw": 10 }, "dev", "us-east-2"), 10);
        const resources = Array.from({ length: 60 }, (_, i) => siteResources(`v${i}`, "vpn")).flat();
        assert.equal(need(quotaNeeds([{ account: "default", region: "eu-west-1", resources }], { "vpn-connections": 100 }), "vpn-connections").status, "ok");
    });

    it("override problems: unknown key, bad value, a hard limit raised", () => {
        assert.deepEqual(overrideProblems({ "vpn-conections": 10, "iam-roles": -1, "dx-gateways-per-tgw": { "eu-west-1": 40 }, vpcs: 10 }), [
            { field: "quotas.vpn-conections", message: `unknown quota; use one of ${QUOTAS.map((q) => q.key).join(", ")}` },
            { field: "quotas.iam-roles", message: "expected a whole number of 0 or more, found -1" },
            {
                field: "quotas.dx-gateways-per-tgw.eu-west-1",
                message:
                    "Direct Connect gateways per transit gateway is 20 and AWS does not raise it (https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-quotas.html); remove the value or lower it",
            },
        ]);
    });

    it("the table lists needs above zero and marks the ones above their limit", () => {
        const needs = quotaNeeds([
            {
                account: "default",
                region: "eu-west-1",
                resources: Array.from({ length: 21 }, (_, i) => [...siteResources(`d${i}`, "dx"), ...perSiteDx(`d${i}`)]).flat(),
            },
        ]);
        const table = formatQuotaTable(needs);
        assert.match(table, /^account +region +quota +code +default +limit +needed +adjustable +status$/m);
        assert.match(table, /^default +eu-west-1 +Direct Connect gateways per transit gateway +L-350B2172 +20 +20 +21 +no \(hard\) +ABOVE HARD LIMIT$/m);
        assert.doesNotMatch(table, /VPN connections/, "no VPN site, no VPN line");
        assert.match(formatQuotaTable(needs, true), /Site-to-Site VPN connections per Region +L-3E6EC3A3 +50 +50 +0 /);
    });
});

describe("quotas: fleet check findings", () => {
    it("above a hard limit: mandatory (blocks); above the account's value: advisory; the text report names both", () => {
        const { quotaFindings } = require("../../src/check/run") as typeof import("../../src/check/run");
        const { blocks } = require("../../src/check/engine") as typeof import("../../src/check/engine");
        const { formatText } = require("../../src/check/report") as typeof import("../../src/check/report");
        const { exampleModel } = require("./helpers") as typeof import("./helpers");
        const model = exampleModel();
        const region = model.regions[0].name;
        const resources = [
            ...Array.from({ length: 60 }, (_, i) => siteResources(`v${i}`, "vpn")),
            ...Array.from({ length: 21 }, (_, i) => [...siteResources(`d${i}`, "dx"), ...perSiteDx(`d${i}`)]),
        ]
            .flat()
            .map((x) => ({ ...x, region, site: undefined }));
        const findings = quotaFindings(model, resources);
        const dx = findings.find((f) => f.target === "quota/dx-gateways-per-tgw")!;
        assert.equal(dx.severity, "mandatory");
        assert.equal(
            dx.message,
            `Direct Connect gateways per transit gateway (L-350B2172) in default/${region}: the fleet needs 21, AWS allows 20 and does not raise it (https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-quotas.html); spread the sites over more regions or accounts`,
        );
        const vpn = findings.find((f) => f.target === "quota/vpn-connections")!;
        assert.equal(vpn.severity, "advisory");
        assert.match(vpn.message, /needs 60, the account has 50; request an increase in Service Quotas, then set quotas\.vpn-connections in fleet\.yaml$/);
        assert.equal(blocks({ findings, resources: 0, sites: 0 }), true);
        assert.equal(blocks({ findings: findings.filter((f) => f.severity === "advisory"), resources: 0, sites: 0 }), false);
        assert.match(formatText({ findings, resources: 0, sites: 0 }), /aws-quotas: .*Direct Connect gateways per transit gateway/);
        assert.deepEqual(
            quotaFindings(
                model,
                siteResources("one", "vpn").map((x) => ({ ...x, region })),
            ),
            [],
            "within every limit: no finding",
        );
    });
});

describe("quotas: the planned region with more Direct Connect sites than a transit gateway takes gateways", function () {
    this.timeout(300_000);

    it("44 sites, 22 of them direct-connect: a Direct Connect gateway per non-empty group (at most 4) advertising its sites' cloudNetworks; no site has its own", async () => {
        const { planRegion } = require("../../src/plan/plan") as typeof import("../../src/plan/plan");
        const { fleetQuotaNeeds } = require("../../src/stacks/quota-scopes") as typeof import("../../src/stacks/quota-scopes");
        const { exampleFleet, manySites } = require("../network/helpers") as typeof import("../network/helpers");
        const model = exampleFleet();
        const extra = manySites(model, 44);
        model.sites = [...model.sites.filter((s) => s.region !== "eu-central-1"), ...extra];
        model.regions.find((x) => x.name === "eu-central-1")!.sites = extra.map((s) => s.name);
        const plan = await planRegion(model, "eu-central-1");
        const gateways = plan.resources.filter((x) => x.type === "aws:directconnect/gateway:Gateway");
        assert.deepEqual(gateways.map((g) => [g.name, g.site]).sort(), [
            ["dxgw-0", undefined],
            ["dxgw-1", undefined],
            ["dxgw-2", undefined],
            ["dxgw-3", undefined],
        ]);
        // plant-02 … plant-44 (even) hash into the groups 3, 5, 6 and 8 times
        const associations = plan.resources.filter((x) => x.type === "aws:directconnect/gatewayAssociation:GatewayAssociation");
        assert.deepEqual(associations.map((a) => [a.name, (a.inputs.allowedPrefixes as string[]).length]).sort(), [
            ["dxgw-0-association", 3],
            ["dxgw-1-association", 5],
            ["dxgw-2-association", 6],
            ["dxgw-3-association", 8],
        ]);
        const needs = fleetQuotaNeeds(model, plan.resources);
        const dx = needs.find((q) => q.key === "dx-gateways-per-tgw" && q.region === "eu-central-1")!;
        assert.deepEqual([dx.needed, dx.status], [4, "ok"]);
        assert.equal(needs.find((q) => q.key === "vpn-connections" && q.region === "eu-central-1")!.needed, 22, "the other 22 sites: a VPN each");
    });
});
