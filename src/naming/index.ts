/**
 * Every AWS name the tool derives from the fleet, site and gateway names, with the limits AWS
 * puts on it. The loader checks all of them, so a long site name fails in `fleet validate`,
 * not halfway through `pulumi up`.
 */
import { siteResourceNames } from "../model/names";

// The name rules and the names the loader checks live with the loader (the model layer).
export { NAME_RULES, nameProblem, siteNames, type NameKind, type NameRule } from "../model/names";

/** MQTT topic root of all device traffic: `fleet/<site>/<thing>/<channel>`. */
export const TOPIC_ROOT = "fleet";
export const CHANNELS = ["telemetry", "alarm", "status"] as const;
/** The channel edge inference publishes anomaly events on (`fleet/<site>/<thing>/anomaly`); rule: functions/edge-anomaly. */
export const ANOMALY_CHANNEL = "anomaly";

export const names = {
    /** The names the loader checks against AWS limits (src/model/names.ts). */
    ...siteResourceNames,
    /** Greengrass deployment name (one deployment per site thing group). */
    deployment: (fleet: string, site: string) => `${fleet}-${site}`,
    /** CloudWatch log group of a user component, as Greengrass's log manager names it. */
    componentLogGroup: (region: string, component: string) => `/aws/greengrass/UserComponent/${region}/${component}`,
    /** The site manifest object in the regional artifacts bucket. */
    siteManifestKey: (site: string) => `manifests/${site}.json`,
    /**
     * Prefix of the region's Greengrass component zips in the artifacts bucket: uploaded once per
     * region (the zips are the same build for every site) under content-addressed keys.
     */
    sharedArtifactsPrefix: () => "artifacts/shared/",
    /** The S3 key of a shared artifact (`artifacts/shared/<component>/<sha256>/<component>.zip`): what the platform uploads and the recipes name. */
    sharedArtifactKey: (key: string) => `${names.sharedArtifactsPrefix()}${key}`,
    /**
     * A gateway's copy of its site manifest: the token-exchange role, shared by the region, reads
     * it by the gateway's own thing name (src/iam/token-exchange.ts).
     */
    thingManifestKey: (thing: string) => `manifests/things/${thing}.json`,
    /** The region's table of enrolled serials (components/region/provisioning.ts, src/deploy/seed-enrolled.ts). */
    enrolledSerialsTable: (fleet: string) => `${fleet}-enrolled-serials`,
    /** A shared conduit rule group of a region with more sites than a firewall policy has room for. */
    shardRuleGroup: (fleet: string, shard: string) => `${fleet}-conduits-shard-${shard}`,
    egressRuleGroup: (fleet: string) => `${fleet}-egress`,
    firewall: (fleet: string) => `${fleet}-inspection`,
    firewallPolicy: (fleet: string) => `${fleet}-inspection`,
    /** Name tag of the site's landing VPC, customer gateway, VPN and Direct Connect gateway. */
    siteNetwork: (fleet: string, site: string) => `${fleet}-${site}`,
    topicPrefix: (site: string, thing: string) => `${TOPIC_ROOT}/${site}/${thing}`,
    anomalyTopic: (site: string, thing: string) => `${TOPIC_ROOT}/${site}/${thing}/${ANOMALY_CHANNEL}`,
} as const;
