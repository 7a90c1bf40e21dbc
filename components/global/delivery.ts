import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { FleetModel } from "../../src/model/types";
import {
    BUILD_IMAGE,
    checkBuildPolicy,
    checkBuildspec,
    checkProjectName,
    deployBuildPolicy,
    deployBuildspec,
    deployProjectName,
    deployRoleName,
    pipelineLayout,
    pipelineName,
    pipelinePolicy,
    type DeliveryScope,
    type PipelineAction,
} from "../../src/global/delivery";
import { toJson } from "../../src/iam";
import { secureBucket } from "../region/secure-bucket";
import { callerScope, iamServiceRole } from "../region/trust";
import { pick } from "../../src/util/pick";
import type { TaggedArgs } from "../region/refs";

/** Where the pipeline gets the fleet repository from. */
export type DeliverySource =
    /** A GitHub (or GitLab/Bitbucket) repository through an AWS CodeConnections connection. */
    | { kind: "connection"; repository: string; branch: string; providerType?: "GitHub" | "GitLab" | "Bitbucket" }
    /** A zip of the repository uploaded to `s3://<artifacts>/<objectKey>` (air-gapped setups). */
    | { kind: "s3"; objectKey: string };

export interface DeliveryPipelineArgs extends TaggedArgs {
    fleet: FleetModel;
    /** The region of the `global` stack (state bucket, key, pipeline). */
    homeRegion: string;
    /** The Pulumi backend the deploy builds log in to. */
    backend: { stateBucketName: pulumi.Input<string>; keyArn: pulumi.Input<string>; keyAlias: string; accessLogBucketName?: pulumi.Input<string> };
    source: DeliverySource;
    /**
     * The role each region's deploy build assumes, by region.
     * @default `arn:<partition>:iam::<this account>:role/<fleet>-deploy-<region>` for every region
     */
    deployRoleArns?: Record<string, string>;
}

/**
 * The delivery pipeline (CodePipeline V2): source → `check` (validate + policy pack, SARIF) →
 * every non-production region deployed in parallel → a manual approval → every production
 * region in parallel. Each build is its own CodeBuild project with its own least-privilege
 * role; a deploy build's only AWS right is to assume its region's deploy role (which holds the
 * broad rights a Pulumi deployment needs, and access to the state bucket and key — created by
 * the platform team per target account; see docs/architecture.md). Artifacts and build logs
 * are encrypted with the backend key.
 */
export class DeliveryPipeline extends pulumi.ComponentResource {
    readonly pipelineName: pulumi.Output<string>;
    readonly artifactsBucketName: pulumi.Output<string>;
    readonly approvalTopicArn: pulumi.Output<string>;
    /** The CodeBuild role of each region's deploy project: what each deploy role must trust. */
    readonly deployBuildRoleArns: Record<string, pulumi.Output<string>> = {};
    /** The CodeConnections connection: PENDING until a console user completes the handshake. */
    readonly connectionArn?: pulumi.Output<string>;

