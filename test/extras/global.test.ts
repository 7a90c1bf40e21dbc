import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import type { FleetModel } from "../../src/model/types";
import { allOptionsFleet, exampleFleet } from "./helpers";
import { observeRegistrations } from "../helpers/monitor";

interface Recorded {
    type: string;
    name: string;
    inputs: Record<string, any>;
    /** The mock's answer: what a stack export would hold as outputs. */
    outputs: Record<string, any>;
}

/** Names of the resources registered with `protect: true`, by `type::name`. */
const protectedResources = new Set<string>();

/** Run the `global` program under Pulumi mocks and record every resource it registers. */
async function runGlobal(
    model: FleetModel,
    settings: import("../../src/program/global").GlobalSettings,
): Promise<{ resources: Recorded[]; outputs: Record<string, unknown> }> {
    const resources: Recorded[] = [];
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                const physical = (args.inputs.name as string | undefined) ?? args.name;
                const service = (args.type.split(":")[1] ?? "").split("/")[0];
                const state = {
                    ...args.inputs,
                    arn: `arn:aws:${service}:${settings.homeRegion}:123456789012:${physical}`,
                    name: physical,
                    bucket: args.type === "aws:s3/bucket:Bucket" ? `${args.name}-bucket` : undefined,
                    keyId: `${args.name}-key-id`,
                };
                resources.push({ type: args.type, name: args.name, inputs: args.inputs, outputs: state });
                return { id: `${args.name}-id`, state };
            },
            call: (args) => {
                switch (args.token) {
                    case "aws:index/getCallerIdentity:getCallerIdentity":
                        return { accountId: "123456789012" };
                    case "aws:index/getPartition:getPartition":
                        return { partition: "aws" };
                    case "aws:index/getRegion:getRegion":
                        return { name: settings.homeRegion, region: settings.homeRegion };
                    default:
                        return {};
                }
            },
        },
        "fleet",
        "global",
        false,
    );
    observeRegistrations((req) => {
        if (req.getProtect?.() === true) protectedResources.add(`${req.getType()}::${req.getName()}`);
    });
    const { buildGlobal, globalOutputs } = require("../../src/program/global") as typeof import("../../src/program/global");
    const stack = buildGlobal(model, settings);
    const outputs = globalOutputs(stack);
    const settingsModule = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };
    await settingsModule.waitForRPCs();
    const resolved: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(outputs)) {
        const o = pulumi.output(v as pulumi.Input<string>) as pulumi.Output<unknown>;
        resolved[k] = await new Promise((res) => o.apply((x) => res(x)));
    }
    return { resources, outputs: resolved };
}

const S3_SOURCE = { kind: "s3" as const, objectKey: "source/fleet.zip" };

