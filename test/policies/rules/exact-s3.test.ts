/**
 * s3-baseline, exact findings: every message in full, in order, for the aws and aws-native bucket
 * shapes, inline settings and separate resources, the log sink, and values unknown at preview.
 */
import * as assert from "node:assert/strict";
import { checkStack, res, UNKNOWN } from "../helpers";
import type { RuleResource } from "../../../policies/lib/types";

const URN = (name: string, type = "aws:s3/bucket:Bucket") => `urn:pulumi:eu-central-1::fleet::${type}::${name}`;
const NATIVE = "aws-native:s3:Bucket";
const HOW = {
    pab: "public access block; add an aws.s3.BucketPublicAccessBlock with all four settings true",
    tls: "TLS-only bucket policy; add a bucket policy that denies s3:* when aws:SecureTransport is false",
    kms: "SSE-KMS encryption; add an aws.s3.BucketServerSideEncryptionConfiguration with sseAlgorithm aws:kms and the region's key",
    sse3: "SSE-S3 encryption (it receives server access logs); give it an aws.s3.BucketServerSideEncryptionConfiguration with sseAlgorithm AES256: S3 delivers no access log to an SSE-KMS bucket",
    versioning: "versioning; add an aws.s3.BucketVersioning with status Enabled",
    lifecycle: "lifecycle; add an aws.s3.BucketLifecycleConfiguration (tiers from retention, expiry of noncurrent versions)",
    logging: "server access logging; add an aws.s3.BucketLogging that writes to the region's access-log bucket",
};
const missing = (bucket: string, what: keyof typeof HOW, type?: string) => ({ urn: URN(bucket, type), message: `bucket ${bucket} has no ${HOW[what]}` });
/** The six settings every bucket needs, in the order the rule names them. */
const SIX = ["pab", "tls", "kms", "versioning", "lifecycle", "logging"] as const;
/** What a bucket with none of its six settings gets: one finding per setting, in order. */
const missingAll = (bucket: string, type?: string) => SIX.map((what) => missing(bucket, what, type));
const unknown = (bucket: string, what: string, type?: string) => ({
    urn: URN(bucket, type),
    message: `the ${what} of bucket ${bucket} is unknown until the deployment runs; cannot be checked at preview`,
    unknown: true,
});
const tls = (effect = "Deny", value: unknown = "false") =>
    JSON.stringify({ Statement: [{ Effect: effect, Principal: "*", Action: "s3:*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": value } } }] });
const run = (...rs: RuleResource[]) => checkStack("s3-baseline", rs);

/** An aws bucket with every setting inline except the public access block (which has no inline form). */
const inline = (name: string, props: Record<string, unknown> = {}) =>
    res("aws:s3/bucket:Bucket", name, {
        bucket: `acme-${name}`,
        policy: tls(),
        serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } } },
        versioning: { enabled: true },
        lifecycleRules: [{ enabled: false }, { enabled: true }],
        loggings: [{ targetBucket: "acme-logs" }],
        ...props,
    });
const pab = (bucket: unknown, props: Record<string, unknown> = {}, name = "pab") =>
    res("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", name, {
        bucket,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
        ...props,
    });
