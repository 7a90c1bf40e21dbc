import * as assert from "node:assert/strict";
import { MANAGED_CONFIG_RULES } from "../../src/region/config-rules";
import { AUDIT_CHECKS, SCHEDULED_AUDIT_CHECKS } from "../../src/region/governance";
import { planRegion, type Plan, type PlannedResource } from "../../src/plan/plan";
import { missingTags } from "../helpers/tags";
import { allOptionsFleet, exampleFleet } from "./helpers";

const MINE = /fleet:region:(RegionalGovernance|WorkloadNetwork|PredictiveMaintenance|MaintenanceReports|AppsPlatform|BusinessIntelligence)/;
/** Types of the optional services and of the workload network: none in the example fleet's region, each in the all-options fleet's. */
const OPTIONAL = [
    "fleet:region:WorkloadNetwork",
    "aws:sagemaker/model:Model",
    "aws:comprehend/documentClassifier:DocumentClassifier",
    "eks:index:Cluster",
    "aws:ecs/cluster:Cluster",
    "aws:quicksight/dataSource:DataSource",
    "aws:ec2/vpc:Vpc",
];

function finder(plan: Plan) {
    const mine = plan.resources.filter((r) => MINE.test(r.urn));
    const all = (type: string) => mine.filter((r) => r.type === type);
    const one = (type: string, name?: string): PlannedResource => {
        const found = all(type).filter((r) => name === undefined || r.name === name);
        assert.equal(found.length, 1, `expected one ${type} ${name ?? ""}, found ${found.length}`);
        return found[0];
    };
    return { mine, all, one };
}

/**
 * Whether `r` depends on `target`. Compares type and name: the mock runtime's dependency URNs
 * carry only the direct parent's type, the plan's URNs the whole chain.
 */
const dependsOn = (r: PlannedResource, target: PlannedResource) => r.dependsOn.some((u) => u.endsWith(`$${target.type}::${target.name}`));

const policyOf = (r: PlannedResource) => JSON.parse(r.inputs.policy as string) as { Statement: { Sid?: string; Action: string[]; Resource: string[] }[] };

