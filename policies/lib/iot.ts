/** IoT policy resources and their documents. */
import { parsePolicyDocument, type ParsedDocument } from "./policy-doc";
import type { RuleResource } from "./types";

/** IoT policy types: the classic provider's and the Cloud Control one's. */
export const IOT_POLICY_TYPES = ["aws:iot/policy:Policy", "aws-native:iot:Policy"] as const;

/** The IoT policy document of a resource: `policy` (aws, a JSON string) or `policyDocument` (aws-native). */
export function iotPolicyDocument(r: RuleResource): ParsedDocument {
    return parsePolicyDocument(r.type === "aws-native:iot:Policy" ? r.props.policyDocument : r.props.policy);
}

/** The policy variable that scopes a statement to the connected thing. */
export const THING_VAR = "${iot:Connection.Thing.ThingName}";

/** Whether a name segment is one explicit value: no IAM wildcard, no MQTT wildcard, no variable that can be anything. */
export function isExplicit(segment: string): boolean {
    return segment.length > 0 && !/[*?+#]/.test(segment) && !segment.includes("${iot:ClientId}") && !segment.includes("${iot:Connection.Thing.Attributes");
}

/** A thing segment is scoped when it is the connected thing's name or one explicit name. */
export function isThingScoped(segment: string): boolean {
    return segment === THING_VAR || (isExplicit(segment) && !segment.includes("${"));
}

/** `topic/...` and `topicfilter/...` resources: the MQTT part, else undefined. */
export function topicOf(resource: string): string | undefined {
    const m = /^(?:arn:[^:]*:iot:[^:]*:[^:]*:)?(topic|topicfilter)\/(.*)$/.exec(resource);
    return m ? m[2] : undefined;
}

/** `client/...` resources: the client id part, else undefined. */
export function clientOf(resource: string): string | undefined {
    const m = /^(?:arn:[^:]*:iot:[^:]*:[^:]*:)?client\/(.*)$/.exec(resource);
    return m ? m[1] : undefined;
}

/** MQTT topics of fleet provisioning (what a claim certificate may use). */
export function isProvisioningTopic(topic: string): boolean {
    return /^\$aws\/certificates\/create(-from-csr)?\/[^/]/.test(topic) || /^\$aws\/provisioning-templates\/[A-Za-z0-9_-]+\/provision\/[^/]/.test(topic);
}

/** Data-plane actions that name topics. */
export const TOPIC_ACTIONS = ["iot:Publish", "iot:Subscribe", "iot:Receive", "iot:RetainPublish"] as const;
