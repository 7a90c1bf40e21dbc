/**
 * `fleet up`'s check that a site stack's platform holds the shared edge artifacts this build's
 * recipes name (src/deploy/artifact-check.ts): which sites are checked, one read per platform,
 * none when the platform runs in the same invocation, the exact refusal; the platform's outputs
 * read through the real Automation API against a stand-in Pulumi CLI; the keys a site needs are
 * the keys its recipes name.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import type { PulumiCommand } from "@pulumi/pulumi/automation";
import { buildArtifactKeys, checkSharedArtifacts, formatArtifactProblems, sitesToCheck, type PlatformOutputs } from "../../src/deploy/artifact-check";
import { stackOutputsReader } from "../../src/deploy/automation";
import { collectorRecipe, inferenceRecipe, type ArtifactRef } from "../../src/edge/greengrass";
import { SHARED_ARTIFACTS_OUTPUT, siteArtifactKeys } from "../../src/edge/shared-artifacts";
import type { SiteModel } from "../../src/model/types";
import { stackLayout } from "../../src/stacks/layout";
import { BIN, ROOT } from "../cli/helpers";
import { exampleFleet } from "../helpers/fleets";

const LAYOUT = stackLayout({
    regions: [{ name: "eu-central-1" }, { name: "us-east-2" }],
    sites: [
        { name: "alpha", region: "eu-central-1" },
        { name: "beta", region: "eu-central-1" },
        { name: "gamma", region: "us-east-2" },
    ],
});
const pick = (...names: string[]) => LAYOUT.filter((s) => names.includes(s.name));
const OLD = "artifacts/shared/collector/1111/collector.zip";
const NEW = "artifacts/shared/collector/2222/collector.zip";
const INFER = "artifacts/shared/edge-inference/3333/edge-inference.zip";
/** This build: alpha runs edge inference, the others only the collector. */
const keysOf = (site: string) => (site === "alpha" ? [NEW, INFER] : [NEW]);

/** A stand-in for the platforms' outputs that counts its reads. */
function platforms(outputs: Record<string, PlatformOutputs>): { read: (p: string) => Promise<PlatformOutputs>; reads: string[] } {
    const reads: string[] = [];
    return {
        reads,
        read: async (p) => {
            reads.push(p);
            return outputs[p] ?? { missing: true };
        },
    };
}

