/**
 * Greengrass V2 for a site: component recipes, the collector's configuration and the one
 * deployment that targets the site's thing group. Pure: model in, recipes and documents out.
 *
 * Size limits that shape this file (AWS IoT Greengrass V2 developer guide and API reference):
 * - a deployment to a thing group is delivered inline by AWS IoT jobs up to 31 KB; above that
 *   each core fetches it with `greengrass:GetDeploymentConfiguration` (allowed by the site
 *   policy), and a configuration merge may be up to 10,485,760 characters;
 * - we keep a site's deployment under DEPLOYMENT_BUDGET_BYTES so it always travels inline and
 *   stays a small Cloud Control request. When the collector's sensor map would push it over,
 *   the map moves to the site manifest in S3 (which the collector downloads, checked by its
 *   SHA-256) and the deployment keeps only per-gateway references.
 */
import * as crypto from "node:crypto";
import { CHANNELS, names } from "../naming";
import type { EdgeArch } from "./artifacts";
import { nodeComponentRecipe, type NodeComponentSpec } from "./node-recipe";
import type { FleetModel, GatewayModel, SensorModel, SiteModel } from "../model/types";

/** Public component versions the deployment pins (the nucleus comes from fleet defaults). */
export const STREAM_MANAGER_VERSION = "2.2.1";
/**
 * aws.greengrass.LogManager: uploads our components' logs to their log groups (Greengrass V2 developer guide, "Log manager",
 * https://docs.aws.amazon.com/greengrass/v2/developerguide/log-manager-component.html). That page (read 2026-12-06) lists the
 * 2.3.x line as current and recommends 2.3.5 or later (fewer configuration writes); 2.3.7 satisfies that. Whether 2.3.7 is the
 * newest 2.3.x could not be confirmed: the page's changelog table was not in the text available to us. Check the changelog
 * before a rollout; a newer patch changes every site's deployment (golden plans).
 */
export const LOG_MANAGER_VERSION = "2.3.7";
/** Seconds between log uploads (LogManager `periodicUploadIntervalSec`, default 300). */
export const LOG_UPLOAD_INTERVAL_SECONDS = 300;
/** major.minor of our own components' code; the patch is derived from the recipe content. */
export const COLLECTOR_CODE_VERSION = "1.0";
export const INFERENCE_CODE_VERSION = "1.0";

export const DEPLOYMENT_BUDGET_BYTES = 16 * 1024;
/** Stream manager's local stream for telemetry, exported to Kinesis. */
export const TELEMETRY_STREAM = "fleet-telemetry";
/**
 * The collector's local bus topic (Greengrass local publish/subscribe), as edge/lib/bus.ts
 * READINGS_TOPIC defines it (src/ may not import edge/; test/edge-runtime/recipe.test.ts checks they agree).
 */
export const LOCAL_READINGS_TOPIC = "fleet/local/readings";
/** Time components get to finish work before an update (NOTIFY_COMPONENTS). */
export const COMPONENT_UPDATE_TIMEOUT_SECONDS = 120;
export const CONFIGURATION_VALIDATION_TIMEOUT_SECONDS = 60;
/** Share of the uplink stream manager's exporter may use; the rest is MQTT and deployments. */
export const EXPORT_BANDWIDTH_SHARE = 0.8;

const MIB = 1024 * 1024;

/**
 * A component version whose patch number comes from the recipe content, so any change to a
 * recipe (artifact location, lifecycle, defaults) is a new version and never a conflicting
 * re-creation of an existing one. Component versions are immutable in Greengrass.
 */
export function contentVersion(base: string, recipeWithoutVersion: unknown): string {
    const digest = crypto.createHash("sha256").update(JSON.stringify(recipeWithoutVersion)).digest();
    return `${base}.${digest.readUInt32BE(0) % 1_000_000}`;
}

/** Topics of one gateway: `fleet/<site>/<thing>/<channel>`. */
export function gatewayTopics(site: string, thing: string): Record<(typeof CHANNELS)[number], string> {
    return Object.fromEntries(CHANNELS.map((c) => [c, `${names.topicPrefix(site, thing)}/${c}`])) as Record<(typeof CHANNELS)[number], string>;
}

export interface Recipe {
    RecipeFormatVersion: "2020-01-25";
    ComponentName: string;
    ComponentVersion: string;
    ComponentDescription: string;
    ComponentPublisher: string;
    ComponentDependencies?: Record<string, { VersionRequirement: string; DependencyType: "HARD" | "SOFT" }>;
    ComponentConfiguration: { DefaultConfiguration: Record<string, unknown> };
    Manifests: {
        Platform: { os: string; architecture?: string };
        Lifecycle: Record<string, unknown>;
        Artifacts: { Uri: string; Unarchive?: "ZIP" | "NONE" }[];
    }[];
}

