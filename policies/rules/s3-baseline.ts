/** s3-baseline: the metadata and checks of one rule (see `details`). */
import { defineRule } from "../lib/define";
import { parsePolicyDocument } from "../lib/policy-doc";
import type { Finding, Rule, RuleResource, StackView } from "../lib/types";
import { containsUnknown, get, list } from "../lib/values";

export const BUCKET_TYPES = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2", "aws-native:s3:Bucket"];
const PAB = ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"];
const SSE = [
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
];
const VERSIONING = ["aws:s3/bucketVersioning:BucketVersioning", "aws:s3/bucketVersioningV2:BucketVersioningV2"];
const LIFECYCLE = ["aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2"];
const POLICY = ["aws:s3/bucketPolicy:BucketPolicy", "aws-native:s3:BucketPolicy"];
const LOGGING = ["aws:s3/bucketLogging:BucketLogging", "aws:s3/bucketLoggingV2:BucketLoggingV2"];
const KMS = new Set(["aws:kms", "aws:kms:dsse"]);
const SSE_S3 = new Set(["AES256"]);

type State = "ok" | "missing" | "unknown";

function denyInsecureTransport(doc: unknown): State {
    const parsed = parsePolicyDocument(doc);
    if (!parsed.ok) return parsed.unknown ? "unknown" : "missing";
    return parsed.statements.some((s) => {
        if (s.effect !== "Deny") return false;
        const cond = get(s.condition, "Bool.aws:SecureTransport");
        return list(cond).some((v) => v === false || v === "false");
    })
        ? "ok"
        : "missing";
}

/** The settings of one bucket, from the bucket itself and the resources that point at it. */
function settings(bucket: RuleResource, stack: StackView, related: Map<string, RuleResource[]>, unknownRefs: Set<string>, sinks: ReadonlySet<unknown>) {
    const p = bucket.props;
    const logTarget = sinks.has(bucket);
    const algorithms = logTarget ? SSE_S3 : KMS;
    const native = bucket.type === "aws-native:s3:Bucket";
    const of = (types: string[]) => types.flatMap((t) => related.get(`${t} ${bucket.urn}`) ?? []);
    const pick = (types: string[], inline: (() => State) | undefined, sub: (r: RuleResource) => State): State => {
        const states = [...(inline ? [inline()] : []), ...of(types).map(sub)];
        if (states.includes("ok")) return "ok";
        if (states.includes("unknown") || types.some((t) => unknownRefs.has(t))) return "unknown";
        return "missing";
    };
    const tri = (v: unknown, ok: (v: unknown) => boolean): State => (containsUnknown(v) ? "unknown" : ok(v) ? "ok" : "missing");
    const allFour = (o: unknown) => ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"].every((k) => get(o, k) === true);
    return {
        "public access block": pick(PAB, native ? () => tri(p.publicAccessBlockConfiguration, allFour) : undefined, (r) => tri(r.props, allFour)),
        "TLS-only bucket policy": pick(POLICY, native ? undefined : () => denyInsecureTransport(p.policy), (r) =>
            denyInsecureTransport(r.props.policy ?? r.props.policyDocument),
        ),
        [logTarget ? "SSE-S3 encryption (it receives server access logs)" : "SSE-KMS encryption"]: pick(
            SSE,
            native
                ? () =>
                      tri(get(p, "bucketEncryption.serverSideEncryptionConfiguration"), (v) =>
                          list(v).some((c) => algorithms.has(String(get(c, "serverSideEncryptionByDefault.sseAlgorithm")))),
                      )
                : () => tri(get(p, "serverSideEncryptionConfiguration.rule.applyServerSideEncryptionByDefault.sseAlgorithm"), (v) => algorithms.has(String(v))),
            (r) => tri(r.props.rules, (v) => list(v).some((c) => algorithms.has(String(get(c, "applyServerSideEncryptionByDefault.sseAlgorithm"))))),
        ),
        versioning: pick(
            VERSIONING,
            native ? () => tri(get(p, "versioningConfiguration.status"), (v) => v === "Enabled") : () => tri(get(p, "versioning.enabled"), (v) => v === true),
            (r) => tri(get(r.props, "versioningConfiguration.status"), (v) => v === "Enabled"),
        ),
        lifecycle: pick(
            LIFECYCLE,
            native
                ? () => tri(get(p, "lifecycleConfiguration.rules"), (v) => list(v).some((x) => get(x, "status") === "Enabled"))
                : () => tri(p.lifecycleRules, (v) => list(v).some((x) => get(x, "enabled") === true)),
            (r) => tri(r.props.rules, (v) => list(v).some((x) => get(x, "status") === "Enabled")),
        ),
        // Every bucket but the log sink itself logs its requests (awsguard s3-bucket-logging-enabled).
        "server access logging": sinks.has(bucket)
            ? "ok"
            : pick(
                  LOGGING,
                  native
                      ? () => tri(get(p, "loggingConfiguration.destinationBucketName"), (v) => typeof v === "string" && v !== "")
                      : () => tri(p.loggings ?? p.logging, (v) => list(v).some((x) => typeof get(x, "targetBucket") === "string")),
                  (r) => tri(r.props.targetBucket, (v) => typeof v === "string" && v !== ""),
              ),
    };
}

