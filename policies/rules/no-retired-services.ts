/** no-retired-services: the metadata and checks of one rule (see `details`). */
import { defineRule } from "../lib/define";
import { IOT_TOPIC_RULE_TYPES } from "../lib/iot";
import type { ResourceFinding, Rule } from "../lib/types";
import { get, list } from "../lib/values";

/** Type-token prefixes of retired services, with what to use instead. */
export const RETIRED: readonly [prefix: string, service: string, instead: string][] = [
    ["aws:iotanalytics/", "IoT Analytics", "an IoT rule into Kinesis, Firehose and the S3 data lake"],
    ["aws-native:iotanalytics:", "IoT Analytics", "an IoT rule into Kinesis, Firehose and the S3 data lake"],
    ["aws:iotevents/", "IoT Events", "Lambda consumers and Step Functions"],
    ["aws-native:iotevents:", "IoT Events", "Lambda consumers and Step Functions"],
    ["aws:kinesisanalytics/", "Kinesis Data Analytics for SQL", "Managed Service for Apache Flink (kinesisanalyticsv2) or Lambda"],
    ["aws-native:kinesisanalytics:", "Kinesis Data Analytics for SQL", "Managed Service for Apache Flink (kinesisanalyticsv2) or Lambda"],
    ["aws:timestreamwrite/", "Timestream for LiveAnalytics", "Timestream for InfluxDB"],
    ["aws:timestreamquery/", "Timestream for LiveAnalytics", "Timestream for InfluxDB"],
    ["aws-native:timestream:Database", "Timestream for LiveAnalytics", "Timestream for InfluxDB"],
    ["aws-native:timestream:Table", "Timestream for LiveAnalytics", "Timestream for InfluxDB"],
    ["aws-native:timestream:ScheduledQuery", "Timestream for LiveAnalytics", "Timestream for InfluxDB"],
    ["aws:appmesh/", "App Mesh", "ECS Service Connect"],
    ["aws-native:appmesh:", "App Mesh", "ECS Service Connect"],
    ["aws:greengrass/", "Greengrass V1", "Greengrass V2 (aws-native greengrassv2)"],
    ["aws-native:greengrass:", "Greengrass V1", "Greengrass V2 (aws-native greengrassv2)"],
    ["aws-native:forecast:", "Forecast", "SageMaker"],
];

export const rule: Rule = defineRule({
    name: "no-retired-services",
    severity: "mandatory",
    securitySeverity: 5.0,
    description: "No resource of a retired AWS service.",
    mirrors: "AWS service end-of-life notices",
    details:
        "No resource of a retired AWS service, and no IoT rule action into one: IoT Analytics (ended 2025-12-15), IoT Events, Kinesis Data Analytics for SQL (2026-01-27), Timestream for LiveAnalytics (closed to new customers 2025-06-20), App Mesh (2026-09-30), Greengrass V1 (2026-10-07), Forecast (closed to new customers 2024-07-29).",
    resource: {
        types: "*",
        check(r) {
            const out: ResourceFinding[] = [];
            const hit = RETIRED.find(([prefix]) => r.type.startsWith(prefix));
            if (hit) out.push({ message: `${r.type} is ${hit[1]}, which AWS retired; use ${hit[2]}` });
            if (IOT_TOPIC_RULE_TYPES.includes(r.type)) {
                const native = r.type === "aws-native:iot:TopicRule";
                const actions = native ? list(get(r.props, "topicRulePayload.actions")) : [r.props];
                const errorAction = native ? get(r.props, "topicRulePayload.errorAction") : r.props.errorAction;
                const keys = (o: unknown) =>
                    o && typeof o === "object"
                        ? Object.keys(o).filter((k) => (o as Record<string, unknown>)[k] !== undefined && list((o as Record<string, unknown>)[k]).length > 0)
                        : // Stryker disable next-line ArrayDeclaration: any key list of a non-object is filtered out by the retired-action pattern below
                          [];
                const used = new Set([...actions.flatMap(keys), ...keys(errorAction)].filter((k) => /^(iotAnalytics|iotEvents|timestreams?)$/.test(k)));
                for (const k of used)
                    out.push({
                        message: `the rule sends to ${k.startsWith("timestream") ? "Timestream for LiveAnalytics" : k === "iotAnalytics" ? "IoT Analytics" : "IoT Events"}, which AWS retired`,
                    });
            }
            return out;
        },
    },
});
