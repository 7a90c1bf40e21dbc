/**
 * Provider and service constraints that mocks never enforce, on the plans of the fidelity
 * fleets. Each table cites the AWS page it comes from; each check also runs on a value that must
 * fail, so a check that never fires is caught too.
 */
import * as assert from "node:assert/strict";
import { MANAGED_CONFIG_RULES } from "../../src/region/config-rules";
import { generatePassword } from "../../src/analytics/secrets";
import { pipelineAlarms } from "../../src/analytics/alarms";
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
    ["aws:cloudwatch/eventBus:EventBus", "name", /^[/.\-_A-Za-z0-9]{1,256}$/, "event bus name: 1–256 of [/\\.\\-_A-Za-z0-9]"],
    ["aws:cloudwatch/logGroup:LogGroup", "name", /^[.\-_/#A-Za-z0-9]{1,512}$/, "log group name: 1–512 of [.-_/#A-Za-z0-9]"],
    ["aws:kms/alias:Alias", "name", /^alias\/[a-zA-Z0-9/_-]{1,250}$/, "KMS alias: alias/ then [a-zA-Z0-9/_-]"],
    ["aws:cfg/rule:Rule", "name", /^.{1,128}$/, "Config rule name: 1–128 characters"],
    ["aws:glue/catalogDatabase:CatalogDatabase", "name", /^[a-z0-9_]{1,255}$/, "Glue database name (Athena): lower case, digits, underscore"],
    ["aws:glue/catalogTable:CatalogTable", "name", /^[a-z0-9_]{1,255}$/, "Glue table name (Athena): lower case, digits, underscore"],
    ["aws:timestreaminfluxdb/dbInstance:DbInstance", "name", INFLUX_NAME, "InfluxDB instance name"],
];

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
        const old = pipelineAlarms({ ...placeholderNames, telemetryRuleName: "acme_telemetry" }).find((a) => a.key === "telemetry-rule-failures")!;
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

const placeholderNames = {
    streamName: "s",
    firehoseName: "f",
    stateMachineArn: "arn:aws:states:eu-central-1:123456789012:stateMachine:m",
    dlqName: "q",
    telemetryRuleName: "t",
    alarmRuleName: "a",
    functions: {},
    streamConsumers: [],
};