const HOW: Record<string, string> = {
    "public access block": "add an aws.s3.BucketPublicAccessBlock with all four settings true",
    "TLS-only bucket policy": "add a bucket policy that denies s3:* when aws:SecureTransport is false",
    "SSE-KMS encryption": "add an aws.s3.BucketServerSideEncryptionConfiguration with sseAlgorithm aws:kms and the region's key",
    "SSE-S3 encryption (it receives server access logs)":
        "give it an aws.s3.BucketServerSideEncryptionConfiguration with sseAlgorithm AES256: S3 delivers no access log to an SSE-KMS bucket",
    versioning: "add an aws.s3.BucketVersioning with status Enabled",
    lifecycle: "add an aws.s3.BucketLifecycleConfiguration (tiers from retention, expiry of noncurrent versions)",
    "server access logging": "add an aws.s3.BucketLogging that writes to the region's access-log bucket",
};

export const rule: Rule = defineRule({
    name: "s3-baseline",
    severity: "mandatory",
    securitySeverity: 7.5,
    description: "Public access blocked, TLS-only bucket policy, SSE-KMS, versioning, a lifecycle configuration and access logging on every bucket.",
    mirrors: "Security Hub S3.1-S3.17",
    details:
        "Every bucket: public access blocked, a bucket policy that denies requests without TLS, SSE-KMS default encryption, versioning, a lifecycle configuration (versioned data accumulates), and server access logging to the log bucket (every bucket but the log sink itself, the bucket other buckets log to). Settings count whether inline on the bucket or in their own resources. The log sink must use SSE-S3 (AES256) instead of SSE-KMS, because S3 delivers access logs only to SSE-S3 target buckets (Amazon S3 user guide, server access logging).",
    stack: {
        types: BUCKET_TYPES,
        check(stack) {
            const related = new Map<string, RuleResource[]>();
            const unknownRefs = new Set<string>();
            // What the buckets log to (a target that is unknown or outside the stack resolves to no bucket of it, so holds none).
            const sinks = new Set<unknown>([
                ...stack.ofType(...LOGGING).map((l) => stack.resolve(l.props.targetBucket, BUCKET_TYPES)),
                ...stack.ofType("aws-native:s3:Bucket").map((b) => stack.resolve(get(b.props, "loggingConfiguration.destinationBucketName"), BUCKET_TYPES)),
            ]);
            for (const t of [...PAB, ...SSE, ...VERSIONING, ...LIFECYCLE, ...POLICY, ...LOGGING]) {
                for (const r of stack.ofType(t)) {
                    const b = stack.resolve(r.props.bucket, BUCKET_TYPES);
                    if (b === "unknown") unknownRefs.add(t);
                    else if (b) related.set(`${t} ${b.urn}`, [...(related.get(`${t} ${b.urn}`) ?? []), r]);
                }
            }
            const out: Finding[] = [];
            for (const b of stack.ofType(...BUCKET_TYPES)) {
                for (const [what, state] of Object.entries(settings(b, stack, related, unknownRefs, sinks))) {
                    if (state === "missing") out.push({ urn: b.urn, message: `bucket ${b.name} has no ${what}; ${HOW[what]}` });
                    else if (state === "unknown")
                        out.push({
                            urn: b.urn,
                            message: `the ${what} of bucket ${b.name} is unknown until the deployment runs; cannot be checked at preview`,
                            unknown: true,
                        });
                }
            }
            return out;
        },
    },
});