/** An aws-native bucket with every setting inline (other resources refer to it by its resource name: the stack view does not index bucketName). */
const native = (name: string, props: Record<string, unknown> = {}) =>
    res(NATIVE, name, {
        bucketName: `acme-${name}`,
        publicAccessBlockConfiguration: { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
        bucketEncryption: { serverSideEncryptionConfiguration: [{ serverSideEncryptionByDefault: { sseAlgorithm: "aws:kms:dsse" } }] },
        versioningConfiguration: { status: "Enabled" },
        lifecycleConfiguration: { rules: [{ status: "Disabled" }, { status: "Enabled" }] },
        loggingConfiguration: { destinationBucketName: "acme-logs" },
        ...props,
    });
const nativePolicy = (bucket: string, doc: unknown) => res("aws-native:s3:BucketPolicy", `${bucket}-policy`, { bucket, policyDocument: doc });

describe("s3-baseline, exact findings", () => {
    it("accepts an aws bucket with every setting inline and a public access block", () => assert.deepEqual(run(inline("lake"), pab("lake")), []));

    it("names every missing setting of a bare aws bucket, in order", () => assert.deepEqual(run(res("aws:s3/bucket:Bucket", "bare", {})), missingAll("bare")));

    it("names every missing setting of a bare aws-native bucket, in order", () => assert.deepEqual(run(res(NATIVE, "bare", {})), missingAll("bare", NATIVE)));

    it("accepts an aws-native bucket with every setting inline and a TLS policy resource", () =>
        assert.deepEqual(run(native("lake"), nativePolicy("lake", JSON.parse(tls()))), []));

    it("reads each inline aws-native setting (one off at a time)", () => {
        const p = nativePolicy("lake", JSON.parse(tls()));
        const one = (props: Record<string, unknown>) => run(native("lake", props), p);
        assert.deepEqual(one({ publicAccessBlockConfiguration: { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true } }), [
            missing("lake", "pab", NATIVE),
        ]);
        assert.deepEqual(one({ bucketEncryption: { serverSideEncryptionConfiguration: [{ serverSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] } }), [
            missing("lake", "kms", NATIVE),
        ]);
        assert.deepEqual(one({ versioningConfiguration: { status: "Suspended" } }), [missing("lake", "versioning", NATIVE)]);
        assert.deepEqual(one({ lifecycleConfiguration: { rules: [{ status: "Disabled" }] } }), [missing("lake", "lifecycle", NATIVE)]);
        assert.deepEqual(one({ loggingConfiguration: { destinationBucketName: "" } }), [missing("lake", "logging", NATIVE)]);
        assert.deepEqual(one({ loggingConfiguration: {} }), [missing("lake", "logging", NATIVE)]);
    });

    it("an aws-native bucket's inline `policy` does not count: only a bucket policy resource does", () =>
        assert.deepEqual(run(native("lake", { policy: tls() })), [missing("lake", "tls", NATIVE)]));

    it("reports each inline aws-native setting unknown at preview as unknown", () => {
        const p = nativePolicy("lake", JSON.parse(tls()));
        const one = (props: Record<string, unknown>) => run(native("lake", props), p);
        assert.deepEqual(one({ publicAccessBlockConfiguration: { blockPublicAcls: UNKNOWN } }), [unknown("lake", "public access block", NATIVE)]);
        assert.deepEqual(one({ bucketEncryption: { serverSideEncryptionConfiguration: UNKNOWN } }), [unknown("lake", "SSE-KMS encryption", NATIVE)]);
        assert.deepEqual(one({ versioningConfiguration: { status: UNKNOWN } }), [unknown("lake", "versioning", NATIVE)]);
        assert.deepEqual(one({ lifecycleConfiguration: { rules: UNKNOWN } }), [unknown("lake", "lifecycle", NATIVE)]);
        assert.deepEqual(one({ loggingConfiguration: { destinationBucketName: UNKNOWN } }), [unknown("lake", "server access logging", NATIVE)]);
        assert.deepEqual(run(native("lake"), nativePolicy("lake", UNKNOWN)), [unknown("lake", "TLS-only bucket policy", NATIVE)]);
    });

    it("reads each inline aws setting (one off at a time)", () => {
        const one = (props: Record<string, unknown>) => run(inline("lake", props), pab("lake"));
        assert.deepEqual(one({ policy: undefined }), [missing("lake", "tls")]);
        assert.deepEqual(one({ policy: tls("Allow") }), [missing("lake", "tls")]);
        assert.deepEqual(one({ policy: tls("Deny", "true") }), [missing("lake", "tls")]);
        assert.deepEqual(one({ policy: tls("Deny", true) }), [missing("lake", "tls")]);
        assert.deepEqual(one({ policy: tls("Deny", false) }), []);
        assert.deepEqual(one({ policy: tls("Deny", ["true", "false"]) }), []);
        assert.deepEqual(one({ policy: "{not json" }), [missing("lake", "tls")]);
        assert.deepEqual(one({ serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } } } }), [
            missing("lake", "kms"),
        ]);
        assert.deepEqual(one({ versioning: { enabled: false } }), [missing("lake", "versioning")]);
        assert.deepEqual(one({ lifecycleRules: [{ enabled: false }] }), [missing("lake", "lifecycle")]);
        assert.deepEqual(one({ loggings: undefined, logging: { targetBucket: "acme-logs" } }), []);
        assert.deepEqual(one({ loggings: [{ targetPrefix: "x/" }] }), [missing("lake", "logging")]);
    });

    it("reports each inline aws setting unknown at preview as unknown", () => {
        const one = (props: Record<string, unknown>) => run(inline("lake", props), pab("lake"));
        assert.deepEqual(one({ policy: UNKNOWN }), [unknown("lake", "TLS-only bucket policy")]);
        assert.deepEqual(one({ serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: UNKNOWN } } } }), [
            unknown("lake", "SSE-KMS encryption"),
        ]);
        assert.deepEqual(one({ versioning: { enabled: UNKNOWN } }), [unknown("lake", "versioning")]);
        assert.deepEqual(one({ lifecycleRules: UNKNOWN }), [unknown("lake", "lifecycle")]);
        assert.deepEqual(one({ loggings: UNKNOWN }), [unknown("lake", "server access logging")]);
        assert.deepEqual(run(inline("lake"), pab("lake", { blockPublicPolicy: UNKNOWN })), [unknown("lake", "public access block")]);
    });

    describe("settings in their own resources (the V2 types too)", () => {
        const bare = res("aws:s3/bucketV2:BucketV2", "data", { bucket: "acme-data" });
        const V2 = "aws:s3/bucketV2:BucketV2";
        const parts = (bucket: unknown) => [
            pab(bucket),
            res("aws:s3/bucketPolicy:BucketPolicy", "policy", { bucket, policy: tls() }),
            res("aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2", "sse", {
                bucket,
                rules: [
                    { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
                    { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } },
                ],
            }),
            res("aws:s3/bucketVersioningV2:BucketVersioningV2", "versioning", { bucket, versioningConfiguration: { status: "Enabled" } }),
            res("aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2", "lifecycle", {
                bucket,
                rules: [{ status: "Disabled" }, { status: "Enabled" }],
            }),
            res("aws:s3/bucketLoggingV2:BucketLoggingV2", "logging", { bucket, targetBucket: "acme-logs" }),
        ];
        it("accepts a V2 bucket whose six settings are separate V2 resources", () => assert.deepEqual(run(bare, ...parts("acme-data")), []));
        it("settings of another bucket do not count", () => assert.deepEqual(run(bare, ...parts("acme-other")), missingAll("data", V2)));
        it("a setting resource whose bucket is unknown makes only its own setting unknown, on every bucket without it", () => {
            const [p, policy, sse, versioning, lifecycle, logging] = parts("acme-data");
            const unknownSse = res(sse.type, "sse-2", { ...sse.props, bucket: UNKNOWN });
            assert.deepEqual(run(bare, p, policy, versioning, lifecycle, logging, unknownSse), [unknown("data", "SSE-KMS encryption", V2)]);
            // A setting that is ok wins over the unknown reference.
            assert.deepEqual(run(bare, ...parts("acme-data"), unknownSse), []);
        });
        it("a setting resource that is off beside an unknown reference is unknown, not missing", () => {
            const [p, policy, sse, , lifecycle, logging] = parts("acme-data");
            const off = res("aws:s3/bucketVersioning:BucketVersioning", "v-off", { bucket: "acme-data", versioningConfiguration: { status: "Suspended" } });
            const unknownV = res("aws:s3/bucketVersioning:BucketVersioning", "v-unknown", { bucket: UNKNOWN });
            assert.deepEqual(run(bare, p, policy, sse, lifecycle, logging, off, unknownV), [unknown("data", "versioning", V2)]);
            assert.deepEqual(run(bare, p, policy, sse, lifecycle, logging, off), [missing("data", "versioning", V2)]);
        });
        it("judges each separate resource's own value", () => {
            const [p, policy, sse, versioning, lifecycle, logging] = parts("acme-data");
            const swap = (r: RuleResource, props: Record<string, unknown>) => res(r.type, r.name, { ...r.props, ...props });
            const all = [p, policy, sse, versioning, lifecycle, logging];
            const without = (i: number, r: RuleResource) => run(bare, ...all.map((x, j) => (j === i ? r : x)));
            assert.deepEqual(without(0, swap(p, { ignorePublicAcls: false })), [missing("data", "pab", V2)]);
            assert.deepEqual(without(1, swap(policy, { policy: tls("Deny", "true") })), [missing("data", "tls", V2)]);
            assert.deepEqual(without(1, swap(policy, { policy: undefined, policyDocument: JSON.parse(tls()) })), []);
            assert.deepEqual(without(2, swap(sse, { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] })), [
                missing("data", "kms", V2),
            ]);
            assert.deepEqual(without(2, swap(sse, { rules: UNKNOWN })), [unknown("data", "SSE-KMS encryption", V2)]);
            assert.deepEqual(without(3, swap(versioning, { versioningConfiguration: { status: "Suspended" } })), [missing("data", "versioning", V2)]);
            assert.deepEqual(without(4, swap(lifecycle, { rules: [{ status: "Disabled" }] })), [missing("data", "lifecycle", V2)]);
            assert.deepEqual(without(5, swap(logging, { targetBucket: "" })), [missing("data", "logging", V2)]);
            assert.deepEqual(without(5, swap(logging, { targetBucket: UNKNOWN })), [unknown("data", "server access logging", V2)]);
        });
    });

    describe("the log sink", () => {
        const sse = (bucket: string, alg: string) =>
            res("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", `${bucket}-sse`, {
                bucket,
                rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: alg } }],
            });
        const sink = (props: Record<string, unknown> = {}) => inline("logs", { loggings: undefined, serverSideEncryptionConfiguration: undefined, ...props });
        it("a bucket an aws BucketLogging writes to needs SSE-S3 and no access logging of its own", () => {
            const src = res("aws:s3/bucketLogging:BucketLogging", "lake-logging", { bucket: "acme-lake", targetBucket: "acme-logs" });
            assert.deepEqual(run(sink(), pab("logs", {}, "p1"), sse("acme-logs", "AES256"), src, inline("lake"), pab("lake", {}, "p2")), []);
            assert.deepEqual(run(sink(), pab("logs", {}, "p1"), sse("acme-logs", "aws:kms"), src, inline("lake"), pab("lake", {}, "p2")), [
                missing("logs", "sse3"),
            ]);
        });
        it("a bucket an aws-native bucket logs to is a sink too", () => {
            const lake = native("lake", { loggingConfiguration: { destinationBucketName: "acme-logs" } });
            assert.deepEqual(run(sink(), pab("logs"), sse("acme-logs", "AES256"), lake, nativePolicy("lake", JSON.parse(tls()))), []);
            assert.deepEqual(run(sink(), pab("logs"), lake, nativePolicy("lake", JSON.parse(tls()))), [missing("logs", "sse3")]);
            // The aws-native sink reads AES256 from its inline encryption.
            const lakeToNative = native("lake", { loggingConfiguration: { destinationBucketName: "logs" } });
            const nativeSink = native("logs", {
                bucketEncryption: { serverSideEncryptionConfiguration: [{ serverSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
                loggingConfiguration: undefined,
            });
            assert.deepEqual(run(nativeSink, lakeToNative, nativePolicy("lake", JSON.parse(tls())), nativePolicy("logs", JSON.parse(tls()))), []);
        });
        it("a log target that is unknown or outside the stack makes no sink", () => {
            const srcUnknown = res("aws:s3/bucketLogging:BucketLogging", "l1", { bucket: "acme-lake", targetBucket: UNKNOWN });
            const nativeUnknown = native("lake", { loggingConfiguration: { destinationBucketName: UNKNOWN } });
            assert.deepEqual(run(sink(), pab("logs"), sse("acme-logs", "AES256"), srcUnknown, nativeUnknown, nativePolicy("lake", JSON.parse(tls()))), [
                missing("logs", "kms"),
                missing("logs", "logging"),
                unknown("lake", "server access logging", NATIVE),
            ]);
        });
    });
});
