/** lambda-baseline and rds-baseline, exact findings: every message in full, the negative cases, and unknowns. */
import * as assert from "node:assert/strict";
import { SUPPORTED_LAMBDA_RUNTIMES } from "../../../src/analytics/lambda-runtime";
import { check, checkStack, res, UNKNOWN } from "../helpers";

const urn = (type: string, name: string) => `urn:pulumi:eu-central-1::fleet::${type}::${name}`;
const PREVIEW = (what: string) => ({ message: `${what} is unknown until the deployment runs; cannot be checked at preview`, unknown: true });

describe("lambda-baseline, exact findings", () => {
    const FN = "aws:lambda/function:Function";
    const fn = (p: Record<string, unknown> = {}, extra = {}) =>
        res(FN, "scorer", { name: "acme-scorer", runtime: "python3.13", handler: "h", tracingConfig: { mode: "Active" }, ...p }, extra);
    const lambda = (r: ReturnType<typeof res>) => check("lambda-baseline", r);

    it("accepts every runtime of the supported list and names them all when one is not", () => {
        for (const runtime of SUPPORTED_LAMBDA_RUNTIMES) assert.deepEqual(lambda(fn({ runtime })), [], runtime);
        assert.deepEqual(lambda(fn({ runtime: "nodejs18.x" })), [
            { message: `runtime "nodejs18.x" is not supported by Lambda (deprecated or unknown); use one of ${SUPPORTED_LAMBDA_RUNTIMES.join(", ")}` },
        ]);
        assert.deepEqual(lambda(fn({ runtime: undefined })), [
            { message: `runtime null is not supported by Lambda (deprecated or unknown); use one of ${SUPPORTED_LAMBDA_RUNTIMES.join(", ")}` },
        ]);
    });
    it("skips runtime, tracing and environment checks of a container image function", () =>
        assert.deepEqual(
            lambda(fn({ packageType: "Image", runtime: undefined, tracingConfig: undefined, environment: { variables: { PASSWORD: "x" } } })),
            [],
        ));
    it("checks a Zip function like one without packageType", () =>
        assert.deepEqual(lambda(fn({ packageType: "Zip", tracingConfig: undefined })), [{ message: "X-Ray tracing is off; set tracingConfig.mode: Active" }]));
    it("wants X-Ray tracing Active (PassThrough is off)", () => {
        assert.deepEqual(lambda(fn({ tracingConfig: { mode: "PassThrough" } })), [{ message: "X-Ray tracing is off; set tracingConfig.mode: Active" }]);
        assert.deepEqual(lambda(fn({ tracingConfig: { mode: UNKNOWN } })), [PREVIEW("tracingConfig")]);
    });
    it("reports runtime and tracing unknown at preview, each once", () =>
        assert.deepEqual(lambda(fn({ runtime: UNKNOWN, tracingConfig: UNKNOWN })), [PREVIEW("the runtime"), PREVIEW("tracingConfig")]));

    describe("plaintext credentials in environment variables", () => {
        const env = (variables: unknown, extra = {}) => lambda(fn({ environment: { variables } }, extra));
        const msg = (k: string) => ({
            message: `environment variable ${k} holds a credential in plaintext (readable by anyone who can read the function's configuration); keep it in Secrets Manager and pass its ARN`,
        });
        it("flags each credential-like name with a literal value", () =>
            assert.deepEqual(
                env({
                    DB_PASSWORD: "hunter2",
                    PASSWD: "x",
                    client_secret: "x",
                    GITHUB_TOKEN: "x",
                    API_KEY: "x",
                    apikey: "x",
                    "API-KEY": "x",
                    PRIVATE_KEY: "x",
                    privatekey: "x",
                    CREDENTIALS: "x",
                    AWS_ACCESS_KEY: "x",
                    ACCESSKEY: "x",
                }),
                [
                    "DB_PASSWORD",
                    "PASSWD",
                    "client_secret",
                    "GITHUB_TOKEN",
                    "API_KEY",
                    "apikey",
                    "API-KEY",
                    "PRIVATE_KEY",
                    "privatekey",
                    "CREDENTIALS",
                    "AWS_ACCESS_KEY",
                    "ACCESSKEY",
                ].map(msg),
            ));
        it("does not flag other names, references, empty, non-string or unknown values, or a secret environment", () => {
            assert.deepEqual(env({ TABLE_NAME: "t", LOG_LEVEL: "debug", KEY_ID: "k", PASS: "x" }), []);
            assert.deepEqual(
                env({
                    DB_PASSWORD: "arn:aws:secretsmanager:eu-central-1:1:secret:db",
                    A_SECRET: "{{resolve:secretsmanager:db}}",
                    B_SECRET: "[secret]",
                    C_SECRET: "/aws/reference/secretsmanager/db",
                    D_SECRET: "ssm:/db/pw",
                    E_SECRET: "SecretsManager:db",
                    F_TOKEN: "",
                    G_TOKEN: 42,
                    H_TOKEN: UNKNOWN,
                }),
                [],
            );
            assert.deepEqual(env({ DB_PASSWORD: "hunter2" }, { secretProps: ["environment"] }), []);
            assert.deepEqual(env({ DB_PASSWORD: "hunter2" }, { secretProps: ["runtime"] }), [msg("DB_PASSWORD")]);
            assert.deepEqual(env({ DB_PASSWORD: "hunter2" }, { secretProps: undefined }), [msg("DB_PASSWORD")]);
            assert.deepEqual(env("not an object"), []);
            // A reference must start the value: an ARN inside a longer string is still plaintext.
            assert.deepEqual(env({ DB_PASSWORD: "x arn:aws:secretsmanager" }), [msg("DB_PASSWORD")]);
            assert.deepEqual(env({ DB_PASSWORD: "[secret] x" }), [msg("DB_PASSWORD")]);
        });
    });

    describe("permissions and function URLs", () => {
        const perm = (p: Record<string, unknown>) => lambda(res("aws:lambda/permission:Permission", "p", { action: "lambda:InvokeFunction", ...p }));
        const open = { message: 'the permission lets anyone invoke the function (principal "*" without sourceArn, sourceAccount or principalOrgId)' };
        it("flags * without a source, and only then", () => {
            assert.deepEqual(perm({ principal: "*" }), [open]);
            assert.deepEqual(perm({ principal: "*", sourceArn: "arn:aws:iot:eu-central-1:1:rule/x" }), []);
            assert.deepEqual(perm({ principal: "*", sourceAccount: "123456789012" }), []);
            assert.deepEqual(perm({ principal: "*", principalOrgId: "o-abc" }), []);
            assert.deepEqual(perm({ principal: "iot.amazonaws.com" }), []);
            assert.deepEqual(perm({ principal: UNKNOWN }), [PREVIEW("the principal")]);
        });
        it("flags a function URL without auth, and only that", () => {
            const url = (authorizationType: unknown) =>
                lambda(res("aws:lambda/functionUrl:FunctionUrl", "u", { functionName: "acme-scorer", authorizationType }));
            assert.deepEqual(url("NONE"), [{ message: "the function URL has authorizationType NONE: anyone on the internet can invoke it; use AWS_IAM" }]);
            assert.deepEqual(url("AWS_IAM"), []);
            assert.deepEqual(url(UNKNOWN), [PREVIEW("authorizationType")]);
        });
    });

    describe("stream consumers and asynchronous invocations (stack)", () => {
        const ESM = "aws:lambda/eventSourceMapping:EventSourceMapping";
        const esm = (p: Record<string, unknown>) => res(ESM, "src", { functionName: "acme-scorer", ...p });
        const noDest = (name = "src") => ({
            urn: urn(ESM, name),
            message: `the stream consumer ${name} has no on-failure destination; set destinationConfig.onFailure.destinationArn (an SQS queue or SNS topic) so failed batches are kept`,
        });
        const stack = (...rs: ReturnType<typeof res>[]) => checkStack("lambda-baseline", [fn(), ...rs]);
        it("flags Kinesis and DynamoDB stream consumers without a destination", () => {
            assert.deepEqual(stack(esm({ eventSourceArn: "arn:aws:kinesis:eu-central-1:1:stream/t" })), [noDest()]);
            assert.deepEqual(stack(esm({ eventSourceArn: "arn:aws:dynamodb:eu-central-1:1:table/t/stream/2026" })), [noDest()]);
            const stream = res("aws:kinesis/stream:Stream", "telemetry", { name: "acme-telemetry" });
            assert.deepEqual(stack(stream, esm({ eventSourceArn: "acme-telemetry" })), [noDest()]);
        });
        it("does not flag queues, tables without streams, consumers with a destination, or non-string sources", () => {
            assert.deepEqual(stack(esm({ eventSourceArn: "arn:aws:sqs:eu-central-1:1:q" })), []);
            assert.deepEqual(stack(esm({ eventSourceArn: "arn:aws:dynamodb:eu-central-1:1:table/t" })), []);
            assert.deepEqual(stack(esm({ eventSourceArn: "arn:aws:dynamodb:eu-central-1:1:table/streams-archive" })), []);
            assert.deepEqual(stack(esm({ eventSourceArn: 42 })), []);
            assert.deepEqual(
                stack(
                    esm({ eventSourceArn: "arn:aws:kinesis:eu-central-1:1:stream/t", destinationConfig: { onFailure: { destinationArn: "arn:aws:sqs:x" } } }),
                ),
                [],
            );
        });
        it("reports an unknown source as unknown only without a destination", () => {
            assert.deepEqual(stack(esm({ eventSourceArn: UNKNOWN })), [{ urn: urn(ESM, "src"), ...PREVIEW("the event source") }]);
            assert.deepEqual(stack(esm({ eventSourceArn: UNKNOWN, destinationConfig: { onFailure: { destinationArn: "arn:aws:sqs:x" } } })), []);
        });

        const ARN = "arn:aws:lambda:eu-central-1:123456789012:function:acme-scorer";
        const asyncMsg = {
            urn: urn(FN, "scorer"),
            message:
                "function scorer is invoked asynchronously but has no dead-letter queue or on-failure destination; set deadLetterConfig.targetArn or add an aws.lambda.FunctionEventInvokeConfig with destinationConfig.onFailure",
        };
        const invokers: [string, ReturnType<typeof res>][] = [
            ["an IoT rule action", res("aws:iot/topicRule:TopicRule", "r", { lambdas: [{ functionArn: ARN }] })],
            ["an IoT rule error action", res("aws:iot/topicRule:TopicRule", "r", { errorAction: { lambda: { functionArn: ARN } } })],
            ["an SNS lambda subscription", res("aws:sns/topicSubscription:TopicSubscription", "s", { protocol: "lambda", endpoint: ARN })],
            ["an EventBridge target", res("aws:cloudwatch/eventTarget:EventTarget", "e", { arn: ARN })],
            ["an S3 notification", res("aws:s3/bucketNotification:BucketNotification", "n", { lambdaFunctions: [{ lambdaFunctionArn: ARN }] })],
        ];
        for (const [what, invoker] of invokers) {
            it(`flags a function invoked by ${what} without a dead-letter target, once`, () => {
                assert.deepEqual(stack(invoker), [asyncMsg]);
                assert.deepEqual(stack(invoker, res(invoker.type, "second", invoker.props)), [asyncMsg]);
            });
        }
        it("does not flag an SNS subscription of another protocol, an unknown or foreign reference", () => {
            assert.deepEqual(stack(res("aws:sns/topicSubscription:TopicSubscription", "s", { protocol: "sqs", endpoint: ARN })), []);
            assert.deepEqual(stack(res("aws:cloudwatch/eventTarget:EventTarget", "e", { arn: UNKNOWN })), []);
            assert.deepEqual(stack(res("aws:cloudwatch/eventTarget:EventTarget", "e", { arn: "arn:aws:lambda:eu-central-1:1:function:other" })), []);
        });
        it("accepts a dead-letter queue or an on-failure destination, not an empty one", () => {
            const rule = invokers[0][1];
            const run = (...rs: ReturnType<typeof res>[]) => checkStack("lambda-baseline", rs);
            assert.deepEqual(run(fn({ deadLetterConfig: { targetArn: "arn:aws:sqs:x" } }), rule), []);
            assert.deepEqual(run(fn({ deadLetterConfig: { targetArn: "" } }), rule), [asyncMsg]);
            assert.deepEqual(run(fn({ deadLetterConfig: "arn:aws:sqs:x" }), rule), [asyncMsg]);
            const cfg = (destinationConfig: unknown, functionName: unknown = "acme-scorer") =>
                res("aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig", "c", { functionName, destinationConfig });
            assert.deepEqual(run(fn(), rule, cfg({ onFailure: { destination: "arn:aws:sqs:x" } })), []);
            assert.deepEqual(run(fn(), rule, cfg({ onSuccess: { destination: "arn:aws:sqs:x" } })), [asyncMsg]);
            assert.deepEqual(run(fn(), rule, cfg({ onFailure: { destination: "arn:aws:sqs:x" } }, UNKNOWN)), [asyncMsg]);
            assert.deepEqual(run(fn(), rule, cfg({ onFailure: { destination: "arn:aws:sqs:x" } }, "other")), [asyncMsg]);
        });
    });
});

