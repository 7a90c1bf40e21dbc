/** Fleet provisioning: the template body, the serial rule, and the pre-provisioning hook Lambda. */
import * as assert from "node:assert/strict";
import * as hook from "../../functions/pre-provisioning-hook/index";
import { admit, dynamicGroupQuery, provisioningTemplateBody, thingAttributes } from "../../src/edge/provisioning";
import { exampleFleet, matchSnapshot, site } from "./helpers";

const manifest = { site: "stuttgart-body", gateways: [{ name: "gw-body-01", thingName: "acme-stuttgart-body-gw-body-01", serial: "SN-84521" }] };

describe("provisioning template and serial rule", () => {
    it("the template body of stuttgart-body is exactly the snapshot", () => {
        matchSnapshot("provisioning-template.stuttgart-body.json", provisioningTemplateBody("acme", site(exampleFleet(), "stuttgart-body")));
    });

    it("the template fixes group and policy to the site's and takes only ThingName and SerialNumber", () => {
        const body = provisioningTemplateBody("acme", site(exampleFleet(), "stuttgart-body")) as any;
        assert.deepEqual(Object.keys(body.Parameters), ["ThingName", "SerialNumber", "AWS::IoT::Certificate::Id"]);
        assert.deepEqual(body.Resources.thing.Properties.ThingGroups, ["acme-stuttgart-body"]);
        assert.equal(body.Resources.policy.Properties.PolicyName, "acme-stuttgart-body-gateway");
        assert.equal(body.Resources.certificate.Properties.Status, "Active");
    });

    it("admits a listed serial under its own thing name", () => {
        assert.deepEqual(admit(manifest, { SerialNumber: "SN-84521", ThingName: "acme-stuttgart-body-gw-body-01" }), {
            response: { allowProvisioning: true, parameterOverrides: { ThingName: "acme-stuttgart-body-gw-body-01" } },
            reason: 'serial "SN-84521" is gateway gw-body-01',
        });
        assert.deepEqual(admit(manifest, { SerialNumber: "SN-84521" }).response.parameterOverrides, { ThingName: "acme-stuttgart-body-gw-body-01" });
    });

    it("refuses an unlisted serial, a missing serial and a serial asking for another thing name", () => {
        assert.deepEqual(admit(manifest, { SerialNumber: "SN-1" }), {
            response: { allowProvisioning: false },
            reason: 'serial "SN-1" is not listed in site stuttgart-body',
        });
        assert.deepEqual(admit(manifest, {}), { response: { allowProvisioning: false }, reason: "no SerialNumber parameter" });
        assert.deepEqual(admit(manifest, { SerialNumber: "SN-84521", ThingName: "acme-stuttgart-body-gw-body-02" }), {
            response: { allowProvisioning: false },
            reason: 'serial "SN-84521" belongs to acme-stuttgart-body-gw-body-01, not "acme-stuttgart-body-gw-body-02"',
        });
    });

    it("the Lambda's rule and the library's rule agree on every case", () => {
        for (const p of [{ SerialNumber: "SN-84521" }, { SerialNumber: "SN-84521", ThingName: "x" }, { SerialNumber: "nope" }, {}]) {
            assert.deepEqual(hook.decide(manifest, p), admit(manifest, p));
        }
    });

    it("a thing's attributes select it into its own site's dynamic group and no other", () => {
        assert.equal(dynamicGroupQuery("acme", "cork-fill-finish"), "attributes.fleetSite:acme__cork_fill_finish");
        assert.deepEqual(thingAttributes("acme", "cork-fill-finish", { name: "gw-cork-01", serial: "SN-61207" }), {
            fleetSite: "acme__cork_fill_finish",
            site: "cork-fill-finish",
            gateway: "gw-cork-01",
            serial: "SN-61207",
        });
        assert.notEqual(dynamicGroupQuery("acme", "cork"), dynamicGroupQuery("acme-cork", ""));
        assert.notEqual(dynamicGroupQuery("acme", "a-b"), dynamicGroupQuery("acme-a", "b"));
    });
});

// The hook Lambda itself (regional, admits each serial once): test/stacks/pre-provisioning-hook.test.ts.
