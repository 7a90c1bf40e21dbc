/**
 * `fleet destroy` over several stacks shows, per stack, what its state holds (resource count, the
 * data stores and device identities by name, what happens to each) and destroys only after
 * "destroy" was typed; without a terminal it refuses (exit 2) unless --yes. Driven through the
 * real Automation API (stackStateReader) against a stand-in Pulumi CLI, as the `up` confirmation
 * is (test/deploy/confirm.test.ts).
 */
import assert from "node:assert/strict";
import type { PulumiCommand } from "@pulumi/pulumi/automation";
import { stackStateReader } from "../../src/deploy/automation";
import { confirmDestroy, destroyPreview, formatDestroyPreview, previewStack, stateResources, type StateResource } from "../../src/deploy/destroy-preview";
import { FleetError } from "../../src/model/diagnostics";
import { commandError, ok, standInCli } from "../helpers/pulumi-stand-in";
import { tempDirPerTest } from "../helpers/temp-dir";
import { fleet, ROOT } from "./helpers";

const urn = (stack: string, type: string, name: string) => `urn:pulumi:${stack}::fleet::${type}::${name}`;

/** A site stack's state: the stack, a provider, a component, a bucket (protected), an IoT thing and certificate (retained), a role. */
function siteState(stack: string): StateResource[] {
    return [
        { urn: urn(stack, "pulumi:pulumi:Stack", `fleet-${stack}`), type: "pulumi:pulumi:Stack", custom: false },
        { urn: urn(stack, "pulumi:providers:aws", "default_7_48_0"), type: "pulumi:providers:aws", custom: true },
        { urn: urn(stack, "fleet:site:Site", "cork"), type: "fleet:site:Site", custom: false },
        { urn: urn(stack, "aws:s3/bucketV2:BucketV2", "cork-buffer"), type: "aws:s3/bucketV2:BucketV2", custom: true, protect: true },
        { urn: urn(stack, "aws:iot/thing:Thing", "cork-gw-cork-01-thing"), type: "aws:iot/thing:Thing", custom: true, retainOnDelete: true },
        { urn: urn(stack, "aws:iot/certificate:Certificate", "cork-gw-cork-01-cert"), type: "aws:iot/certificate:Certificate", custom: true },
        { urn: urn(stack, "aws:iam/role:Role", "cork-token-exchange"), type: "aws:iam/role:Role", custom: true },
    ];
}

/** A Pulumi CLI stand-in: `stack select` fails for stacks not in `states`; `stack export` prints a version-3 deployment. */
function standIn(states: Record<string, StateResource[]>): { cli: PulumiCommand; calls: string[][] } {
    return standInCli(async (args) => {
        const stack = args[args.indexOf("--stack") + 1];
        if (args[0] === "stack" && args[1] === "select" && !(stack in states)) {
            throw commandError("", `error: no stack named '${stack}' found\n`);
        }
        if (args[0] === "stack" && args[1] === "export") {
            if (args.includes("--show-secrets")) throw new Error("the preview never asks for secrets");
            const body = { version: 3, deployment: { manifest: {}, resources: states[stack] } };
            return ok(JSON.stringify(body));
        }
        if (args[0] === "destroy") throw new Error("the preview never destroys");
        return ok("");
    });
}

