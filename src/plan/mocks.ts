/**
 * The mock monitor's answers for offline plans: every resource gets an id and ARN of the shape
 * AWS gives it (account 123456789012, the plan's region, partition aws, the resource type's path
 * from the Service Authorization Reference), every provider function a plausible result. Checks
 * of the documents in a plan (test/fidelity) then see ARNs as AWS would write them.
 */
import { createHash } from "node:crypto";

/** The account every offline plan deploys to. */
export const MOCK_ACCOUNT = "123456789012";

/** Deterministic hex digits for a mock id (the same resource gets the same id in every plan). */
function mockHex(seed: string, n: number): string {
    return createHash("sha256").update(seed).digest("hex").slice(0, n);
}

/** EC2 id prefixes by resource type (AWS's `vpc-0123...` form). */
const EC2_ID_PREFIX: Record<string, string> = {
    "aws:ec2/vpc:Vpc": "vpc",
    "aws:ec2/subnet:Subnet": "subnet",
    "aws:ec2/securityGroup:SecurityGroup": "sg",
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": "sg",
    "aws:ec2/routeTable:RouteTable": "rtb",
    "aws:ec2/vpcEndpoint:VpcEndpoint": "vpce",
    "aws:ec2/flowLog:FlowLog": "fl",
    "aws:ec2/customerGateway:CustomerGateway": "cgw",
    "aws:ec2/vpnConnection:VpnConnection": "vpn",
    "aws:ec2transitgateway/transitGateway:TransitGateway": "tgw",
    "aws:ec2transitgateway/vpcAttachment:VpcAttachment": "tgw-attach",
    "aws:ec2transitgateway/routeTable:RouteTable": "tgw-rtb",
    "aws:networkfirewall/firewall:Firewall": "fw",
};

/**
 * What AWS (through the provider) calls a resource: EC2 ids (`vpc-<17 hex>`), KMS key ids (a
 * UUID), IoT certificate ids (64 hex), SNS topics by ARN, everything else by its physical name
 * (IAM role, bucket, function, log group, thing...).
 */
function mockId(type: string, name: string, physical: string, arn: string | undefined): string {
    const ec2 = EC2_ID_PREFIX[type];
    if (ec2) return `${ec2}-${mockHex(`${type}::${name}`, 17)}`;
    if (type === "aws:kms/key:Key") {
        const h = mockHex(`${type}::${name}`, 32);
        return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    }
    if (type === "aws:iot/certificate:Certificate") return mockHex(`${type}::${name}`, 64);
    if (type === "aws:sns/topic:Topic" && arn) return arn;
    return physical;
}

/**
 * The ARN AWS gives a resource of `type` (service namespace, region or none, account, the
 * resource type's path as the Service Authorization Reference writes it), so policies and
 * references in a plan hold ARNs of the real shape; undefined for types without an ARN.
 */