describe("rds-baseline, exact findings", () => {
    const CLUSTER = "aws:rds/cluster:Cluster";
    const INSTANCE = "aws:rds/instance:Instance";
    const CI = "aws:rds/clusterInstance:ClusterInstance";
    const good = { storageEncrypted: true, deletionProtection: true, iamDatabaseAuthenticationEnabled: true, backupRetentionPeriod: 7 };
    const rds = (type: string, p: Record<string, unknown>) => check("rds-baseline", res(type, "db", { ...good, ...p }));

    it("accepts 7 days of backups, the minimum", () => assert.deepEqual(rds(CLUSTER, {}), []));
    it("names every setting that is off, in order", () => {
        const bare = { storageEncrypted: undefined, deletionProtection: false, iamDatabaseAuthenticationEnabled: "true", backupRetentionPeriod: undefined };
        assert.deepEqual(rds(CLUSTER, bare), [
            { message: "storage encryption is off; set storageEncrypted: true (with kmsKeyId)" },
            { message: "deletion protection is off; set deletionProtection: true" },
            { message: "IAM database authentication is off; set iamDatabaseAuthenticationEnabled: true" },
            { message: "backups are kept 1 day; set backupRetentionPeriod to at least 7" },
        ]);
    });
    it("counts backup days exactly", () => {
        const days = (n: unknown) => rds(INSTANCE, { backupRetentionPeriod: n, publiclyAccessible: false });
        assert.deepEqual(days(6), [{ message: "backups are kept 6 days; set backupRetentionPeriod to at least 7" }]);
        assert.deepEqual(days(1), [{ message: "backups are kept 1 day; set backupRetentionPeriod to at least 7" }]);
        assert.deepEqual(days(0), [{ message: "backups are kept 0 days; set backupRetentionPeriod to at least 7" }]);
        assert.deepEqual(days("14"), [{ message: "backups are kept 1 day; set backupRetentionPeriod to at least 7" }]);
        assert.deepEqual(days(35), []);
    });
    it("reports each setting unknown at preview", () =>
        assert.deepEqual(
            rds(CLUSTER, { storageEncrypted: UNKNOWN, deletionProtection: UNKNOWN, iamDatabaseAuthenticationEnabled: UNKNOWN, backupRetentionPeriod: UNKNOWN }),
            [PREVIEW("storage encryption"), PREVIEW("deletion protection"), PREVIEW("IAM database authentication"), PREVIEW("backupRetentionPeriod")],
        ));
    it("checks public access on instances and cluster instances, and only that on cluster instances", () => {
        const pub = { message: "publiclyAccessible is true; databases stay in private subnets" };
        assert.deepEqual(rds(INSTANCE, { publiclyAccessible: true }), [pub]);
        assert.deepEqual(rds(INSTANCE, { publiclyAccessible: UNKNOWN }), [PREVIEW("publiclyAccessible")]);
        assert.deepEqual(rds(INSTANCE, { publiclyAccessible: false }), []);
        assert.deepEqual(check("rds-baseline", res(CI, "db", { publiclyAccessible: true })), [pub]);
        assert.deepEqual(check("rds-baseline", res(CI, "db", {})), []);
        // A cluster has no publiclyAccessible: the flag on it is not read.
        assert.deepEqual(rds(CLUSTER, { publiclyAccessible: true }), []);
    });

    describe("TLS forced by the parameter group (stack)", () => {
        const cluster = (ref: unknown) => res(CLUSTER, "db", { ...good, dbClusterParameterGroupName: ref });
        const instance = (ref: unknown) => res(INSTANCE, "inst", { ...good, parameterGroupName: ref });
        const group = (type: string, parameters: unknown) => res(type, "pg", { name: "acme-pg", parameters });
        const CPG = "aws:rds/clusterParameterGroup:ClusterParameterGroup";
        const PG = "aws:rds/parameterGroup:ParameterGroup";
        const stack = (...rs: ReturnType<typeof res>[]) => checkStack("rds-baseline", rs);
        const notForced = (type: string, name: string) => ({
            urn: urn(type, name),
            message: "TLS is not forced: parameter group pg does not set rds.force_ssl = 1 (PostgreSQL) or require_secure_transport = ON (MySQL)",
        });
        it("accepts rds.force_ssl = 1 and require_secure_transport ON/1/TRUE in any case", () => {
            assert.deepEqual(stack(cluster("acme-pg"), group(CPG, [{ name: "rds.force_ssl", value: 1 }])), []);
            for (const value of ["ON", "on", "1", "true", "TRUE"])
                assert.deepEqual(stack(instance("acme-pg"), group(PG, ["junk", { name: "require_secure_transport", value }])), [], value);
        });
        it("fails other values and names", () => {
            assert.deepEqual(stack(cluster("acme-pg"), group(CPG, [{ name: "rds.force_ssl", value: "0" }])), [notForced(CLUSTER, "db")]);
            assert.deepEqual(stack(cluster("acme-pg"), group(CPG, [{ name: "rds.force_ssl", value: "ON" }])), [notForced(CLUSTER, "db")]);
            assert.deepEqual(stack(instance("acme-pg"), group(PG, [{ name: "require_secure_transport", value: "OFF" }])), [notForced(INSTANCE, "inst")]);
            assert.deepEqual(stack(instance("acme-pg"), group(PG, [{ name: "other", value: "1" }])), [notForced(INSTANCE, "inst")]);
            assert.deepEqual(stack(instance("acme-pg"), group(PG, undefined)), [notForced(INSTANCE, "inst")]);
        });
        it("a cluster's group must be a cluster parameter group, an instance's an instance one", () => {
            const foreign = (type: string, name: string) => ({
                urn: urn(type, name),
                message: 'the parameter group "acme-pg" is not in this stack; whether it forces TLS cannot be checked',
                unknown: true,
            });
            assert.deepEqual(stack(cluster("acme-pg"), group(PG, [{ name: "rds.force_ssl", value: "1" }])), [foreign(CLUSTER, "db")]);
            assert.deepEqual(stack(instance("acme-pg"), group(CPG, [{ name: "rds.force_ssl", value: "1" }])), [foreign(INSTANCE, "inst")]);
        });
        it("reports no group, an unknown group, for clusters and instances", () => {
            const none = (type: string, name: string) => ({
                urn: urn(type, name),
                message: "TLS is not forced: no parameter group; use one that sets rds.force_ssl = 1 (PostgreSQL) or require_secure_transport = ON (MySQL)",
            });
            assert.deepEqual(stack(cluster(undefined), instance(undefined)), [none(CLUSTER, "db"), none(INSTANCE, "inst")]);
            assert.deepEqual(stack(cluster(UNKNOWN)), [{ urn: urn(CLUSTER, "db"), ...PREVIEW("the parameter group") }]);
            assert.deepEqual(stack(res(CI, "ci", { publiclyAccessible: false })), []);
        });
    });
});

