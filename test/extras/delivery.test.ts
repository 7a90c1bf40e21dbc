import * as assert from "node:assert/strict";
import { parse } from "yaml";
import {
    backendUrl,
    checkBuildPolicy,
    checkBuildspec,
    deployBuildPolicy,
    deployBuildspec,
    deliveryKeyPolicy,
    pipelineLayout,
    pipelinePolicy,
    PULUMI_VERSION,
    secretsProvider,
} from "../../src/global/delivery";
import type { FleetModel } from "../../src/model/types";
import { allOptionsFleet, exampleFleet, matchSnapshot, unknownActions } from "./helpers";

const backend = { stateBucket: "acme-state-1a2b", homeRegion: "eu-central-1", secretsKeyAlias: "alias/acme-pulumi" };
const scope = { partition: "aws", region: "eu-central-1", account: "123456789012" };
const KEY = "arn:aws:kms:eu-central-1:123456789012:key/k";
const ARTIFACTS = "arn:aws:s3:::acme-pipeline-artifacts";

interface Buildspec {
    version: number;
    env: { variables: Record<string, string> };
    phases: Record<string, { "runtime-versions"?: Record<string, string>; commands: string[] }>;
    artifacts?: { files: string[] };
}

describe("extras: delivery build specifications", () => {
    it("check: installs, builds, validates, then runs the policy pack as SARIF, in that order", () => {
        const text = checkBuildspec();
        matchSnapshot("check.buildspec.yml", text);
        const spec = parse(text) as Buildspec;
        assert.equal(spec.version, 0.2);
        assert.deepEqual(Object.keys(spec.phases), ["install", "build"]);
        assert.deepEqual(spec.phases.install["runtime-versions"], { nodejs: "20" });
        const commands = [...spec.phases.install.commands, ...spec.phases.build.commands];
        assert.deepEqual(commands, ["npm ci", "npm run build", "node bin/fleet.js validate", "node bin/fleet.js check --format sarif > fleet-check.sarif"]);
        assert.deepEqual(spec.env.variables, { CI: "true", NPM_CONFIG_UPDATE_NOTIFIER: "false" });
        assert.deepEqual(spec.artifacts?.files, ["fleet-check.sarif"]);
    });

    it("deploy: assumes the region's deploy role, logs in to the S3 backend, then runs fleet up for that region only", () => {
        const text = deployBuildspec("us-east-2", backend);
        matchSnapshot("deploy-us-east-2.buildspec.yml", text);
        const spec = parse(text) as Buildspec;
        assert.deepEqual(Object.keys(spec.phases), ["install", "pre_build", "build"]);
        assert.deepEqual(spec.env.variables, {
            CI: "true",
            NPM_CONFIG_UPDATE_NOTIFIER: "false",
            FLEET_REGION: "us-east-2",
            AWS_PROFILE: "fleet-deploy",
            AWS_SDK_LOAD_CONFIG: "1",
            PULUMI_BACKEND_URL: "s3://acme-state-1a2b?region=eu-central-1&awssdk=v2",
            PULUMI_SKIP_UPDATE_CHECK: "true",
            FLEET_SECRETS_PROVIDER: "awskms://alias/acme-pulumi?region=eu-central-1",
        });
        assert.deepEqual(spec.phases.install.commands, [`curl -fsSL https://get.pulumi.com | sh -s -- --version ${PULUMI_VERSION}`, "npm ci"]);
        assert.deepEqual(spec.phases.pre_build.commands, [
            'aws configure set profile.fleet-deploy.role_arn "$DEPLOY_ROLE_ARN"',
            "aws configure set profile.fleet-deploy.credential_source EcsContainer",
            'aws configure set profile.fleet-deploy.role_session_name "fleet-deploy-us-east-2"',
            "aws configure set profile.fleet-deploy.region us-east-2",
        ]);
        assert.deepEqual(spec.phases.build.commands, [
            'export PATH="$HOME/.pulumi/bin:$PATH"',
            "npm run build",
            "node bin/fleet.js up --region us-east-2 --yes",
        ]);
    });

    it("keeps each region's deploy to its own region", () => {
        for (const region of ["eu-central-1", "us-east-2"]) {
            const text = deployBuildspec(region, backend);
            const other = region === "eu-central-1" ? "us-east-2" : "eu-central-1";
            assert.ok(text.includes(`fleet.js up --region ${region} --yes`));
            assert.ok(!text.includes(`--region ${other}`), `${region} buildspec mentions ${other}`);
        }
    });

    it("pins the Pulumi CLI to the SDK version in package.json", () => {
        const pkg = require("../../../package.json") as { dependencies: Record<string, string> };
        assert.equal(PULUMI_VERSION, pkg.dependencies["@pulumi/pulumi"]);
    });

    it("derives the backend URL and secrets provider", () => {
        assert.equal(backendUrl(backend), "s3://acme-state-1a2b?region=eu-central-1&awssdk=v2");
        assert.equal(secretsProvider(backend), "awskms://alias/acme-pulumi?region=eu-central-1");
    });
});

