/** `fleet quarantine release` against a mocked IoT client (aws-sdk-client-mock): what it calls, what it prints, its errors. */
import assert from "node:assert/strict";
import {
    DescribeCertificateCommand,
    IoTClient,
    ListThingGroupsForThingCommand,
    ListThingPrincipalsCommand,
    RemoveThingFromThingGroupCommand,
} from "@aws-sdk/client-iot";
import { mockClient } from "aws-sdk-client-mock";
import { main } from "../../cli/index";
import { releaseGateway } from "../../src/deploy/quarantine";
import { ALL_OPTIONS_DIR, allOptionsFleet } from "../extras/helpers";
import { captureIo } from "../helpers/io";

const CERT = "a".repeat(64);

describe("fleet quarantine release", function () {
    this.timeout(60_000);
    const iot = mockClient(IoTClient);
    beforeEach(() => {
        iot.reset();
        iot.on(ListThingPrincipalsCommand).resolves({ principals: [`arn:aws:iot:eu-central-1:123456789012:cert/${CERT}`] });
        iot.on(DescribeCertificateCommand).resolves({ certificateDescription: { status: "ACTIVE" } });
        iot.on(RemoveThingFromThingGroupCommand).resolves({});
    });
    after(() => iot.restore());

    it("removes a quarantined gateway from the region's quarantine group and prints the audit line", async () => {
        iot.on(ListThingGroupsForThingCommand)
            .resolvesOnce({ thingGroups: [{ groupName: "acme-cork-fill-finish" }], nextToken: "t" })
            .resolvesOnce({ thingGroups: [{ groupName: "acme-quarantine" }] });
        const c = captureIo();
        const code = await main(
            ["node", "fleet", "quarantine", "release", "cork-fill-finish", "gw-cork-01", "--reason", "loop fixed (INC-1)", "--dir", ALL_OPTIONS_DIR],
            c.io,
        );
        assert.equal(code, 0, c.err.join(""));
        const calls = iot.commandCalls(RemoveThingFromThingGroupCommand);
        assert.equal(calls.length, 1);
        assert.deepEqual(calls[0].args[0].input, { thingGroupName: "acme-quarantine", thingName: "acme-cork-fill-finish-gw-cork-01" });
        assert.equal(iot.commandCalls(ListThingGroupsForThingCommand)[1].args[0].input.nextToken, "t");
        const audit = JSON.parse(c.out.join(""));
        assert.deepEqual(
            { ...audit, at: "-" },
            {
                event: "quarantine-release",
                at: "-",
                region: "eu-central-1",
                site: "cork-fill-finish",
                gateway: "gw-cork-01",
                thingName: "acme-cork-fill-finish-gw-cork-01",
                released: true,
                reason: "loop fixed (INC-1)",
            },
        );
        assert.deepEqual(c.err, ["acme-cork-fill-finish-gw-cork-01 released from acme-quarantine in eu-central-1"]);
    });

    it("is idempotent: a gateway not in quarantine changes nothing, and an inactive certificate is named", async () => {
        iot.on(ListThingGroupsForThingCommand).resolves({ thingGroups: [{ groupName: "acme-cork-fill-finish" }] });
        iot.on(DescribeCertificateCommand).resolves({ certificateDescription: { status: "INACTIVE" } });
        const r = await releaseGateway(
            allOptionsFleet(),
            { site: "cork-fill-finish", gateway: "gw-cork-02", reason: "again" },
            new IoTClient({ region: "eu-central-1" }),
        );
        assert.equal(r.released, false);
        assert.equal(iot.commandCalls(RemoveThingFromThingGroupCommand).length, 0);
        assert.deepEqual(r.inactiveCertificates, [`${CERT} (INACTIVE)`]);
    });

    it("rejects an unknown site or gateway and an empty reason with exit 2, before any AWS call", async () => {
        const run = async (...args: string[]) => {
            const c = captureIo();
            const code = await main(["node", "fleet", "quarantine", "release", ...args, "--dir", ALL_OPTIONS_DIR], c.io);
            return { code, err: c.err.join("") };
        };
        const site = await run("cork", "gw-cork-01", "--reason", "x");
        assert.equal(site.code, 2);
        assert.match(site.err, /unknown site "cork"/);
        const gw = await run("cork-fill-finish", "gw-9", "--reason", "x");
        assert.equal(gw.code, 2);
        assert.match(gw.err, /site cork-fill-finish has no gateway "gw-9"/);
        const empty = await run("cork-fill-finish", "gw-cork-01", "--reason", " ");
        assert.equal(empty.code, 2);
        assert.match(empty.err, /--reason is empty/);
        assert.equal(iot.calls().length, 0);
    });
});