/** Where a component's zip for one architecture lives: its key under the region's shared artifacts prefix. */
export interface ArtifactRef {
    arch: EdgeArch;
    /** `<component>/<sha256>/<component>.zip` (src/edge/artifacts.ts). */
    key: string;
}

/**
 * The S3 URI of an artifact, uploaded once per region (the same build serves every site):
 * `s3://<bucket>/artifacts/shared/<component>/<sha256>/<component>.zip`.
 */
export function artifactUri(artifactsBucket: string, key: string): string {
    return `s3://${artifactsBucket}/${names.sharedArtifactKey(key)}`;
}

/**
 * One of the fleet's Node components (node-recipe.ts): published by the fleet, its zip per
 * architecture in the region's artifacts bucket, and a version whose patch comes from the recipe
 * content (contentVersion).
 */
function fleetComponentRecipe(
    fleet: string,
    codeVersion: string,
    artifactsBucket: string,
    artifacts: readonly ArtifactRef[],
    spec: Omit<NodeComponentSpec, "componentVersion" | "publisher" | "artifactUris">,
): Recipe {
    const artifactUris = Object.fromEntries(artifacts.map((a) => [a.arch, artifactUri(artifactsBucket, a.key)]));
    const recipe = (componentVersion: string) => nodeComponentRecipe({ ...spec, componentVersion, publisher: `${fleet} fleet`, artifactUris });
    return recipe(contentVersion(codeVersion, recipe("0.0.0"))) as Recipe;
}

/**
 * The collector: reads the gateway's sensors from their PLCs, applies each sensor's transmit
 * mode at the edge, buffers telemetry in stream manager (exported to Kinesis) and publishes
 * alarms and status over IPC on the gateway's own topics. A Node component (node-recipe.ts): one
 * manifest per architecture with its content-addressed zip, Node checked in Install, and the IPC
 * access control it needs: PublishToIoTCore on its alarm and status topics only (telemetry goes to
 * stream manager, which needs no IPC authorization). The state directory is the component's work
 * folder ({work:path}), kept across updates.
 */
export function collectorRecipe(fleet: string, site: string, artifactsBucket: string, artifacts: readonly ArtifactRef[]): Recipe {
    const name = names.collectorComponent(fleet, site);
    const topic = (channel: string) => `${names.topicPrefix(site, "{iot:thingName}")}/${channel}`;
    return fleetComponentRecipe(fleet, COLLECTOR_CODE_VERSION, artifactsBucket, artifacts, {
        componentName: name,
        description: `Reads the sensors of site ${site} from their PLCs and sends what each sensor's transmit mode selects.`,
        artifact: "collector",
        args: "--greengrass --thing {iot:thingName} --state-dir {work:path} --budget-mib {configuration:/budgetMiB}",
        dependencies: {
            "aws.greengrass.StreamManager": { VersionRequirement: ">=2.0.0 <3.0.0", DependencyType: "HARD" },
            "aws.greengrass.TokenExchangeService": { VersionRequirement: ">=2.0.0 <3.0.0", DependencyType: "HARD" },
        },
        defaultConfiguration: {
            accessControl: {
                "aws.greengrass.ipc.mqttproxy": {
                    [`${name}:mqttproxy:1`]: {
                        policyDescription: "Publish alarms and status on the gateway's own topics only.",
                        operations: ["aws.greengrass#PublishToIoTCore"],
                        resources: [topic("alarm"), topic("status")],
                    },
                },
                "aws.greengrass.ipc.pubsub": {
                    [`${name}:pubsub:1`]: {
                        policyDescription: "Hand reading batches to edge inference on the local bus.",
                        operations: ["aws.greengrass#PublishToTopic"],
                        resources: [LOCAL_READINGS_TOPIC],
                    },
                },
            },
            site,
            budgetMiB: 64,
            gateways: {},
        },
    });
}

/**
 * Edge inference (edge/inference/main.ts): downloads the model its gateway runs
 * (`models/<model>/current.json`, then the version it names, SHA-256 checked) with the
 * token-exchange credentials, scores the collector's readings from local publish/subscribe and
 * publishes anomaly events. A Node component like the collector: one manifest per architecture with
 * its content-addressed zip (the bundle plus onnxruntime-web's WASM files), Node checked in Install,
 * and the IPC access control it needs: SubscribeToTopic on the collector's local bus topic
 * (LOCAL_READINGS_TOPIC) and PublishToIoTCore on its gateway's anomaly topic only. The model cache is the
 * component's work folder ({work:path}), kept across updates.
 */
