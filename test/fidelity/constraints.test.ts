/**
 * Provider and service constraints that mocks never enforce, on the plans of the fidelity
 * fleets. Each table cites the AWS page it comes from; each check also runs on a value that must
 * fail, so a check that never fires is caught too.
 */
import * as assert from "node:assert/strict";
import { MANAGED_CONFIG_RULES } from "../../src/region/config-rules";
import { generatePassword } from "../../src/analytics/secrets";
import { pipelineAlarms } from "../../src/analytics/alarms";
import { claimPolicyDocument, gatewayPolicyDocument, iotPolicyChars } from "../../src/edge/policies";
import { nameProblem, siteNames } from "../../src/model/names";
import type { PlannedResource } from "../../src/plan/plan";
import { pipelineNames } from "../helpers/pipeline-names";
import { plannedResource } from "../helpers/planned";
import { type FidelityFleet, doc, fidelityFleets, ofType } from "./fleets";
import { alarmProblems, eventPatternProblems, recipeProblems } from "./service-rules";

/** Timestream for InfluxDB API Reference, CreateDbInstance: password 8–64, ^[a-zA-Z0-9]+$; name 3–40, ^[a-zA-Z][a-zA-Z0-9]*(-[a-zA-Z0-9]+)*$. */
const INFLUX_PASSWORD = /^[a-zA-Z0-9]{8,64}$/;
const INFLUX_NAME = /^[a-zA-Z][a-zA-Z0-9]*(-[a-zA-Z0-9]+)*$/;

/**
 * Parameters of the AWS Config managed rules the fleet sets parameters on (AWS Config developer
 * guide, the rule's own page, "Parameters").
 */
const CONFIG_RULE_PARAMETERS: Record<string, string[]> = {
    KINESIS_STREAM_BACKUP_RETENTION_CHECK: ["minimumBackupRetentionPeriod"],
    DB_INSTANCE_BACKUP_ENABLED: ["backupRetentionPeriod", "backupRetentionMinimum", "preferredBackupWindow", "checkReadReplicas"],
    LAMBDA_FUNCTION_SETTINGS_CHECK: ["runtime", "role", "timeout", "memorySize"],
    STEP_FUNCTIONS_STATE_MACHINE_LOGGING_ENABLED: ["cloudWatchLogGroupArns", "logLevel"],
    NETFW_POLICY_DEFAULT_ACTION_FULL_PACKETS: ["statelessDefaultActions"],
    NETFW_POLICY_DEFAULT_ACTION_FRAGMENT_PACKETS: ["statelessFragmentDefaultActions"],
};

function configRuleProblems(identifier: string, parameters: Record<string, string> | undefined): string[] {
    if (!parameters) return [];
    const known = CONFIG_RULE_PARAMETERS[identifier];
    if (!known) return [`${identifier}: has parameters but no documented parameter list here; add it from the rule's AWS Config page`];
    return Object.keys(parameters)
        .filter((k) => !known.includes(k))
        .map((k) => `${identifier}: parameter ${k} is not one of its documented parameters (${known.join(", ")})`);
}

