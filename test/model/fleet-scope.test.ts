/**
 * Issue #21: a fleet's fleet-wide IAM scopes (`thing/<fleet>-*`, `thinggroup/<fleet>-*`,
 * `policy/<fleet>-*-gateway`) must not reach another fleet's names in the same account. Names
 * are `<fleet>-...` and fleet names have no `-` (src/model/schema.ts), so the scope ends in a
 * character no fleet name contains: judged by the IAM simulator (@cloud-copilot/iam-simulate)
 * on the role policies the stacks deploy.
 */
import * as assert from "node:assert/strict";
import fc from "fast-check";
import { provisioningRolePolicy } from "../../src/edge/policies";
import { FLEET_NAME_PATTERN } from "../../src/model/schema";
import { siteResourceNames } from "../../src/model/names";
import { mitigationRolePolicy, remediationNames } from "../../src/region/remediation";
import type { Document } from "../fidelity/iam";
import { ACCOUNT, decide, type User } from "../fidelity/iam-sim";
import { cleanup, edit, fleetDir, load, messages } from "./helpers";

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

    it("fleet.yaml refuses a fleet name with '-', saying why", () => {
        const dir = fleetDir({ "fleet.yaml": edit(["name: acme", "name: acme-2"]) });
        assert.deepEqual(messages(dir), [
            `fleet.yaml:7:9: metadata.name: "acme-2" is not valid; expected 2-16 characters of a-z and 0-9, starting with a letter (no '-': fleet-wide scopes such as thing/<fleet>-* end in it, and must not reach another fleet's names)`,
        ]);
        assert.equal(load(dir).model, undefined);
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

    it("why the name rule: a fleet named acme-2 (now refused) would be inside acme's scopes", async () => {
        assert.equal(new RegExp(FLEET_NAME_PATTERN).test("acme-2"), false);
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

    it("property: for any two valid fleet names F != G, no name of G is inside F's scopes (the simulator decides)", async () => {
        const valid = new RegExp(FLEET_NAME_PATTERN);
        const fleetName = fc.stringMatching(valid);
        // Prefixes of each other are the interesting pairs (acme / acme2, acme / acme-2): the tail
        // may hold any name character, and only pairs the name rule accepts are judged.
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
});