describe("deploy: site stacks need their platform's shared artifacts", () => {
    it("checks only site stacks whose platform does not run in this invocation, grouped by platform", () => {
        const names = (m: Map<string, { name: string }[]>) => Object.fromEntries([...m].map(([p, s]) => [p, s.map((x) => x.name)]));
        assert.deepEqual(names(sitesToCheck(LAYOUT)), {}, "--all: every platform runs first");
        assert.deepEqual(names(sitesToCheck(pick("eu-central-1.alpha", "eu-central-1.beta", "us-east-2.gamma"))), {
            "eu-central-1": ["eu-central-1.alpha", "eu-central-1.beta"],
            "us-east-2": ["us-east-2.gamma"],
        });
        assert.deepEqual(names(sitesToCheck(pick("eu-central-1", "eu-central-1.alpha", "us-east-2.gamma"))), { "us-east-2": ["us-east-2.gamma"] });
        // --resume: a platform an earlier run finished does not run now, so its outputs are read; a finished site is not checked.
        assert.deepEqual(names(sitesToCheck(LAYOUT, new Set(["global", "eu-central-1", "eu-central-1.beta"]))), { "eu-central-1": ["eu-central-1.alpha"] });
    });

    it("passes when the platform exported every key, reading each platform once", async () => {
        const p = platforms({ "eu-central-1": { outputs: { region: "eu-central-1", [SHARED_ARTIFACTS_OUTPUT]: [OLD, NEW, INFER] } } });
        assert.deepEqual(await checkSharedArtifacts(pick("eu-central-1.alpha", "eu-central-1.beta"), { keysOf, readOutputs: p.read }), []);
        assert.deepEqual(p.reads, ["eu-central-1"]);
    });

    it("--all makes no call at all: the platforms upload this build first", async () => {
        const p = platforms({});
        let asked = 0;
        const problems = await checkSharedArtifacts(LAYOUT, { keysOf: (s) => (asked++, keysOf(s)), readOutputs: p.read });
        assert.deepEqual(problems, []);
        assert.deepEqual(p.reads, []);
        assert.equal(asked, 0);
    });

    it("refuses a platform from an older build, naming the missing keys, the sites and the fix", async () => {
        const p = platforms({
            "eu-central-1": { outputs: { [SHARED_ARTIFACTS_OUTPUT]: [OLD, INFER] } },
            "us-east-2": { outputs: { [SHARED_ARTIFACTS_OUTPUT]: [NEW] } },
        });
        const problems = await checkSharedArtifacts(pick("eu-central-1.alpha", "eu-central-1.beta", "us-east-2.gamma"), { keysOf, readOutputs: p.read });
        assert.deepEqual(problems, [{ platform: "eu-central-1", sites: ["eu-central-1.alpha", "eu-central-1.beta"], missing: [NEW], why: "missing-keys" }]);
        assert.equal(
            formatArtifactProblems(problems),
            [
                "cannot run fleet up: 1 platform stack lacks the shared edge artifacts its site stacks would deploy (the gateways would fail to download them); no stack was changed",
                "  - platform stack eu-central-1 has not uploaded 1 artifact that site stacks eu-central-1.alpha, eu-central-1.beta of this build name (it was last deployed from another build): artifacts/shared/collector/2222/collector.zip: run fleet up --stack eu-central-1 first (or fleet up --all)",
            ].join("\n"),
        );
    });

    it("refuses a missing platform stack and one that exports no key list, each with the fix", async () => {
        const p = platforms({ "us-east-2": { outputs: { region: "us-east-2" } } });
        const problems = await checkSharedArtifacts(pick("eu-central-1.alpha", "us-east-2.gamma"), { keysOf, readOutputs: p.read });
        assert.equal(
            formatArtifactProblems(problems),
            [
                "cannot run fleet up: 2 platform stacks lack the shared edge artifacts its site stacks would deploy (the gateways would fail to download them); no stack was changed",
                "  - platform stack eu-central-1 does not exist; site stack eu-central-1.alpha needs its shared artifacts: run fleet up --stack eu-central-1 first (or fleet up --all)",
                "  - platform stack us-east-2 exports no sharedArtifacts (it was last deployed by an older fleet), so site stack us-east-2.gamma cannot be checked: run fleet up --stack us-east-2 first (or fleet up --all)",
            ].join("\n"),
        );
    });

    it("names only the sites that lack a key, and lists at most five of many", async () => {
        const many = stackLayout({
            regions: [{ name: "eu-central-1" }],
            sites: Array.from({ length: 8 }, (_, i) => ({ name: `s${i}`, region: "eu-central-1" })),
        });
        const p = platforms({ "eu-central-1": { outputs: { [SHARED_ARTIFACTS_OUTPUT]: [NEW] } } });
        const sites = many.filter((s) => s.kind === "site");
        const problems = await checkSharedArtifacts(sites, { keysOf: (s) => (s === "s3" ? [NEW] : [NEW, INFER]), readOutputs: p.read });
        assert.deepEqual(problems[0].sites, [
            "eu-central-1.s0",
            "eu-central-1.s1",
            "eu-central-1.s2",
            "eu-central-1.s4",
            "eu-central-1.s5",
            "eu-central-1.s6",
            "eu-central-1.s7",
        ]);
        assert.match(
            formatArtifactProblems(problems),
            /site stacks eu-central-1\.s0, eu-central-1\.s1, eu-central-1\.s2, eu-central-1\.s4, eu-central-1\.s5 and 2 more of this build name \(/,
        );
    });

    describe("the platform's outputs through the Automation API (stand-in Pulumi CLI)", () => {
        const auto = require("@pulumi/pulumi/automation") as typeof import("@pulumi/pulumi/automation") & {
            CommandResult: new (stdout: string, stderr: string, code: number) => unknown;
        };
        const { createCommandError } = require("@pulumi/pulumi/automation/errors") as { createCommandError(r: unknown): Error };
        let workDir: string;
        beforeEach(() => (workDir = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-artifacts-"))));
        afterEach(() => fs.rmSync(workDir, { recursive: true, force: true }));

        function standIn(outputs: Record<string, unknown> | undefined): { cli: PulumiCommand; calls: string[][] } {
            const calls: string[][] = [];
            const cli = {
                command: "pulumi",
                version: null,
                run: async (args: string[]) => {
                    calls.push(args);
                    if (args[0] === "stack" && args[1] === "select" && !outputs)
                        throw createCommandError(new auto.CommandResult("", `error: no stack named '${args[3]}' found`, 255));
                    if (args[0] === "stack" && args[1] === "output") return new auto.CommandResult(JSON.stringify(outputs), "", 0);
                    return new auto.CommandResult("", "", 0);
                },
            } as unknown as PulumiCommand;
            return { cli, calls };
        }

        it("reads `pulumi stack output --json` of the platform, selecting it without creating it", async () => {
            const { cli, calls } = standIn({ region: "eu-central-1", [SHARED_ARTIFACTS_OUTPUT]: [NEW] });
            const read = stackOutputsReader({ projectDir: workDir, fleetDir: workDir, pulumiCommand: cli });
            assert.deepEqual(await read("eu-central-1"), { outputs: { region: "eu-central-1", [SHARED_ARTIFACTS_OUTPUT]: [NEW] } });
            assert.deepEqual(calls, [
                ["stack", "select", "--stack", "eu-central-1"],
                ["stack", "output", "--json", "--stack", "eu-central-1"],
                ["stack", "output", "--json", "--show-secrets", "--stack", "eu-central-1"],
            ]);
        });

        it("a platform stack that does not exist reads as missing (no stack init)", async () => {
            const { cli, calls } = standIn(undefined);
            assert.deepEqual(await stackOutputsReader({ projectDir: workDir, fleetDir: workDir, pulumiCommand: cli })("eu-central-1"), { missing: true });
            assert.deepEqual(calls, [["stack", "select", "--stack", "eu-central-1"]]);
        });
    });

    it("the keys a site needs are exactly the ones its recipes name", () => {
        const refs = (component: string, sha: string): ArtifactRef[] =>
            (["x86_64", "aarch64", "armv7l"] as const).map((arch) => ({ arch, key: `${component}/${sha}${arch}/${component}.zip` }));
        const artifacts = { collector: refs("collector", "c"), inference: refs("edge-inference", "e") };
        const uris = (recipe: { Manifests?: { Artifacts?: { Uri: string }[] }[] }) =>
            (recipe.Manifests ?? []).flatMap((m) => (m.Artifacts ?? []).map((a) => a.Uri));
        const named = [
            ...uris(collectorRecipe("acme", "alpha", "bkt", artifacts.collector) as never),
            ...uris(inferenceRecipe("acme", "alpha", "bkt", artifacts.inference) as never),
        ].map((u) => u.replace("s3://bkt/", ""));
        assert.equal(named.length, 6);
        const site = (edgeInference: boolean) => ({ gateways: [{ edgeInference }, { edgeInference: false }] }) as unknown as SiteModel;
        assert.deepEqual(siteArtifactKeys(site(true), artifacts), [...named].sort());
        assert.deepEqual(siteArtifactKeys(site(false), artifacts), named.filter((k) => k.startsWith("artifacts/shared/collector/")).sort());
    });

    it("buildArtifactKeys: each site its own keys, found by name: the collector's zips, and edge inference's where a gateway runs it", () => {
        // A stand-in packager (the CLI test below runs the real one): one zip per architecture, counted.
        const packed: string[] = [];
        const pack = (component: string): ArtifactRef[] => {
            packed.push(component);
            const tag = component === "collector" ? "c" : "e";
            return (["x86_64", "aarch64"] as const).map((arch) => ({ arch, key: `${component}/${tag}-${arch}/${component}.zip` }));
        };
        const collector = ["artifacts/shared/collector/c-aarch64/collector.zip", "artifacts/shared/collector/c-x86_64/collector.zip"];
        const inference = ["artifacts/shared/edge-inference/e-aarch64/edge-inference.zip", "artifacts/shared/edge-inference/e-x86_64/edge-inference.zip"];
        const model = exampleFleet();
        const keysOf = buildArtifactKeys(model, pack);
        assert.deepEqual(packed, [], "nothing is packaged before a site asks");
        // cork-fill-finish runs no model; austin-smt and stuttgart-body each have a gateway running vibration-anomaly.
        assert.deepEqual(
            ["cork-fill-finish", "austin-smt", "stuttgart-body", "cork-fill-finish"].map((s) => [s, keysOf(s)]),
            [
                ["cork-fill-finish", collector],
                ["austin-smt", [...collector, ...inference]],
                ["stuttgart-body", [...collector, ...inference]],
                ["cork-fill-finish", collector],
            ],
        );
        assert.deepEqual(packed, ["collector", "edge-inference"], "each component packaged once, inference when a site first needs it");
        assert.throws(() => keysOf("stuttgart"), { message: "buildArtifactKeys: no site stuttgart in the fleet" });
        // The keys follow the site given, not its position: without inference stuttgart-body needs the collector's only.
        for (const g of model.sites.find((s) => s.name === "stuttgart-body")!.gateways) g.edgeInference = undefined;
        assert.deepEqual(
            ["austin-smt", "stuttgart-body"].map((s) => buildArtifactKeys(model, pack)(s)),
            [[...collector, ...inference], collector],
        );
    });

    describe("fleet up (the CLI, a stand-in pulumi on PATH)", function () {
        this.timeout(120_000);
        let tmp: string;
        before(() => {
            tmp = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-up-artifacts-"));
            fs.cpSync(path.join(ROOT, "test", "fixtures", "model", "base"), path.join(tmp, "f"), { recursive: true });
            fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(tmp, "f", "Pulumi.yaml"));
            fs.mkdirSync(path.join(tmp, "bin"));
            // Records every call; `stack output` prints outputs.json; anything else (an update) fails.
            const script = [
                "#!/bin/sh",
                'echo "$*" >> "$(dirname "$0")/calls"',
                'case "$1 $2" in',
                '  "version "*) echo v3.248.0;;',
                '  "stack select") exit 0;;',
                '  "stack output") cat "$(dirname "$0")/outputs.json";;',
                '  *) echo "stand-in: not supported: $*" >&2; exit 3;;',
                "esac",
            ].join("\n");
            fs.writeFileSync(path.join(tmp, "bin", "pulumi"), `${script}\n`, { mode: 0o755 });
        });
        after(() => fs.rmSync(tmp, { recursive: true, force: true }));

        function up(args: string[], outputs: unknown): { status: number | null; stderr: string; calls: string[] } {
            fs.writeFileSync(path.join(tmp, "bin", "outputs.json"), JSON.stringify(outputs));
            fs.rmSync(path.join(tmp, "bin", "calls"), { force: true });
            const env = {
                ...process.env,
                PATH: `${path.join(tmp, "bin")}:${process.env.PATH}`,
                PULUMI_BACKEND_URL: `file://${tmp}/state`,
                AWS_PROFILE: "ops",
                CI: "true",
            };
            const r = spawnSync(process.execPath, [BIN, "up", ...args, "--yes", "--dir", path.join(tmp, "f")], { encoding: "utf8", env });
            const calls = fs.existsSync(path.join(tmp, "bin", "calls"))
                ? fs
                      .readFileSync(path.join(tmp, "bin", "calls"), "utf8")
                      .trim()
                      .split("\n")
                : [];
            return { status: r.status, stderr: r.stderr, calls: calls.map((c) => c.replace(/ --non-interactive$/, "")) };
        }

        it("a site stack whose platform was deployed from another build is refused before any update (exit 1)", () => {
            const r = up(["--stack", "eu-central-1.alpha"], { region: "eu-central-1", [SHARED_ARTIFACTS_OUTPUT]: [OLD] });
            assert.equal(r.status, 1, r.stderr);
            const lines = r.stderr.trim().split("\n");
            assert.equal(
                lines[0],
                "fleet: cannot run fleet up: 1 platform stack lacks the shared edge artifacts its site stacks would deploy (the gateways would fail to download them); no stack was changed",
            );
            assert.match(
                lines[1],
                /^ {2}- platform stack eu-central-1 has not uploaded 3 artifacts that site stack eu-central-1\.alpha of this build names \(it was last deployed from another build\): artifacts\/shared\/collector\/[0-9a-f]{64}\/collector\.zip, .*: run fleet up --stack eu-central-1 first \(or fleet up --all\)$/,
            );
            assert.deepEqual(r.calls.slice(1), [
                "stack select --stack eu-central-1",
                "stack output --json --stack eu-central-1",
                "stack output --json --show-secrets --stack eu-central-1",
            ]);
        });
    });
});