describe("rds-baseline on aws-native clusters and instances", () => {
    const NATIVE_CLUSTER = "aws-native:rds:DbCluster";
    const NATIVE_INSTANCE = "aws-native:rds:DbInstance";
    const good = { storageEncrypted: true, deletionProtection: true, enableIamDatabaseAuthentication: true, backupRetentionPeriod: 7 };
    const pub = { message: "publiclyAccessible is true; databases stay in private subnets" };
    const iamOff = { message: "IAM database authentication is off; set enableIamDatabaseAuthentication: true" };
    const rds = (type: string, p: Record<string, unknown>) => check("rds-baseline", res(type, "db", p));

    it("judges a cluster and a stand-alone instance by aws-native's property names", () => {
        assert.deepEqual(rds(NATIVE_CLUSTER, good), []);
        assert.deepEqual(rds(NATIVE_INSTANCE, { ...good, publiclyAccessible: false }), []);
        assert.deepEqual(rds(NATIVE_CLUSTER, { ...good, enableIamDatabaseAuthentication: undefined, iamDatabaseAuthenticationEnabled: true }), [iamOff]);
        assert.deepEqual(rds(NATIVE_INSTANCE, { publiclyAccessible: true }), [
            pub,
            { message: "storage encryption is off; set storageEncrypted: true (with kmsKeyId)" },
            { message: "deletion protection is off; set deletionProtection: true" },
            iamOff,
            { message: "backups are kept 1 day; set backupRetentionPeriod to at least 7" },
        ]);
    });

    it("checks only public access on an instance of a cluster (one that names its dbClusterIdentifier)", () => {
        assert.deepEqual(rds(NATIVE_INSTANCE, { dbClusterIdentifier: "acme-db", publiclyAccessible: true }), [pub]);
        assert.deepEqual(rds(NATIVE_INSTANCE, { dbClusterIdentifier: "acme-db" }), []);
    });

    it("reads TLS from aws-native parameter groups, whose parameters are a map, named or by ARN", () => {
        const stack = (...rs: ReturnType<typeof res>[]) => checkStack("rds-baseline", rs);
        const cluster = res(NATIVE_CLUSTER, "db", { ...good, dbClusterParameterGroupName: "acme-cpg" });
        const clusterGroup = (parameters: unknown) =>
            res("aws-native:rds:DbClusterParameterGroup", "cpg", { dbClusterParameterGroupName: "acme-cpg", parameters });
        const instance = (ref: unknown) => res(NATIVE_INSTANCE, "inst", { ...good, dbParameterGroupName: ref });
        const group = res("aws-native:rds:DbParameterGroup", "pg", { dbParameterGroupName: "acme-pg", parameters: { require_secure_transport: "ON" } });
        assert.deepEqual(stack(cluster, clusterGroup({ "rds.force_ssl": "1" })), []);
        assert.deepEqual(stack(cluster, clusterGroup({ "rds.force_ssl": "0" })), [
            {
                urn: urn(NATIVE_CLUSTER, "db"),
                message: "TLS is not forced: parameter group cpg does not set rds.force_ssl = 1 (PostgreSQL) or require_secure_transport = ON (MySQL)",
            },
        ]);
        assert.deepEqual(stack(instance("acme-pg"), group), []);
        assert.deepEqual(stack(instance("arn:aws:rds:eu-central-1:123456789012:pg:acme-pg"), group), []);
        assert.deepEqual(stack(instance(undefined)), [
            {
                urn: urn(NATIVE_INSTANCE, "inst"),
                message: "TLS is not forced: no parameter group; use one that sets rds.force_ssl = 1 (PostgreSQL) or require_secure_transport = ON (MySQL)",
            },
        ]);
        assert.deepEqual(stack(res(NATIVE_INSTANCE, "member", { dbClusterIdentifier: "acme-db" })), []);
    });
});

