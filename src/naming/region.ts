/**
 * Names of the regional analytics resources. They derive only from the fleet name (at most 16
 * characters of `[a-z0-9-]`, checked by the loader), so every one of them fits its AWS limit for
 * any valid fleet; `regionNameProblems` proves it for a given fleet and the tests run it on the
 * longest fleet name the schema admits.
 */
import { ANOMALY_CHANNEL, TOPIC_ROOT, names } from "./index";

/** Glue and Athena accept lowercase letters, digits and `_` only. */
const glue = (s: string) => s.toLowerCase().replace(/[^a-z0-9_]/g, "_");
/** IoT topic rule names accept letters, digits and `_` only. */
const rule = (s: string) => s.replace(/[^a-zA-Z0-9_]/g, "_");

export const regionNames = {
    stream: (fleet: string) => `${fleet}-telemetry`,
    firehose: (fleet: string) => `${fleet}-telemetry-lake`,
    glueDatabase: (fleet: string) => `${glue(fleet)}_telemetry`,
    glueTable: () => "readings",
    athenaWorkgroup: (fleet: string) => `${fleet}-telemetry`,
    telemetryRule: (fleet: string) => `${rule(fleet)}_telemetry`,
    alarmRule: (fleet: string) => `${rule(fleet)}_alarm`,
    /** The rule of the gateways' anomaly channel (edge inference → the fleet event bus). */
    anomalyRule: (fleet: string) => `${rule(fleet)}_anomaly`,
    /** The scheduled lake jobs: state machine and schedule `<fleet>-<job>` (job: model-retraining, forecasting). */
    job: (fleet: string, job: string) => `${fleet}-${job}`,
    eventBus: (fleet: string) => `${fleet}-fleet-events`,
    influxInstance: (fleet: string) => `${fleet}-telemetry`,
    influxOrganization: (fleet: string) => fleet,
    influxBucket: () => "telemetry",
    maintenanceCluster: (fleet: string) => `${fleet}-maintenance`,
    maintenanceDatabase: () => "maintenance",
    stateMachine: (fleet: string) => `${fleet}-maintenance-workflow`,
    alertTopic: (fleet: string, severity: string) => `${fleet}-alerts-${severity}`,
    registryTable: (fleet: string) => `${fleet}-equipment-registry`,
    grafanaWorkspace: (fleet: string, region: string) => `${fleet}-${region}`,
    /** Lambda function names: `<fleet>-<function>`, e.g. `acme-anomaly-scorer`. */
    lambda: (fleet: string, fn: string) => `${fleet}-${fn}`,
} as const;

/** MQTT topic filters the IoT rules select from: `fleet/+/+/telemetry` and `fleet/+/+/alarm`. */
export const topicFilters = {
    telemetry: `${TOPIC_ROOT}/+/+/telemetry`,
    alarm: `${TOPIC_ROOT}/+/+/alarm`,
    anomaly: `${TOPIC_ROOT}/+/+/${ANOMALY_CHANNEL}`,
} as const;

/** EventBridge `source` and `detail-type` of anomaly events. */
export const ANOMALY_SOURCE = "fleet.anomaly-scorer";
/** The source of anomaly events a gateway's edge inference raised (functions/edge-anomaly). */
export const EDGE_ANOMALY_SOURCE = "fleet.edge-inference";
export const ANOMALY_DETAIL_TYPE = "Equipment Anomaly";

/** S3 key of a site manifest in the artifacts bucket (written by the site edge stack). */
export const MANIFEST_PREFIX = "manifests/";
export const manifestKey = (site: string): string => names.siteManifestKey(site);

/** Limits of the names above; returns what is wrong, empty when every name fits. */
export function regionNameProblems(fleet: string, region: string): string[] {
    const checks: [string, string, number, RegExp][] = [
        ["Kinesis stream name", regionNames.stream(fleet), 128, /^[a-zA-Z0-9_.-]+$/],
        ["Firehose stream name", regionNames.firehose(fleet), 64, /^[a-zA-Z0-9_.-]+$/],
        ["Glue database name", regionNames.glueDatabase(fleet), 255, /^[a-z0-9_]+$/],
        ["Athena workgroup name", regionNames.athenaWorkgroup(fleet), 128, /^[a-zA-Z0-9._-]+$/],
        ["IoT topic rule name", regionNames.telemetryRule(fleet), 128, /^[a-zA-Z0-9_]+$/],
        ["IoT topic rule name", regionNames.alarmRule(fleet), 128, /^[a-zA-Z0-9_]+$/],
        ["IoT topic rule name", regionNames.anomalyRule(fleet), 128, /^[a-zA-Z0-9_]+$/],
        ["Step Functions state machine name", regionNames.job(fleet, "model-retraining"), 80, /^[a-zA-Z0-9_-]+$/],
        ["EventBridge Scheduler schedule name", regionNames.job(fleet, "model-retraining"), 64, /^[0-9a-zA-Z-_.]+$/],
        ["EventBridge bus name", regionNames.eventBus(fleet), 256, /^[.\-_A-Za-z0-9]+$/],
        ["Timestream for InfluxDB instance name", regionNames.influxInstance(fleet), 40, /^[a-zA-Z](?!.*--)[a-zA-Z0-9-]*[a-zA-Z0-9]$/],
        ["Aurora cluster identifier", regionNames.maintenanceCluster(fleet), 63, /^[a-z](?!.*--)[a-z0-9-]*[a-z0-9]$/],
        ["Step Functions state machine name", regionNames.stateMachine(fleet), 80, /^[a-zA-Z0-9_-]+$/],
        ["SNS topic name", regionNames.alertTopic(fleet, "critical"), 256, /^[a-zA-Z0-9_-]+$/],
        ["DynamoDB table name", regionNames.registryTable(fleet), 255, /^[a-zA-Z0-9_.-]+$/],
        ["Grafana workspace name", regionNames.grafanaWorkspace(fleet, region), 255, /^[a-zA-Z0-9-._~]+$/],
        ["Lambda function name", regionNames.lambda(fleet, "work-order-ack-request"), 64, /^[a-zA-Z0-9_-]+$/],
    ];
    const out: string[] = [];
    for (const [what, name, max, pattern] of checks) {
        if (name.length > max) out.push(`${what} ${JSON.stringify(name)} is ${name.length} characters; AWS allows at most ${max}`);
        else if (!pattern.test(name)) out.push(`${what} ${JSON.stringify(name)} has characters AWS does not accept`);
    }
    return out;
}
