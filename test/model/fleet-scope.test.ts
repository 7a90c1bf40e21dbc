/**
 * Issue #21: a fleet's fleet-wide IAM scopes (`thing/<fleet>-*`, `thinggroup/<fleet>-*`,
 * `policy/<fleet>-*-gateway`) must not reach another fleet's names in the same account. Names
 * are `<fleet>-...`; a fleet name without `-` (all that `fleet generate` makes) ends its scopes in a
 * character it does not contain, so they reach no other such fleet. Names with `-` stay valid
 * (deployed fleets may have one; a rename replaces every resource) and `fleet validate` warns with
 * the overlap they have. Judged by the IAM simulator (@cloud-copilot/iam-simulate) on the role
 * policies the stacks deploy.
 */
import * as assert from "node:assert/strict";
import fc from "fast-check";
import { provisioningRolePolicy } from "../../src/edge/policies";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { fleetNameOverlap } from "../../src/model/normalize/fleet";
import { FLEET_NAME_PATTERN, NEW_FLEET_NAME_PATTERN } from "../../src/model/schema";
import { siteResourceNames } from "../../src/model/names";
import { mitigationRolePolicy, remediationNames } from "../../src/region/remediation";
import type { Document } from "../fidelity/iam";
import { ACCOUNT, decide, type User } from "../fidelity/iam-sim";
import { cleanup, edit, fleetDir, load, messages, REPO } from "./helpers";

const REGION = "eu-central-1";
const env = { partition: "aws", region: REGION, account: ACCOUNT };
const iot = (rest: string) => `arn:aws:iot:${REGION}:${ACCOUNT}:${rest}`;

/** The provisioning role (one per region) and the Device Defender mitigation role of fleet `fleet`. */
function roles(fleet: string): User[] {
    const user = (label: string, document: object): User => ({
        label,
        kind: "role",
        principalArn: `arn:aws:iam::${ACCOUNT}:role/${fleet}-${label}`,
        documents: [document as Document],
        allowed: [],
        denied: [],
    });
    return [user("provisioning", provisioningRolePolicy(env, fleet)), user("mitigation", mitigationRolePolicy("aws", REGION, ACCOUNT, fleet))];
}

/** What each role does to a gateway of a site: the requests its fleet-wide scopes cover. */
function requests(fleet: string, site: string, gateway: string): { role: string; action: string; resource: string }[] {
    const thing = iot(`thing/${siteResourceNames.thing(fleet, site, gateway)}`);
    return [
        { role: "provisioning", action: "iot:CreateThing", resource: thing },
        { role: "provisioning", action: "iot:UpdateThing", resource: thing },
        { role: "provisioning", action: "iot:AddThingToThingGroup", resource: iot(`thinggroup/${siteResourceNames.thingGroup(fleet, site)}`) },
        { role: "provisioning", action: "iot:DescribeThingGroup", resource: iot(`thinggroup/${siteResourceNames.thingGroup(fleet, site)}`) },
        { role: "provisioning", action: "iot:GetPolicy", resource: iot(`policy/${siteResourceNames.gatewayPolicy(fleet, site)}`) },
        { role: "mitigation", action: "iot:AddThingToThingGroup", resource: thing },
        { role: "mitigation", action: "iot:AddThingToThingGroup", resource: iot(`thinggroup/${remediationNames.quarantineGroup(fleet)}`) },
    ];
}

/** Each request of `names`' fleet, as fleet `of`'s roles decide it. */
async function verdicts(of: string, names: { fleet: string; site: string; gateway: string }): Promise<string[]> {
    const byLabel = new Map(roles(of).map((u) => [u.label, u]));
    const out: string[] = [];
    for (const r of requests(names.fleet, names.site, names.gateway)) {
        const verdict = await decide(byLabel.get(r.role)!, { action: r.action, resource: r.resource, why: "fleet scope" });
        out.push(`${r.role} ${r.action} ${r.resource.split(":").pop()}: ${verdict}`);
    }
    return out;
}