describe("lambda-baseline on aws-native functions, permissions and URLs", () => {
    const lambda = (type: string, props: Record<string, unknown>) => check("lambda-baseline", res(type, "x", props));

    it("judges an aws-native function's runtime, tracing and environment", () => {
        const FN = "aws-native:lambda:Function";
        assert.deepEqual(lambda(FN, { runtime: "python3.13", tracingConfig: { mode: "Active" } }), []);
        assert.deepEqual(lambda(FN, { runtime: "python3.8", environment: { variables: { API_KEY: "k-123" } } }), [
            { message: `runtime "python3.8" is not supported by Lambda (deprecated or unknown); use one of ${SUPPORTED_LAMBDA_RUNTIMES.join(", ")}` },
            { message: "X-Ray tracing is off; set tracingConfig.mode: Active" },
            {
                message:
                    "environment variable API_KEY holds a credential in plaintext (readable by anyone who can read the function's configuration); keep it in Secrets Manager and pass its ARN",
            },
        ]);
        assert.deepEqual(lambda(FN, { packageType: "Image" }), []);
    });

    it("flags an aws-native permission for anyone, and a URL whose authType is NONE", () => {
        const PERMISSION = "aws-native:lambda:Permission";
        assert.deepEqual(lambda(PERMISSION, { principal: "*", functionName: "f" }), [
            { message: 'the permission lets anyone invoke the function (principal "*" without sourceArn, sourceAccount or principalOrgId)' },
        ]);
        assert.deepEqual(lambda(PERMISSION, { principal: "*", functionName: "f", sourceAccount: "123456789012" }), []);
        const URL = "aws-native:lambda:Url";
        assert.deepEqual(lambda(URL, { authType: "NONE", targetFunctionArn: "f" }), [
            { message: "the function URL has authType NONE: anyone on the internet can invoke it; use AWS_IAM" },
        ]);
        assert.deepEqual(lambda(URL, { authType: "AWS_IAM", authorizationType: "NONE", targetFunctionArn: "f" }), []);
        assert.deepEqual(lambda(URL, { authType: UNKNOWN }), [PREVIEW("authType")]);
    });
});
