import * as assert from "node:assert/strict";
import { assertClean, assertUnknown, assertViolation, check, res, UNKNOWN, violations } from "../helpers";

const KEY = "arn:aws:kms:eu-central-1:123456789012:key/platform";
const TAGS = { "fleet:name": "acme", "fleet:region": "eu-central-1", "cost-center": "ot-platform" };

describe("policies: data and services (2)", () => {
    describe("eks-baseline", () => {
        const cluster = (p: Record<string, unknown>) =>
            res("aws:eks/cluster:Cluster", "apps", {
                roleArn: "r",
                vpcConfig: { subnetIds: ["a", "b"], endpointPublicAccess: false, endpointPrivateAccess: true },
                encryptionConfig: { resources: ["secrets"], provider: { keyArn: KEY } },
                enabledClusterLogTypes: ["api", "audit", "authenticator"],
                ...p,
            });
        it("accepts a private, encrypted, logged cluster", () => assertClean(check("eks-baseline", cluster({}))));
        it("accepts a public endpoint restricted to known CIDRs", () =>
            assertClean(
                check("eks-baseline", cluster({ vpcConfig: { subnetIds: ["a"], endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] } })),
            ));
        it("fails an endpoint open to the internet", () =>
            assertViolation(check("eks-baseline", cluster({ vpcConfig: { subnetIds: ["a"] } })), "public to the internet"));
        it("fails without secrets encryption", () =>
            assertViolation(check("eks-baseline", cluster({ encryptionConfig: undefined })), "secrets are not encrypted"));
        it("fails without audit logs", () =>
            assertViolation(check("eks-baseline", cluster({ enabledClusterLogTypes: ["api", "authenticator"] })), "control-plane logs audit are off"));
        it("cannot check unknown endpoint access", () =>
            assertUnknown(check("eks-baseline", cluster({ vpcConfig: { subnetIds: ["a"], endpointPublicAccess: UNKNOWN } }))));
        const component = (p: Record<string, unknown>) =>
            res("eks:index:Cluster", "apps", {
                endpointPrivateAccess: true,
                endpointPublicAccess: false,
                encryptionConfigKeyArn: KEY,
                enabledClusterLogTypes: ["api", "audit", "authenticator"],
                ...p,
            });
        it("accepts a private, encrypted, logged @pulumi/eks cluster component", () => assertClean(check("eks-baseline", component({}))));
        it("fails a @pulumi/eks component left with its public default endpoint", () =>
            assertViolation(check("eks-baseline", component({ endpointPublicAccess: undefined })), "public to the internet"));
        it("fails a @pulumi/eks component without a secrets key", () =>
            assertViolation(check("eks-baseline", component({ encryptionConfigKeyArn: undefined })), "secrets are not encrypted"));
        it("fails a @pulumi/eks component without control-plane logs", () =>
            assertViolation(check("eks-baseline", component({ enabledClusterLogTypes: undefined })), "control-plane logs api, audit, authenticator are off"));
    });

    describe("eventbridge-bus-not-open", () => {
        const policy = (stmt: Record<string, unknown>) =>
            res("aws:cloudwatch/eventBusPolicy:EventBusPolicy", "bus-policy", {
                eventBusName: "acme-fleet",
                policy: JSON.stringify({
                    Statement: [{ Effect: "Allow", Action: "events:PutEvents", Resource: "arn:aws:events:eu-central-1:1:event-bus/acme-fleet", ...stmt }],
                }),
            });
        it("accepts a named account", () => assertClean(check("eventbridge-bus-not-open", policy({ Principal: { AWS: "arn:aws:iam::123456789012:root" } }))));
        it("accepts * with an organization condition", () =>
            assertClean(check("eventbridge-bus-not-open", policy({ Principal: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-1" } } }))));
        it("fails * without a condition", () => assertViolation(check("eventbridge-bus-not-open", policy({ Principal: "*" })), "to everyone"));
        it("fails an event permission for every account", () =>
            assertViolation(
                check("eventbridge-bus-not-open", res("aws:cloudwatch/eventPermission:EventPermission", "perm", { principal: "*", statementId: "all" })),
                "every AWS account",
            ));
        it("cannot check an unknown policy", () =>
            assertUnknown(check("eventbridge-bus-not-open", res("aws:cloudwatch/eventBusPolicy:EventBusPolicy", "p", { policy: UNKNOWN }))));
    });

    describe("data-store-protected", () => {
        const store = (type: string, extra: Record<string, unknown>) => res(type, "store", {}, extra);
        it("accepts protect", () => assertClean(check("data-store-protected", store("aws:dynamodb/table:Table", { protect: true }))));
        it("accepts retainOnDelete", () =>
            assertClean(check("data-store-protected", store("aws:timestreaminfluxdb/dbInstance:DbInstance", { retainOnDelete: true }))));
        for (const type of [
            "aws:s3/bucket:Bucket",
            "aws:dynamodb/table:Table",
            "aws:rds/cluster:Cluster",
            "aws:kinesis/stream:Stream",
            "aws:timestreaminfluxdb/dbInstance:DbInstance",
        ]) {
            it(`fails an unprotected ${type}`, () => assertViolation(check("data-store-protected", store(type, {})), "is not protected"));
        }
        it("cannot check when the resource options are not known", () =>
            assertUnknown(check("data-store-protected", store("aws:s3/bucket:Bucket", { protect: undefined, retainOnDelete: undefined }))));
    });

    describe("required-tags", () => {
        const stream = (tags: unknown, extra = {}) => res("aws:kinesis/stream:Stream", "telemetry", { tags }, extra);
        it("accepts the fleet tags", () => assertClean(check("required-tags", stream(TAGS))));
        it("fails without fleet:name", () => assertViolation(check("required-tags", stream({ ...TAGS, "fleet:name": undefined })), "missing tag fleet:name"));
        it("fails a site resource without fleet:site", () =>
            assertViolation(check("required-tags", stream(TAGS, { site: "plant" })), "missing tag fleet:site"));
        it("fails without a cost tag", () =>
            assertViolation(check("required-tags", stream({ "fleet:name": "acme", "fleet:region": "eu-central-1" })), "a cost allocation tag"));
        it("counts provider default tags (tagsAll)", () =>
            assertClean(check("required-tags", res("aws:kinesis/stream:Stream", "t", { tags: {}, tagsAll: TAGS }))));
        it("reads aws-native tag lists", () => assertClean(check("required-tags", res("aws-native:greengrassv2:Deployment", "d", { tags: TAGS }))));
        it("ignores types without tags", () => assertClean(check("required-tags", res("aws:iot/thing:Thing", "t", {}))));
        it("cannot check unknown tags", () => assertUnknown(check("required-tags", stream(UNKNOWN))));
    });

    describe("no-retired-services", () => {
        it("accepts Timestream for InfluxDB", () => assertClean(check("no-retired-services", res("aws:timestreaminfluxdb/dbInstance:DbInstance", "ts", {}))));
        for (const type of [
            "aws:timestreamwrite/database:Database",
            "aws-native:iotanalytics:Channel",
            "aws-native:iotevents:DetectorModel",
            "aws:appmesh/mesh:Mesh",
            "aws-native:greengrass:Group",
            "aws-native:timestream:Table",
        ]) {
            it(`fails ${type}`, () => assert.match(violations(check("no-retired-services", res(type, "x", {})))[0], /AWS retired/));
        }
        it("fails an IoT rule action into IoT Analytics", () =>
            assertViolation(
                check("no-retired-services", res("aws:iot/topicRule:TopicRule", "r", { sql: "x", iotAnalytics: [{ channelName: "c", roleArn: "r" }] })),
                "sends to IoT Analytics",
            ));
        it("fails an IoT rule action into Timestream for LiveAnalytics", () =>
            assertViolation(
                check(
                    "no-retired-services",
                    res("aws:iot/topicRule:TopicRule", "r", { sql: "x", timestreams: [{ databaseName: "d", tableName: "t", roleArn: "r", dimensions: [] }] }),
                ),
                "sends to Timestream for LiveAnalytics",
            ));
        it("fails an error action into IoT Events", () =>
            assertViolation(
                check(
                    "no-retired-services",
                    res("aws:iot/topicRule:TopicRule", "r", { sql: "x", errorAction: { iotEvents: { inputName: "i", roleArn: "r" } } }),
                ),
                "sends to IoT Events",
            ));
        it("accepts an IoT rule into Kinesis", () =>
            assertClean(
                check(
                    "no-retired-services",
                    res("aws:iot/topicRule:TopicRule", "r", { sql: "x", kineses: [{ streamName: "s", roleArn: "r" }], iotAnalytics: [] }),
                ),
            ));
    });
});
