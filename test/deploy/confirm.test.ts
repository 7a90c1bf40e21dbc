/**
 * `fleet up` on several stacks previews and asks first; `preview --diff`/`-o json` reach the
 * engine; a failed stack's Automation API error is printed once. Driven through the real
 * Automation API (automationRunner) against a stand-in Pulumi CLI that streams output, writes
 * engine events to the --event-log file and fails the way the CLI does (a CommandError).
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import type { PulumiCommand } from "@pulumi/pulumi/automation";
import { automationRunner, stepOf, type PlannedStep } from "../../src/deploy/automation";
import { confirmUp, needsConfirmation, totalChanges } from "../../src/deploy/confirm";
import { describeFailure, formatFanoutSummary, runStacks, type FanoutStack } from "../../src/deploy/fanout";
import { FleetError } from "../../src/model/diagnostics";
import { fleet, ROOT } from "../cli/helpers";
import { commandError, ok, standInCli } from "../helpers/pulumi-stand-in";
import { tempDirPerTest } from "../helpers/temp-dir";

const STACKS: FanoutStack[] = [
    { name: "global", dependsOn: [] },
    { name: "eu-central-1", dependsOn: ["global"] },
];
const URN = (stack: string) => `urn:pulumi:${stack}::fleet::aws:s3/bucketV2:BucketV2::${stack}-artifacts`;
const POLICY_LINE = "error: preview failed: 1 mandatory policy violation (bucket-encrypted)";

/** A Pulumi CLI stand-in: `preview`/`up` stream a plan and write its engine events; stacks in `failing` fail with POLICY_LINE. */
function standIn(failing: string[] = []): { cli: PulumiCommand; calls: string[][] } {
    return standInCli(async (args, _cwd, _env, onOutput) => {
        const stack = args[args.indexOf("--stack") + 1];
        if (args[0] === "preview" || args[0] === "up") {
            // `up` asks for the event log only when someone listens (onEvent); preview always does.
            const at = args.indexOf("--event-log");
            const events = [
                {
                    sequence: 1,
                    timestamp: 0,
                    resourcePreEvent: { metadata: { op: "create", urn: URN(stack), type: "aws:s3/bucketV2:BucketV2", provider: "" } },
                },
                {
                    sequence: 2,
                    timestamp: 0,
                    summaryEvent: { maybeCorrupt: false, durationSeconds: 1, resourceChanges: { create: 1, same: 4 }, policyPacks: {} },
                },
            ];
            if (at >= 0) fs.writeFileSync(args[at + 1], events.map((e) => JSON.stringify(e)).join("\n") + "\n");
            const stdout = `Previewing update (${stack})\n + aws:s3/bucketV2:BucketV2 ${stack}-artifacts create\n`;
            onOutput?.(stdout);
            await new Promise((r) => setTimeout(r, 450)); // the Automation API polls the event log every 200 ms
            if (failing.includes(stack)) {
                const diag = `Diagnostics:\n  pulumi:pulumi:Stack (fleet-${stack}):\n    ${POLICY_LINE}\n`;
                onOutput?.(diag);
                throw commandError(stdout + diag, `${POLICY_LINE}\n`);
            }
            return ok(stdout);
        }
        if (args[0] === "stack" && args[1] === "output") return ok("{}");
        if (args[0] === "stack" && args[1] === "history")
            return ok(
                JSON.stringify([
                    {
                        version: 2,
                        kind: "update",
                        startTime: "",
                        message: "",
                        environment: {},
                        config: {},
                        result: "succeeded",
                        resourceChanges: { create: 1 },
                    },
                ]),
            );
        return ok("");
    });
}