describe("extras: the global stack under mocks", function () {
    this.timeout(120_000);
    let run: { resources: Recorded[]; outputs: Record<string, unknown> };
    const one = (type: string, name?: string) => {
        const found = run.resources.filter((r) => r.type === type && (name === undefined || r.name === name));
        assert.equal(found.length, 1, `expected one ${type} ${name ?? ""}, found ${found.length}`);
        return found[0];
    };

    before(async () => {
        run = await runGlobal(allOptionsFleet(), { homeRegion: "eu-central-1", source: { kind: "connection", repository: "acme/fleet", branch: "main" } });
    });

    it("keeps state in a protected, versioned, KMS-encrypted, TLS-only bucket under a rotating key", () => {
        const key = one("aws:kms/key:Key", "state");
        assert.equal(key.inputs.enableKeyRotation, true);
        assert.equal(key.inputs.deletionWindowInDays, 30);
        assert.equal(one("aws:kms/alias:Alias", "state").inputs.name, "alias/acme-pulumi");
        assert.deepEqual(one("aws:s3/bucketVersioning:BucketVersioning", "state-versioning").inputs.versioningConfiguration, { status: "Enabled" });
        const sse = one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "state-encryption").inputs.rules[0];
        assert.equal(sse.applyServerSideEncryptionByDefault.sseAlgorithm, "aws:kms");
        assert.equal(sse.applyServerSideEncryptionByDefault.kmsMasterKeyId, "arn:aws:kms:eu-central-1:123456789012:state");
        const policy = JSON.parse(one("aws:s3/bucketPolicy:BucketPolicy", "state-policy").inputs.policy);
        assert.equal(policy.Statement[0].Condition.Bool["aws:SecureTransport"], false);
        const lifecycle = one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "state-lifecycle").inputs.rules[0];
        assert.equal(lifecycle.expiration, undefined, "current state is never expired");
        assert.deepEqual(lifecycle.noncurrentVersionExpiration, { noncurrentDays: 365 });
    });

    it("exports how to log in to the backend", () => {
        assert.equal(run.outputs.backendUrl, "s3://state-bucket?region=eu-central-1&awssdk=v2");
        assert.equal(run.outputs.secretsProvider, "awskms://alias/acme-pulumi?region=eu-central-1");
        assert.equal(run.outputs.pipeline, "acme-delivery");
        assert.deepEqual(run.outputs.deployBuildRoles, {
            "eu-central-1": "arn:aws:iam:eu-central-1:123456789012:acme-deploy-eu-central-1",
            "us-east-2": "arn:aws:iam:eu-central-1:123456789012:acme-deploy-us-east-2",
        });
    });

    it("builds a V2 pipeline: source, check, staging regions, approval, production regions", () => {
        const p = one("aws:codepipeline/pipeline:Pipeline").inputs;
        assert.equal(p.pipelineType, "V2");
        assert.deepEqual(p.artifactStores, [
            { type: "S3", location: "pipeline-artifacts-bucket", encryptionKey: { id: "arn:aws:kms:eu-central-1:123456789012:state", type: "KMS" } },
        ]);
        const layout = p.stages.map((s: any) => [s.name, s.actions.map((a: any) => `${a.category}:${a.name}:${a.runOrder ?? "-"}`)]);
        assert.deepEqual(layout, [
            ["source", ["Source:source:-"]],
            ["check", ["Build:fleet-check:1"]],
            ["deploy", ["Build:deploy-us-east-2:1"]],
            ["approve-production", ["Approval:approve:1"]],
            ["deploy-production", ["Build:deploy-eu-central-1:1"]],
        ]);
        const source = p.stages[0].actions[0];
        assert.equal(source.provider, "CodeStarSourceConnection");
        assert.deepEqual(source.configuration, {
            ConnectionArn: "arn:aws:codestarconnections:eu-central-1:123456789012:acme-source",
            FullRepositoryId: "acme/fleet",
            BranchName: "main",
            OutputArtifactFormat: "CODE_ZIP",
            DetectChanges: "true",
        });
        const approval = p.stages[3].actions[0];
        assert.equal(approval.provider, "Manual");
        assert.equal(approval.configuration.CustomData, "Deploy production regions: eu-central-1");
        assert.equal(p.stages[4].actions[0].configuration.ProjectName, "acme-deploy-eu-central-1");
    });

    it("runs each region's deploy in its own project with the region's buildspec and deploy role", () => {
        const project = one("aws:codebuild/project:Project", "acme-deploy-us-east-2").inputs;
        assert.equal(project.environment.privilegedMode, false);
        assert.equal(project.environment.image, "aws/codebuild/standard:7.0");
        assert.deepEqual(project.environment.environmentVariables, [
            { name: "DEPLOY_ROLE_ARN", value: "arn:aws:iam::123456789012:role/acme-deploy-us-east-2", type: "PLAINTEXT" },
        ]);
        assert.equal(project.encryptionKey, "arn:aws:kms:eu-central-1:123456789012:state");
        const spec = parse(project.source.buildspec);
        assert.deepEqual(spec.phases.build.commands.slice(-1), ["node bin/fleet.js up --region us-east-2 --yes"]);
        assert.equal(spec.env.variables.PULUMI_BACKEND_URL, "s3://state-bucket?region=eu-central-1&awssdk=v2");
        const role = JSON.parse(one("aws:iam/rolePolicy:RolePolicy", "acme-deploy-us-east-2").inputs.policy);
        assert.deepEqual(role.Statement.find((s: any) => s.Sid === "AssumeRegionDeployRole").Resource, [
            "arn:aws:iam::123456789012:role/acme-deploy-us-east-2",
        ]);
        const check = one("aws:codebuild/project:Project", "acme-check").inputs;
        assert.match(check.source.buildspec, /node bin\/fleet\.js check --format sarif > fleet-check\.sarif/);
        assert.deepEqual(check.environment.environmentVariables, []);
    });

    it("encrypts build logs and approvals with the backend key", () => {
        for (const name of ["acme-check", "acme-deploy-eu-central-1", "acme-deploy-us-east-2"]) {
            const logs = one("aws:cloudwatch/logGroup:LogGroup", name).inputs;
            assert.equal(logs.kmsKeyId, "arn:aws:kms:eu-central-1:123456789012:state");
            assert.equal(logs.name, `/aws/codebuild/${name}`);
        }
        assert.equal(one("aws:sns/topic:Topic", "production-approvals").inputs.kmsMasterKeyId, "arn:aws:kms:eu-central-1:123456789012:state");
    });

    it("lets the pipeline start only its own builds and use only its connection", () => {
        const policy = JSON.parse(one("aws:iam/rolePolicy:RolePolicy", "pipeline").inputs.policy);
        const builds = policy.Statement.find((s: any) => s.Sid === "RunBuilds");
        assert.deepEqual(builds.Resource.sort(), [
            "arn:aws:codebuild:eu-central-1:123456789012:acme-check",
            "arn:aws:codebuild:eu-central-1:123456789012:acme-deploy-eu-central-1",
            "arn:aws:codebuild:eu-central-1:123456789012:acme-deploy-us-east-2",
        ]);
        assert.deepEqual(policy.Statement.find((s: any) => s.Sid === "Source").Resource, ["arn:aws:codestarconnections:eu-central-1:123456789012:acme-source"]);
    });

    it("protects the state key and buckets against deletion", () => {
        assert.deepEqual([...protectedResources].sort(), [
            "aws:kms/key:Key::state",
            "aws:s3/bucket:Bucket::access-logs",
            "aws:s3/bucket:Bucket::pipeline-artifacts",
            "aws:s3/bucket:Bucket::state",
        ]);
    });

    it("uses an S3 source when no repository is configured, with no connection", async () => {
        const s3 = await runGlobal(exampleFleet(), {
            homeRegion: "us-east-2",
            source: S3_SOURCE,
            deployRoleArns: { "eu-central-1": "arn:aws:iam::210987654321:role/eu-deployer" },
        });
        assert.equal(s3.resources.filter((r) => r.type === "aws:codestarconnections/connection:Connection").length, 0);
        const p = s3.resources.find((r) => r.type === "aws:codepipeline/pipeline:Pipeline")!.inputs;
        assert.deepEqual(p.stages[0].actions[0].configuration, {
            S3Bucket: "pipeline-artifacts-bucket",
            S3ObjectKey: "source/fleet.zip",
            PollForSourceChanges: "false",
        });
        assert.deepEqual(
            p.stages.map((s: any) => s.name),
            ["source", "check", "deploy"],
        );
        const eu = s3.resources.find((r) => r.type === "aws:codebuild/project:Project" && r.name === "acme-deploy-eu-central-1")!.inputs;
        assert.equal(eu.environment.environmentVariables[0].value, "arn:aws:iam::210987654321:role/eu-deployer");
        assert.ok(
            !JSON.parse(s3.resources.find((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.name === "pipeline")!.inputs.policy).Statement.some(
                (s: any) => s.Sid === "Source",
            ),
        );
    });
});

