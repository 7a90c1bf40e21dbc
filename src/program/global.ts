/**
 * The `global` stack: the Pulumi backend (state bucket + KMS key) and the delivery pipeline.
 * Selected when the stack name is `global`; every other stack is a region.
 *
 * Configuration (namespace `fleet`):
 *   homeRegion     region of the stack's resources          @default the first region of fleet.yaml
 *   repository     `owner/name` of the fleet repository     @default - S3 source `source/fleet.zip`
 *   branch         branch the pipeline follows              @default main
 *   deployRoleArns { <region>: <role ARN> }                 @default <fleet>-deploy-<region> here
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DeliveryPipeline, type DeliverySource } from "../../components/global/delivery";
import { PulumiBackend } from "../../components/global/state";
import { backendUrl } from "../global/delivery";
import { FleetError } from "../model/diagnostics";
import type { FleetModel } from "../model/types";

export const GLOBAL_STACK = "global";

export function isGlobalStack(stack: string): boolean {
    return stack === GLOBAL_STACK;
}

export interface GlobalSettings {
    homeRegion: string;
    source: DeliverySource;
    deployRoleArns?: Record<string, string>;
}

export interface GlobalStack {
    backend: PulumiBackend;
    delivery: DeliveryPipeline;
    settings: GlobalSettings;
}

/** Settings from the stack configuration, checked; defaults as documented above. */
export function globalSettings(model: FleetModel, config: { get(key: string): string | undefined; getObject<T>(key: string): T | undefined }): GlobalSettings {
    const homeRegion = config.get("homeRegion") ?? model.regions[0]?.name;
    if (!homeRegion) throw new FleetError("fleet.yaml has no regions; the global stack needs a home region (set fleet:homeRegion)", [], 2);
    const repository = config.get("repository");
    if (repository !== undefined && !/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repository)) {
        throw new FleetError(`fleet:repository ${JSON.stringify(repository)} must be "owner/name", e.g. "acme/fleet"`, [], 2);
    }
    const deployRoleArns = config.getObject<Record<string, string>>("deployRoleArns");
    for (const [region, arn] of Object.entries(deployRoleArns ?? {})) {
        if (!model.regions.some((r) => r.name === region)) {
            throw new FleetError(
                `fleet:deployRoleArns names region ${JSON.stringify(region)}, which is not in fleet.yaml; known: ${model.regions.map((r) => r.name).join(", ")}`,
                [],
                2,
            );
        }
        if (!/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/.test(arn)) {
            throw new FleetError(`fleet:deployRoleArns.${region} ${JSON.stringify(arn)} is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)`, [], 2);
        }
    }
    const source: DeliverySource = repository
        ? { kind: "connection", repository, branch: config.get("branch") ?? "main" }
        : { kind: "s3", objectKey: "source/fleet.zip" };
    return { homeRegion, source, deployRoleArns };
}

export function buildGlobal(model: FleetModel, settings: GlobalSettings): GlobalStack {
    const tags = { ...model.tags, "fleet:name": model.name, "fleet:region": settings.homeRegion, "fleet:stack": GLOBAL_STACK, "fleet:managed-by": "fleet" };
    const provider = new aws.Provider("aws", { region: settings.homeRegion as aws.Region, defaultTags: { tags } });
    const backend = new PulumiBackend("backend", { fleet: model.name, tags }, { providers: [provider] });
    const delivery = new DeliveryPipeline(
        "delivery",
        {
            fleet: model,
            tags,
            homeRegion: settings.homeRegion,
            backend: {
                stateBucketName: backend.stateBucketName,
                keyArn: backend.keyArn,
                keyAlias: backend.keyAlias,
                accessLogBucketName: backend.accessLogBucketName,
            },
            source: settings.source,
            deployRoleArns: settings.deployRoleArns,
        },
        { providers: [provider] },
    );
    return { backend, delivery, settings };
}

/** What the global stack exports: how to log in, where to upload, what to approve. */
export function globalOutputs(stack: GlobalStack): Record<string, pulumi.Input<unknown>> {
    return {
        stateBucket: stack.backend.stateBucketName,
        backendUrl: stack.backend.stateBucketName.apply((b) =>
            backendUrl({ stateBucket: b, homeRegion: stack.settings.homeRegion, secretsKeyAlias: stack.backend.keyAlias }),
        ),
        secretsProvider: `awskms://${stack.backend.keyAlias}?region=${stack.settings.homeRegion}`,
        pipeline: stack.delivery.pipelineName,
        pipelineArtifactsBucket: stack.delivery.artifactsBucketName,
        approvalTopic: stack.delivery.approvalTopicArn,
        deployBuildRoles: stack.delivery.deployBuildRoleArns,
        ...(stack.delivery.connectionArn ? { sourceConnection: stack.delivery.connectionArn } : {}),
    };
}

/**
 * The program of the `global` stack, for src/program/index.ts:
 * `module.exports = isGlobalStack(pulumi.getStack()) ? globalProgram(model) : <region program>`.
 */
export function globalProgram(model: FleetModel): Record<string, pulumi.Input<unknown>> {
    return globalOutputs(buildGlobal(model, globalSettings(model, new pulumi.Config("fleet"))));
}
