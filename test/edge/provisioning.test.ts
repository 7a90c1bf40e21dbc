/** Fleet provisioning: the template body, the serial rule, and the pre-provisioning hook Lambda. */
import * as assert from "node:assert/strict";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import * as hook from "../../functions/pre-provisioning-hook/index";
import { siteManifest } from "../../src/edge/manifest";
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

describe("pre-provisioning hook Lambda", () => {
    const s3 = mockClient(S3Client);
    /** What the SDK's GetObject body offers the hook: transformToString. */
    const body = (text: string) => ({ transformToString: async () => text });
    const event = (parameters: Record<string, string>) => ({ certificateId: "c0ffee", clientId: "acme-stuttgart-body-gw-body-01", parameters });
    const realManifest = () => JSON.stringify(siteManifest(exampleFleet(), site(exampleFleet(), "stuttgart-body")));
    let log: typeof console.log;
    let err: typeof console.error;

    beforeEach(() => {
        s3.reset();
        hook.reset(new S3Client({ region: "eu-central-1" }));
        process.env.MANIFEST_BUCKET = "acme-artifacts";
        process.env.MANIFEST_KEY = "manifests/stuttgart-body.json";
        process.env.SITE = "stuttgart-body";
        delete process.env.CACHE_SECONDS;
        log = console.log;
        err = console.error;
        console.log = () => undefined;
        console.error = () => undefined;
    });
    afterEach(() => {
        console.log = log;
        console.error = err;
    });

    it("admits a serial listed in the stored site manifest, reading the configured object", async () => {
        s3.on(GetObjectCommand).resolves({ Body: body(realManifest()) as any });
        assert.deepEqual(await hook.handle(event({ SerialNumber: "SN-84523" }), 0), {
            allowProvisioning: true,
            parameterOverrides: { ThingName: "acme-stuttgart-body-gw-body-03" },
        });
        assert.deepEqual(s3.commandCalls(GetObjectCommand)[0].args[0].input, { Bucket: "acme-artifacts", Key: "manifests/stuttgart-body.json" });
    });

    it("refuses a serial of another site", async () => {
        s3.on(GetObjectCommand).resolves({ Body: body(realManifest()) as any });
        assert.deepEqual(await hook.handle(event({ SerialNumber: "SN-61207" }), 0), { allowProvisioning: false });
    });

    it("fails closed when the manifest cannot be read, is not JSON, or is another site's", async () => {
        s3.on(GetObjectCommand).rejects(new Error("AccessDenied"));
        assert.deepEqual(await hook.handle(event({ SerialNumber: "SN-84521" }), 0), { allowProvisioning: false });
        hook.reset(new S3Client({ region: "eu-central-1" }));
        s3.on(GetObjectCommand).resolves({ Body: body("{not json") as any });
        assert.deepEqual(await hook.handle(event({ SerialNumber: "SN-84521" }), 0), { allowProvisioning: false });
        hook.reset(new S3Client({ region: "eu-central-1" }));
        s3.on(GetObjectCommand).resolves({ Body: body(JSON.stringify({ site: "cork-fill-finish", gateways: manifest.gateways })) as any });
        assert.deepEqual(await hook.handle(event({ SerialNumber: "SN-84521" }), 0), { allowProvisioning: false });
    });

    it("caches the manifest for CACHE_SECONDS, then reads it again", async () => {
        process.env.CACHE_SECONDS = "60";
        s3.on(GetObjectCommand).resolves({ Body: body(JSON.stringify(manifest)) as any });
        await hook.handle(event({ SerialNumber: "SN-84521" }), 0);
        await hook.handle(event({ SerialNumber: "SN-84521" }), 59_000);
        assert.equal(s3.commandCalls(GetObjectCommand).length, 1);
        s3.on(GetObjectCommand).resolves({ Body: body(JSON.stringify({ ...manifest, gateways: [] })) as any });
        assert.deepEqual(await hook.handle(event({ SerialNumber: "SN-84521" }), 60_000), { allowProvisioning: false });
        assert.equal(s3.commandCalls(GetObjectCommand).length, 2);
    });
});