describe("model: a fleet's scopes cannot cover another fleet's names (issue #21)", function () {
    this.timeout(60_000);
    afterEach(cleanup);

    const ACME_EU =
        "fleet name acme-eu contains '-': the fleet-wide scopes thing/acme-eu-*, thinggroup/acme-eu-* and policy/acme-eu-*-gateway also match the names of a fleet named acme-eu-<x> in the same account and region; there, a fleet named acme has the same scopes, which match every thing, thing group and gateway policy of this fleet, while this fleet's match the names of that fleet that start with acme-eu-; name new fleets without '-' (a rename replaces every resource)";

    it("a fleet named acme-eu loads, with one warning at fleet.yaml's name stating the overlap", () => {
        const dir = fleetDir({ "fleet.yaml": edit(["name: acme", "name: acme-eu"]) });
        assert.deepEqual(messages(dir), [`fleet.yaml:7:9: warning: metadata.name: ${ACME_EU}`]);
        assert.deepEqual(
            load(dir).model!.sites.map((s) => s.gateways.map((g) => g.thingName)),
            [["acme-eu-alpha-gw-1"], ["acme-eu-beta-gw-1"]],
        );
    });

    it("the example fleet and a fleet named acme2 have no warning", () => {
        assert.deepEqual(messages(REPO), []);
        assert.deepEqual(messages(fleetDir({ "fleet.yaml": edit(["name: acme", "name: acme2"]) })), []);
    });

    it("fleet validate: acme-eu passes with the warning; --strict fails on it", () => {
        const dir = fleetDir({ "fleet.yaml": edit(["name: acme", "name: acme-eu"]) });
        const run = (args: string[]) => {
            const r = spawnSync(process.execPath, [path.join(REPO, "bin", "fleet.js"), "validate", "--dir", dir, ...args], {
                encoding: "utf8",
                env: { ...process.env, CI: "true", NO_COLOR: "1", FORCE_COLOR: "0" },
            });
            return { code: r.status, stdout: r.stdout, stderr: r.stderr };
        };
        // The fixture pins no nucleus hash and its fleet-claim sites have no claim CSR: three more warnings.
        const warnings =
            `fleet.yaml:7:9: warning: metadata.name: ${ACME_EU}\n` +
            "fleet.yaml:10:5: warning: defaults.greengrass.nucleusSha256: no SHA-256 pinned for nucleus 2.14.3: the install.sh of fleet bootstrap refuses to install it until NUCLEUS_SHA256 is set on the gateway. Compute it once on a trusted workstation (`curl -fsSO https://d2s8p88vqu9w66.cloudfront.net/releases/greengrass-2.14.3.zip && sha256sum greengrass-2.14.3.zip`) and set nucleusSha256 to it, or set nucleusSha256: at-install\n" +
            "sites/alpha.yaml:9:3: warning: provisioning: no claim CSR at certs/alpha/claim.csr.pem: the site plans without a claim certificate and its gateways cannot enroll; run `fleet certs claim alpha`\n" +
            "sites/beta.yaml:9:3: warning: provisioning: no claim CSR at certs/beta/claim.csr.pem: the site plans without a claim certificate and its gateways cannot enroll; run `fleet certs claim beta`\n";
        const summary = "fleet acme-eu: 2 regions, 2 sites, 2 gateways, 1 PLC, 1 machine, 3 sensors; 4 warnings";
        assert.deepEqual(run([]), { code: 0, stdout: `${summary}; valid\n`, stderr: warnings });
        assert.deepEqual(run(["--strict"]), { code: 1, stdout: `${summary}\n`, stderr: `${warnings}fleet: 4 warnings (--strict)\n` });
    });

    it("the warning names every overlapping fleet, and only names that have one", () => {
        assert.equal(fleetNameOverlap("acme"), undefined);
        assert.equal(fleetNameOverlap("acme-eu"), ACME_EU);
        assert.equal(
            fleetNameOverlap("ab-cd-ef"),
            "fleet name ab-cd-ef contains '-': the fleet-wide scopes thing/ab-cd-ef-*, thinggroup/ab-cd-ef-* and policy/ab-cd-ef-*-gateway also match the names of a fleet named ab-cd-ef-<x> in the same account and region; there, a fleet named ab or ab-cd has the same scopes, which match every thing, thing group and gateway policy of this fleet, while this fleet's match the names of those fleets that start with ab-cd-ef-; name new fleets without '-' (a rename replaces every resource)",
        );
        // 15 characters: no fleet named abcdefghijk-nop-<x> fits in 16
        assert.equal(
            fleetNameOverlap("abcdefghijk-nop"),
            "fleet name abcdefghijk-nop contains '-': the fleet-wide scopes thing/abcdefghijk-nop-*, thinggroup/abcdefghijk-nop-* and policy/abcdefghijk-nop-*-gateway match the names of a fleet named abcdefghijk that start with abcdefghijk-nop- in the same account and region, and the same scopes of that fleet match every thing, thing group and gateway policy of this fleet; name new fleets without '-' (a rename replaces every resource)",
        );
        // "a" is no fleet name (2 characters at least)
        assert.equal(
            fleetNameOverlap("a-bc"),
            "fleet name a-bc contains '-': the fleet-wide scopes thing/a-bc-*, thinggroup/a-bc-* and policy/a-bc-*-gateway also match the names of a fleet named a-bc-<x> in the same account and region; name new fleets without '-' (a rename replaces every resource)",
        );
        assert.equal(fleetNameOverlap("a-bcdefghijklmn"), undefined);
    });

    it("a fleet name of letters and digits loads (look-alike: acme2)", () => {
        const dir = fleetDir({ "fleet.yaml": edit(["name: acme", "name: acme2"]) });
        assert.deepEqual(messages(dir), []);
        assert.deepEqual(
            load(dir).model!.sites.map((s) => s.gateways.map((g) => g.thingName)),
            [["acme2-alpha-gw-1"], ["acme2-beta-gw-1"]],
        );
    });

    it("the simulator denies acme's roles every name of fleet acme2 and allows acme's own", async () => {
        assert.deepEqual(await verdicts("acme", { fleet: "acme2", site: "plant", gateway: "gw-1" }), [
            "provisioning iot:CreateThing thing/acme2-plant-gw-1: ImplicitlyDenied",
            "provisioning iot:UpdateThing thing/acme2-plant-gw-1: ImplicitlyDenied",
            "provisioning iot:AddThingToThingGroup thinggroup/acme2-plant: ImplicitlyDenied",
            "provisioning iot:DescribeThingGroup thinggroup/acme2-plant: ImplicitlyDenied",
            "provisioning iot:GetPolicy policy/acme2-plant-gateway: ImplicitlyDenied",
            "mitigation iot:AddThingToThingGroup thing/acme2-plant-gw-1: ImplicitlyDenied",
            "mitigation iot:AddThingToThingGroup thinggroup/acme2-quarantine: ImplicitlyDenied",
        ]);
        assert.deepEqual(await verdicts("acme", { fleet: "acme", site: "plant", gateway: "gw-1" }), [
            "provisioning iot:CreateThing thing/acme-plant-gw-1: Allowed",
            "provisioning iot:UpdateThing thing/acme-plant-gw-1: Allowed",
            "provisioning iot:AddThingToThingGroup thinggroup/acme-plant: Allowed",
            "provisioning iot:DescribeThingGroup thinggroup/acme-plant: Allowed",
            "provisioning iot:GetPolicy policy/acme-plant-gateway: Allowed",
            "mitigation iot:AddThingToThingGroup thing/acme-plant-gw-1: Allowed",
            "mitigation iot:AddThingToThingGroup thinggroup/acme-quarantine: Allowed",
        ]);
    });

    it("why the warning: a fleet named acme-2 is inside acme's scopes", async () => {
        assert.equal(new RegExp(FLEET_NAME_PATTERN).test("acme-2"), true);
        assert.equal(new RegExp(NEW_FLEET_NAME_PATTERN).test("acme-2"), false);
        assert.deepEqual(await verdicts("acme", { fleet: "acme-2", site: "plant", gateway: "gw-1" }), [
            "provisioning iot:CreateThing thing/acme-2-plant-gw-1: Allowed",
            "provisioning iot:UpdateThing thing/acme-2-plant-gw-1: Allowed",
            "provisioning iot:AddThingToThingGroup thinggroup/acme-2-plant: Allowed",
            "provisioning iot:DescribeThingGroup thinggroup/acme-2-plant: Allowed",
            "provisioning iot:GetPolicy policy/acme-2-plant-gateway: Allowed",
            "mitigation iot:AddThingToThingGroup thing/acme-2-plant-gw-1: Allowed",
            "mitigation iot:AddThingToThingGroup thinggroup/acme-2-quarantine: ImplicitlyDenied",
        ]);
    });

    it("why the warning, the other way: acme-eu's scopes reach the names of acme's sites eu-*", async () => {
        assert.deepEqual(await verdicts("acme-eu", { fleet: "acme", site: "eu-plant", gateway: "gw-1" }), [
            "provisioning iot:CreateThing thing/acme-eu-plant-gw-1: Allowed",
            "provisioning iot:UpdateThing thing/acme-eu-plant-gw-1: Allowed",
            "provisioning iot:AddThingToThingGroup thinggroup/acme-eu-plant: Allowed",
            "provisioning iot:DescribeThingGroup thinggroup/acme-eu-plant: Allowed",
            "provisioning iot:GetPolicy policy/acme-eu-plant-gateway: Allowed",
            "mitigation iot:AddThingToThingGroup thing/acme-eu-plant-gw-1: Allowed",
            "mitigation iot:AddThingToThingGroup thinggroup/acme-quarantine: ImplicitlyDenied",
        ]);
    });

    it("property: for any two fleet names without '-' F != G, no name of G is inside F's scopes (the simulator decides)", async () => {
        const valid = new RegExp(NEW_FLEET_NAME_PATTERN);
        const fleetName = fc.stringMatching(valid);
        // Prefixes of each other are the interesting pairs (acme / acme2, acme / acme-2): the tail
        // may hold any name character, and only pairs of names without '-' are judged.
        const tail = fc.stringMatching(/^[a-z0-9-]{1,4}$/);
        const pair = fc.oneof(
            fc.tuple(fleetName, fleetName),
            fc.tuple(fleetName, tail).map(([f, t]) => [f, `${f}${t}`.slice(0, 16)] as [string, string]),
            fc.tuple(fleetName, tail).map(([f, t]) => [`${f}${t}`.slice(0, 16), f] as [string, string]),
        );
        const local = fc.stringMatching(/^[a-z][a-z0-9-]{1,12}$/);
        await fc.assert(
            fc.asyncProperty(pair, local, local, async ([f, g], site, gateway) => {
                fc.pre(f !== g && valid.test(f) && valid.test(g));
                const allowed = (await verdicts(f, { fleet: g, site, gateway })).filter((v) => !v.endsWith("ImplicitlyDenied"));
                assert.deepEqual(allowed, [], `fleet ${f}'s roles reach fleet ${g}'s names`);
            }),
            { numRuns: 60, seed: 21 },
        );
    });

    it("property: whenever F's scopes reach a name of fleet G (names with '-' allowed), validate's warning on the longer name names the shorter", async () => {
        const valid = new RegExp(FLEET_NAME_PATTERN);
        const fleetName = fc.stringMatching(/^[a-z][a-z0-9-]{1,7}$/);
        const tail = fc.stringMatching(/^-[a-z0-9-]{1,6}$/);
        const pair = fc.oneof(
            fc.tuple(fleetName, fleetName),
            fc.tuple(fleetName, tail).map(([f, t]) => [f, `${f}${t}`] as [string, string]),
            fc.tuple(fleetName, tail).map(([f, t]) => [`${f}${t}`, f] as [string, string]),
        );
        const local = fc.stringMatching(/^[a-z][a-z0-9-]{1,12}$/);
        let overlaps = 0;
        await fc.assert(
            fc.asyncProperty(pair, local, local, async ([f, g], site, gateway) => {
                fc.pre(f !== g && valid.test(f) && valid.test(g));
                const allowed = (await verdicts(f, { fleet: g, site, gateway })).filter((v) => !v.endsWith("ImplicitlyDenied"));
                if (allowed.length === 0) return;
                overlaps++;
                const [shorter, longer] = f.length < g.length ? [f, g] : [g, f];
                assert.ok(longer.startsWith(`${shorter}-`), `${f} reaches ${g}`);
                const warning = fleetNameOverlap(longer) ?? "";
                const named = warning.match(/a fleet named ([a-z0-9-]+(?: or [a-z0-9-]+)*) (?:has|that start)/)?.[1].split(" or ") ?? [];
                assert.ok(named.includes(shorter), `the warning on ${longer} does not name ${shorter}: ${warning}`);
            }),
            { numRuns: 60, seed: 21 },
        );
        assert.ok(overlaps >= 10, `only ${overlaps} overlapping pairs were judged`);
    });
});