export function inferenceRecipe(fleet: string, site: string, artifactsBucket: string, artifacts: readonly ArtifactRef[]): Recipe {
    const name = names.inferenceComponent(fleet, site);
    return fleetComponentRecipe(fleet, INFERENCE_CODE_VERSION, artifactsBucket, artifacts, {
        componentName: name,
        description: `Scores, with ONNX Runtime, the readings of each gateway of site ${site} that runs a model and publishes anomaly events.`,
        artifact: "edge-inference",
        args: "--greengrass --thing {iot:thingName} --cache-dir {work:path}",
        dependencies: {
            "aws.greengrass.TokenExchangeService": { VersionRequirement: ">=2.0.0 <3.0.0", DependencyType: "HARD" },
            [names.collectorComponent(fleet, site)]: { VersionRequirement: `>=${COLLECTOR_CODE_VERSION}.0 <2.0.0`, DependencyType: "SOFT" },
        },
        defaultConfiguration: {
            accessControl: {
                "aws.greengrass.ipc.pubsub": {
                    [`${name}:pubsub:1`]: {
                        policyDescription: "Receive the collector's reading batches on the local bus.",
                        operations: ["aws.greengrass#SubscribeToTopic"],
                        resources: [LOCAL_READINGS_TOPIC],
                    },
                },
                "aws.greengrass.ipc.mqttproxy": {
                    [`${name}:mqttproxy:1`]: {
                        policyDescription: "Publish anomaly events on the gateway's own anomaly topic only.",
                        operations: ["aws.greengrass#PublishToIoTCore"],
                        resources: [`${names.topicPrefix(site, "{iot:thingName}")}/anomaly`],
                    },
                },
            },
            gateways: {},
        },
    });
}

/** One sensor as the collector reads it: source, rate, transmit mode and thresholds. */
export function collectorSensor(s: SensorModel): Record<string, unknown> {
    const source = Object.fromEntries(Object.entries(s.source).filter(([, v]) => v !== undefined));
    return {
        kind: s.kind,
        unit: s.unit,
        sampleRateHz: s.sampleRateHz,
        transmit: s.transmit,
        ...(s.thresholds ? { thresholds: s.thresholds } : {}),
        ...(s.equipment ? { equipment: s.equipment } : {}),
        source,
    };
}

export interface CollectorInputs {
    artifactsBucket: string;
    telemetryStreamName: string;
    /** SHA-256 of the stored manifest, so the collector notices a new manifest. */
    manifestSha256: string;
}

export type SensorMapPlacement = "inline" | "manifest";

function gatewayEntry(site: SiteModel, g: GatewayModel): Record<string, unknown> {
    const sensors = site.sensors.filter((s) => s.gateway === g.name);
    return {
        gateway: g.name,
        topics: gatewayTopics(site.name, g.thingName),
        sensors: Object.fromEntries(sensors.map((s) => [s.name, collectorSensor(s)])),
    };
}

/**
 * The collector's configuration. Inline: per gateway thing name, its topics and sensors (with
 * sources, sample rates, transmit modes and thresholds). Manifest: no per-gateway entries at
 * all, so the deployment's size does not grow with the site; each collector finds its gateway
 * by thing name in the manifest (verified against `manifest.sha256`) and derives its topics from
 * `topicPattern`.
 */
export function collectorConfiguration(site: SiteModel, inputs: CollectorInputs, placement: SensorMapPlacement): Record<string, unknown> {
    const common = {
        site: site.name,
        sensorMap: placement,
        budgetMiB: site.connectivity.offlineBufferMiB,
        // the gateway's own copy: the nucleus replaces {iot:thingName} (interpolateComponentConfiguration, set
        // below; Greengrass V2 developer guide, "Greengrass nucleus", Configuration), and the region's
        // token-exchange role reads only the copy of the calling thing (src/iam/token-exchange.ts)
        manifest: { bucket: inputs.artifactsBucket, key: names.thingManifestKey("{iot:thingName}"), sha256: inputs.manifestSha256 },
        topicPattern: `${names.topicPrefix(site.name, "{thingName}")}/{channel}`,
        telemetry: {
            localStream: TELEMETRY_STREAM,
            kinesisStream: inputs.telemetryStreamName,
            maxSizeBytes: site.connectivity.offlineBufferMiB * MIB,
            strategyOnFull: "OverwriteOldestData",
        },
    };
    if (placement === "manifest") return common;
    const gateways = [...site.gateways].sort((a, b) => a.thingName.localeCompare(b.thingName));
    return { ...common, gateways: Object.fromEntries(gateways.map((g) => [g.thingName, gatewayEntry(site, g)])) };
}

