/**
 * The ML platform wiring in the all-options plan (mocks): followed from the anomaly channel's IoT
 * rule to the rule that starts the maintenance workflow, from each schedule to its state machine
 * and function, and to the forecasts table and the dashboards that read it.
 */
import assert from "node:assert/strict";
import { forecastSql, siteDashboard } from "../../src/analytics/dashboards";
import { anomalyRuleSql } from "../../src/analytics/topic-rules";
import { FORECAST_COLUMNS } from "../../src/forecast/lake";
import { planRegion, type Plan } from "../../src/plan/plan";
import { allOptionsFleet } from "../extras/helpers";

const aslValidator = require("asl-validator") as (d: unknown) => { isValid: boolean; errorsText: (sep?: string) => string };

const ACCOUNT = "123456789012";
const REGION = "eu-central-1";

describe("models: platform wiring in the plan", function () {
    this.timeout(180_000);
    describe("the all-options plan (mocks)", () => {
        let plan: Plan;
        const ofType = (t: string) => plan.resources.filter((r) => r.type === t);
        const named = (t: string, n: string) => {
            const r = ofType(t).find((x) => x.name === n);
            assert.ok(r, `${t} ${n} is planned`);
            return r.inputs as Record<string, any>;
        };
        before(async () => {
            plan = await planRegion(allOptionsFleet(), REGION);
        });

        it("an anomaly on fleet/<site>/<thing>/anomaly reaches the bus rule that starts the maintenance workflow", () => {
            const rule = named("aws:iot/topicRule:TopicRule", "anomaly-channel");
            assert.equal(rule.sql, anomalyRuleSql());
            assert.equal(rule.sql, "SELECT *, topic(2) AS topic_site, topic(3) AS topic_thing FROM 'fleet/+/+/anomaly'");
            const fnArn = rule.lambdas[0].functionArn as string;
            const fn = ofType("aws:lambda/function:Function").find((f) => fnArn.endsWith(`:${(f.inputs as { name: string }).name}`));
            assert.equal((fn?.inputs as { name: string }).name, "acme-edge-anomaly");
            const permission = named("aws:lambda/permission:Permission", "anomaly-channel");
            assert.deepEqual(
                [permission.function, permission.principal, permission.sourceArn],
                ["acme-edge-anomaly", "iot.amazonaws.com", `arn:aws:iot:${REGION}:${ACCOUNT}:acme_anomaly`],
            );
            const busName = (fn!.inputs as { environment: { variables: Record<string, string> } }).environment.variables.EVENT_BUS_NAME;
            const fnPolicy = JSON.parse(named("aws:iam/rolePolicy:RolePolicy", "edge-anomaly-policy").policy as string);
            const put = fnPolicy.Statement.find((s: { Sid: string }) => s.Sid === "PutEdgeAnomalies");
            assert.deepEqual(put.Condition, { "ForAllValues:StringEquals": { "events:source": ["fleet.edge-inference"] } });
            const onAnomaly = named("aws:cloudwatch/eventRule:EventRule", "maintenance-on-anomaly");
            assert.equal(onAnomaly.eventBusName, busName);
            assert.deepEqual(JSON.parse(onAnomaly.eventPattern as string).source, ["fleet.anomaly-scorer", "fleet.edge-inference"]);
            const target = named("aws:cloudwatch/eventTarget:EventTarget", "maintenance-start-workflow");
            const workflow = named("aws:sfn/stateMachine:StateMachine", "maintenance-workflow");
            assert.equal(target.arn, `arn:aws:sfn:${REGION}:${ACCOUNT}:${workflow.name}`);
        });

        it("the scorer loads the region's models from the artifacts bucket", () => {
            const scorer = named("aws:lambda/function:Function", "anomaly-scorer");
            assert.deepEqual(
                [scorer.environment.variables.ANOMALY_MODELS, typeof scorer.environment.variables.ARTIFACTS_BUCKET],
                ["vibration-anomaly", "string"],
            );
            const p = JSON.parse(named("aws:iam/rolePolicy:RolePolicy", "anomaly-scorer-policy").policy as string);
            const read = p.Statement.find((s: { Sid: string }) => s.Sid === "ReadModels");
            assert.equal(read.Resource.length, 1);
            assert.match(read.Resource[0], /\/models\/vibration-anomaly\/\*$/);
        });

        it("each schedule starts its state machine, which exports with Athena and invokes its function", () => {
            for (const [job, fnName] of [
                ["model-retraining", "acme-model-trainer"],
                ["forecasting", "acme-forecaster"],
            ]) {
                const schedule = named("aws:scheduler/schedule:Schedule", `${job}-schedule`);
                const machine = named("aws:sfn/stateMachine:StateMachine", `${job}-workflow`);
                assert.equal(schedule.target.arn, `arn:aws:sfn:${REGION}:${ACCOUNT}:acme-${job}`);
                assert.equal(machine.name, `acme-${job}`);
                const def = JSON.parse(machine.definition as string);
                assert.equal(aslValidator(def).isValid, true, job);
                const text = JSON.stringify(def);
                assert.ok(text.includes(`"arn:aws:lambda:${REGION}:${ACCOUNT}:${fnName}"`), `${job} invokes ${fnName}`);
                assert.ok(text.includes(`"WorkGroup":"acme-telemetry"`), job);
                const policy = JSON.parse(named("aws:iam/rolePolicy:RolePolicy", `${job}-schedule`).policy as string);
                assert.deepEqual(policy.Statement[0].Resource, [`arn:aws:sfn:${REGION}:${ACCOUNT}:acme-${job}`]);
            }
            assert.equal(named("aws:scheduler/schedule:Schedule", "model-retraining-schedule").target.input, '{"models":["vibration-anomaly"]}');
        });

        it("the forecasts table sits in the lake's catalog; the dashboards show its latest run", () => {
            const table = named("aws:glue/catalogTable:CatalogTable", "forecasting-table");
            assert.equal(table.name, "forecasts");
            assert.equal(table.databaseName, "acme_telemetry");
            assert.deepEqual(
                table.storageDescriptor.columns.map((c: { name: string }) => c.name),
                FORECAST_COLUMNS.map((c) => c.name),
            );
            assert.match(table.storageDescriptor.location, /\/forecasts\/$/);
            const fleet = allOptionsFleet();
            const site = fleet.sites.find((s) => s.region === REGION && s.sensors.some((x) => x.kind === "power"))!;
            const panels = siteDashboard(fleet, site).panels.filter((p) => p.datasource?.uid === "fleet-athena");
            const power = site.sensors.filter((x) => ["power", "flow"].includes(x.kind));
            assert.equal(panels.length, power.length);
            assert.equal(
                panels[0].targets![0].rawSQL,
                forecastSql("acme_telemetry", site.name, [...power].sort((a, b) => a.name.localeCompare(b.name))[0].name),
            );
            fleet.regions.forEach((r) => (r.analytics.forecasting = false));
            assert.equal(siteDashboard(fleet, site).panels.filter((p) => p.datasource?.uid === "fleet-athena").length, 0);
        });
    });
});
