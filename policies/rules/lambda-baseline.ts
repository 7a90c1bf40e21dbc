/** lambda-baseline: the metadata and checks of one rule (see `details`). */
import { SUPPORTED_LAMBDA_RUNTIMES } from "../../src/analytics/lambda-runtime";
import { defineRule } from "../lib/define";
import type { Finding, ResourceFinding, Rule, RuleResource } from "../lib/types";
import { containsUnknown, get, isObject, list } from "../lib/values";

const FUNCTION = "aws:lambda/function:Function";
/** Functions and permissions, both providers: aws-native's carry the same property names (@pulumi/aws-native 1.79 lambda/function.d.ts, lambda/permission.d.ts). */
const FUNCTIONS = [FUNCTION, "aws-native:lambda:Function"];
const PERMISSIONS = ["aws:lambda/permission:Permission", "aws-native:lambda:Permission"];
/** Function URLs and the property that holds their auth type (aws-native: lambda/url.d.ts `authType`). */
const URL_AUTH: Record<string, string> = { "aws:lambda/functionUrl:FunctionUrl": "authorizationType", "aws-native:lambda:Url": "authType" };
/** Runtimes Lambda supports for new and updated functions: the one list the Config rule mirroring this one uses too. */
export const SUPPORTED_RUNTIMES: ReadonlySet<string> = new Set(SUPPORTED_LAMBDA_RUNTIMES);