/**
 * The models a site's gateways run (edgeInference), sorted and unique: what its edge-inference
 * component downloads and all its token-exchange role may read of `models/`.
 */
export function siteModels(site: SiteModel): string[] {
    return [...new Set(site.gateways.flatMap((g) => (g.edgeInference ? [g.edgeInference.model] : [])))].sort();
}

/**
 * Edge-inference configuration: the artifacts bucket (the component reads `models/<model>/current.json`
 * and the version it names, src/models/publish.ts modelKeys) and each asking gateway's model by
 * thing name. The same in both sensor-map placements (the site manifest carries no edgeInference):
 * a few dozen bytes per asking gateway, counted in the deployment budget like the rest.
 */
export function inferenceConfiguration(site: SiteModel, artifactsBucket: string): Record<string, unknown> {
    const asking = site.gateways.filter((g) => g.edgeInference).sort((a, b) => a.thingName.localeCompare(b.thingName));
    return { bucket: artifactsBucket, gateways: Object.fromEntries(asking.map((g) => [g.thingName, { model: g.edgeInference!.model }])) };
}

/**
 * Stream manager settings from the site: the exporter may use EXPORT_BANDWIDTH_SHARE of the
 * uplink (kilobits per second), clients must authenticate. The offline buffer itself is the
 * collector's stream size (telemetry.maxSizeBytes = offlineBufferMiB).
 */
export function streamManagerConfiguration(site: SiteModel): Record<string, string> {
    return {
        STREAM_MANAGER_AUTHENTICATE_CLIENT: "true",
        STREAM_MANAGER_EXPORTER_MAX_BANDWIDTH: String(Math.floor(site.connectivity.bandwidthKbps * EXPORT_BANDWIDTH_SHARE)),
        LOG_LEVEL: "INFO",
    };
}

/**
 * LogManager settings: upload our components' logs to `/aws/greengrass/UserComponent/<region>/<component>`
 * (the log groups the site identity creates, with their retention; the token-exchange role may write
 * only there), keep at most 25 MB of each on the gateway, and leave the nucleus's system logs local
 * (no log group exists for them). Keys as the Greengrass V2 developer guide, "Log manager",
 * Configuration, defines them for v2.2.0 and later: `logsUploaderConfiguration.systemLogsConfiguration`
 * (`uploadToCloudWatch`), `logsUploaderConfiguration.componentLogsConfigurationMap.<component>`
 * (`minimumLogLevel`, `diskSpaceLimit`, `diskSpaceLimitUnit`, `deleteLogFileAfterCloudUpload`) and
 * `periodicUploadIntervalSec`.
 */
export function logManagerConfiguration(fleet: string, site: SiteModel, inference: boolean): Record<string, unknown> {
    const components = [names.collectorComponent(fleet, site.name), ...(inference ? [names.inferenceComponent(fleet, site.name)] : [])];
    const perComponent = { minimumLogLevel: "INFO", diskSpaceLimit: "25", diskSpaceLimitUnit: "MB", deleteLogFileAfterCloudUpload: "false" };
    return {
        logsUploaderConfiguration: {
            systemLogsConfiguration: { uploadToCloudWatch: "false" },
            componentLogsConfigurationMap: Object.fromEntries(components.map((c) => [c, perComponent])),
        },
        periodicUploadIntervalSec: String(LOG_UPLOAD_INTERVAL_SECONDS),
    };
}

export interface ComponentSpec {
    componentVersion: string;
    configurationUpdate?: { merge?: string; reset?: string[] };
}

export interface DeploymentSpec {
    deploymentName: string;
    components: Record<string, ComponentSpec>;
    deploymentPolicies: {
        failureHandlingPolicy: "ROLLBACK";
        componentUpdatePolicy: { action: "NOTIFY_COMPONENTS"; timeoutInSeconds: number };
        configurationValidationPolicy: { timeoutInSeconds: number };
    };
    iotJobConfiguration: {
        jobExecutionsRolloutConfig: { maximumPerMinute: number };
        abortConfig: { criteriaList: { action: "CANCEL"; failureType: "ALL"; minNumberOfExecutedThings: number; thresholdPercentage: number }[] };
        timeoutConfig: { inProgressTimeoutInMinutes: number };
    };
}

