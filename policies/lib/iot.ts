/** IoT policy resources and their documents. */
import { parsePolicyDocument, type ParsedDocument, type Statement } from "./policy-doc";
import { defineRule } from "./define";
import { type ResourceFinding, type Rule, type RuleMeta, type RuleResource, unknownValue } from "./types";

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

/** What a statement check of an IoT policy rule sees besides the statement. */
export interface IotPolicyContext {
    /** The policy resource. */
    resource: RuleResource;
    /** Every statement of its document. */
    statements: readonly Statement[];
}

/**
 * A rule over the statements of IoT policies: parses each policy's document, reports an
 * unknown document as unknown (not a violation) and yields what `check` finds in each statement,
 * in statement order. A document that does not parse is reported by `invalid` when given;
 * otherwise the rule says nothing about it (iot-policy-no-wildcard-action reports it once).
 */
export function iotPolicyRule(
    meta: RuleMeta,
    check: (s: Statement, ctx: IotPolicyContext) => Iterable<ResourceFinding>,
    opts: { invalid?: (error: string) => ResourceFinding } = {},
): Rule {
    return defineRule({
        ...meta,
        resource: {
            types: IOT_POLICY_TYPES,
            check(r) {
                const doc = iotPolicyDocument(r);
                if (!doc.ok) {
                    if (doc.unknown) return [unknownValue("the policy document")];
                    return opts.invalid ? [opts.invalid(doc.error)] : [];
                }
                const ctx: IotPolicyContext = { resource: r, statements: doc.statements };
                return doc.statements.flatMap((s) => [...check(s, ctx)]);
            },
        },
    });
}