/** Name rules (each service's API reference, CreateX request parameters). */
const NAME_RULES: [type: string, field: string, re: RegExp, what: string][] = [
    ["aws:lambda/function:Function", "name", /^[a-zA-Z0-9_-]{1,64}$/, "Lambda function name: 1–64 of [a-zA-Z0-9-_]"],
    ["aws:sqs/queue:Queue", "name", /^[a-zA-Z0-9_-]{1,80}(\.fifo)?$/, "SQS queue name: 1–80 of [a-zA-Z0-9-_]"],
    ["aws:sns/topic:Topic", "name", /^[a-zA-Z0-9_-]{1,256}(\.fifo)?$/, "SNS topic name: 1–256 of [a-zA-Z0-9-_]"],
    ["aws:iot/topicRule:TopicRule", "name", /^[a-zA-Z0-9_]{1,128}$/, "IoT rule name: 1–128 of [a-zA-Z0-9_]"],
    ["aws:iot/policy:Policy", "name", /^[\w+=,.@-]{1,128}$/, "IoT policy name: 1–128 of [\\w+=,.@-]"],
    ["aws:iot/thing:Thing", "name", /^[a-zA-Z0-9:_-]{1,128}$/, "IoT thing name: 1–128 of [a-zA-Z0-9:_-]"],
    ["aws:iot/roleAlias:RoleAlias", "alias", /^[\w=,@-]{1,128}$/, "IoT role alias: 1–128 of [\\w=,@-]"],
    ["aws:kinesis/stream:Stream", "name", /^[a-zA-Z0-9_.-]{1,128}$/, "Kinesis stream name: 1–128 of [a-zA-Z0-9_.-]"],
    ["aws:dynamodb/table:Table", "name", /^[a-zA-Z0-9_.-]{3,255}$/, "DynamoDB table name: 3–255 of [a-zA-Z0-9_.-]"],
    ["aws:sfn/stateMachine:StateMachine", "name", /^[a-zA-Z0-9_-]{1,80}$/, "state machine name: 1–80 of [a-zA-Z0-9-_]"],
    // EventBridge Scheduler API reference, CreateSchedule: Name 1-64, [0-9a-zA-Z-_.]+
    ["aws:scheduler/schedule:Schedule", "name", /^[0-9a-zA-Z_.-]{1,64}$/, "schedule name: 1–64 of [0-9a-zA-Z-_.]"],
    ["aws:cloudwatch/eventBus:EventBus", "name", /^[/.\-_A-Za-z0-9]{1,256}$/, "event bus name: 1–256 of [/\\.\\-_A-Za-z0-9]"],
    ["aws:cloudwatch/logGroup:LogGroup", "name", /^[.\-_/#A-Za-z0-9]{1,512}$/, "log group name: 1–512 of [.-_/#A-Za-z0-9]"],
    ["aws:kms/alias:Alias", "name", /^alias\/[a-zA-Z0-9/_-]{1,250}$/, "KMS alias: alias/ then [a-zA-Z0-9/_-]"],
    ["aws:cfg/rule:Rule", "name", /^.{1,128}$/, "Config rule name: 1–128 characters"],
    ["aws:glue/catalogDatabase:CatalogDatabase", "name", /^[a-z0-9_]{1,255}$/, "Glue database name (Athena): lower case, digits, underscore"],
    ["aws:glue/catalogTable:CatalogTable", "name", /^[a-z0-9_]{1,255}$/, "Glue table name (Athena): lower case, digits, underscore"],
    ["aws:timestreaminfluxdb/dbInstance:DbInstance", "name", INFLUX_NAME, "InfluxDB instance name"],
    // IAM User Guide, "IAM object quotas" and CreateRole/PutRolePolicy: role 64, inline policy name 128, [\w+=,.@-]
    ["aws:iam/role:Role", "name", /^[\w+=,.@-]{1,64}$/, "IAM role name: 1–64 of [\\w+=,.@-]"],
    ["aws:iam/rolePolicy:RolePolicy", "name", /^[\w+=,.@-]{1,128}$/, "IAM inline policy name: 1–128 of [\\w+=,.@-]"],
    // S3 user guide, "Bucket naming rules": 3–63 lower-case letters, digits, dots, hyphens
    ["aws:s3/bucketPolicy:BucketPolicy", "bucket", /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "S3 bucket name: 3–63 of [a-z0-9.-]"],
    // AWS IoT API Reference: CreateThingGroup, CreateProvisioningTemplate (templateName 1–36), CreateMitigationAction, CreateScheduledAudit, CreateSecurityProfile
    ["aws:iot/thingGroup:ThingGroup", "name", /^[a-zA-Z0-9:_-]{1,128}$/, "IoT thing group name: 1–128 of [a-zA-Z0-9:_-]"],
    ["aws-native:iot:ThingGroup", "thingGroupName", /^[a-zA-Z0-9:_-]{1,128}$/, "IoT thing group name: 1–128 of [a-zA-Z0-9:_-]"],
    ["aws:iot/provisioningTemplate:ProvisioningTemplate", "name", /^[0-9A-Za-z_-]{1,36}$/, "IoT provisioning template name: 1–36 of [0-9A-Za-z_-]"],
    ["aws-native:iot:MitigationAction", "actionName", /^[a-zA-Z0-9_-]{1,128}$/, "IoT mitigation action name: 1–128 of [a-zA-Z0-9_-]"],
    ["aws-native:iot:ScheduledAudit", "scheduledAuditName", /^[a-zA-Z0-9_-]{1,128}$/, "IoT scheduled audit name: 1–128 of [a-zA-Z0-9_-]"],
    ["aws-native:iot:SecurityProfile", "securityProfileName", /^[a-zA-Z0-9:_-]{1,128}$/, "IoT security profile name: 1–128 of [a-zA-Z0-9:_-]"],
    // Greengrass V2 API Reference, CreateDeployment: deploymentName 1–256
    ["aws-native:greengrassv2:Deployment", "deploymentName", /^.{1,256}$/, "Greengrass deployment name: 1–256 characters"],
    // Firehose API Reference, CreateDeliveryStream: 1–64 of [a-zA-Z0-9_.-]
    ["aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream", "name", /^[a-zA-Z0-9_.-]{1,64}$/, "Firehose stream name: 1–64 of [a-zA-Z0-9_.-]"],
    // Athena API Reference, CreateWorkGroup: 1–128 of [a-zA-Z0-9._-]
    ["aws:athena/workgroup:Workgroup", "name", /^[a-zA-Z0-9._-]{1,128}$/, "Athena workgroup name: 1–128 of [a-zA-Z0-9._-]"],
    // Managed Grafana API Reference, CreateWorkspace: workspaceName 1–255 of [a-zA-Z0-9-._~]
    ["aws:grafana/workspace:Workspace", "name", /^[a-zA-Z0-9\-._~]{1,255}$/, "Grafana workspace name: 1–255 of [a-zA-Z0-9-._~]"],
    // RDS API Reference, CreateDBCluster: 1–63, a letter first, letters/digits/hyphens, no -- and no trailing -
    [
        "aws:rds/cluster:Cluster",
        "clusterIdentifier",
        /^(?!.*--)[a-zA-Z][a-zA-Z0-9-]{0,62}(?<!-)$/,
        "RDS cluster identifier: 1–63, letter first, no -- or trailing -",
    ],
    // Network Firewall API Reference: firewall, policy and rule group names 1–128 of [a-zA-Z0-9-]
    ["aws:networkfirewall/firewall:Firewall", "name", /^[a-zA-Z0-9-]{1,128}$/, "Network Firewall name: 1–128 of [a-zA-Z0-9-]"],
    ["aws:networkfirewall/firewallPolicy:FirewallPolicy", "name", /^[a-zA-Z0-9-]{1,128}$/, "firewall policy name: 1–128 of [a-zA-Z0-9-]"],
    ["aws:networkfirewall/ruleGroup:RuleGroup", "name", /^[a-zA-Z0-9-]{1,128}$/, "rule group name: 1–128 of [a-zA-Z0-9-]"],
    // SageMaker API Reference, CreateModel/CreateEndpoint: 1–63 of ^[a-zA-Z0-9](-*[a-zA-Z0-9])*$
    ["aws:sagemaker/model:Model", "name", /^(?=.{1,63}$)[a-zA-Z0-9](-*[a-zA-Z0-9])*$/, "SageMaker model name: 1–63, alphanumeric and hyphens"],
    ["aws:sagemaker/endpoint:Endpoint", "name", /^(?=.{1,63}$)[a-zA-Z0-9](-*[a-zA-Z0-9])*$/, "SageMaker endpoint name: 1–63, alphanumeric and hyphens"],
    // Comprehend API Reference, CreateDocumentClassifier: 1–63 of ^[a-zA-Z0-9](-*[a-zA-Z0-9])*$
    [
        "aws:comprehend/documentClassifier:DocumentClassifier",
        "name",
        /^(?=.{1,63}$)[a-zA-Z0-9](-*[a-zA-Z0-9])*$/,
        "Comprehend classifier name: 1–63, alphanumeric and hyphens",
    ],
    // ECS API Reference, CreateCluster: up to 255 of [a-zA-Z0-9_-]
    ["aws:ecs/cluster:Cluster", "name", /^[a-zA-Z0-9_-]{1,255}$/, "ECS cluster name: 1–255 of [a-zA-Z0-9_-]"],
    // Cloud Map API Reference, CreateHttpNamespace: Name 1–1024 of printable ASCII (^[!-~]{1,1024}$)
    ["aws:servicediscovery/httpNamespace:HttpNamespace", "name", /^[!-~]{1,1024}$/, "Cloud Map HTTP namespace: 1–1024 printable ASCII"],
    // QuickSight API Reference: CreateGroup (1–128 of [\u0020-\u00FF]), data source and data set ids and names (1–128)
    ["aws:quicksight/group:Group", "groupName", /^[\u0020-\u00FF]{1,128}$/, "QuickSight group name: 1–128 printable"],
    ["aws:quicksight/dataSource:DataSource", "dataSourceId", /^.{1,128}$/, "QuickSight data source id: 1–128"],
    ["aws:quicksight/dataSource:DataSource", "name", /^.{1,128}$/, "QuickSight data source name: 1–128"],
    ["aws:quicksight/dataSet:DataSet", "dataSetId", /^.{1,128}$/, "QuickSight data set id: 1–128"],
    ["aws:quicksight/dataSet:DataSet", "name", /^.{1,128}$/, "QuickSight data set name: 1–128"],
    // Direct Connect API Reference, CreateDirectConnectGateway: 1–100 characters
    ["aws:directconnect/gateway:Gateway", "name", /^.{1,100}$/, "Direct Connect gateway name: 1–100"],
    // Config API Reference, PutConfigurationRecorder/PutDeliveryChannel: 1–256
    ["aws:cfg/recorder:Recorder", "name", /^.{1,256}$/, "Config recorder name: 1–256"],
    ["aws:cfg/deliveryChannel:DeliveryChannel", "name", /^.{1,256}$/, "Config delivery channel name: 1–256"],
    ["aws:cfg/recorderStatus:RecorderStatus", "name", /^.{1,256}$/, "Config recorder name: 1–256"],
    // KMS API Reference, CreateGrant: Name 1–256 of [a-zA-Z0-9:/_-]
    ["aws:kms/grant:Grant", "name", /^[a-zA-Z0-9:/_-]{1,256}$/, "KMS grant name: 1–256 of [a-zA-Z0-9:/_-]"],
    // Route 53 API Reference: a DNS name of at most 255 characters
    ["aws:route53/zone:Zone", "name", /^.{1,255}$/, "hosted zone name: ≤ 255"],
    ["aws:route53/record:Record", "name", /^.{1,255}$/, "record name: ≤ 255"],
    // CloudWatch Logs API Reference, CreateLogStream: 1–512, no ':' or '*'
    ["aws:cloudwatch/logStream:LogStream", "name", /^[^:*]{1,512}$/, "log stream name: 1–512 without : or *"],
];

/**
 * Name fields a plan may hold without a rule above, each with why: references to a resource named
 * (and checked) elsewhere.
 */
const NAME_FIELDS_CHECKED_ELSEWHERE = new Set([
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls bucket",
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock bucket",
    "aws:s3/bucketVersioning:BucketVersioning bucket",
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration bucket",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration bucket",
    "aws:s3/bucketLogging:BucketLogging bucket",
    "aws:s3/bucketObjectv2:BucketObjectv2 bucket",
    "aws:s3/bucketNotification:BucketNotification bucket",
    "aws:timestreaminfluxdb/dbInstance:DbInstance bucket",
    "aws:rds/clusterInstance:ClusterInstance clusterIdentifier",
    "aws:lambda/eventSourceMapping:EventSourceMapping functionName",
    "aws:lambda/invocation:Invocation functionName",
]);
const NAME_FIELD =
    /^(name|bucket|alias|clusterIdentifier|identifier|thingGroupName|deploymentName|securityProfileName|actionName|scheduledAuditName|groupName|dataSourceId|dataSetId|functionName)$/;

/**
 * Pulumi auto-names a resource whose name input is left out: the logical name, "-" and 7 random
 * characters (Pulumi docs, "Resource names", autonaming). Such a name must pass the type's name
 * rule above; types without one have their length limit here.
 */
const AUTONAMED_LIMITS: Record<string, [max: number, source: string]> = {
    "aws:s3/bucket:Bucket": [63, "S3 bucket naming rules ≤ 63"],
    "aws:cloudwatch/eventRule:EventRule": [64, "EventBridge PutRule Name ≤ 64"],
    "aws:secretsmanager/secret:Secret": [512, "Secrets Manager CreateSecret Name ≤ 512"],
    "aws:rds/clusterParameterGroup:ClusterParameterGroup": [255, "RDS CreateDBClusterParameterGroup ≤ 255"],
    "aws:rds/subnetGroup:SubnetGroup": [255, "RDS CreateDBSubnetGroup ≤ 255"],
    "aws:ec2/securityGroup:SecurityGroup": [255, "EC2 CreateSecurityGroup GroupName ≤ 255"],
    "aws:rds/clusterInstance:ClusterInstance": [63, "RDS CreateDBInstance identifier ≤ 63"],
    "aws:cloudwatch/metricAlarm:MetricAlarm": [255, "CloudWatch PutMetricAlarm AlarmName ≤ 255"],
};

/** What is wrong with the name Pulumi gives `r` when its name input is left out (nothing when it is set). */
function autonameProblem(r: PlannedResource): string | undefined {
    if (r.inputs.name !== undefined || r.inputs.bucket !== undefined || r.inputs.identifier !== undefined) return undefined;
    const autoname = `${r.name}-a1b2c3d`;
    const rule = NAME_RULES.find(([type, field]) => type === r.type && field === "name");
    if (rule) return rule[2].test(autoname) ? undefined : `${r.urn}: ${r.name}-xxxxxxx breaks ${rule[3]}`;
    const limit = AUTONAMED_LIMITS[r.type];
    if (limit && autoname.length > limit[0]) return `${r.urn}: ${r.name}-xxxxxxx is ${autoname.length} characters; ${limit[1]}`;
    return undefined;
}

/** Athena reserved words in DML (SELECT) statements: a column named so cannot be queried unquoted (Athena user guide, "Reserved keywords"). */
const ATHENA_DML_RESERVED = new Set(
    "alter and as between by case cast constraint create cross cube current_date current_path current_role current_time current_timestamp current_user deallocate delete describe distinct drop else end escape except execute exists extract false first for from full group grouping having in inner insert intersect into is join last left like localtime localtimestamp natural normalize not null on or order outer prepare recursive right rollup select skip table then true uescape union unnest using values when where with".split(
        " ",
    ),
);
/** DDL-reserved (backticks needed in DDL only; the stack creates tables through the Glue API, not DDL). */
const ATHENA_DDL_RESERVED_USED = ["date", "window"];

describe("fidelity: provider and service constraints", function () {
    this.timeout(240_000);
    let fleets: FidelityFleet[];
    before(async () => {
        fleets = await fidelityFleets();
    });
    const each = (fn: (f: FidelityFleet) => string[]) => fleets.flatMap((f) => fn(f).map((p) => `${f.name}: ${p}`));

    it("InfluxDB: password and name match CreateDbInstance's patterns (issue #17 point 1)", () => {
        const dbs = fleets.flatMap((f) => ofType(f, "aws:timestreaminfluxdb/dbInstance:DbInstance"));
        assert.ok(dbs.length >= 4);
        for (const d of dbs) {
            assert.match(String(d.inputs.password), INFLUX_PASSWORD, `${d.urn}: password`);
            assert.match(String(d.inputs.name), INFLUX_NAME);
        }
        for (let i = 0; i < 200; i++) assert.match(generatePassword(), INFLUX_PASSWORD);
        assert.doesNotMatch("aB3-xyz_kkkk", INFLUX_PASSWORD, "a symbol fails the provider's pattern");
    });

    it("AWS Config managed rules get only their documented parameters (point 2)", () => {
        assert.deepEqual(
            MANAGED_CONFIG_RULES.flatMap((r) => configRuleProblems(r.identifier, r.parameters)),
            [],
        );
        const planned = each((f) =>
            ofType(f, "aws:cfg/rule:Rule").flatMap((r) => {
                const source = r.inputs.source as { owner: string; sourceIdentifier: string };
                return source.owner === "AWS"
                    ? configRuleProblems(source.sourceIdentifier, r.inputs.inputParameters ? doc(r.inputs.inputParameters) : undefined)
                    : [];
            }),
        );
        assert.deepEqual(planned, []);
        assert.deepEqual(configRuleProblems("NETFW_POLICY_DEFAULT_ACTION_FRAGMENT_PACKETS", { statelessDefaultActions: "aws:forward_to_sfe" }), [
            "NETFW_POLICY_DEFAULT_ACTION_FRAGMENT_PACKETS: parameter statelessDefaultActions is not one of its documented parameters (statelessFragmentDefaultActions)",
        ]);
    });

    it("names fit each service's length and character rules", () => {
        const problems = each((f) =>
            NAME_RULES.flatMap(([type, field, re, what]) =>
                ofType(f, type)
                    .filter((r) => r.inputs[field] !== undefined && !re.test(String(r.inputs[field])))
                    .map((r) => `${r.urn}: ${field} ${JSON.stringify(r.inputs[field])} breaks ${what}`),
            ),
        );
        assert.deepEqual(problems, []);
        assert.equal(NAME_RULES[0][2].test("a".repeat(65)), false);
        const rds = NAME_RULES.find(([t]) => t === "aws:rds/cluster:Cluster")![2];
        assert.deepEqual(
            ["acme-maintenance", "acme--x", "acme-", "1acme", "a".repeat(64)].map((n) => rds.test(n)),
            [true, false, false, false, false],
        );
    });

    it("every name field of every resource type in the plans has a rule (or names a resource checked elsewhere)", () => {
        const fields = new Set<string>();
        for (const f of fleets)
            for (const r of f.resources)
                if (r.custom !== false && /^aws/.test(r.type))
                    for (const [k, v] of Object.entries(r.inputs)) if (NAME_FIELD.test(k) && typeof v === "string") fields.add(`${r.type} ${k}`);
        const ruled = new Set(NAME_RULES.map(([t, f]) => `${t} ${f}`));
        assert.deepEqual([...fields].filter((x) => !ruled.has(x) && !NAME_FIELDS_CHECKED_ELSEWHERE.has(x)).sort(), []);
        assert.ok(fields.size >= 50, `${fields.size} name fields`);
    });

    it("auto-named resources pass their service's name rule or limit with Pulumi's 8-character suffix", () => {
        const problems = each((f) => f.resources.flatMap((r) => autonameProblem(r) ?? []));
        assert.deepEqual(problems, []);
        // the check fires: too long, a character the rule refuses, too long for a type with a limit only
        const region = "eu-central-1";
        const fits = plannedResource("aws:iam/role:Role", "r".repeat(56), { region });
        const named = plannedResource("aws:iam/role:Role", "r".repeat(57), { region, inputs: { name: "r" } });
        const long = plannedResource("aws:iam/role:Role", "r".repeat(57), { region });
        const spaced = plannedResource("aws:iam/role:Role", "a b", { region });
        const bucket = plannedResource("aws:s3/bucket:Bucket", "b".repeat(56), { region });
        assert.deepEqual([fits, named, long, spaced, bucket].map(autonameProblem), [
            undefined,
            undefined,
            `${long.urn}: ${long.name}-xxxxxxx breaks IAM role name: 1–64 of [\\w+=,.@-]`,
            `${spaced.urn}: a b-xxxxxxx breaks IAM role name: 1–64 of [\\w+=,.@-]`,
            `${bucket.urn}: ${bucket.name}-xxxxxxx is 64 characters; S3 bucket naming rules ≤ 63`,
        ]);
    });

    it("IoT policies of the largest site the model admits fit 2,048 characters (longest fleet and site names, longest region)", () => {
        const fleet = "f".repeat(16);
        let site = "";
        for (let n = 31; n >= 2 && !site; n--) {
            const candidate = `s${"x".repeat(n - 1)}`;
            if (siteNames(fleet, candidate).every((x) => !nameProblem(x.kind, x.name))) site = candidate;
        }
        assert.equal(site.length, 19, "fleet (16) + '-' + site ≤ 36: the provisioning template name limit");
        const env = { partition: "aws-us-gov", region: "ap-southeast-5", account: "123456789012" };
        const sizes = [iotPolicyChars(gatewayPolicyDocument(env, fleet, site)), iotPolicyChars(claimPolicyDocument(env, fleet, site))];
        assert.ok(
            sizes.every((n) => n <= 2048 && n > 500),
            JSON.stringify(sizes),
        );
        // the plan deploys exactly these documents (so the bound holds for what is deployed)
        const example = fleets[0];
        const planned = ofType(example, "aws:iot/policy:Policy").find((p) => String(p.inputs.name).endsWith("-cork-fill-finish-gateway"))!;
        assert.deepEqual(
            doc(planned.inputs.policy),
            gatewayPolicyDocument({ partition: "aws", region: "eu-central-1", account: "123456789012" }, "acme", "cork-fill-finish"),
        );
    });

    it("IoT policies fit 2,048 characters without white space (AWS IoT Core quotas)", () => {
        const sizes = fleets.flatMap((f) => ofType(f, "aws:iot/policy:Policy").map((r) => [r.urn, String(r.inputs.policy).replace(/\s/g, "").length] as const));
        assert.ok(sizes.length >= 10);
        assert.deepEqual(
            sizes.filter(([, n]) => n > 2048),
            [],
        );
    });

    it("alarms watch metrics with exactly the dimensions AWS publishes them with (point 9)", () => {
        const problems = each((f) => ofType(f, "aws:cloudwatch/metricAlarm:MetricAlarm").flatMap((r) => alarmProblems(r.inputs).map((p) => `${r.name}: ${p}`)));
        assert.deepEqual(problems, []);
        const ruleAlarms = fleets.flatMap((f) => ofType(f, "aws:cloudwatch/metricAlarm:MetricAlarm")).filter((r) => r.name.endsWith("rule-failures"));
        assert.ok(ruleAlarms.length >= 4);
        const old = pipelineAlarms(pipelineNames({ telemetryRuleName: "acme_telemetry" })).find((a) => a.key === "telemetry-rule-failures")!;
        assert.deepEqual(alarmProblems({ namespace: old.namespace, metricName: old.metricName, dimensions: old.dimensions }), [
            "AWS/IoT Failure is published with dimensions [ActionType, RuleName]; the alarm names [RuleName] and never sees a data point",
        ]);
    });

    it("EventBridge patterns use only the documented syntax", () => {
        const problems = each((f) =>
            ofType(f, "aws:cloudwatch/eventRule:EventRule").flatMap((r) => eventPatternProblems(doc(r.inputs.eventPattern)).map((p) => `${r.name}: ${p}`)),
        );
        assert.deepEqual(problems, []);
        assert.deepEqual(eventPatternProblems({ source: "fleet", detail: { severity: [{ "starts-with": "c" }] } }), [
            "source: a leaf must be an array of values or matchers",
            'detail.severity: unknown matcher "starts-with"',
        ]);
    });

    it("Greengrass recipes follow the recipe reference", () => {
        const problems = each((f) =>
            ofType(f, "aws-native:greengrassv2:ComponentVersion").flatMap((r) => recipeProblems(doc(r.inputs.inlineRecipe)).map((p) => `${r.name}: ${p}`)),
        );
        assert.deepEqual(problems, []);
        assert.deepEqual(recipeProblems({ RecipeFormatVersion: "2020-01-25", ComponentName: "x", ComponentVersion: "1.0", Manifests: [] }), [
            "ComponentVersion 1.0 is not semantic (major.minor.patch)",
        ]);
    });

    it("Glue columns avoid Athena's DML reserved words; the DDL-reserved ones used are known (point 12)", () => {
        const columns = fleets.flatMap((f) =>
            ofType(f, "aws:glue/catalogTable:CatalogTable").flatMap((t) => [
                ...((t.inputs.storageDescriptor as { columns?: { name: string }[] })?.columns ?? []).map((c) => c.name),
                ...((t.inputs.partitionKeys as { name: string }[]) ?? []).map((c) => c.name),
            ]),
        );
        assert.ok(columns.length > 10);
        assert.deepEqual(
            columns.filter((c) => ATHENA_DML_RESERVED.has(c.toLowerCase())),
            [],
        );
        assert.deepEqual([...new Set(columns.filter((c) => ATHENA_DDL_RESERVED_USED.includes(c)))].sort(), ATHENA_DDL_RESERVED_USED);
    });
});