describe("deploy: confirmation before a multi-stack up, preview pass-through, errors once", function () {
    this.timeout(30_000);
    const workDir = tempDirPerTest("fleet-confirm-");

    const runner = (cli: PulumiCommand, operation: "preview" | "up", extra = {}) =>
        automationRunner({ operation, projectDir: workDir(), fleetDir: workDir(), pulumiCommand: cli, ...extra });
    const ops = (calls: string[][]) => calls.filter((c) => c[0] === "preview" || c[0] === "up").map((c) => `${c[0]} ${c[c.indexOf("--stack") + 1]}`);

    it("needs the question for --all or more than one stack, never with --yes", () => {
        assert.equal(needsConfirmation(["a", "b"], {}), true);
        assert.equal(needsConfirmation(["a"], { all: true }), true);
        assert.equal(needsConfirmation(["a"], {}), false);
        assert.equal(needsConfirmation(["a", "b"], { yes: true }), false);
    });

    it('previews every stack, shows the summary, deploys only after "yes"', async () => {
        const { cli, calls } = standIn();
        const lines: string[] = [];
        const questions: string[] = [];
        const preview = () => runStacks(STACKS, { operation: "preview", perAccount: 2, write: (l) => lines.push(l) }, runner(cli, "preview"));
        await confirmUp(["global", "eu-central-1"], { interactive: true, preview, ask: async (q) => (questions.push(q), "yes"), write: (l) => lines.push(l) });
        assert.deepEqual(ops(calls), ["preview global", "preview eu-central-1"]);
        assert.deepEqual(questions, ['Deploy 2 stacks (create 2, same 8)? Type "yes" to go on: ']);
        assert.equal(lines.at(-1), "summary of preview: 2 stacks: 2 ok, 0 done before (resumed), 0 failed, 0 skipped");
        assert.ok(lines.includes("[global] Previewing update (global)"), lines.join("\n"));

        for (const answer of ["no", "", "y"]) {
            const before = calls.length;
            await assert.rejects(
                confirmUp(["global", "eu-central-1"], { interactive: true, preview, ask: async () => answer, write: () => undefined }),
                (e: unknown) => e instanceof FleetError && e.exitCode === 1 && e.message === "not deployed",
            );
            assert.deepEqual(ops(calls.slice(before)), ["preview global", "preview eu-central-1"], "previews again, never an up");
        }
    });

    it("without a terminal: exit 2 naming --yes, and the Pulumi CLI is never run", async () => {
        const { cli, calls } = standIn();
        await assert.rejects(
            confirmUp(["global", "eu-central-1"], {
                interactive: false,
                preview: () => runStacks(STACKS, { operation: "preview", perAccount: 2, write: () => undefined }, runner(cli, "preview")),
                ask: async () => "yes",
                write: () => undefined,
            }),
            (e: unknown) =>
                e instanceof FleetError &&
                e.exitCode === 2 &&
                e.message ===
                    "refusing to deploy 2 stacks (global, eu-central-1) without --yes when no one can confirm at a terminal; review `fleet preview` with the same selection, then run fleet up again with --yes",
        );
        assert.deepEqual(calls, []);
    });

    it("a failed preview deploys nothing and does not ask", async () => {
        const { cli, calls } = standIn(["eu-central-1"]);
        let asked = false;
        await assert.rejects(
            confirmUp(["global", "eu-central-1"], {
                interactive: true,
                preview: () => runStacks(STACKS, { operation: "preview", perAccount: 2, write: () => undefined }, runner(cli, "preview")),
                ask: async () => ((asked = true), "yes"),
                write: () => undefined,
            }),
            (e: unknown) => e instanceof FleetError && e.exitCode === 1 && e.message === "the preview of eu-central-1 did not succeed; nothing was deployed",
        );
        assert.equal(asked, false);
        assert.deepEqual(ops(calls), ["preview global", "preview eu-central-1"]);
    });

    it("an Automation API error is printed once per stack (no `code:`/`stdout:` dump), the summary names it", async () => {
        const { cli } = standIn(["eu-central-1"]);
        const lines: string[] = [];
        const results = await runStacks(STACKS, { operation: "up", perAccount: 2, write: (l) => lines.push(l) }, runner(cli, "up"));
        assert.deepEqual(
            results.map((r) => [r.stack, r.status, r.error]),
            [
                ["global", "ok", undefined],
                ["eu-central-1", "failed", POLICY_LINE],
            ],
        );
        const eu = lines.filter((l) => l.startsWith("[eu-central-1] "));
        assert.equal(eu.filter((l) => l.includes(POLICY_LINE)).length, 1, eu.join("\n"));
        assert.equal(eu.filter((l) => l.includes("Previewing update")).length, 1);
        assert.deepEqual(
            eu.filter((l) => /code: |stdout:|stderr:|err\?:/.test(l)),
            [],
        );
        assert.equal(
            formatFanoutSummary("up", results),
            `summary of up: 2 stacks: 1 ok, 0 done before (resumed), 1 failed, 0 skipped\n  eu-central-1  FAILED  ${POLICY_LINE}`,
        );
    });

    it("describeFailure: stderr not streamed is shown; a plain Error shows its message; nothing at all names the exit code", () => {
        const err = commandError("a\nerror: x\n", "error: x\nwarning: y\n");
        assert.deepEqual(describeFailure(err, new Set(["a", "error: x"])), { lines: ["warning: y"], summary: "error: x" });
        assert.deepEqual(describeFailure(new Error("no Pulumi.yaml\nsecond")), { lines: ["no Pulumi.yaml", "second"], summary: "no Pulumi.yaml" });
        assert.deepEqual(describeFailure(commandError("", "", 137)), {
            lines: ["the Pulumi CLI exited with code 137"],
            summary: "the Pulumi CLI exited with code 137",
        });
    });

    it("preview --diff reaches the engine as --diff; -o json collects the planned steps from the engine events", async () => {
        const { cli, calls } = standIn();
        const steps: [string, PlannedStep][] = [];
        const run = runner(cli, "preview", {
            diff: true,
            onEvent: (stack: string, e: import("@pulumi/pulumi/automation").EngineEvent) => {
                const s = stepOf(e);
                if (s) steps.push([stack, s]);
            },
        });
        const results = await runStacks(STACKS.slice(0, 1), { operation: "preview", perAccount: 1, write: () => undefined }, run);
        const previewCall = calls.find((c) => c[0] === "preview")!;
        assert.ok(previewCall.includes("--diff"), previewCall.join(" "));
        assert.deepEqual(steps, [["global", { op: "create", urn: URN("global"), type: "aws:s3/bucketV2:BucketV2" }]]);
        assert.deepEqual(results[0].changes, { create: 1, same: 4 });
        assert.equal(totalChanges(results), "create 1, same 4");
        const without = standIn();
        await runStacks(STACKS.slice(0, 1), { operation: "preview", perAccount: 1, write: () => undefined }, runner(without.cli, "preview"));
        assert.equal(without.calls.find((c) => c[0] === "preview")!.includes("--diff"), false);
    });

    it("fleet up --all in CI without --yes: exit 2 before any preflight or Pulumi call; --region (one stack) is not asked", () => {
        const all = fleet(["up", "--all", "--dir", ROOT], { env: { PATH: "/nonexistent" } });
        assert.equal(all.code, 2);
        assert.match(
            all.stderr,
            /^fleet: refusing to deploy 6 stacks \(global, eu-central-1, us-east-2, eu-central-1\.cork-fill-finish, eu-central-1\.stuttgart-body, us-east-2\.austin-smt\) without --yes/,
        );
        const one = fleet(["up", "--region", "eu-central-1", "--dir", ROOT], { env: { PATH: "/nonexistent" } });
        assert.equal(one.code, 1, "past the question: the preflight finds no Pulumi CLI");
        assert.match(one.stderr, /the Pulumi CLI is not installed/);
    });
});
