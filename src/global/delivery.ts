/**
 * The delivery pipeline of the `global` stack, as data: CodeBuild build specifications (YAML
 * text), the stage layout of the CodePipeline, and the IAM documents of its roles. The
 * component (components/global/delivery.ts) only maps this onto resources.
 *
 *   source ─► check (fleet validate + fleet check) ─► deploy (non-production regions, parallel)
 *          ─► approve-production (manual) ─► deploy-production (production regions, parallel)
 */
import { stringify } from "yaml";
import type { FleetModel } from "../model/types";
import { doc, type PolicyDocument } from "../iam";

/** The Pulumi CLI the deploy builds install; keep in step with @pulumi/pulumi in package.json. */
export const PULUMI_VERSION = "3.248.0";
/** CodeBuild managed image with Node.js 20 and 22 (Amazon Linux 2023 standard 5.0 / Ubuntu 7.0). */
export const BUILD_IMAGE = "aws/codebuild/standard:7.0";
export const NODE_RUNTIME = "20";
/** The AWS CLI profile under which deploy builds run: the region's deploy role. */
export const DEPLOY_PROFILE = "fleet-deploy";
export const SARIF_FILE = "fleet-check.sarif";

export interface BackendSettings {
    /** The Pulumi state bucket. */
    stateBucket: string;
    /** The region of the state bucket and its key (the `global` stack's region). */
    homeRegion: string;
    /** KMS alias of the key Pulumi encrypts stack secrets with, e.g. `alias/acme-pulumi`. */
    secretsKeyAlias: string;
}

/** `pulumi login` URL of the self-managed backend (AWS SDK v2 code path of the S3 backend). */
export function backendUrl(b: BackendSettings): string {
    return `s3://${b.stateBucket}?region=${b.homeRegion}&awssdk=v2`;
}

/** Secrets provider for new stacks: the state key, so no passphrase lives in the pipeline. */
export function secretsProvider(b: BackendSettings): string {
    return `awskms://${b.secretsKeyAlias}?region=${b.homeRegion}`;
}

/** The check build: install, compile, validate the fleet files, run the policy pack (SARIF). */
export function checkBuildspec(): string {
    return stringify(
        {
            version: 0.2,
            env: { variables: { CI: "true", NPM_CONFIG_UPDATE_NOTIFIER: "false" } },
            phases: {
                install: { "runtime-versions": { nodejs: NODE_RUNTIME }, commands: ["npm ci"] },
                build: {
                    commands: ["npm run build", "node bin/fleet.js validate", `node bin/fleet.js check --format sarif > ${SARIF_FILE}`],
                },
            },
            artifacts: { files: [SARIF_FILE], "discard-paths": "yes" },
        },
        { lineWidth: 0 },
    );
}

/**
 * The deploy build of one region: install the Pulumi CLI, assume the region's deploy role
 * through an AWS CLI profile (credential_source EcsContainer: CodeBuild's own credentials),
 * then `fleet up` that region against the self-managed backend.
 */
export function deployBuildspec(region: string, backend: BackendSettings): string {
    return stringify(
        {
            version: 0.2,
            env: {
                variables: {
                    CI: "true",
                    NPM_CONFIG_UPDATE_NOTIFIER: "false",
                    FLEET_REGION: region,
                    AWS_PROFILE: DEPLOY_PROFILE,
                    AWS_SDK_LOAD_CONFIG: "1",
                    PULUMI_BACKEND_URL: backendUrl(backend),
                    PULUMI_SKIP_UPDATE_CHECK: "true",
                    FLEET_SECRETS_PROVIDER: secretsProvider(backend),
                },
            },
            phases: {
                install: {
                    "runtime-versions": { nodejs: NODE_RUNTIME },
                    commands: [`curl -fsSL https://get.pulumi.com | sh -s -- --version ${PULUMI_VERSION}`, "npm ci"],
                },
                pre_build: {
                    commands: [
                        `aws configure set profile.${DEPLOY_PROFILE}.role_arn "$DEPLOY_ROLE_ARN"`,
                        `aws configure set profile.${DEPLOY_PROFILE}.credential_source EcsContainer`,
                        `aws configure set profile.${DEPLOY_PROFILE}.role_session_name "fleet-deploy-${region}"`,
                        `aws configure set profile.${DEPLOY_PROFILE}.region ${region}`,
                    ],
                },
                build: {
                    commands: ['export PATH="$HOME/.pulumi/bin:$PATH"', "npm run build", `node bin/fleet.js up --region ${region} --yes`],
                },
            },
        },
        { lineWidth: 0 },
    );
}

export type PipelineAction =
    | { kind: "source"; name: string }
    | { kind: "build"; name: string; project: string; runOrder: number; region?: string }
    | { kind: "approval"; name: string; runOrder: number; regions: string[] };

export interface PipelineStage {
    name: string;
    actions: PipelineAction[];
}

/** CodeBuild project names, `[A-Za-z0-9][A-Za-z0-9_-]{1,254}`. */
export const checkProjectName = (fleet: string) => `${fleet}-check`;
export const deployProjectName = (fleet: string, region: string) => `${fleet}-deploy-${region}`;
/** The role each region's deploy build assumes (created per target account by the platform team). */
export const deployRoleName = (fleet: string, region: string) => `${fleet}-deploy-${region}`;
export const pipelineName = (fleet: string) => `${fleet}-delivery`;