describe("extras: pipeline stage layout", () => {
    const names = (fleet: FleetModel) =>
        pipelineLayout(fleet).map((s) => [s.name, s.actions.map((a) => `${a.name}${"runOrder" in a ? `@${a.runOrder}` : ""}`)]);

    it("example fleet (no production region): source, check, every region in parallel", () => {
        assert.deepEqual(names(exampleFleet()), [
            ["source", ["source"]],
            ["check", ["fleet-check@1"]],
            ["deploy", ["deploy-eu-central-1@1", "deploy-us-east-2@1"]],
        ]);
    });

    it("a production region waits for a manual approval after the others", () => {
        const layout = pipelineLayout(allOptionsFleet());
        assert.deepEqual(names(allOptionsFleet()), [
            ["source", ["source"]],
            ["check", ["fleet-check@1"]],
            ["deploy", ["deploy-us-east-2@1"]],
            ["approve-production", ["approve@1"]],
            ["deploy-production", ["deploy-eu-central-1@1"]],
        ]);
        assert.deepEqual(layout[3].actions[0], { kind: "approval", name: "approve", runOrder: 1, regions: ["eu-central-1"] });
        assert.deepEqual(layout[4].actions[0], {
            kind: "build",
            name: "deploy-eu-central-1",
            project: "acme-deploy-eu-central-1",
            runOrder: 1,
            region: "eu-central-1",
        });
    });

    it("all regions in production: no unapproved deploy stage", () => {
        const fleet = exampleFleet();
        const prod = { ...fleet, regions: fleet.regions.map((r) => ({ ...r, production: true })) };
        assert.deepEqual(
            pipelineLayout(prod).map((s) => s.name),
            ["source", "check", "approve-production", "deploy-production"],
        );
    });

    it("does not depend on the order of regions in fleet.yaml", () => {
        const fleet = allOptionsFleet();
        assert.deepEqual(pipelineLayout({ ...fleet, regions: [...fleet.regions].reverse() }), pipelineLayout(fleet));
    });
});

describe("extras: delivery roles", () => {
    it("lets a deploy build assume only its region's deploy role", () => {
        const p = deployBuildPolicy(scope, "acme", "us-east-2", ARTIFACTS, KEY, "arn:aws:iam::123456789012:role/acme-deploy-us-east-2");
        assert.deepEqual(
            p.Statement.find((s) => s.Sid === "AssumeRegionDeployRole"),
            {
                Sid: "AssumeRegionDeployRole",
                Effect: "Allow",
                Action: ["sts:AssumeRole"],
                Resource: ["arn:aws:iam::123456789012:role/acme-deploy-us-east-2"],
            },
        );
        assert.deepEqual(p.Statement.find((s) => s.Sid === "PipelineArtifacts")!.Action, ["s3:GetObject", "s3:GetObjectVersion"]);
        assert.deepEqual(p.Statement.find((s) => s.Sid === "OwnLogs")!.Resource, [
            "arn:aws:logs:eu-central-1:123456789012:log-group:/aws/codebuild/acme-deploy-us-east-2",
            "arn:aws:logs:eu-central-1:123456789012:log-group:/aws/codebuild/acme-deploy-us-east-2:*",
        ]);
    });

    it("no delivery role has a wildcard action or an unknown action", async () => {
        const docs = [
            checkBuildPolicy(scope, "acme", ARTIFACTS, KEY),
            deployBuildPolicy(scope, "acme", "eu-central-1", ARTIFACTS, KEY, "arn:aws:iam::123456789012:role/acme-deploy-eu-central-1"),
            pipelinePolicy(scope, {
                artifactsBucketArn: ARTIFACTS,
                kmsKeyArn: KEY,
                projectArns: ["arn:aws:codebuild:eu-central-1:123456789012:project/acme-check"],
                connectionArn: "arn:aws:codeconnections:eu-central-1:123456789012:connection/x",
                approvalTopicArn: "arn:aws:sns:eu-central-1:123456789012:a",
            }),
        ];
        for (const d of docs) assert.ok(!d.Statement.some((s) => s.Action.some((a) => a.includes("*"))), JSON.stringify(d));
        assert.deepEqual(await unknownActions(...docs, deliveryKeyPolicy(scope)), []);
    });

    it("grants the source connection only when the pipeline uses one", () => {
        const base = { artifactsBucketArn: ARTIFACTS, kmsKeyArn: KEY, projectArns: [], approvalTopicArn: "arn:aws:sns:eu-central-1:123456789012:a" };
        assert.ok(!pipelinePolicy(scope, base).Statement.some((s) => s.Sid === "Source"));
        assert.deepEqual(pipelinePolicy(scope, { ...base, connectionArn: "arn:c" }).Statement.find((s) => s.Sid === "Source")!.Resource, ["arn:c"]);
    });

    it("lets CloudWatch Logs use the key only for CodeBuild log groups of this account", () => {
        const logs = deliveryKeyPolicy(scope).Statement.find((s) => s.Sid === "BuildLogs")!;
        assert.deepEqual(logs.Principal, { Service: "logs.eu-central-1.amazonaws.com" });
        assert.deepEqual(logs.Condition, {
            ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:eu-central-1:123456789012:log-group:/aws/codebuild/*" },
        });
    });
});
