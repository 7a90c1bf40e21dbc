import * as assert from "node:assert/strict";
import { egressRules, planFirewallRules, renderRule, rulesString, siteRules } from "../../src/network";
import { perSiteExample, matchSnapshot, site } from "./helpers";

const regionSites = (model: ReturnType<typeof perSiteExample>, region: string) => model.sites.filter((s) => s.region === region);

describe("network: Network Firewall rules from conduits", () => {
    it("matches the snapshots of the example regions' rule groups", () => {
        const model = perSiteExample();
        const plan = planFirewallRules(model.name, "eu-central-1", regionSites(model, "eu-central-1"));
        assert.deepEqual(plan.problems, []);
        assert.deepEqual(
            plan.groups.map((g) => [g.logicalName, g.name, g.capacity, g.priority, g.sites]),
            [
                ["conduits-cork-fill-finish", "acme-cork-fill-finish-conduits-c50", 50, 100, ["cork-fill-finish"]],
                ["conduits-stuttgart-body", "acme-stuttgart-body-conduits-c50", 50, 110, ["stuttgart-body"]],
                ["egress", "acme-egress-c50", 50, 60000, []],
            ],
        );
        const text = plan.groups
            .map((g) => `# ${g.name} capacity ${g.capacity} priority ${g.priority} sites ${g.sites.join(",") || "-"}\n${g.rulesString}`)
            .join("\n");
        matchSnapshot("nfw-eu-central-1.rules", text);
        // us-east-2 has only an internet site: no traffic to inspect, no group
        assert.deepEqual(planFirewallRules(model.name, "us-east-2", regionSites(model, "us-east-2")), { mode: "per-site", groups: [], problems: [] });
    });

    it("writes one pass rule per conduit to cloud and port, with explicit source, destination and port", () => {
        const s = site(perSiteExample(), "stuttgart-body");
        const rules = siteRules(s);
        const pass = rules.filter((r) => r.action === "pass");
        assert.deepEqual(
            pass.map((r) => [r.protocol, r.source, r.sourcePort, r.destination, r.destinationPort]),
            [
                ["tcp", "192.168.35.0/24", "any", "10.40.0.0/24", "8883"],
                ["tcp", "192.168.35.0/24", "any", "10.40.0.0/24", "443"],
            ],
        );
        for (const r of pass) {
            assert.notEqual(r.source, "any");
            assert.notEqual(r.destination, "any");
            assert.notEqual(r.destinationPort, "any");
        }
        // then everything else is dropped: from the plant, toward the plant, toward its landing network
        assert.deepEqual(
            rules.slice(pass.length).map((r) => r.options),
            [[], [["flow", "to_server"]], [["flow", "to_server"]]],
        );
        assert.deepEqual(
            rules.slice(pass.length).map((r) => [r.action, r.protocol, r.source, r.destination]),
            [
                [
                    "drop",
                    "ip",
                    "[192.168.10.0/24,192.168.11.0/24,192.168.12.0/24,192.168.20.0/24,192.168.30.0/24,192.168.35.0/24,192.168.36.0/24,192.168.40.0/24]",
                    "[10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,100.64.0.0/10]",
                ],
                [
                    "drop",
                    "ip",
                    "any",
                    "[192.168.10.0/24,192.168.11.0/24,192.168.12.0/24,192.168.20.0/24,192.168.30.0/24,192.168.35.0/24,192.168.36.0/24,192.168.40.0/24]",
                ],
                ["drop", "ip", "any", "10.40.0.0/24"],
            ],
        );
    });

    it("writes exact rule text", () => {
        const s = site(perSiteExample(), "stuttgart-body");
        assert.equal(
            renderRule(siteRules(s)[0]),
            'pass tcp 192.168.35.0/24 any -> 10.40.0.0/24 8883 (msg:"stuttgart-body conduit gateways-to-cloud: mqtts tcp/8883 edge-dmz to cloud"; flow:to_server; sid:1797354718; rev:1;)',
        );
    });

    it("has no firewall rules for an internet site (its traffic never crosses the firewall)", () => {
        const s = site(perSiteExample(), "austin-smt");
        assert.deepEqual(siteRules(s), []);
        assert.deepEqual(egressRules("us-east-2", [s]), []);
        assert.deepEqual(planFirewallRules("acme", "us-east-2", [s]).groups, []);
    });

    it("lets the plants' TLS reach only the region's AWS endpoints by SNI", () => {
        const model = perSiteExample();
        const rules = egressRules("eu-central-1", regionSites(model, "eu-central-1"));
        assert.deepEqual(
            rules.map((r) => `${r.action} ${r.protocol} ${r.options.find(([k]) => k === "content")?.[1] ?? ""}`),
            [
                'pass tls ".iot.eu-central-1.amazonaws.com"',
                'pass tls ".greengrass.eu-central-1.amazonaws.com"',
                'pass tls ".s3.eu-central-1.amazonaws.com"',
                "drop tcp ",
                "drop udp ",
                "drop icmp ",
            ],
        );
        for (const r of rules) {
            assert.equal(r.source, "[172.16.35.0/24,192.168.35.0/24]");
            assert.equal(r.destination, "![10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,100.64.0.0/10]");
        }
        assert.ok(rules.filter((r) => r.action === "pass").every((r) => r.options.some(([k]) => k === "tls.sni")));
    });

    it("changes no rule and no sid when conduits, segments or sites are reordered", () => {
        const model = perSiteExample();
        const before = planFirewallRules(model.name, "eu-central-1", regionSites(model, "eu-central-1"));
        const shuffled = perSiteExample();
        for (const s of shuffled.sites) {
            s.conduits.reverse();
            s.segments.reverse();
            for (const c of s.conduits) c.ports.reverse();
        }
        const after = planFirewallRules(shuffled.name, "eu-central-1", regionSites(shuffled, "eu-central-1").reverse());
        assert.deepEqual(
            after.groups.map((g) => [g.logicalName, g.name, g.priority, g.rulesString]),
            before.groups.map((g) => [g.logicalName, g.name, g.priority, g.rulesString]),
        );
        assert.ok(before.groups.length > 0);
    });

    it("changes the sid of a renamed conduit only", () => {
        const model = perSiteExample();
        const s = site(model, "stuttgart-body");
        const before = siteRules(s).map((r) => r.sid);
        s.conduits.find((c) => c.name === "gateways-to-cloud")!.name = "gateways-publish";
        const after = siteRules(s).map((r) => r.sid);
        assert.notEqual(after[0], before[0]);
        assert.deepEqual(after.slice(1), before.slice(1));
    });

    it("renders a rules string of one rule a line", () => {
        const s = site(perSiteExample(), "cork-fill-finish");
        const text = rulesString(siteRules(s));
        assert.equal(text.split("\n").length, siteRules(s).length + 1);
        assert.ok(text.endsWith("\n"));
        assert.equal(rulesString([]), "");
    });
});