/**
 * The stages: source, check, then the non-production regions in parallel (one action each, the
 * same runOrder), then — when any region is `production: true` — a manual approval stage and the
 * production regions in parallel. Regions sorted by name; names derive from the region only.
 */
export function pipelineLayout(fleet: FleetModel): PipelineStage[] {
    const regions = [...fleet.regions].sort((a, b) => a.name.localeCompare(b.name));
    const deployAction = (region: string): PipelineAction => ({
        kind: "build",
        name: `deploy-${region}`,
        project: deployProjectName(fleet.name, region),
        runOrder: 1,
        region,
    });
    const stages: PipelineStage[] = [
        { name: "source", actions: [{ kind: "source", name: "source" }] },
        { name: "check", actions: [{ kind: "build", name: "fleet-check", project: checkProjectName(fleet.name), runOrder: 1 }] },
    ];
    const staging = regions.filter((r) => !r.production).map((r) => r.name);
    const production = regions.filter((r) => r.production).map((r) => r.name);
    if (staging.length > 0) stages.push({ name: "deploy", actions: staging.map(deployAction) });
    if (production.length > 0) {
        stages.push({ name: "approve-production", actions: [{ kind: "approval", name: "approve", runOrder: 1, regions: production }] });
        stages.push({ name: "deploy-production", actions: production.map(deployAction) });
    }
    return stages;
}

export interface DeliveryScope {
    partition: string;
    region: string;
    account: string;
}

const logGroupArn = (s: DeliveryScope, project: string) => `arn:${s.partition}:logs:${s.region}:${s.account}:log-group:/aws/codebuild/${project}`;

/** A CodeBuild project's role: its own logs, the pipeline's artifacts, the delivery key. */
function buildBase(s: DeliveryScope, project: string, artifactsBucketArn: string, kmsKeyArn: string, write: boolean): PolicyDocument["Statement"] {
    return [
        {
            Sid: "OwnLogs",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: [logGroupArn(s, project), `${logGroupArn(s, project)}:*`],
        },
        {
            Sid: "PipelineArtifacts",
            Effect: "Allow",
            Action: write ? ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"] : ["s3:GetObject", "s3:GetObjectVersion"],
            Resource: [`${artifactsBucketArn}/*`],
        },
        { Sid: "DeliveryKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: [kmsKeyArn] },
    ];
}

/** The check build reads the source and writes the SARIF report; nothing else. */
export function checkBuildPolicy(s: DeliveryScope, fleet: string, artifactsBucketArn: string, kmsKeyArn: string): PolicyDocument {
    return doc(...buildBase(s, checkProjectName(fleet), artifactsBucketArn, kmsKeyArn, true));
}

/** A deploy build reads the source and may only assume its region's deploy role. */
export function deployBuildPolicy(
    s: DeliveryScope,
    fleet: string,
    region: string,
    artifactsBucketArn: string,
    kmsKeyArn: string,
    deployRoleArn: string,
): PolicyDocument {
    return doc(...buildBase(s, deployProjectName(fleet, region), artifactsBucketArn, kmsKeyArn, false), {
        Sid: "AssumeRegionDeployRole",
        Effect: "Allow",
        Action: ["sts:AssumeRole"],
        Resource: [deployRoleArn],
    });
}

/** The pipeline's role: artifacts, its own builds, the source connection, approvals topic. */
export function pipelinePolicy(
    s: DeliveryScope,
    a: { artifactsBucketArn: string; kmsKeyArn: string; projectArns: string[]; connectionArn?: string; sourceObjectArn?: string; approvalTopicArn: string },
): PolicyDocument {
    const statements: PolicyDocument["Statement"] = [
        {
            Sid: "Artifacts",
            Effect: "Allow",
            Action: ["s3:GetBucketVersioning", "s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"],
            Resource: [a.artifactsBucketArn, `${a.artifactsBucketArn}/*`],
        },
        { Sid: "DeliveryKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: [a.kmsKeyArn] },
        { Sid: "RunBuilds", Effect: "Allow", Action: ["codebuild:BatchGetBuilds", "codebuild:StartBuild"], Resource: a.projectArns },
        { Sid: "NotifyApprovers", Effect: "Allow", Action: ["sns:Publish"], Resource: [a.approvalTopicArn] },
    ];
    if (a.connectionArn) {
        statements.push({ Sid: "Source", Effect: "Allow", Action: ["codestar-connections:UseConnection"], Resource: [a.connectionArn] });
    }
    return doc(...statements);
}

/**
 * The state key's policy: the account administers it (IAM policies grant use), CloudWatch Logs
 * of this region may use it for the build log groups, SNS for the approvals topic.
 */
export function deliveryKeyPolicy(s: DeliveryScope): PolicyDocument {
    return doc(
        {
            Sid: "AccountAdministers",
            Effect: "Allow",
            Principal: { AWS: `arn:${s.partition}:iam::${s.account}:root` },
            Action: ["kms:*"],
            Resource: ["*"],
        },
        {
            Sid: "BuildLogs",
            Effect: "Allow",
            Principal: { Service: `logs.${s.region}.amazonaws.com` },
            Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*", "kms:DescribeKey"],
            Resource: ["*"],
            Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:${s.partition}:logs:${s.region}:${s.account}:log-group:/aws/codebuild/*` } },
        },
    );
}