describe("extras: the policy pack on the global stack", function () {
    this.timeout(120_000);
    it("finds nothing to report", async () => {
        const { evaluate } = require("../../src/check/engine") as typeof import("../../src/check/engine");
        const run = await runGlobal(allOptionsFleet(), {
            homeRegion: "eu-central-1",
            source: { kind: "connection", repository: "acme/fleet", branch: "main" },
        });
        const resources = run.resources.map((r) => ({
            type: r.type,
            name: r.name,
            urn: `urn:pulumi:global::fleet::${r.type}::${r.name}`,
            props: r.inputs,
            outputs: r.outputs,
            protect: protectedResources.has(`${r.type}::${r.name}`),
        }));
        const findings = evaluate({ resources, sites: [] }).findings.map((f) => `${f.rule} ${f.type} ${f.name}: ${f.message}`);
        assert.deepEqual(findings, []);
    });
});

describe("extras: global stack settings", () => {
    const { globalSettings, isGlobalStack } = require("../../src/program/global") as typeof import("../../src/program/global");
    const config = (values: Record<string, unknown>) => ({
        get: (k: string) => values[k] as string | undefined,
        getObject: <T>(k: string) => values[k] as T | undefined,
    });

    it("is selected by the stack name `global` only", () => {
        assert.equal(isGlobalStack("global"), true);
        assert.equal(isGlobalStack("eu-central-1"), false);
    });

    it("defaults to the first region and an S3 source", () => {
        assert.deepEqual(globalSettings(exampleFleet(), config({})), { homeRegion: "eu-central-1", source: S3_SOURCE, deployRoleArns: undefined });
        assert.deepEqual(globalSettings(exampleFleet(), config({ repository: "acme/fleet", branch: "release" })).source, {
            kind: "connection",
            repository: "acme/fleet",
            branch: "release",
        });
    });

    it("names what to fix in bad settings", () => {
        assert.throws(() => globalSettings(exampleFleet(), config({ repository: "fleet" })), {
            message: 'fleet:repository "fleet" must be "owner/name", e.g. "acme/fleet"',
        });
        assert.throws(() => globalSettings(exampleFleet(), config({ deployRoleArns: { "eu-west-9": "arn:aws:iam::123456789012:role/x" } })), {
            message: 'fleet:deployRoleArns names region "eu-west-9", which is not in fleet.yaml; known: eu-central-1, us-east-2',
        });
        assert.throws(() => globalSettings(exampleFleet(), config({ deployRoleArns: { "eu-central-1": "deployer" } })), {
            message: 'fleet:deployRoleArns.eu-central-1 "deployer" is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)',
        });
    });
});
