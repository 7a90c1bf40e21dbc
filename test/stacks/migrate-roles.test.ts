/**
 * The sites' old token-exchange roles in the migration: `fleet migrate unmanage` on an exported
 * state (src/stacks/migrate-state.ts), and `fleet migrate retire-roles` against mocked IAM and IoT
 * clients (aws-sdk-client-mock), call by call.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import {
    DeleteRoleCommand,
    GetRoleCommand,
    IAMClient,
    ListAttachedRolePoliciesCommand,
    ListRolePoliciesCommand,
    NoSuchEntityException,
} from "@aws-sdk/client-iam";
import { DescribeRoleAliasCommand, IoTClient } from "@aws-sdk/client-iot";
import { mockClient } from "aws-sdk-client-mock";
import { main } from "../../cli/index";
import { FleetError } from "../../src/model/diagnostics";
import { unmanage, unmanageFile, type StateDocument } from "../../src/stacks/migrate-state";
import { parseDuration, retainedRoles } from "../../src/stacks/retire-roles";
import { ROOT } from "../cli/helpers";
import { captureIo } from "../helpers/io";
import { tempDirPerTest } from "../helpers/temp-dir";
import { exampleModel } from "./helpers";

const ROLE = "urn:pulumi:r::fleet::x$aws:iam/role:Role::cork-tes-role";
const POLICY = "urn:pulumi:r::fleet::x$aws:iam/rolePolicy:RolePolicy::cork-tes-policy";
const ALIAS = "urn:pulumi:r::fleet::x$aws:iot/roleAlias:RoleAlias::cork-tes-alias";

describe("migrate: unmanage (resources leave an exported state, their dependents stay)", () => {
    const tmp = tempDirPerTest("fleet-unmanage-");
    const doc: StateDocument = {
        version: 3,
        deployment: {
            manifest: { time: "t" },
            resources: [
                { urn: "comp", type: "fleet:site:SiteIdentity" },
                { urn: ROLE, parent: "comp", outputs: { arn: "arn:aws:iam::1:role/acme-cork-gg-tes" } },
                { urn: POLICY, parent: "comp", dependencies: [ROLE], propertyDependencies: { role: [ROLE] } },
                { urn: ALIAS, parent: "comp", dependencies: ["comp", ROLE], propertyDependencies: { roleArn: [ROLE], alias: [] }, deletedWith: ROLE },
            ],
        },
    };

    it("takes the role and its policy out and drops the alias's references to them, nothing else", () => {
        const r = unmanage(doc, [POLICY, ROLE, "urn:absent"]);
        assert.deepEqual(r.removed, [POLICY, ROLE]);
        assert.deepEqual(r.absent, ["urn:absent"]);
        assert.equal(r.references, 3);
        assert.deepEqual(r.doc, {
            version: 3,
            deployment: {
                manifest: { time: "t" },
                resources: [
                    { urn: "comp", type: "fleet:site:SiteIdentity" },
                    { urn: ALIAS, parent: "comp", dependencies: ["comp"], propertyDependencies: { roleArn: [], alias: [] } },
                ],
            },
        });
        assert.equal(doc.deployment?.resources?.length, 4, "the input is not changed");
    });

    it("refuses a resource that still has children; a file round trip; a missing file names the export", () => {
        assert.throws(
            () => unmanage(doc, ["comp"]),
            (e: unknown) =>
                e instanceof FleetError &&
                e.message === `cannot take comp out of the state: 3 resource(s) name it as parent (${ROLE}, ${POLICY}, ${ALIAS}); take those out too`,
        );
        {
            const dir = tmp();
            const file = path.join(dir, "s.json");
            fs.writeFileSync(file, JSON.stringify(doc), { mode: 0o600 });
            assert.equal(
                unmanageFile(file, [POLICY]),
                `${file}: 1 resource(s) taken out of the state (not deleted), 0 reference(s) to them dropped, 0 not in the state`,
            );
            assert.deepEqual(
                (JSON.parse(fs.readFileSync(file, "utf8")) as { deployment: { resources: { urn: string }[] } }).deployment.resources.map((r) => r.urn),
                ["comp", ROLE, ALIAS],
            );
            // rewritten atomically (no temporary file left) with the export's own mode
            assert.equal(fs.statSync(file).mode & 0o777, 0o600);
            assert.deepEqual(fs.readdirSync(dir), ["s.json"]);
            assert.throws(
                () => unmanageFile(path.join(dir, "none.json"), [ROLE]),
                /none\.json: no such file; write it first with pulumi stack export --stack <stack> --file /,
            );
        }
    });
});

describe("migrate: retire-roles", function () {
    this.timeout(60_000);
    const iam = mockClient(IAMClient);
    const iot = mockClient(IoTClient);
    const ARN = (site: string) => `arn:aws:iam::123456789012:role/acme-${site}-gg-tes`;
    const gone = () => new NoSuchEntityException({ message: "The role cannot be found.", $metadata: {} });
    const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000);
    beforeEach(() => {
        iam.reset();
        iot.reset();
        iam.on(GetRoleCommand, { RoleName: "acme-cork-fill-finish-gg-tes" }).rejects(gone());
        iam.on(GetRoleCommand, { RoleName: "acme-stuttgart-body-gg-tes" }).resolves({
            Role: { RoleName: "acme-stuttgart-body-gg-tes", Arn: ARN("stuttgart-body"), Path: "/", RoleId: "r", CreateDate: new Date(0) },
        });
        iam.on(ListRolePoliciesCommand)
            .resolvesOnce({ PolicyNames: ["site-edge-access"], IsTruncated: true, Marker: "m" })
            .resolves({ PolicyNames: ["extra"] });
        iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [{ PolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }] });
    });
    after(() => {
        iam.restore();
        iot.restore();
    });
    /** Every AWS call in order, as `Command input`. */
    const calls = () =>
        [...iam.calls(), ...iot.calls()]
            .map((c) => ({
                order: (c as unknown as { callId: number }).callId,
                line: `${(c.args[0] as object).constructor.name} ${JSON.stringify((c.args[0] as { input: unknown }).input)}`,
            }))
            .sort((a, b) => a.order - b.order)
            .map((c) => c.line);
    const run = async (...args: string[]) => {
        const c = captureIo();
        const code = await main(["node", "fleet", "migrate", "retire-roles", "--region", "eu-central-1", ...args, "--dir", ROOT], c.io);
        return { code, out: c.out.join("\n"), err: c.err.join("\n") };
    };

    it("names one role per site from the model, never a pattern; durations", () => {
        assert.deepEqual(
            retainedRoles(exampleModel(), ["eu-central-1"]).map((r) => [r.role, r.alias, r.region]),
            [
                ["acme-cork-fill-finish-gg-tes", "acme-cork-fill-finish-gg-tes-alias", "eu-central-1"],
                ["acme-stuttgart-body-gg-tes", "acme-stuttgart-body-gg-tes-alias", "eu-central-1"],
            ],
        );
        assert.deepEqual(
            retainedRoles(exampleModel()).map((r) => r.role),
            ["acme-austin-smt-gg-tes", "acme-cork-fill-finish-gg-tes", "acme-stuttgart-body-gg-tes"],
        );
        assert.deepEqual(["1h", "90m", "30s", "1d", "h", ""].map(parseDuration), [3600, 5400, 30, undefined, undefined, undefined]);
    });

    it("--apply: a role gone already is skipped; one whose alias moved off it over an hour ago loses its policies, then itself", async () => {
        iot.on(DescribeRoleAliasCommand).resolves({
            roleAliasDescription: { roleArn: "arn:aws:iam::123456789012:role/acme-eu-central-1-tes-role", lastModifiedDate: ago(61) },
        });
        const r = await run("--apply");
        assert.equal(r.code, 0, r.err);
        assert.equal(r.out, "acme-cork-fill-finish-gg-tes: already gone\nacme-stuttgart-body-gg-tes: deleted");
        assert.equal(r.err, "1 role(s) deleted, 1 gone already");
        const role = '"RoleName":"acme-stuttgart-body-gg-tes"';
        assert.deepEqual(calls(), [
            'GetRoleCommand {"RoleName":"acme-cork-fill-finish-gg-tes"}',
            `GetRoleCommand {${role}}`,
            'DescribeRoleAliasCommand {"roleAlias":"acme-stuttgart-body-gg-tes-alias"}',
            `ListRolePoliciesCommand {${role}}`,
            `ListRolePoliciesCommand {${role},"Marker":"m"}`,
            `DeleteRolePolicyCommand {${role},"PolicyName":"site-edge-access"}`,
            `DeleteRolePolicyCommand {${role},"PolicyName":"extra"}`,
            `ListAttachedRolePoliciesCommand {${role}}`,
            `DetachRolePolicyCommand {${role},"PolicyArn":"arn:aws:iam::aws:policy/ReadOnlyAccess"}`,
            `DeleteRoleCommand {${role}}`,
        ]);
        // without --apply: listed, nothing deleted
        iam.resetHistory();
        iot.resetHistory();
        const dry = await run();
        assert.equal(dry.code, 0, dry.err);
        assert.equal(
            dry.out,
            "acme-cork-fill-finish-gg-tes: already gone\nacme-stuttgart-body-gg-tes: can be deleted (acme-stuttgart-body-gg-tes-alias moved off it 61 min ago)",
        );
        assert.equal(dry.err, "1 role(s) can be deleted, 1 gone already; run with --apply to delete them");
        assert.equal(calls().length, 3);
    });

    it("refuses within the credential lifetime (unless --force) and always while the alias still names the role; gone mid-way is gone", async () => {
        const moved = ago(10);
        iot.on(DescribeRoleAliasCommand).resolves({
            roleAliasDescription: { roleArn: "arn:aws:iam::123456789012:role/acme-eu-central-1-tes-role", lastModifiedDate: moved },
        });
        const early = await run("--apply");
        assert.equal(early.code, 1);
        assert.equal(
            early.out,
            "acme-cork-fill-finish-gg-tes: already gone\n" +
                `acme-stuttgart-body-gg-tes: refused: acme-stuttgart-body-gg-tes-alias moved off it 10 min ago (${moved.toISOString()}); ` +
                `gateways may hold its credentials until ${new Date(moved.getTime() + 3_600_000).toISOString()}; run again after that, or with --force`,
        );
        assert.equal(early.err, "fleet: 1 role(s) refused (acme-stuttgart-body-gg-tes); 0 deleted, 1 gone already");
        assert.equal(iam.commandCalls(DeleteRoleCommand).length, 0);
        assert.equal((await run("--apply", "--older-than", "5m")).code, 0, "10 minutes is older than 5m");

        iam.resetHistory();
        iam.on(DeleteRoleCommand).rejects(gone());
        const forced = await run("--apply", "--force");
        assert.equal(forced.code, 0, forced.err);
        assert.equal(forced.out, "acme-cork-fill-finish-gg-tes: already gone\nacme-stuttgart-body-gg-tes: already gone");
        assert.equal(iam.commandCalls(DeleteRoleCommand).length, 1);

        iam.resetHistory();
        iot.on(DescribeRoleAliasCommand).resolves({ roleAliasDescription: { roleArn: ARN("stuttgart-body"), lastModifiedDate: ago(600) } });
        const inUse = await run("--apply", "--force");
        assert.equal(inUse.code, 1);
        assert.match(
            inUse.out,
            /^acme-stuttgart-body-gg-tes: refused: the role alias acme-stuttgart-body-gg-tes-alias still names it; run fleet up --stack for site stuttgart-body first \(not even --force deletes it\)$/m,
        );
        assert.equal(iam.commandCalls(ListRolePoliciesCommand).length + iam.commandCalls(DeleteRoleCommand).length, 0);
        assert.equal((await run("--older-than", "1d")).err, 'fleet: --older-than "1d" is not a duration; accepted: <n>h, <n>m or <n>s (e.g. 1h)');
    });
});