    constructor(name: string, args: DeliveryPipelineArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fleet:global:DeliveryPipeline", name, {}, opts);
        const parent = { parent: this };
        const { fleet, tags, backend } = args;
        const { identity, partition } = callerScope(this);
        const scope = pulumi
            .all([partition.partition, identity.accountId])
            .apply(([p, a]): DeliveryScope => ({ partition: p, region: args.homeRegion, account: a }));
        const keyArn = pulumi.output(backend.keyArn);
        const backendSettings = pulumi
            .output(backend.stateBucketName)
            .apply((stateBucket) => ({ stateBucket, homeRegion: args.homeRegion, secretsKeyAlias: backend.keyAlias }));

        const artifacts = secureBucket(
            "pipeline-artifacts",
            {
                kmsKeyArn: keyArn,
                tags,
                noncurrentDays: 7,
                expireDays: 30,
                ...(backend.accessLogBucketName ? { accessLogs: { bucket: backend.accessLogBucketName, prefix: "access-logs/pipeline-artifacts/" } } : {}),
            },
            this,
        );
        const approvals = new aws.sns.Topic("production-approvals", { kmsMasterKeyId: keyArn, tags }, parent);
        const connection =
            args.source.kind === "connection"
                ? new aws.codestarconnections.Connection(
                      "source",
                      { name: `${fleet.name}-source`, providerType: args.source.providerType ?? "GitHub", tags },
                      parent,
                  )
                : undefined;

        const roles = new Map<string, aws.iam.Role>();
        const project = (projectName: string, buildspec: pulumi.Input<string>, policy: pulumi.Input<string>, env: Record<string, pulumi.Input<string>>) => {
            const { role, policy: rolePolicy } = iamServiceRole(projectName, "codebuild.amazonaws.com", { account: identity.accountId, tags, policy }, parent);
            const logs = new aws.cloudwatch.LogGroup(
                projectName,
                { name: `/aws/codebuild/${projectName}`, retentionInDays: 365, kmsKeyId: keyArn, tags },
                parent,
            );
            roles.set(projectName, role);
            return new aws.codebuild.Project(
                projectName,
                {
                    name: projectName,
                    serviceRole: role.arn,
                    encryptionKey: keyArn,
                    buildTimeout: 60,
                    queuedTimeout: 60,
                    artifacts: { type: "CODEPIPELINE" },
                    source: { type: "CODEPIPELINE", buildspec },
                    environment: {
                        type: "LINUX_CONTAINER",
                        computeType: "BUILD_GENERAL1_MEDIUM",
                        image: BUILD_IMAGE,
                        imagePullCredentialsType: "CODEBUILD",
                        privilegedMode: false,
                        environmentVariables: Object.entries(env).map(([n, value]) => ({ name: n, value, type: "PLAINTEXT" })),
                    },
                    logsConfig: { cloudwatchLogs: { status: "ENABLED", groupName: logs.name }, s3Logs: { status: "DISABLED" } },
                    tags,
                },
                { parent: this, dependsOn: [rolePolicy] },
            );
        };

        const projects = new Map<string, aws.codebuild.Project>();
        const checkName = checkProjectName(fleet.name);
        projects.set(
            checkName,
            project(
                checkName,
                checkBuildspec(),
                pulumi.all([scope, artifacts.arn, keyArn]).apply(([s, b, k]) => toJson(checkBuildPolicy(s, fleet.name, b, k))),
                {},
            ),
        );
        for (const region of [...fleet.regions].sort((a, b) => a.name.localeCompare(b.name))) {
            const projectName = deployProjectName(fleet.name, region.name);
            const roleArn = pulumi
                .all([partition.partition, identity.accountId])
                .apply(([p, a]) => args.deployRoleArns?.[region.name] ?? `arn:${p}:iam::${a}:role/${deployRoleName(fleet.name, region.name)}`);
            projects.set(
                projectName,
                project(
                    projectName,
                    backendSettings.apply((b) => deployBuildspec(region.name, b)),
                    pulumi.all([scope, artifacts.arn, keyArn, roleArn]).apply(([s, b, k, r]) => toJson(deployBuildPolicy(s, fleet.name, region.name, b, k, r))),
                    { DEPLOY_ROLE_ARN: roleArn },
                ),
            );
        }

        for (const region of fleet.regions) this.deployBuildRoleArns[region.name] = roles.get(deployProjectName(fleet.name, region.name))!.arn;

        const { role: pipelineRole, policy: pipelineRolePolicy } = iamServiceRole(
            "pipeline",
            "codepipeline.amazonaws.com",
            {
                account: identity.accountId,
                tags,
                policy: pulumi
                    .all([scope, artifacts.arn, keyArn, pulumi.all([...projects.values()].map((p) => p.arn)), connection?.arn, approvals.arn])
                    .apply(([s, b, k, projectArns, connectionArn, topicArn]) =>
                        toJson(pipelinePolicy(s, { artifactsBucketArn: b, kmsKeyArn: k, projectArns, connectionArn, approvalTopicArn: topicArn })),
                    ),
            },
            parent,
        );

        const actionContext: ActionContext = {
            source: args.source,
            connectionArn: connection?.arn,
            artifactsBucket: artifacts.bucket,
            projectName: (key) => projects.get(key)!.name,
            approvalTopicArn: approvals.arn,
        };
        const pipeline = new aws.codepipeline.Pipeline(
            "delivery",
            {
                name: pipelineName(fleet.name),
                pipelineType: "V2",
                executionMode: "QUEUED",
                roleArn: pipelineRole.arn,
                artifactStores: [{ type: "S3", location: artifacts.bucket, encryptionKey: { id: keyArn, type: "KMS" } }],
                stages: pipelineLayout(fleet).map((stage) => ({ name: stage.name, actions: stage.actions.map((x) => stageAction(x, actionContext)) })),
                tags,
            },
            { parent: this, dependsOn: [pipelineRolePolicy] },
        );
        this.pipelineName = pipeline.name;
        this.artifactsBucketName = artifacts.bucket;
        this.approvalTopicArn = approvals.arn;
        this.connectionArn = connection?.arn;
        this.registerOutputs(pick(this, ["pipelineName", "artifactsBucketName", "approvalTopicArn", "deployBuildRoleArns", "connectionArn"]));
    }
}

/** What a pipeline action refers to: the source, the artifacts bucket, the build projects, the approval topic. */
interface ActionContext {
    source: DeliveryPipelineArgs["source"];
    connectionArn?: pulumi.Output<string>;
    artifactsBucket: pulumi.Output<string>;
    projectName: (key: string) => pulumi.Output<string>;
    approvalTopicArn: pulumi.Output<string>;
}

/** One action of the pipeline layout (src/global/delivery.ts) as CodePipeline takes it. */
function stageAction(a: PipelineAction, ctx: ActionContext): aws.types.input.codepipeline.PipelineStageAction {
    switch (a.kind) {
        case "source":
            return ctx.source.kind === "connection"
                ? {
                      name: a.name,
                      category: "Source",
                      owner: "AWS",
                      provider: "CodeStarSourceConnection",
                      version: "1",
                      outputArtifacts: ["source"],
                      configuration: {
                          ConnectionArn: ctx.connectionArn!,
                          FullRepositoryId: ctx.source.repository,
                          BranchName: ctx.source.branch,
                          OutputArtifactFormat: "CODE_ZIP",
                          DetectChanges: "true",
                      },
                  }
                : {
                      name: a.name,
                      category: "Source",
                      owner: "AWS",
                      provider: "S3",
                      version: "1",
                      outputArtifacts: ["source"],
                      configuration: { S3Bucket: ctx.artifactsBucket, S3ObjectKey: ctx.source.objectKey, PollForSourceChanges: "false" },
                  };
        case "build":
            return {
                name: a.name,
                category: "Build",
                owner: "AWS",
                provider: "CodeBuild",
                version: "1",
                runOrder: a.runOrder,
                inputArtifacts: ["source"],
                ...(a.region ? {} : { outputArtifacts: ["check-report"] }),
                configuration: { ProjectName: ctx.projectName(a.project) },
            };
        case "approval":
            return {
                name: a.name,
                category: "Approval",
                owner: "AWS",
                provider: "Manual",
                version: "1",
                runOrder: a.runOrder,
                configuration: { NotificationArn: ctx.approvalTopicArn, CustomData: `Deploy production regions: ${a.regions.join(", ")}` },
            };
    }
}
