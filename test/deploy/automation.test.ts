/**
 * The stacks `fleet preview|up|destroy` create or select (src/deploy/automation.ts): the options
 * handed to LocalWorkspace.createOrSelectStack, FLEET_SECRETS_PROVIDER among them, and what the
 * real Automation API does with them against a stand-in Pulumi CLI (there is none here).
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace, type PulumiCommand } from "@pulumi/pulumi/automation";
import { secretsProviderFrom, secretsProviderProblem, stackArgs } from "../../src/deploy/automation";
import { preflight, type PreflightEnv } from "../../src/deploy/preflight";
import { FleetError } from "../../src/model/diagnostics";
import { commandError, ok, standInCli } from "../helpers/pulumi-stand-in";
import { tempDirPerTest } from "../helpers/temp-dir";

const KMS = "awskms://alias/fleet-pulumi?region=eu-central-1";
const DIRS = { projectDir: "/srv/fleet", fleetDir: "/srv/fleet/sites-repo" };

describe("deploy: stack options and the secrets provider", () => {
    it("without FLEET_SECRETS_PROVIDER: the region's stack in the project directory, FLEET_DIR, no secrets provider", () => {
        assert.deepEqual(stackArgs("eu-central-1", DIRS, {}), {
            args: { stackName: "eu-central-1", workDir: "/srv/fleet" },
            workspace: { envVars: { FLEET_DIR: "/srv/fleet/sites-repo" } },
        });
        assert.deepEqual(
            stackArgs("eu-central-1", DIRS, { FLEET_SECRETS_PROVIDER: "  " }).workspace,
            { envVars: { FLEET_DIR: "/srv/fleet/sites-repo" } },
            "blank is unset",
        );
    });

    it("with FLEET_SECRETS_PROVIDER: secretsProvider (LocalWorkspaceOptions) carries it, trimmed", () => {
        assert.deepEqual(stackArgs("us-east-2", DIRS, { FLEET_SECRETS_PROVIDER: ` ${KMS}\n` }), {
            args: { stackName: "us-east-2", workDir: "/srv/fleet" },
            workspace: { envVars: { FLEET_DIR: "/srv/fleet/sites-repo" }, secretsProvider: KMS },
        });
        for (const ok of [
            "awskms://1234abcd-12ab-34cd-56ef-1234567890ab?region=us-east-2",
            "awskms:///arn:aws:kms:us-east-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            "passphrase",
            "default",
            "hashivault://fleet",
            "gcpkms://projects/p/locations/global/keyRings/r/cryptoKeys/k",
            "azurekeyvault://vault.vault.azure.net/keys/fleet",
        ]) {
            assert.equal(secretsProviderFrom({ FLEET_SECRETS_PROVIDER: ok }), ok, ok);
        }
    });

    it("refuses a value Pulumi would not accept, naming the accepted forms (exit 1)", () => {
        assert.throws(
            () => stackArgs("eu-central-1", DIRS, { FLEET_SECRETS_PROVIDER: "kms:alias/fleet" }),
            (e: unknown) => {
                assert.ok(e instanceof FleetError);
                assert.equal(e.exitCode, 1);
                assert.equal(
                    e.message,
                    'FLEET_SECRETS_PROVIDER="kms:alias/fleet" is not a Pulumi secrets provider: use default or passphrase, or a key URL (awskms://..., azurekeyvault://..., gcpkms://..., hashivault://...), for example awskms://alias/fleet-pulumi?region=eu-central-1',
                );
                return true;
            },
        );
        assert.deepEqual(secretsProviderProblem("awskms://?region=eu-central-1"), {
            what: 'FLEET_SECRETS_PROVIDER="awskms://?region=eu-central-1" names no key',
            fix: "for AWS KMS use awskms://alias/<alias>?region=<region>, awskms://<key-id>?region=<region> or awskms:///<key-arn>",
        });
        assert.notEqual(secretsProviderProblem("awskms://"), undefined);
        assert.notEqual(secretsProviderProblem("s3://bucket"), undefined);
        assert.notEqual(secretsProviderProblem("AWSKMS://alias/x"), undefined);
        assert.equal(secretsProviderProblem(KMS), undefined);
    });

    it("preflight reports a bad FLEET_SECRETS_PROVIDER, and a passphrase provider without a passphrase, with the other problems", () => {
        const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-deploy-"));
        try {
            const env = (e: Record<string, string>): PreflightEnv => ({
                env: { PATH: "", PULUMI_ACCESS_TOKEN: "pul-x", AWS_PROFILE: "ops", ...e },
                home: tmp,
                platform: "linux",
                projectDir: tmp,
            });
            const whats = (e: Record<string, string>) => preflight(env(e), { checkAws: true }).map((p) => p.what);
            assert.deepEqual(whats({ FLEET_SECRETS_PROVIDER: "vault" }), [
                "the Pulumi CLI is not installed (no `pulumi` on PATH)",
                'FLEET_SECRETS_PROVIDER="vault" is not a Pulumi secrets provider',
            ]);
            assert.deepEqual(whats({ FLEET_SECRETS_PROVIDER: "passphrase" }), [
                "the Pulumi CLI is not installed (no `pulumi` on PATH)",
                "FLEET_SECRETS_PROVIDER=passphrase but no passphrase",
            ]);
            assert.deepEqual(whats({ FLEET_SECRETS_PROVIDER: "passphrase", PULUMI_CONFIG_PASSPHRASE_FILE: "/run/secrets/p" }), [
                "the Pulumi CLI is not installed (no `pulumi` on PATH)",
            ]);
            assert.deepEqual(whats({ FLEET_SECRETS_PROVIDER: KMS }), ["the Pulumi CLI is not installed (no `pulumi` on PATH)"]);
        } finally {
            fs.rmSync(tmp, { recursive: true, force: true });
        }
    });

    describe("the real Automation API with these options, against a stand-in Pulumi CLI", () => {
        const workDir = tempDirPerTest("fleet-deploy-");

        /** A Pulumi CLI that records every command; `stack select` fails as for a missing stack unless `exists`. */
        function standIn(exists: boolean): { cli: PulumiCommand; calls: { args: string[]; env: Record<string, string> }[] } {
            const calls: { args: string[]; env: Record<string, string> }[] = [];
            const { cli } = standInCli(async (args, _cwd, env) => {
                calls.push({ args, env });
                if (args[0] === "stack" && args[1] === "select" && !exists) throw commandError("", `error: no stack named '${args[3]}' found`);
                return ok("");
            }, null);
            return { cli, calls };
        }

        it("a new stack is created with --secrets-provider from FLEET_SECRETS_PROVIDER", async () => {
            const { args, workspace } = stackArgs("eu-central-1", { projectDir: workDir(), fleetDir: "/fleet" }, { FLEET_SECRETS_PROVIDER: KMS });
            const { cli, calls } = standIn(false);
            const stack = await LocalWorkspace.createOrSelectStack(args, { ...workspace, pulumiCommand: cli });
            assert.equal(stack.name, "eu-central-1");
            assert.deepEqual(
                calls.map((c) => c.args),
                [
                    ["stack", "select", "--stack", "eu-central-1"],
                    ["stack", "init", "eu-central-1", "--secrets-provider", KMS],
                ],
            );
            for (const c of calls) assert.equal(c.env.FLEET_DIR, "/fleet");
        });

        it("an existing stack is only selected: it keeps its own secrets provider", async () => {
            const { args, workspace } = stackArgs("eu-central-1", { projectDir: workDir(), fleetDir: "/fleet" }, { FLEET_SECRETS_PROVIDER: KMS });
            const { cli, calls } = standIn(true);
            await LocalWorkspace.createOrSelectStack(args, { ...workspace, pulumiCommand: cli });
            assert.deepEqual(
                calls.map((c) => c.args),
                [["stack", "select", "--stack", "eu-central-1"]],
            );
        });

        it("without FLEET_SECRETS_PROVIDER the stack is created with Pulumi's default", async () => {
            const { args, workspace } = stackArgs("eu-central-1", { projectDir: workDir(), fleetDir: "/fleet" }, {});
            const { cli, calls } = standIn(false);
            await LocalWorkspace.createOrSelectStack(args, { ...workspace, pulumiCommand: cli });
            assert.deepEqual(calls.map((c) => c.args)[1], ["stack", "init", "eu-central-1"]);
        });
    });
});
