/** `fleet certs seed-enrolled` against mocked IoT and DynamoDB clients (aws-sdk-client-mock): the exact calls, the output, its errors. */
import assert from "node:assert/strict";
import { ConditionalCheckFailedException, DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { DescribeThingCommand, IoTClient, ListThingPrincipalsCommand, ListThingsInThingGroupCommand } from "@aws-sdk/client-iot";
import { mockClient } from "aws-sdk-client-mock";
import { main } from "../../cli/index";
import { seedEnrolled, seedSites } from "../../src/deploy/seed-enrolled";
import { ROOT, exampleFleet } from "../extras/helpers";
import { captureIo } from "../helpers/io";

const CERT = "c".repeat(64);
const NOW = () => new Date("2026-12-06T13:00:00.000Z");

describe("fleet certs seed-enrolled", function () {
    this.timeout(60_000);
    const iot = mockClient(IoTClient);
    const dynamo = mockClient(DynamoDBClient);
    /** The group's things, page by page; the describe and principal answers of every thing below. */
    function arrange(pages: string[][]): void {
        iot.reset();
        dynamo.reset();
        let listing = iot.on(ListThingsInThingGroupCommand);
        pages.forEach((things, i) => (listing = listing.resolvesOnce({ things, ...(i < pages.length - 1 ? { nextToken: `p${i + 2}` } : {}) })));
        iot.on(DescribeThingCommand, { thingName: "acme-stuttgart-body-gw-removed" }).resolves({ attributes: {} });
        iot.on(DescribeThingCommand, { thingName: "acme-stuttgart-body-gw-body-01" }).resolves({ attributes: { serial: "SN-84521", site: "stuttgart-body" } });
        iot.on(DescribeThingCommand, { thingName: "acme-stuttgart-body-gw-body-02" }).resolves({ attributes: { serial: "SN-84522" } });
        iot.on(DescribeThingCommand, { thingName: "acme-stuttgart-body-gw-body-03" }).resolves({ attributes: {} });
        iot.on(ListThingPrincipalsCommand).resolves({ principals: [`arn:aws:iot:eu-central-1:123456789012:cert/${CERT}`] });
        dynamo.on(PutItemCommand).resolves({});
    }
    // stuttgart-body (fleet-claim, eu-central-1): two pages of things; gw-body-03 has no serial attribute
    beforeEach(() => arrange([["acme-stuttgart-body-gw-body-02", "acme-stuttgart-body-gw-body-01"], ["acme-stuttgart-body-gw-body-03"]]));
    after(() => {
        iot.restore();
        dynamo.restore();
    });

    const clients = { iot: () => new IoTClient({ region: "eu-central-1" }), dynamo: () => new DynamoDBClient({ region: "eu-central-1" }) };

    it("writes one conditional PutItem per enrolled serial, from the thing's attribute or else the site file", async () => {
        const entries = await seedEnrolled(exampleFleet(), {}, clients, NOW);
        assert.deepEqual(
            iot.commandCalls(ListThingsInThingGroupCommand).map((c) => c.args[0].input),
            [
                { thingGroupName: "acme-stuttgart-body", nextToken: undefined },
                { thingGroupName: "acme-stuttgart-body", nextToken: "p2" },
            ],
        );
        const puts = dynamo.commandCalls(PutItemCommand).map((c) => c.args[0].input);
        assert.equal(puts.length, 3);
        assert.deepEqual(puts[0], {
            TableName: "acme-enrolled-serials",
            Item: {
                serial: { S: "SN-84521" },
                site: { S: "stuttgart-body" },
                thingName: { S: "acme-stuttgart-body-gw-body-01" },
                certificateId: { S: CERT },
                enrolledAt: { S: "2026-12-06T13:00:00.000Z" },
                seededBy: { S: "fleet certs seed-enrolled" },
            },
            ConditionExpression: "attribute_not_exists(serial)",
        });
        // gw-body-03's thing has no serial attribute: the site file's serial for its thing name
        assert.deepEqual(
            puts.map((p) => [p.Item!.thingName.S, p.Item!.serial.S]),
            [
                ["acme-stuttgart-body-gw-body-01", "SN-84521"],
                ["acme-stuttgart-body-gw-body-02", "SN-84522"],
                ["acme-stuttgart-body-gw-body-03", "SN-84523"],
            ],
        );
        assert.deepEqual(
            entries.map((e) => e.outcome),
            ["recorded", "recorded", "recorded"],
        );
    });

    it("a serial already recorded is left as it is (the condition fails): reported, not an error", async () => {
        dynamo
            .on(PutItemCommand, { Item: { serial: { S: "SN-84522" } } } as never)
            .rejects(new ConditionalCheckFailedException({ message: "The conditional request failed", $metadata: {} }));
        const entries = await seedEnrolled(exampleFleet(), {}, clients, NOW);
        assert.deepEqual(
            entries.map((e) => [e.serial, e.outcome]),
            [
                ["SN-84521", "recorded"],
                ["SN-84522", "already-recorded"],
                ["SN-84523", "recorded"],
            ],
        );
    });

    it("--dry-run reads and writes nothing", async () => {
        const entries = await seedEnrolled(exampleFleet(), { dryRun: true }, clients, NOW);
        assert.equal(dynamo.commandCalls(PutItemCommand).length, 0);
        assert.deepEqual(
            entries.map((e) => e.outcome),
            ["would-record", "would-record", "would-record"],
        );
    });

    it("a thing with no serial anywhere is reported and exits 1 (it could enrol again)", async () => {
        arrange([["acme-stuttgart-body-gw-removed"]]);
        const c = captureIo();
        const code = await main(["node", "fleet", "certs", "seed-enrolled", "--dir", ROOT], c.io);
        assert.equal(code, 1);
        assert.deepEqual(c.out, ["eu-central-1 stuttgart-body acme-stuttgart-body-gw-removed no serial attribute and none in the site file: no-serial"]);
        assert.ok(
            c.err.some((l) => l.includes("a thing without serial can enrol again")),
            c.err.join("\n"),
        );
        assert.equal(dynamo.commandCalls(PutItemCommand).length, 0);
    });

    it("the CLI prints one line per gateway and the counts; --json prints the entries", async () => {
        const c = captureIo();
        assert.equal(await main(["node", "fleet", "certs", "seed-enrolled", "--dir", ROOT], c.io), 0, c.err.join(""));
        assert.deepEqual(c.out, [
            "eu-central-1 stuttgart-body acme-stuttgart-body-gw-body-01 serial SN-84521: recorded",
            "eu-central-1 stuttgart-body acme-stuttgart-body-gw-body-02 serial SN-84522: recorded",
            "eu-central-1 stuttgart-body acme-stuttgart-body-gw-body-03 serial SN-84523: recorded",
        ]);
        assert.ok(c.err.includes("acme-enrolled-serials: 3 recorded, 0 already recorded, 0 to record (dry run), 0 without serial"), c.err.join("\n"));
        arrange([["acme-stuttgart-body-gw-body-01"]]);
        const j = captureIo();
        assert.equal(await main(["node", "fleet", "certs", "seed-enrolled", "--dir", ROOT, "--dry-run", "--json"], j.io), 0, j.err.join(""));
        assert.deepEqual(JSON.parse(j.out.join("")), {
            table: "acme-enrolled-serials",
            entries: [
                {
                    region: "eu-central-1",
                    site: "stuttgart-body",
                    thingName: "acme-stuttgart-body-gw-body-01",
                    serial: "SN-84521",
                    certificateId: CERT,
                    outcome: "would-record",
                },
            ],
        });
    });

    it("an AWS error is a clear error with exit 1, not an internal error", async () => {
        dynamo.on(PutItemCommand).rejects(Object.assign(new Error("Requested resource not found"), { name: "ResourceNotFoundException" }));
        const c = captureIo();
        assert.equal(await main(["node", "fleet", "certs", "seed-enrolled", "--dir", ROOT], c.io), 1);
        assert.deepEqual(c.err, [
            "fleet: AWS call failed: ResourceNotFoundException: Requested resource not found; fix it and run again (serials already recorded are kept)",
        ]);
    });

    it("selects fleet-claim sites; refuses an unknown region, an unknown site and a site of another mode", () => {
        const fleet = exampleFleet();
        assert.deepEqual(
            seedSites(fleet, {}).map((s) => s.name),
            ["stuttgart-body"],
        );
        assert.deepEqual(seedSites(fleet, { region: "us-east-2" }), []);
        assert.throws(() => seedSites(fleet, { region: "eu-west-9" }), /^FleetError: unknown region "eu-west-9"; regions: eu-central-1, us-east-2$/);
        assert.throws(() => seedSites(fleet, { sites: ["stuttgart"] }), /unknown site "stuttgart"; did you mean "stuttgart-body"/);
        assert.throws(
            () => seedSites(fleet, { sites: ["cork-fill-finish"] }),
            /site cork-fill-finish provisions with csr, not fleet-claim: the hook and its table are not used by it/,
        );
    });
});