/** Environment variable names that carry credentials. */
const SECRET_NAME = /(passw(or)?d|secret|token|api[_-]?key|private[_-]?key|credential|access[_-]?key)/i;
/** Values that point to a secret instead of holding one: ARNs, Secrets Manager / SSM references, masked secrets. */
const REFERENCE = /^(arn:|\{\{resolve:|\[secret\]$|\/aws\/reference\/|ssm:|secretsmanager:)/i;

/** Plaintext credentials in the function's environment (SecretProps or a reference are fine). */
function plaintextSecrets(r: RuleResource): ResourceFinding[] {
    const vars = get(r.props, "environment.variables");
    if (!isObject(vars)) return [];
    const secret = new Set(r.secretProps ?? []);
    return Object.entries(vars)
        .filter(([k, v]) => SECRET_NAME.test(k) && typeof v === "string" && v !== "" && !REFERENCE.test(v) && !containsUnknown(v) && !secret.has("environment"))
        .map(([k]) => ({
            message: `environment variable ${k} holds a credential in plaintext (readable by anyone who can read the function's configuration); keep it in Secrets Manager and pass its ARN`,
        }));
}

export const rule: Rule = defineRule({
    name: "lambda-baseline",
    severity: "mandatory",
    securitySeverity: 6.5,
    description: "Supported runtime, no public invoke permission, a dead-letter or on-failure destination for async and stream consumers.",
    mirrors: "Security Hub Lambda.1, Lambda.2",
    details:
        "Lambda functions (aws and aws-native) run on a supported runtime, nobody outside can invoke them (no `*` permission without a source condition, no function URL without auth), and functions that consume a stream or are invoked asynchronously have somewhere to send what failed (an on-failure destination, or a dead-letter queue). Functions trace with X-Ray (`tracingConfig.mode: Active`) and keep no credential in plaintext environment variables (names like *PASSWORD*, *SECRET*, *TOKEN*, *API_KEY* with a literal value instead of a secret's ARN). The stream and asynchronous-invocation checks read the aws provider's event source mappings, topic rules, subscriptions, event targets and invoke configs.",
    resource: {
        types: [...FUNCTIONS, ...PERMISSIONS, ...Object.keys(URL_AUTH)],
        check(r) {
            const out: ResourceFinding[] = [];
            if (FUNCTIONS.includes(r.type)) {
                if (r.props.packageType === "Image") return out;
                const rt = r.props.runtime;
                if (containsUnknown(rt)) out.push({ message: "the runtime is unknown until the deployment runs; cannot be checked at preview", unknown: true });
                else if (!SUPPORTED_RUNTIMES.has(String(rt)))
                    out.push({
                        message: `runtime ${JSON.stringify(rt ?? null)} is not supported by Lambda (deprecated or unknown); use one of ${[...SUPPORTED_RUNTIMES].join(", ")}`,
                    });
                const tracing = get(r.props, "tracingConfig.mode");
                if (containsUnknown(tracing))
                    out.push({ message: "tracingConfig is unknown until the deployment runs; cannot be checked at preview", unknown: true });
                else if (tracing !== "Active") out.push({ message: "X-Ray tracing is off; set tracingConfig.mode: Active" });
                out.push(...plaintextSecrets(r));
            } else if (PERMISSIONS.includes(r.type)) {
                const who = r.props.principal;
                if (containsUnknown(who))
                    out.push({ message: "the principal is unknown until the deployment runs; cannot be checked at preview", unknown: true });
                else if (who === "*" && !r.props.sourceArn && !r.props.sourceAccount && !r.props.principalOrgId)
                    out.push({ message: 'the permission lets anyone invoke the function (principal "*" without sourceArn, sourceAccount or principalOrgId)' });
            } else {
                const field = URL_AUTH[r.type];
                const auth = r.props[field];
                if (containsUnknown(auth)) out.push({ message: `${field} is unknown until the deployment runs; cannot be checked at preview`, unknown: true });
                else if (auth === "NONE") out.push({ message: `the function URL has ${field} NONE: anyone on the internet can invoke it; use AWS_IAM` });
            }
            return out;
        },
    },
    stack: {
        types: [FUNCTION],
        check(stack) {
            const out: Finding[] = [];
            // Stream consumers: event source mappings from Kinesis or DynamoDB streams.
            for (const m of stack.ofType("aws:lambda/eventSourceMapping:EventSourceMapping")) {
                const src = m.props.eventSourceArn;
                if (containsUnknown(src)) {
                    if (!get(m.props, "destinationConfig.onFailure.destinationArn"))
                        out.push({ urn: m.urn, message: "the event source is unknown until the deployment runs; cannot be checked at preview", unknown: true });
                    continue;
                }
                const isStream =
                    typeof src === "string" &&
                    (/:kinesis:/.test(src) || /:dynamodb:.*\/stream\//.test(src) || !!stack.resolve(src, ["aws:kinesis/stream:Stream"]));
                if (isStream && !get(m.props, "destinationConfig.onFailure.destinationArn")) {
                    out.push({
                        urn: m.urn,
                        message: `the stream consumer ${m.name} has no on-failure destination; set destinationConfig.onFailure.destinationArn (an SQS queue or SNS topic) so failed batches are kept`,
                    });
                }
            }
            // Asynchronous invocations: IoT rules, SNS, EventBridge, S3 notifications.
            const asyncRefs: unknown[] = [];
            for (const t of stack.ofType("aws:iot/topicRule:TopicRule")) {
                for (const l of list(t.props.lambdas)) asyncRefs.push(get(l, "functionArn"));
                asyncRefs.push(get(t.props, "errorAction.lambda.functionArn"));
            }
            for (const s of stack.ofType("aws:sns/topicSubscription:TopicSubscription")) if (s.props.protocol === "lambda") asyncRefs.push(s.props.endpoint);
            for (const e of stack.ofType("aws:cloudwatch/eventTarget:EventTarget")) asyncRefs.push(e.props.arn);
            for (const n of stack.ofType("aws:s3/bucketNotification:BucketNotification"))
                for (const l of list(n.props.lambdaFunctions)) asyncRefs.push(get(l, "lambdaFunctionArn"));
            const asyncFns = new Set<RuleResource>();
            for (const ref of asyncRefs) {
                const fn = stack.resolve(ref, [FUNCTION]);
                if (fn && fn !== "unknown") asyncFns.add(fn);
            }
            const configured = new Set<RuleResource>();
            for (const c of stack.ofType("aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig")) {
                const fn = stack.resolve(c.props.functionName, [FUNCTION]);
                if (fn && fn !== "unknown" && get(c.props, "destinationConfig.onFailure.destination")) configured.add(fn);
            }
            for (const fn of asyncFns) {
                if (configured.has(fn) || (isObject(fn.props.deadLetterConfig) && fn.props.deadLetterConfig.targetArn)) continue;
                out.push({
                    urn: fn.urn,
                    message: `function ${fn.name} is invoked asynchronously but has no dead-letter queue or on-failure destination; set deadLetterConfig.targetArn or add an aws.lambda.FunctionEventInvokeConfig with destinationConfig.onFailure`,
                });
            }
            return out;
        },
    },
});