describe("cli: fleet destroy previews the states of the stacks and asks", function () {
    this.timeout(30_000);
    const workDir = tempDirPerTest("fleet-destroy-");

    const STACKS = ["eu-central-1.cork-fill-finish", "eu-central-1.stuttgart-body", "us-east-2.austin-smt"];
    const EXPECTED = [
        "eu-central-1.cork-fill-finish: 4 resources, 1 data store, 2 device identity resources",
        "  data store BucketV2 cork-buffer: stops the destroy (protected)",
        "  device identity Certificate cork-gw-cork-01-cert: deleted",
        "  device identity Thing cork-gw-cork-01-thing: kept in AWS (retainOnDelete)",
        "eu-central-1.stuttgart-body: 1 resource, 0 data stores, 0 device identity resources",
        "us-east-2.austin-smt: no such stack (nothing to destroy)",
        "in all: 5 resources in 2 stacks",
        "note: protected data stores stop the destroy of eu-central-1.cork-fill-finish; to delete their data on purpose, `pulumi state unprotect` them first",
    ];

    function setup() {
        const { cli, calls } = standIn({
            [STACKS[0]]: siteState(STACKS[0]),
            [STACKS[1]]: [{ urn: urn(STACKS[1], "aws:iam/role:Role", "body-role"), type: "aws:iam/role:Role", custom: true }],
        });
        const read = stackStateReader({ projectDir: workDir(), fleetDir: workDir(), pulumiCommand: cli });
        return { calls, preview: () => Promise.all(STACKS.map((s) => previewStack(s, read))) };
    }

    it('shows resource counts, data stores and device identities per stack, and goes on only after "destroy"', async () => {
        const { calls, preview } = setup();
        const lines: string[] = [];
        const questions: string[] = [];
        await confirmDestroy(STACKS, { interactive: true, preview, ask: async (q) => (questions.push(q), "destroy\n"), write: (l) => lines.push(l) });
        assert.deepEqual(lines, EXPECTED);
        assert.deepEqual(questions, [`This destroys 3 stacks (${STACKS.join(", ")}). Type "destroy" to go on: `]);
        assert.deepEqual(
            calls.filter((c) => c[0] === "stack").map((c) => c.slice(0, 2).join(" ") + " " + c[c.indexOf("--stack") + 1]),
            [`stack select ${STACKS[0]}`, `stack select ${STACKS[1]}`, `stack select ${STACKS[2]}`, `stack export ${STACKS[0]}`, `stack export ${STACKS[1]}`],
        );
        for (const answer of ["yes", "", "destroy it"]) {
            await assert.rejects(
                confirmDestroy(STACKS, { interactive: true, preview, ask: async () => answer, write: () => undefined }),
                (e: unknown) => e instanceof FleetError && e.exitCode === 1 && e.message === "not destroyed",
            );
        }
    });

    it("without a terminal: exit 2 naming --yes (and CI), no Pulumi command run", async () => {
        const { calls, preview } = setup();
        for (const ci of [true, false]) {
            await assert.rejects(
                confirmDestroy(STACKS, { interactive: false, ci, preview, ask: async () => "destroy", write: () => undefined }),
                (e: unknown) =>
                    e instanceof FleetError &&
                    e.exitCode === 2 &&
                    e.message === `refusing to destroy ${STACKS.join(", ")} without --yes${ci ? " in CI" : " when no one can confirm at a terminal"}`,
            );
        }
        assert.deepEqual(calls, []);
    });

    it("a state that cannot be read: shown, exit 1, no question", async () => {
        const failing = previewStack("eu-central-1", async () => {
            throw commandError("", "error: failed to decrypt the state: passphrase is wrong\n");
        });
        let asked = false;
        const lines: string[] = [];
        await assert.rejects(
            confirmDestroy(["eu-central-1"], {
                interactive: true,
                preview: async () => [await failing],
                ask: async () => ((asked = true), "destroy"),
                write: (l) => lines.push(l),
            }),
            (e: unknown) => e instanceof FleetError && e.exitCode === 1 && e.message === "could not read the state of eu-central-1; nothing was destroyed",
        );
        assert.equal(asked, false);
        assert.deepEqual(lines, [
            "eu-central-1: could not read its state: error: failed to decrypt the state: passphrase is wrong",
            "in all: 0 resources in 0 stacks",
        ]);
    });

    it("destroyPreview counts custom resources only and reads `pulumi stack export` documents", () => {
        assert.deepEqual(stateResources({ version: 3, deployment: { resources: [{ urn: "u", type: "t" }, { type: "no urn" }] } }), [{ urn: "u", type: "t" }]);
        assert.deepEqual(stateResources({ version: 3, deployment: {} }), []);
        assert.deepEqual(stateResources(null), []);
        const p = destroyPreview("s", siteState("s"));
        assert.equal(p.resources, 4);
        assert.deepEqual(
            p.critical.map((c) => c.name),
            ["cork-buffer", "cork-gw-cork-01-cert", "cork-gw-cork-01-thing"],
        );
        assert.deepEqual(formatDestroyPreview([destroyPreview("empty", [])]), [
            "empty: 0 resources, 0 data stores, 0 device identity resources",
            "in all: 0 resources in 1 stack",
        ]);
    });

    it("fleet destroy --all in CI without --yes: exit 2 before any Pulumi command, the message names every stack", () => {
        const r = fleet(["destroy", "--all", "--dir", ROOT]);
        assert.equal(r.code, 2);
        assert.equal(
            r.stderr,
            "fleet: refusing to destroy global, eu-central-1, us-east-2, eu-central-1.cork-fill-finish, eu-central-1.stuttgart-body, us-east-2.austin-smt without --yes in CI\n",
        );
    });
});
