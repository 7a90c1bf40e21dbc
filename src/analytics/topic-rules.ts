/**
 * IoT Core topic rules: SQL that selects device messages and enriches them with the site and
 * thing taken from the topic (`fleet/<site>/<thing>/<channel>`; topic(1) is `fleet`).
 */
import { topicFilters } from "../naming/region";
import type { Channel } from "./telemetry";

/** The SQL of the rule for one channel (SQL version 2016-03-23). */
export function topicRuleSql(channel: Channel): string {
    return `SELECT *, topic(2) AS site, topic(3) AS thing, '${channel}' AS channel, timestamp() AS received_at FROM '${topicFilters[channel]}'`;
}

/**
 * Kinesis partition key: one gateway's messages go to one shard, in order, so a stream consumer
 * sees each sensor's readings in sequence (the anomaly scorer's rolling statistics rely on it).
 */
export const KINESIS_PARTITION_KEY = "${topic(2)}/${topic(3)}";

/**
 * The rule of the anomaly channel: the edge-inference event with the site and thing of its topic
 * (the gateway's IoT policy lets it publish only below its own `fleet/<site>/<thing>/`), for
 * functions/edge-anomaly.
 */
export function anomalyRuleSql(): string {
    return `SELECT *, topic(2) AS topic_site, topic(3) AS topic_thing FROM '${topicFilters.anomaly}'`;
}

export const TOPIC_RULE_SQL_VERSION = "2016-03-23";
