/** The region's pre-provisioning hook Lambda: the template's site, its manifest, and each serial admitted once (conditional write). */
import * as assert from "node:assert/strict";
import { ConditionalCheckFailedException, DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { marshall } from "@aws-sdk/util-dynamodb";
import { mockClient, type AwsClientStub } from "aws-sdk-client-mock";
import * as hook from "../../functions/pre-provisioning-hook/index";
import { siteManifest } from "../../src/edge/manifest";
import { admit } from "../../src/edge/provisioning";
import { exampleFleet, site } from "../edge/helpers";

const TEMPLATE = "arn:aws:iot:eu-central-1:123456789012:provisioningtemplate/acme-stuttgart-body";
const manifest = { site: "stuttgart-body", gateways: [{ name: "gw-body-01", thingName: "acme-stuttgart-body-gw-body-01", serial: "SN-84521" }] };
/** What the SDK's GetObject body offers the hook: transformToString. */
const body = (text: string) => ({ transformToString: async () => text }) as never;
const event = (parameters: Record<string, string>, templateArn = TEMPLATE) => ({
    certificateId: "c0ffee",
    clientId: "acme-stuttgart-body_claim_",
    templateArn,
    parameters,
});
const realManifest = () => JSON.stringify(siteManifest(exampleFleet(), site(exampleFleet(), "stuttgart-body")));

describe("pre-provisioning hook Lambda (regional, admits each serial once)", () => {
    let s3: AwsClientStub<S3Client>;
    let dynamo: AwsClientStub<DynamoDBClient>;
    let log: typeof console.log;
    let err: typeof console.error;
    let lines: string[];
    const saved: Record<string, string | undefined> = {};

    before(() => {
        s3 = mockClient(S3Client);
        dynamo = mockClient(DynamoDBClient);
        for (const k of ["FLEET", "MANIFEST_BUCKET", "ENROLLED_TABLE", "CACHE_SECONDS"]) saved[k] = process.env[k];
        log = console.log;
        err = console.error;
    });
    after(() => {
        s3.restore();
        dynamo.restore();
        for (const [k, v] of Object.entries(saved)) {
            if (v === undefined) delete process.env[k];
            else process.env[k] = v;
        }
        console.log = log;
        console.error = err;
        hook.reset();
    });
    beforeEach(() => {
        s3.reset();
        dynamo.reset();
        hook.reset({ s3: new S3Client({ region: "eu-central-1" }), dynamo: new DynamoDBClient({ region: "eu-central-1" }) });
        process.env.FLEET = "acme";
        process.env.MANIFEST_BUCKET = "acme-artifacts";
        process.env.ENROLLED_TABLE = "acme-enrolled-serials";
        delete process.env.CACHE_SECONDS;
        lines = [];
        console.log = (line: string) => void lines.push(line);
        console.error = (line: string) => void lines.push(line);
    });
    afterEach(() => {
        console.log = log;
        console.error = err;
    });

    it("takes the site from the template's name, and only a template of its own fleet", () => {
        assert.equal(hook.siteOfTemplate(TEMPLATE, "acme"), "stuttgart-body");
        assert.equal(hook.siteOfTemplate("arn:aws:iot:eu-central-1:1:provisioningtemplate/acme-a-b", "acme"), "a-b");
        assert.equal(hook.siteOfTemplate("arn:aws:iot:eu-central-1:1:provisioningtemplate/other-stuttgart-body", "acme"), undefined);
        assert.equal(hook.siteOfTemplate("arn:aws:iot:eu-central-1:1:provisioningtemplate/acme-", "acme"), undefined);
        assert.equal(hook.siteOfTemplate("arn:aws:iot:eu-central-1:1:thing/acme-stuttgart-body", "acme"), undefined);
        assert.equal(hook.siteOfTemplate(undefined, "acme"), undefined);
    });

    it("the Lambda's serial rule and the library's rule agree on every case", () => {
        for (const p of [{ SerialNumber: "SN-84521" }, { SerialNumber: "SN-84521", ThingName: "x" }, { SerialNumber: "nope" }, {}]) {
            assert.deepEqual(hook.decide(manifest, p), admit(manifest, p));
        }
    });

    it("admits a listed serial the first time: reads the site's manifest and writes the serial with attribute_not_exists", async () => {
        s3.on(GetObjectCommand).resolves({ Body: body(realManifest()) });
        dynamo.on(PutItemCommand).resolves({});
        assert.deepEqual(await hook.handle(event({ SerialNumber: "SN-84523" }), Date.UTC(2026, 11, 6, 10, 0, 0)), {
            allowProvisioning: true,
            parameterOverrides: { ThingName: "acme-stuttgart-body-gw-body-03" },
        });
        assert.deepEqual(s3.commandCalls(GetObjectCommand)[0].args[0].input, { Bucket: "acme-artifacts", Key: "manifests/stuttgart-body.json" });
        assert.deepEqual(dynamo.commandCalls(PutItemCommand)[0].args[0].input, {
            TableName: "acme-enrolled-serials",
            Item: marshall({
                serial: "SN-84523",
                site: "stuttgart-body",
                thingName: "acme-stuttgart-body-gw-body-03",
                certificateId: "c0ffee",
                clientId: "acme-stuttgart-body_claim_",
                enrolledAt: "2026-12-06T10:00:00.000Z",
            }),
            ConditionExpression: "attribute_not_exists(serial)",
        });
        assert.deepEqual(JSON.parse(lines[0]), {
            allowProvisioning: true,
            reason: 'serial "SN-84523" is gateway gw-body-03',
            site: "stuttgart-body",
            certificateId: "c0ffee",
            clientId: "acme-stuttgart-body_claim_",
        });
    });

    it("refuses a serial that already enrolled (the conditional write fails) and says how to re-enrol it", async () => {
        s3.on(GetObjectCommand).resolves({ Body: body(realManifest()) });
        dynamo.on(PutItemCommand).rejects(new ConditionalCheckFailedException({ message: "The conditional request failed", $metadata: {} }));
        assert.deepEqual(await hook.handle(event({ SerialNumber: "SN-84521" }), 0), { allowProvisioning: false });
        assert.equal(dynamo.commandCalls(PutItemCommand).length, 1);
        assert.equal(
            JSON.parse(lines[0]).reason,
            'serial "SN-84521" has already enrolled; an operator re-enrols it by deleting its entry in acme-enrolled-serials (docs/operations.md, "Re-enrolling a gateway")',
        );
    });

    it("admits the first of two requests for one serial and refuses the second (the table decides, not the hook's memory)", async () => {
        s3.on(GetObjectCommand).resolves({ Body: body(realManifest()) });
        dynamo
            .on(PutItemCommand)
            .resolvesOnce({})
            .rejectsOnce(new ConditionalCheckFailedException({ message: "The conditional request failed", $metadata: {} }));
        const first = await hook.handle(event({ SerialNumber: "SN-84521" }), 0);
        const second = await hook.handle(event({ SerialNumber: "SN-84521" }), 1);
        assert.deepEqual([first.allowProvisioning, second.allowProvisioning], [true, false]);
    });

    it("writes nothing for a refused serial: unlisted, another site's, or asking for another thing name", async () => {
        s3.on(GetObjectCommand).resolves({ Body: body(realManifest()) });
        dynamo.on(PutItemCommand).resolves({});
        assert.deepEqual(await hook.handle(event({ SerialNumber: "SN-61207" }), 0), { allowProvisioning: false });
        assert.deepEqual(await hook.handle(event({ SerialNumber: "SN-99999" }), 0), { allowProvisioning: false });
        assert.deepEqual(await hook.handle(event({ SerialNumber: "SN-84521", ThingName: "acme-stuttgart-body-gw-body-02" }), 0), { allowProvisioning: false });
        assert.equal(dynamo.commandCalls(PutItemCommand).length, 0);
    });

    it("fails closed: a template of another fleet, an unreadable table, an unreadable or foreign manifest", async () => {
        s3.on(GetObjectCommand).resolves({ Body: body(realManifest()) });
        assert.deepEqual(await hook.handle(event({ SerialNumber: "SN-84521" }, "arn:aws:iot:eu-central-1:1:provisioningtemplate/other-x"), 0), {
            allowProvisioning: false,
        });
        assert.equal(s3.commandCalls(GetObjectCommand).length, 0);
        dynamo.on(PutItemCommand).rejects(new Error("AccessDeniedException"));
        assert.deepEqual(await hook.handle(event({ SerialNumber: "SN-84521" }), 0), { allowProvisioning: false });
        assert.equal(JSON.parse(lines[1]).reason, "hook failed: AccessDeniedException");
        hook.reset({ s3: new S3Client({ region: "eu-central-1" }), dynamo: new DynamoDBClient({ region: "eu-central-1" }) });
        s3.on(GetObjectCommand).rejects(new Error("AccessDenied"));
        assert.deepEqual(await hook.handle(event({ SerialNumber: "SN-84521" }), 0), { allowProvisioning: false });
        hook.reset({ s3: new S3Client({ region: "eu-central-1" }), dynamo: new DynamoDBClient({ region: "eu-central-1" }) });
        s3.on(GetObjectCommand).resolves({ Body: body(JSON.stringify({ site: "cork-fill-finish", gateways: manifest.gateways })) });
        assert.deepEqual(await hook.handle(event({ SerialNumber: "SN-84521" }), 0), { allowProvisioning: false });
        assert.match(
            lines.at(-1)!,
            /manifest s3:\/\/acme-artifacts\/manifests\/stuttgart-body\.json is for site \\"cork-fill-finish\\", not \\"stuttgart-body\\"/,
        );
        assert.equal(dynamo.commandCalls(PutItemCommand).length, 1, "only the unreadable-table case got as far as the write");
    });

    it("caches each site's manifest for CACHE_SECONDS, then reads it again", async () => {
        process.env.CACHE_SECONDS = "60";
        s3.on(GetObjectCommand).resolves({ Body: body(JSON.stringify(manifest)) });
        dynamo.on(PutItemCommand).resolves({});
        await hook.handle(event({ SerialNumber: "SN-84521" }), 0);
        await hook.handle(event({ SerialNumber: "SN-84521" }), 59_000);
        assert.equal(s3.commandCalls(GetObjectCommand).length, 1);
        s3.on(GetObjectCommand).resolves({ Body: body(JSON.stringify({ ...manifest, gateways: [] })) });
        assert.deepEqual(await hook.handle(event({ SerialNumber: "SN-84521" }), 60_000), { allowProvisioning: false });
        assert.equal(s3.commandCalls(GetObjectCommand).length, 2);
    });
});