export function mockArn(type: string, physical: string, id: string, region: string, inputs: Record<string, unknown> = {}): string | undefined {
    const r = (service: string, resource: string, inRegion = true) => `arn:aws:${service}:${inRegion ? region : ""}:${MOCK_ACCOUNT}:${resource}`;
    const table: Record<string, () => string> = {
        "aws:iam/role:Role": () => r("iam", `role/${physical}`, false),
        "aws:iam/policy:Policy": () => r("iam", `policy/${physical}`, false),
        "aws:s3/bucket:Bucket": () => `arn:aws:s3:::${physical}`,
        "aws:lambda/function:Function": () => r("lambda", `function:${physical}`),
        "aws:sqs/queue:Queue": () => r("sqs", physical),
        "aws:sns/topic:Topic": () => r("sns", physical),
        "aws:kinesis/stream:Stream": () => r("kinesis", `stream/${physical}`),
        "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": () => r("firehose", `deliverystream/${physical}`),
        "aws:dynamodb/table:Table": () => r("dynamodb", `table/${physical}`),
        "aws:kms/key:Key": () => r("kms", `key/${id}`),
        "aws:kms/alias:Alias": () => r("kms", physical),
        "aws:cloudwatch/logGroup:LogGroup": () => r("logs", `log-group:${physical}`),
        "aws:cloudwatch/eventBus:EventBus": () => r("events", `event-bus/${physical}`),
        "aws:cloudwatch/eventRule:EventRule": () => r("events", `rule/${inputs.eventBusName ? `${String(inputs.eventBusName)}/` : ""}${physical}`),
        "aws:cloudwatch/metricAlarm:MetricAlarm": () => r("cloudwatch", `alarm:${physical}`),
        "aws:sfn/stateMachine:StateMachine": () => r("states", `stateMachine:${physical}`),
        "aws:rds/cluster:Cluster": () => r("rds", `cluster:${String(inputs.clusterIdentifier ?? physical)}`),
        "aws:rds/clusterInstance:ClusterInstance": () => r("rds", `db:${String(inputs.identifier ?? physical)}`),
        "aws:secretsmanager/secret:Secret": () => r("secretsmanager", `secret:${physical}-${mockHex(physical, 6)}`),
        "aws:iot/thing:Thing": () => r("iot", `thing/${physical}`),
        "aws:iot/thingGroup:ThingGroup": () => r("iot", `thinggroup/${physical}`),
        "aws-native:iot:ThingGroup": () => r("iot", `thinggroup/${String(inputs.thingGroupName ?? physical)}`),
        "aws:iot/policy:Policy": () => r("iot", `policy/${physical}`),
        "aws:iot/topicRule:TopicRule": () => r("iot", `rule/${physical}`),
        "aws:iot/roleAlias:RoleAlias": () => r("iot", `rolealias/${String(inputs.alias ?? physical)}`),
        "aws:iot/certificate:Certificate": () => r("iot", `cert/${id}`),
        "aws:iot/provisioningTemplate:ProvisioningTemplate": () => r("iot", `provisioningtemplate/${physical}`),
        "aws:glue/catalogDatabase:CatalogDatabase": () => r("glue", `database/${physical}`),
        "aws:glue/catalogTable:CatalogTable": () => r("glue", `table/${String(inputs.databaseName ?? "")}/${physical}`),
        "aws:athena/workgroup:Workgroup": () => r("athena", `workgroup/${physical}`),
        "aws:timestreaminfluxdb/dbInstance:DbInstance": () => r("timestream-influxdb", `db-instance/${mockHex(physical, 10)}`),
        "aws:grafana/workspace:Workspace": () => r("grafana", `/workspaces/g-${mockHex(physical, 10)}`),
        "aws:networkfirewall/firewall:Firewall": () => r("network-firewall", `firewall/${physical}`),
        "aws:networkfirewall/firewallPolicy:FirewallPolicy": () => r("network-firewall", `firewall-policy/${physical}`),
        "aws:networkfirewall/ruleGroup:RuleGroup": () =>
            r("network-firewall", `${inputs.type === "STATELESS" ? "stateless" : "stateful"}-rulegroup/${physical}`),
        "aws:ec2transitgateway/transitGateway:TransitGateway": () => r("ec2", `transit-gateway/${id}`),
        "aws:ec2/vpc:Vpc": () => r("ec2", `vpc/${id}`),
        "aws:ec2/subnet:Subnet": () => r("ec2", `subnet/${id}`),
        "aws:ec2/securityGroup:SecurityGroup": () => r("ec2", `security-group/${id}`),
        "aws-native:greengrassv2:ComponentVersion": () => r("greengrass", `components:${physical}:versions:${mockHex(physical, 6)}`),
        "aws:securityhub/account:Account": () => r("securityhub", "hub/default"),
        "aws:quicksight/group:Group": () => r("quicksight", `group/${String(inputs.namespace ?? "default")}/${String(inputs.groupName ?? physical)}`),
        "aws:quicksight/dataSource:DataSource": () => r("quicksight", `datasource/${String(inputs.dataSourceId ?? physical)}`),
        "aws:quicksight/dataSet:DataSet": () => r("quicksight", `dataset/${String(inputs.dataSetId ?? physical)}`),
        "aws:cfg/rule:Rule": () => r("config", `config-rule/config-rule-${mockHex(physical, 6)}`),
        "aws:comprehend/documentClassifier:DocumentClassifier": () => r("comprehend", `document-classifier/${physical}`),
        "aws:sagemaker/endpointConfiguration:EndpointConfiguration": () => r("sagemaker", `endpoint-config/${physical}`),
    };
    const make = table[type];
    if (make) return make();
    const [pkg, mod] = type.split(":");
    if (pkg !== "aws" && pkg !== "aws-native") return undefined;
    const service = (mod ?? "").split("/")[0].toLowerCase();
    return r(service, `${type.split(":").pop()?.toLowerCase() ?? "resource"}/${physical}`);
}

/**
 * What a mock resource "returns": its inputs plus the computed outputs programs commonly read
 * (an id and ARN of AWS's shape, a physical name), so that plans show real-looking values and
 * the documents built from them can be checked as AWS would (test/fidelity).
 */
