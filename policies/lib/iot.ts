/** IoT policy resources and their documents. */
import { parsePolicyDocument, type ParsedDocument, type Statement } from "./policy-doc";
import { globRegExp } from "./actions";
import { parseArn } from "./arn";
import { defineRule } from "./define";
import { type ResourceFinding, type Rule, type RuleMeta, type RuleResource, unknownValue } from "./types";

/** IoT policy types: the classic provider's and the Cloud Control one's. */
export const IOT_POLICY_TYPES = ["aws:iot/policy:Policy", "aws-native:iot:Policy"] as const;

/** IoT certificate types: the classic provider's and the Cloud Control one's. */
export const IOT_CERTIFICATE_TYPES = ["aws:iot/certificate:Certificate", "aws-native:iot:Certificate"] as const;

/** The classic provider's attachment of a principal (certificate) to a thing; aws-native's is `aws-native:iot:ThingPrincipalAttachment`. */
export const IOT_ATTACHMENT = "aws:iot/thingPrincipalAttachment:ThingPrincipalAttachment";

/** Attachments of a principal to a thing, both providers': the classic one names the thing in `thing`, aws-native in `thingName`. */
export const IOT_ATTACHMENT_TYPES: readonly string[] = [IOT_ATTACHMENT, "aws-native:iot:ThingPrincipalAttachment"];

/** IoT thing types: the classic provider's and the Cloud Control one's. */
export const IOT_THING_TYPES: readonly string[] = ["aws:iot/thing:Thing", "aws-native:iot:Thing"];

/** IoT topic rule types: the classic provider's (actions at the top level) and the Cloud Control one's (under `topicRulePayload`). */
export const IOT_TOPIC_RULE_TYPES: readonly string[] = ["aws:iot/topicRule:TopicRule", "aws-native:iot:TopicRule"];

/** Fleet provisioning template types: the classic provider's and the Cloud Control one's. */
export const IOT_PROVISIONING_TEMPLATE_TYPES: readonly string[] = ["aws:iot/provisioningTemplate:ProvisioningTemplate", "aws-native:iot:ProvisioningTemplate"];

/** The IoT policy document of a resource: `policy` (aws, a JSON string) or `policyDocument` (aws-native). */
export function iotPolicyDocument(r: RuleResource): ParsedDocument {
    return parsePolicyDocument(r.type === "aws-native:iot:Policy" ? r.props.policyDocument : r.props.policy);
}

/** The policy variable that scopes a statement to the connected thing. */
export const THING_VAR = "${iot:Connection.Thing.ThingName}";

/**
 * Whether a name segment is one explicit value: no IAM wildcard, no MQTT wildcard, and no policy
 * variable but the connected thing's name (the client id, certificate fields and thing
 * attributes are chosen by the client or shared; `${*}` is a literal `*`, still a wildcard in MQTT).
 */
export function isExplicit(segment: string): boolean {
    const literal = segment.replace(/\$\{[*?$]\}/g, "x");
    return literal.length > 0 && !/[*?+#]/.test(literal) && !literal.split(THING_VAR).some((piece) => piece.includes("${"));
}

/** A thing segment is scoped when it is the connected thing's name or one explicit name (of this site's things, when the site is known). */
export function isThingScoped(segment: string, site?: string): boolean {
    if (segment === THING_VAR) return true;
    if (!isExplicit(segment) || segment.includes(THING_VAR)) return false;
    // Thing names are <fleet>-<site>-<gateway> (src/naming): an explicit name of another site's thing is out of scope.
    return site === undefined || segment.includes(`-${site}-`);
}

/**
 * The IoT part of a policy resource: the resource part of an ARN whose service part matches
 * `iot` (however spelled: `iot`, `i?t`, `*`), a relative `kind/name` as written, or undefined
 * for a resource of another service (which an IoT policy cannot grant).
 */
export function iotPart(resource: string): string | undefined {
    if (!/^arn:/i.test(resource)) return resource;
    const arn = parseArn(resource);
    return arn && globRegExp(arn.service).test("iot") ? arn.resource : undefined;
}

/** The name part of a `kind/name` IoT resource whose kind is written out, else undefined. */
function partOf(resource: string, kinds: RegExp): string | undefined {
    const [kind, ...name] = (iotPart(resource) ?? "").split("/");
    return name.length > 0 && kinds.test(kind) ? name.join("/") : undefined;
}

/** `topic/...` and `topicfilter/...` resources: the MQTT part, else undefined. */
export const topicOf = (resource: string): string | undefined => partOf(resource, /^(topic|topicfilter)$/);

/** `client/...` resources: the client id part, else undefined. */
export const clientOf = (resource: string): string | undefined => partOf(resource, /^client$/);

/** `thing/...` resources: the thing name part, else undefined. */
export const thingOf = (resource: string): string | undefined => partOf(resource, /^thing$/);

/**
 * Whether a resource's kind is itself a wildcard (`*`, `arn:aws:iot:r:a:*`, `t*c/x`), so it
 * covers resources of kinds it does not name (clients, topics, things alike).
 */
export function kindIsWildcard(resource: string): boolean {
    const part = iotPart(resource);
    if (part === undefined) return false;
    const kind = part.includes("/") ? part.slice(0, part.indexOf("/")) : part;
    return /[*?]/.test(kind) || /\$\{/.test(kind);
}

/** MQTT topics of fleet provisioning (what a claim certificate may use). */
export function isProvisioningTopic(topic: string): boolean {
    return /^\$aws\/certificates\/create(-from-csr)?\/[^/]/.test(topic) || /^\$aws\/provisioning-templates\/[A-Za-z0-9_-]+\/provision\/[^/]/.test(topic);
}

/** Data-plane actions that name topics. */
export const TOPIC_ACTIONS = ["iot:Publish", "iot:Subscribe", "iot:Receive", "iot:RetainPublish", "iot:GetRetainedMessage"] as const;

/** Device Shadow actions, which name things (https://docs.aws.amazon.com/iot/latest/developerguide/device-shadow-rest-api.html). */
export const SHADOW_ACTIONS = ["iot:GetThingShadow", "iot:UpdateThingShadow", "iot:DeleteThingShadow", "iot:ListNamedShadowsForThing"] as const;

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