export interface DeploymentInputs extends CollectorInputs {
    collectorVersion: string;
    /** Set when some gateway asks for edge inference. */
    inferenceVersion?: string;
}

/** Whether some gateway of the site asks for edge inference. */
export function needsInference(site: SiteModel): boolean {
    return site.gateways.some((g) => g.edgeInference);
}

function deploymentFor(fleet: FleetModel, site: SiteModel, inputs: DeploymentInputs, placement: SensorMapPlacement): DeploymentSpec {
    const components: Record<string, ComponentSpec> = {
        "aws.greengrass.Nucleus": {
            componentVersion: fleet.defaults.nucleusVersion,
            // recipe variables such as {iot:thingName} in our components' access control
            configurationUpdate: { merge: JSON.stringify({ interpolateComponentConfiguration: true }) },
        },
        "aws.greengrass.StreamManager": {
            componentVersion: STREAM_MANAGER_VERSION,
            configurationUpdate: { merge: JSON.stringify(streamManagerConfiguration(site)) },
        },
        "aws.greengrass.LogManager": {
            componentVersion: LOG_MANAGER_VERSION,
            configurationUpdate: { merge: JSON.stringify(logManagerConfiguration(fleet.name, site, !!inputs.inferenceVersion)) },
        },
        [names.collectorComponent(fleet.name, site.name)]: {
            componentVersion: inputs.collectorVersion,
            // reset first: a merge alone would keep sensors that the site file no longer lists
            configurationUpdate: { reset: [""], merge: JSON.stringify(collectorConfiguration(site, inputs, placement)) },
        },
    };
    if (inputs.inferenceVersion) {
        components[names.inferenceComponent(fleet.name, site.name)] = {
            componentVersion: inputs.inferenceVersion,
            configurationUpdate: { reset: [""], merge: JSON.stringify(inferenceConfiguration(site, inputs.artifactsBucket)) },
        };
    }
    const gateways = site.gateways.length;
    return {
        deploymentName: names.deployment(fleet.name, site.name),
        components,
        deploymentPolicies: {
            failureHandlingPolicy: "ROLLBACK",
            componentUpdatePolicy: { action: "NOTIFY_COMPONENTS", timeoutInSeconds: COMPONENT_UPDATE_TIMEOUT_SECONDS },
            configurationValidationPolicy: { timeoutInSeconds: CONFIGURATION_VALIDATION_TIMEOUT_SECONDS },
        },
        iotJobConfiguration: {
            jobExecutionsRolloutConfig: { maximumPerMinute: Math.min(1000, Math.max(1, Math.ceil(gateways / 10))) },
            abortConfig: {
                criteriaList: [
                    { action: "CANCEL", failureType: "ALL", minNumberOfExecutedThings: Math.min(5, Math.max(1, gateways)), thresholdPercentage: 20 },
                ],
            },
            timeoutConfig: { inProgressTimeoutInMinutes: 60 },
        },
    };
}

/** Bytes of the deployment as the API receives it (components, policies, target, tags). */
export function deploymentSize(spec: DeploymentSpec, targetArn: string, tags: Record<string, string>): number {
    return Buffer.byteLength(JSON.stringify({ targetArn, ...spec, tags }), "utf8");
}

/**
 * The site deployment: every component the site needs (one deployment per target replaces the
 * previous one). The sensor map is inline when the deployment fits the budget, else in the
 * manifest. Throws when even the manifest form cannot fit, naming the site.
 */
export function siteDeployment(
    fleet: FleetModel,
    site: SiteModel,
    inputs: DeploymentInputs,
    targetArn: string,
    tags: Record<string, string>,
): { spec: DeploymentSpec; placement: SensorMapPlacement; bytes: number } {
    for (const placement of ["inline", "manifest"] as const) {
        const spec = deploymentFor(fleet, site, inputs, placement);
        const bytes = deploymentSize(spec, targetArn, tags);
        if (bytes <= DEPLOYMENT_BUDGET_BYTES) return { spec, placement, bytes };
    }
    const bytes = deploymentSize(deploymentFor(fleet, site, inputs, "manifest"), targetArn, tags);
    throw new Error(
        `site ${site.name}: the Greengrass deployment is ${bytes} bytes even with the sensor map in the manifest (budget ${DEPLOYMENT_BUDGET_BYTES}); split the site's gateways across sites`,
    );
}