export function mockState(
    type: string,
    name: string,
    inputs: Record<string, unknown>,
    region: string,
    awsShaped = true,
): { id: string; state: Record<string, unknown> } {
    const [pkg] = type.split(":");
    const state: Record<string, unknown> = { ...inputs };
    const physical = String(inputs.name ?? inputs.functionName ?? inputs.bucket ?? name);
    if (pkg !== "aws" && pkg !== "aws-native") return { id: `${name}-id`, state };
    if (!awsShaped) return legacyMockState(type, name, inputs, region);
    const provisional = mockArn(type, physical, mockId(type, name, physical, undefined), region, inputs);
    const id = mockId(type, name, physical, provisional);
    const arn = mockArn(type, physical, id, region, inputs);
    if (arn) state.arn ??= arn;
    if (type === "aws:s3/bucket:Bucket") state.bucket ??= physical;
    if (type === "aws:kms/key:Key") state.keyId ??= id;
    if (type === "aws:timestreaminfluxdb/dbInstance:DbInstance") state.endpoint ??= `${physical}-abc123.${region}.timestream-influxdb.amazonaws.com`;
    if (type === "aws:sqs/queue:Queue") state.url ??= `https://sqs.${region}.amazonaws.com/${MOCK_ACCOUNT}/${physical}`;
    if (type === "aws:iot/certificate:Certificate") state.certificatePem ??= "-----BEGIN CERTIFICATE-----\n(mock)\n-----END CERTIFICATE-----\n";
    if (type === "aws:rds/cluster:Cluster" && inputs.manageMasterUserPassword === true) {
        // RDS manages the master password in a secret of its own and reports its ARN.
        state.masterUserSecrets ??= [
            {
                secretArn: `arn:aws:secretsmanager:${region}:${MOCK_ACCOUNT}:secret:rds!cluster-${mockHex(name, 8)}-${mockHex(`${name}!`, 6)}`,
                secretStatus: "active",
                kmsKeyId: inputs.masterUserSecretKmsKeyId,
            },
        ];
    }
    state.name ??= physical;
    return { id, state };
}

/**
 * The plans' former answers (`<name>-id`, `arn:aws:<service>:<region>:<account>:<name>`), still
 * the default of planRegion: the golden plans and many tests pin them. The fidelity suite plans
 * with AWS-shaped answers (PlanOptions.awsShapedMocks).
 */
function legacyMockState(type: string, name: string, inputs: Record<string, unknown>, region: string): { id: string; state: Record<string, unknown> } {
    const service = (type.split(":")[1] ?? "").split("/")[0].toLowerCase();
    const state: Record<string, unknown> = { ...inputs };
    const physical = (inputs.name as string | undefined) ?? name;
    state.arn ??= `arn:aws:${service}:${region}:${MOCK_ACCOUNT}:${physical}`;
    if (service === "s3") state.bucket ??= physical;
    if (type === "aws:kms/key:Key") state.keyId ??= `${name}-key-id`;
    if (type === "aws:timestreaminfluxdb/dbInstance:DbInstance") state.endpoint ??= `${physical}-abc123.${region}.timestream-influxdb.amazonaws.com`;
    if (type === "aws:sqs/queue:Queue") state.url ??= `https://sqs.${region}.amazonaws.com/${MOCK_ACCOUNT}/${physical}`;
    if (type === "aws:rds/cluster:Cluster" && inputs.manageMasterUserPassword === true) {
        state.masterUserSecrets ??= [
            {
                secretArn: `arn:aws:secretsmanager:${region}:${MOCK_ACCOUNT}:secret:rds!cluster-${name}`,
                secretStatus: "active",
                kmsKeyId: inputs.masterUserSecretKmsKeyId,
            },
        ];
    }
    state.name ??= physical;
    return { id: `${name}-id`, state };
}

/** Answers to provider functions (data sources) the program calls, for offline plans. */
export function mockCall(token: string, inputs: Record<string, unknown>, region: string): Record<string, unknown> {
    switch (token) {
        case "aws:index/getCallerIdentity:getCallerIdentity":
            return { accountId: MOCK_ACCOUNT, arn: `arn:aws:iam::${MOCK_ACCOUNT}:user/plan`, userId: "AIDAPLANPLANPLANPLAN" };
        case "aws:index/getRegion:getRegion":
            return { name: region, region, id: region };
        case "aws:index/getPartition:getPartition":
            return { partition: "aws", dnsSuffix: "amazonaws.com" };
        case "aws:index/getAvailabilityZones:getAvailabilityZones":
            return { names: [`${region}a`, `${region}b`, `${region}c`], zoneIds: [`${region}-az1`, `${region}-az2`, `${region}-az3`] };
        case "aws:iot/getEndpoint:getEndpoint":
            return { endpointAddress: `example-ats.iot.${region}.amazonaws.com` };
        case "aws:servicequotas/getServiceQuota:getServiceQuota":
            // Lambda "Concurrent executions" and every other quota at AWS's default for a plan
            return { ...inputs, value: inputs.quotaCode === "L-B99A9384" ? 1000 : (inputs.value ?? 0), adjustable: true };
        case "aws:iam/getPolicyDocument:getPolicyDocument":
            return { json: JSON.stringify({ Version: "2012-10-17", Statement: inputs.statements ?? [] }) };
        default:
            return { ...inputs };
    }
}