describe("extras: region components under mocks", function () {
    this.timeout(300_000);
    let example: Plan;
    let prod: Plan;
    let staging: Plan;

    before(async () => {
        example = await planRegion(exampleFleet(), "eu-central-1", { sites: [] });
        prod = await planRegion(allOptionsFleet(), "eu-central-1", { sites: [] });
        staging = await planRegion(allOptionsFleet(), "us-east-2", { sites: [] });
    });

    describe("defaults (example fleet): governance only", () => {
        it("creates no optional service and no workload network (each of which the all-options fleet has)", () => {
            const types = (plan: Plan) => new Set(finder(plan).mine.map((r) => r.type));
            assert.deepEqual(
                OPTIONAL.filter((t) => types(example).has(t)),
                [],
            );
            assert.deepEqual(
                OPTIONAL.filter((t) => !types(prod).has(t)),
                [],
            );
            assert.equal(example.resources.filter((r) => r.type === "fleet:region:RegionalGovernance").length, 1);
        });

        it("records the unconditional Config rules and none of the optional ones", () => {
            const rules = finder(example)
                .all("aws:cfg/rule:Rule")
                .map((r) => (r.inputs.source as { sourceIdentifier: string }).sourceIdentifier)
                .sort();
            assert.deepEqual(
                rules,
                MANAGED_CONFIG_RULES.filter((r) => !r.requires)
                    .map((r) => r.identifier)
                    .sort(),
            );
        });

        it("keeps governance small: a fixed resource count", () => {
            // IoT logging 3, Device Defender 7, Security Hub 2, Config bucket 7, Config role 3,
            // recorder + channel + status 3, unconditional Config rules 26
            assert.equal(finder(example).mine.filter((r) => r.custom).length, 52);
        });
    });

    describe("governance", () => {
        it("turns IoT logging on (WARN in production, INFO elsewhere) with its own role", () => {
            const p = finder(prod).one("aws:iot/loggingOptions:LoggingOptions");
            assert.equal(p.inputs.defaultLogLevel, "WARN");
            assert.equal(p.inputs.disableAllLogs, false);
            assert.match(p.inputs.roleArn as string, /^arn:aws:iam:/);
            assert.equal(finder(staging).one("aws:iot/loggingOptions:LoggingOptions").inputs.defaultLogLevel, "INFO");
        });

        it("configures the Device Defender audit with every check and a daily scheduled audit", () => {
            const { one } = finder(prod);
            const audit = one("aws-native:iot:AccountAuditConfiguration");
            assert.equal(audit.inputs.accountId, "123456789012");
            const checks = audit.inputs.auditCheckConfigurations as Record<string, { enabled: boolean }>;
            assert.deepEqual(Object.keys(checks).sort(), Object.values(AUDIT_CHECKS).sort());
            assert.ok(Object.values(checks).every((c) => c.enabled === true));
            const target = (audit.inputs.auditNotificationTargetConfigurations as { sns: { enabled: boolean; targetArn: string } }).sns;
            assert.equal(target.enabled, true);
            const scheduled = one("aws-native:iot:ScheduledAudit");
            assert.equal(scheduled.inputs.frequency, "DAILY");
            assert.equal(scheduled.inputs.scheduledAuditName, "acme-daily-identity-audit");
            assert.deepEqual(scheduled.inputs.targetCheckNames, [...SCHEDULED_AUDIT_CHECKS]);
            assert.ok(dependsOn(scheduled, audit), "scheduled audit must wait for the audit configuration");
            const topic = one("aws:sns/topic:Topic", "audit-findings");
            assert.match(topic.inputs.kmsMasterKeyId as string, /^arn:aws:kms:eu-central-1:/);
        });

        it("enables Security Hub with the foundational best-practices standard only", () => {
            const { one } = finder(prod);
            const hub = one("aws:securityhub/account:Account");
            assert.equal(hub.inputs.enableDefaultStandards, false);
            assert.equal(hub.inputs.controlFindingGenerator, "SECURITY_CONTROL");
            const sub = one("aws:securityhub/standardsSubscription:StandardsSubscription");
            assert.equal(sub.inputs.standardsArn, "arn:aws:securityhub:eu-central-1::standards/aws-foundational-security-best-practices/v/1.0.0");
            assert.ok(dependsOn(sub, hub));
        });

        it("records every resource type, global types in the first region only, to an encrypted, protected bucket", () => {
            const { one, all } = finder(prod);
            const recorder = one("aws:cfg/recorder:Recorder");
            assert.equal(recorder.inputs.name, "acme-recorder");
            assert.deepEqual(recorder.inputs.recordingGroup, { allSupported: true, includeGlobalResourceTypes: true });
            assert.deepEqual(finder(staging).one("aws:cfg/recorder:Recorder").inputs.recordingGroup, { allSupported: true, includeGlobalResourceTypes: false });
            const channel = one("aws:cfg/deliveryChannel:DeliveryChannel");
            assert.match(channel.inputs.s3KmsKeyArn as string, /^arn:aws:kms:/);
            assert.ok(dependsOn(channel, recorder));
            const status = one("aws:cfg/recorderStatus:RecorderStatus");
            assert.equal(status.inputs.isEnabled, true);
            assert.ok(dependsOn(status, channel));
            const bucket = one("aws:s3/bucket:Bucket", "config-history");
            assert.equal(bucket.protect, true);
            const sse = one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration");
            assert.equal(
                (sse.inputs.rules as { applyServerSideEncryptionByDefault: { sseAlgorithm: string } }[])[0].applyServerSideEncryptionByDefault.sseAlgorithm,
                "aws:kms",
            );
            assert.deepEqual(one("aws:s3/bucketVersioning:BucketVersioning").inputs.versioningConfiguration, { status: "Enabled" });
            const pab = one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs;
            assert.deepEqual([pab.blockPublicAcls, pab.blockPublicPolicy, pab.ignorePublicAcls, pab.restrictPublicBuckets], [true, true, true, true]);
            const policy = policyOf(one("aws:s3/bucketPolicy:BucketPolicy"));
            assert.equal(policy.Statement[0].Sid, "DenyInsecureTransport");
            const lifecycle = one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration");
            assert.equal((lifecycle.inputs.rules as { expiration: { days: number } }[])[0].expiration.days, allOptionsFleet().defaults.retention.archiveDays);
            assert.equal(all("aws:cfg/rule:Rule").length, MANAGED_CONFIG_RULES.length);
            for (const rule of all("aws:cfg/rule:Rule")) {
                assert.equal((rule.inputs.source as { owner: string }).owner, "AWS");
                assert.ok(dependsOn(rule, recorder), `${rule.name} must wait for the recorder`);
            }
        });
    });

    describe("workload network", () => {
        it("is private: two subnets without public IPs, no internet or NAT gateway, AWS APIs through endpoints", () => {
            const { all, one } = finder(prod);
            const subnets = all("aws:ec2/subnet:Subnet");
            assert.deepEqual(
                subnets.map((s) => [s.name, s.inputs.cidrBlock, s.inputs.availabilityZone, s.inputs.mapPublicIpOnLaunch]),
                [
                    ["workloads-private-a", "10.253.0.0/21", "eu-central-1a", false],
                    ["workloads-private-b", "10.253.8.0/21", "eu-central-1b", false],
                ],
            );
            assert.equal(all("aws:ec2/internetGateway:InternetGateway").length, 0);
            assert.equal(all("aws:ec2/natGateway:NatGateway").length, 0);
            const endpoints = all("aws:ec2/vpcEndpoint:VpcEndpoint").map((e) => [e.inputs.serviceName, e.inputs.vpcEndpointType]);
            assert.deepEqual(endpoints.sort(), [
                ["com.amazonaws.eu-central-1.ec2", "Interface"],
                ["com.amazonaws.eu-central-1.ecr.api", "Interface"],
                ["com.amazonaws.eu-central-1.ecr.dkr", "Interface"],
                ["com.amazonaws.eu-central-1.eks", "Interface"],
                ["com.amazonaws.eu-central-1.logs", "Interface"],
                ["com.amazonaws.eu-central-1.s3", "Gateway"],
                ["com.amazonaws.eu-central-1.sts", "Interface"],
            ]);
            const sg = one("aws:ec2/securityGroup:SecurityGroup", "workloads");
            assert.deepEqual(sg.inputs.ingress, []);
            const flow = one("aws:ec2/flowLog:FlowLog").inputs;
            assert.equal(flow.trafficType, "ALL");
            assert.equal(flow.logDestinationType, "cloud-watch-logs");
            const group = one("aws:cloudwatch/logGroup:LogGroup", "workloads-flow-logs").inputs;
            assert.equal(group.name, "/fleet/acme/workloads-vpc-flow-logs");
            assert.match(group.kmsKeyId as string, /^arn:aws:kms:/);
            assert.equal(group.retentionInDays, 365);
            const endpointsSg = one("aws:ec2/securityGroup:SecurityGroup", "workloads-endpoints");
            assert.deepEqual(
                (endpointsSg.inputs.ingress as { cidrBlocks: string[]; fromPort: number }[]).map((r) => [r.fromPort, r.cidrBlocks]),
                [[443, ["10.253.0.0/20"]]],
            );
        });
    });

    describe("predictive maintenance (SageMaker)", () => {
        it("serves the edge's ONNX model from the artifacts bucket, isolated in the private subnets", () => {
            const { one } = finder(prod);
            const model = one("aws:sagemaker/model:Model", "vibration-anomaly");
            assert.equal(model.inputs.name, "acme-vibration-anomaly");
            assert.equal(model.inputs.enableNetworkIsolation, true);
            const container = model.inputs.primaryContainer as { image: string; modelDataUrl: string; environment: Record<string, string> };
            assert.equal(container.image, "746233611703.dkr.ecr.eu-central-1.amazonaws.com/sagemaker-tritonserver:24.09-py3");
            assert.match(container.modelDataUrl, /^s3:\/\/.+\/models\/vibration-anomaly\/model\.tar\.gz$/);
            assert.deepEqual(container.environment, { SAGEMAKER_TRITON_DEFAULT_MODEL_NAME: "vibration-anomaly" });
            const vpc = model.inputs.vpcConfig as { subnets: string[]; securityGroupIds: string[] };
            assert.equal(vpc.subnets.length, 2);
            assert.equal(vpc.securityGroupIds.length, 1);
        });

        it("encrypts endpoint storage with the region key; two instances in production, one elsewhere", () => {
            const config = finder(prod).one("aws:sagemaker/endpointConfiguration:EndpointConfiguration");
            assert.match(config.inputs.kmsKeyArn as string, /^arn:aws:kms:eu-central-1:/);
            assert.equal((config.inputs.productionVariants as { initialInstanceCount: number }[])[0].initialInstanceCount, 2);
            const stagingConfig = finder(staging).one("aws:sagemaker/endpointConfiguration:EndpointConfiguration");
            assert.equal((stagingConfig.inputs.productionVariants as { initialInstanceCount: number }[])[0].initialInstanceCount, 1);
            assert.equal(finder(prod).one("aws:sagemaker/endpoint:Endpoint").inputs.name, "acme-vibration-anomaly");
        });

        it("gives the execution role only its own model's artifacts", () => {
            const policy = policyOf(finder(prod).one("aws:iam/rolePolicy:RolePolicy", "vibration-anomaly-sagemaker"));
            const read = policy.Statement.find((s) => s.Sid === "ReadModel")!;
            assert.equal(read.Resource.length, 1);
            assert.match(read.Resource[0], /^arn:aws:s3:.+\/models\/vibration-anomaly\/\*$/);
        });
    });

    describe("maintenance reports (Comprehend)", () => {
        it("trains from the labelled CSV with every key set and in the private subnets", () => {
            const c = finder(prod).one("aws:comprehend/documentClassifier:DocumentClassifier").inputs;
            assert.equal(c.name, "acme-maintenance-reports");
            assert.equal(c.mode, "MULTI_CLASS");
            assert.equal(c.languageCode, "en");
            const input = c.inputDataConfig as { dataFormat: string; s3Uri: string };
            assert.equal(input.dataFormat, "COMPREHEND_CSV");
            assert.match(input.s3Uri, /\/reports\/training\/labelled\.csv$/);
            for (const k of [c.modelKmsKeyId, c.volumeKmsKeyId, (c.outputDataConfig as { kmsKeyId: string }).kmsKeyId])
                assert.match(k as string, /^arn:aws:kms:/);
            assert.equal((c.vpcConfig as { subnets: string[] }).subnets.length, 2);
        });

        it("manages the classifier's endpoint through a Lambda invoked on every lifecycle event, after training", () => {
            const { one } = finder(prod);
            const fn = one("aws:lambda/function:Function", "comprehend-endpoint-manager").inputs;
            assert.equal(fn.name, "acme-comprehend-endpoint");
            assert.equal(fn.runtime, "nodejs22.x");
            const inv = one("aws:lambda/invocation:Invocation", "comprehend-endpoint");
            assert.equal(inv.inputs.lifecycleScope, "CRUD");
            const input = JSON.parse(inv.inputs.input as string);
            assert.equal(input.endpointName, "acme-maintenance-reports");
            assert.equal(input.inferenceUnits, 1);
            assert.ok(dependsOn(inv, one("aws:comprehend/documentClassifier:DocumentClassifier")), "the endpoint needs a trained classifier");
            const policy = policyOf(one("aws:iam/rolePolicy:RolePolicy", "comprehend-endpoint-manager"));
            assert.deepEqual(
                policy.Statement[0].Resource[0],
                "arn:aws:comprehend:eu-central-1:123456789012:document-classifier-endpoint/acme-maintenance-reports",
            );
        });
    });

    describe("apps platform", () => {
        it("EKS: private endpoint only, secrets encrypted, all control-plane logs, managed nodes in private subnets", () => {
            const { one } = finder(prod);
            const cluster = one("eks:index:Cluster").inputs;
            assert.equal(cluster.endpointPrivateAccess, true);
            assert.equal(cluster.endpointPublicAccess, false);
            assert.match(cluster.encryptionConfigKeyArn as string, /^arn:aws:kms:/);
            assert.deepEqual(cluster.enabledClusterLogTypes, ["api", "audit", "authenticator", "controllerManager", "scheduler"]);
            assert.equal(cluster.authenticationMode, "API");
            assert.equal(cluster.skipDefaultNodeGroup, true);
            assert.equal(cluster.deletionProtection, true);
            assert.equal((cluster.privateSubnetIds as string[]).length, 2);
            assert.equal(cluster.publicSubnetIds, undefined);
            assert.equal(finder(staging).one("eks:index:Cluster").inputs.deletionProtection, false);
            const nodes = one("eks:index:ManagedNodeGroup").inputs;
            assert.equal((nodes.subnetIds as string[]).length, 2);
            assert.equal(nodes.amiType, "AL2023_x86_64_STANDARD");
            assert.equal(nodes.enableIMDSv2, true);
        });

        it("ECS: Container Insights, encrypted exec sessions, Service Connect namespace; never App Mesh", () => {
            const { one } = finder(prod);
            const ecs = one("aws:ecs/cluster:Cluster").inputs;
            assert.deepEqual(ecs.settings, [{ name: "containerInsights", value: "enhanced" }]);
            const ns = one("aws:servicediscovery/httpNamespace:HttpNamespace");
            assert.equal(ns.inputs.name, "acme-apps.eu-central-1.internal");
            assert.match((ecs.serviceConnectDefaults as { namespace: string }).namespace, /^arn:aws:servicediscovery:/);
            const exec = (
                ecs.configuration as {
                    executeCommandConfiguration: { kmsKeyId: string; logging: string; logConfiguration: { cloudWatchEncryptionEnabled: boolean } };
                }
            ).executeCommandConfiguration;
            assert.match(exec.kmsKeyId, /^arn:aws:kms:/);
            assert.equal(exec.logConfiguration.cloudWatchEncryptionEnabled, true);
            for (const plan of [prod, staging]) assert.ok(!plan.resources.some((r) => r.type.startsWith("aws:appmesh/")), "App Mesh is retired");
        });
    });

    describe("BI (QuickSight)", () => {
        it("reads the Glue telemetry table through the region's Athena workgroup, direct query", () => {
            const { one } = finder(prod);
            const ds = one("aws:quicksight/dataSource:DataSource").inputs;
            assert.equal(ds.type, "ATHENA");
            assert.equal(ds.dataSourceId, "acme-lake-athena");
            assert.deepEqual(ds.parameters, { athena: { workGroup: "acme-telemetry" } });
            assert.deepEqual(ds.sslProperties, { disableSsl: false });
            const set = one("aws:quicksight/dataSet:DataSet").inputs;
            assert.equal(set.importMode, "DIRECT_QUERY");
            const table = (
                set.physicalTableMaps as {
                    relationalTable: { catalog: string; schema: string; name: string; inputColumns: { name: string; type: string }[] };
                }[]
            )[0].relationalTable;
            assert.deepEqual([table.catalog, table.schema, table.name], ["AwsDataCatalog", "acme_telemetry", "readings"]);
            assert.deepEqual(table.inputColumns.slice(0, 5), [
                { name: "thing", type: "STRING" },
                { name: "channel", type: "STRING" },
                { name: "sensor", type: "STRING" },
                { name: "ts", type: "INTEGER" },
                { name: "value", type: "DECIMAL" },
            ]);
            assert.deepEqual(table.inputColumns.slice(-2), [
                { name: "site", type: "STRING" },
                { name: "date", type: "STRING" },
            ]);
        });

        it("grants the data source and data set to an owners group, and QuickSight's service role the lake key", () => {
            const { one } = finder(prod);
            const group = one("aws:quicksight/group:Group").inputs;
            assert.deepEqual([group.groupName, group.namespace], ["acme-bi-owners", "default"]);
            for (const t of ["aws:quicksight/dataSource:DataSource", "aws:quicksight/dataSet:DataSet"]) {
                const perms = one(t).inputs.permissions as { principal: string; actions: string[] }[];
                assert.equal(perms.length, 1, t);
                assert.match(perms[0].principal, /^arn:aws:quicksight:[a-z0-9-]+:123456789012:(group\/default\/acme-)?bi-owners$/);
            }
            const grant = one("aws:kms/grant:Grant").inputs;
            assert.equal(grant.granteePrincipal, "arn:aws:iam::123456789012:role/service-role/aws-quicksight-service-role-v0");
            assert.deepEqual(grant.operations, ["Decrypt", "DescribeKey", "GenerateDataKey"]);
            assert.match(String(grant.keyId), /^arn:aws:kms:/);
        });
    });

    describe("all components", () => {
        it("tag every resource that takes tags with the fleet and region", () => {
            assert.deepEqual(missingTags(finder(prod).mine, { "fleet:name": "acme", "fleet:region": "eu-central-1" }), []);
        });

        it("stays a few dozen resources per option", () => {
            const count = (p: Plan) => finder(p).mine.filter((r) => r.custom).length;
            // governance 52 (with the Config history bucket's access logging) + the optional Config rules 6, workload network 15 + flow logs 4,
            // SageMaker 5, Comprehend 3 + endpoint manager 5, EKS node role 4 (the eks components are not custom), ECS 3,
            // QuickSight 4 (data source, data set, owners group, key grant)
            assert.equal(count(prod), 101);
        });
    });
});
