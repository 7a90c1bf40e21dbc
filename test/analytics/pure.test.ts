import assert from "node:assert/strict";
import { pipelineAlarms } from "../../src/analytics/alarms";
import { formerAlertingUrn, regionSubscriptions, siteFilterPolicy, siteSubscriptions } from "../../src/analytics/alerting";
import { FIREHOSE_PREFIX, tableParameters } from "../../src/analytics/glue";
import { keyPolicy } from "../../src/analytics/kms";
import { lakeLifecycleRules, tierPlan, type TierPlan } from "../../src/analytics/lifecycle";
import { MIGRATIONS, checksum, migrationProblems, migrationsFingerprint, pending } from "../../src/analytics/migrations";
import { regionNameProblems, regionNames } from "../../src/naming/region";
import { generatePassword } from "../../src/analytics/secrets";
import { parseRecord } from "../../src/analytics/telemetry";
import { KINESIS_PARTITION_KEY, topicRuleSql } from "../../src/analytics/topic-rules";
import type { RetentionModel } from "../../src/model/types";
import { TOPIC_ROOT } from "../../src/naming";
import { pipelineNames } from "../helpers/pipeline-names";

describe("analytics: lifecycle tiers from retention", () => {
    /** A tier plan with its transitions and expiration in words: "<storage class> at <day>, …, expire at <day>". */
    const inWords = ({ transitions, expirationDays, ...rest }: TierPlan) => ({
        tiers: [...transitions.map((t) => `${t.storageClass} at ${t.days}`), `expire at ${expirationDays}`].join(", "),
        ...rest,
    });
    const PLANS: [retention: RetentionModel, tiers: string, notes: string[]][] = [
        // the default retention (7d / 90d / 7y): STANDARD_IA needs objects 30 days old
        [
            { hotDays: 7, warmDays: 90, archiveDays: 2555 },
            "INTELLIGENT_TIERING at 7, DEEP_ARCHIVE at 90, expire at 2555",
            ["warm tier uses INTELLIGENT_TIERING: STANDARD_IA needs objects at least 30 days old, hot is 7 days"],
        ],
        // GMP retention (30d / 1y / 10y)
        [{ hotDays: 30, warmDays: 365, archiveDays: 3650 }, "STANDARD_IA at 30, DEEP_ARCHIVE at 365, expire at 3650", []],
        // S3 demands 30 days in STANDARD_IA before the next transition; GLACIER for a short archive
        [
            { hotDays: 40, warmDays: 50, archiveDays: 200 },
            "STANDARD_IA at 40, GLACIER at 70, expire at 200",
            ["archive transition delayed to day 70: S3 needs 30 days in STANDARD_IA before the next transition"],
        ],
    ];
    for (const [retention, tiers, notes] of PLANS) {
        it(`${retention.hotDays}d / ${retention.warmDays}d / ${retention.archiveDays}d: ${tiers}`, () => {
            assert.deepEqual(inWords(tierPlan(retention)), { tiers, notes });
        });
    }

    it("skips an archive tier shorter than GLACIER's 90-day minimum", () => {
        assert.deepEqual(tierPlan({ hotDays: 1, warmDays: 10, archiveDays: 60 }).transitions, [{ days: 1, storageClass: "INTELLIGENT_TIERING" }]);
        assert.match(tierPlan({ hotDays: 1, warmDays: 10, archiveDays: 60 }).notes[2], /^no archive tier: data would stay archived 29 days/);
    });

    it("refuses an impossible retention with a message naming the values", () => {
        assert.throws(
            () => tierPlan({ hotDays: 90, warmDays: 30, archiveDays: 365 }),
            /retention must satisfy 0 < hot < warm < archive \(days\); got hot 90, warm 30, archive 365/,
        );
    });

    it("one rule per site, filtered by its prefix, plus errors, query results and housekeeping", () => {
        const rules = lakeLifecycleRules([
            { name: "stuttgart-body", retention: { hotDays: 7, warmDays: 90, archiveDays: 2555 } },
            { name: "cork-fill-finish", retention: { hotDays: 30, warmDays: 365, archiveDays: 3650 } },
        ]);
        assert.deepEqual(
            rules.map((r) => [r.id, r.filter.prefix, r.expiration]),
            [
                ["site-cork-fill-finish", "site=cork-fill-finish/", { days: 3650 }],
                ["site-stuttgart-body", "site=stuttgart-body/", { days: 2555 }],
                ["firehose-errors", "errors/", { days: 90 }],
                ["athena-results", "athena-results/", { days: 30 }],
                ["housekeeping", "", { expiredObjectDeleteMarker: true }],
            ],
        );
        assert.deepEqual(rules[4].noncurrentVersionExpiration, { noncurrentDays: 30 });
        // every STANDARD_IA transition is at age ≥ 30 days (S3 rejects younger)
        for (const r of rules) for (const t of r.transitions ?? []) if (t.storageClass === "STANDARD_IA") assert.ok(t.days >= 30);
    });
});

describe("analytics: ingest documents", () => {
    it("topic rules select the fleet topic namespace and add site and thing from the topic", () => {
        assert.deepEqual((["telemetry", "alarm"] as const).map(topicRuleSql), [
            "SELECT *, topic(2) AS site, topic(3) AS thing, 'telemetry' AS channel, timestamp() AS received_at FROM 'fleet/+/+/telemetry'",
            "SELECT *, topic(2) AS site, topic(3) AS thing, 'alarm' AS channel, timestamp() AS received_at FROM 'fleet/+/+/alarm'",
        ]);
        assert.equal(TOPIC_ROOT, "fleet");
        assert.equal(KINESIS_PARTITION_KEY, "${topic(2)}/${topic(3)}");
    });

    it("Firehose partitions by site and date, matching the Glue projection template and the lifecycle prefixes", () => {
        assert.equal(FIREHOSE_PREFIX, "site=!{partitionKeyFromQuery:site}/date=!{timestamp:yyyy-MM-dd}/");
        const p = tableParameters("lake-bucket", ["stuttgart-body", "cork-fill-finish"]);
        assert.equal(p["projection.site.values"], "cork-fill-finish,stuttgart-body");
        assert.equal(p["storage.location.template"], "s3://lake-bucket/site=${site}/date=${date}/");
        assert.equal(p["projection.date.format"], "yyyy-MM-dd");
        assert.equal(tableParameters("b", [])["projection.site.type"], "injected");
    });

    it("parses the telemetry contract and rejects what breaks it", () => {
        assert.deepEqual(parseRecord('{"site":"s","thing":"t","channel":"telemetry","sensor":"x","ts":1000,"value":2.5,"received_at":1001}'), {
            site: "s",
            thing: "t",
            channel: "telemetry",
            sensor: "x",
            ts: 1000,
            value: 2.5,
            received_at: 1001,
        });
        assert.equal(
            parseRecord('{"site":"s","thing":"t","sensor":"x","ts":"2026-01-01T00:00:00Z","window":10,"min":1,"max":1,"mean":1,"count":3}')?.ts,
            Date.UTC(2026, 0, 1),
        );
        for (const bad of [
            "not json",
            "[]",
            '{"site":"s","thing":"t","sensor":"x","ts":1}',
            '{"site":"s","thing":"t","sensor":"","ts":1,"value":1}',
            '{"thing":"t","sensor":"x","ts":1,"value":1}',
            '{"site":"s","thing":"t","sensor":"x","ts":"yesterday","value":1}',
            '{"site":"s","thing":"t","seq":0,"sensor":"x","ts":1,"value":1}',
        ]) {
            assert.equal(parseRecord(bad), undefined, bad);
        }
    });
});

describe("analytics: names, keys, secrets, migrations, alerts, alarms", () => {
    it("every regional name fits AWS limits, even for the longest fleet name the schema admits", () => {
        assert.deepEqual(regionNameProblems("a234567890123456", "ap-southeast-4"), []);
        assert.equal(regionNames.glueDatabase("acme-eu"), "acme_eu_telemetry");
        assert.equal(regionNames.telemetryRule("acme-eu"), "acme_eu_telemetry");
        assert.deepEqual(regionNameProblems("x".repeat(40), "eu-central-1"), [
            'Timestream for InfluxDB instance name "' + "x".repeat(40) + '-telemetry" is 50 characters; AWS allows at most 40',
        ]);
    });

    it("the key policy grants services only narrow, account-bound use", () => {
        const p = keyPolicy({ partition: "aws", accountId: "123456789012", region: "eu-central-1" }) as {
            Statement: { Sid: string; Principal: unknown; Condition?: unknown }[];
        };
        assert.deepEqual(
            p.Statement.map((s) => s.Sid),
            [
                "AccountAdministersKeyThroughIam",
                "CloudWatchLogsEncryptsThisAccountsLogGroups",
                "AlarmsAndRulesPublishToEncryptedTopics",
                "EventBridgeDescribesKeyOfEncryptedBus",
                "VendedLogDeliveryReadsEncryptedStateMachineData",
            ],
        );
        for (const s of p.Statement.slice(1)) assert.ok(s.Condition, `${s.Sid} has no condition`);
        assert.ok(!JSON.stringify(p).includes('"Principal":"*"'));
    });

    it("generates passwords with every character class, deterministic for a given random source", () => {
        const fixed = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 37 + 11) % 256));
        assert.equal(generatePassword(32, fixed), generatePassword(32, fixed));
        assert.notEqual(generatePassword(), generatePassword());
        for (let i = 0; i < 50; i++) {
            const p = generatePassword();
            assert.equal(p.length, 32);
            assert.match(p, /[a-z]/);
            assert.match(p, /[A-Z]/);
            assert.match(p, /[0-9]/);
            // Timestream for InfluxDB CreateDbInstance: password ^[a-zA-Z0-9]+$, 8–64
            assert.match(p, /^[a-zA-Z0-9]{8,64}$/);
        }
        assert.throws(() => generatePassword(4), /password length must be 8–64; got 4/);
    });

    it("migrations are numbered 1..n, one statement each, and refuse edited history", () => {
        assert.deepEqual(migrationProblems(), []);
        assert.deepEqual(migrationProblems([{ version: 2, name: "x", statements: ["SELECT 1; SELECT 2"] }]), [
            'migration "x" has version 2; expected 1',
            "migration 2: one statement per entry (the Data API runs one at a time): SELECT 1; SELECT 2…",
        ]);
        assert.deepEqual(
            pending([]).map((m) => m.version),
            [1],
        );
        assert.deepEqual(pending([{ version: 1, checksum: checksum(MIGRATIONS[0]) }]), []);
        assert.throws(
            () => pending([{ version: 1, checksum: "edited" }]),
            /migration 1 \(work orders and maintenance history\) was changed after it was applied; add a new migration instead/,
        );
        assert.throws(
            () =>
                pending([
                    { version: 1, checksum: checksum(MIGRATIONS[0]) },
                    { version: 7, checksum: "x" },
                ]),
            /the database has migrations this code does not know \(7\)/,
        );
        assert.match(migrationsFingerprint(), /^[0-9a-f]{64}$/);
        assert.ok(
            MIGRATIONS[0].statements.some((s) =>
                s.includes("CREATE UNIQUE INDEX work_orders_one_open ON work_orders (site, equipment) WHERE status IN ('open', 'acknowledged', 'escalated')"),
            ),
        );
    });

    it("region emails get every severity, sorted and each once; nothing of the sites", () => {
        const subs = regionSubscriptions({ alerts: { email: ["oncall@x.example", "a@x.example", "oncall@x.example"] } });
        assert.deepEqual(subs, [
            { key: "region-a@x.example-critical", email: "a@x.example", severity: "critical" },
            { key: "region-a@x.example-warning", email: "a@x.example", severity: "warning" },
            { key: "region-a@x.example-info", email: "a@x.example", severity: "info" },
            { key: "region-oncall@x.example-critical", email: "oncall@x.example", severity: "critical" },
            { key: "region-oncall@x.example-warning", email: "oncall@x.example", severity: "warning" },
            { key: "region-oncall@x.example-info", email: "oncall@x.example", severity: "info" },
        ]);
        assert.deepEqual(regionSubscriptions({ alerts: { email: [] } }), []);
    });

    it("a site's subscribers: their severities in severity order, emails sorted, each pair once; former names under the regional Alerting", () => {
        const region = { alerts: { email: ["oncall@x.example"] } };
        const subs = siteSubscriptions(
            {
                name: "b-site",
                previousNames: [],
                alerts: {
                    subscribers: [
                        { email: "maint@x.example", severities: ["warning", "critical"] },
                        { email: "lead@x.example", severities: ["info"] },
                        { email: "maint@x.example", severities: ["critical"] },
                    ],
                },
            },
            region,
        );
        assert.deepEqual(
            subs.map((s) => [s.key, s.email, s.severity, s.formerNames]),
            [
                ["lead@x.example-info", "lead@x.example", "info", ["alerts-b-site-lead@x.example-info"]],
                ["maint@x.example-critical", "maint@x.example", "critical", ["alerts-b-site-maint@x.example-critical"]],
                ["maint@x.example-warning", "maint@x.example", "warning", ["alerts-b-site-maint@x.example-warning"]],
            ],
        );
        assert.deepEqual(siteSubscriptions({ name: "a-site", previousNames: [], alerts: { subscribers: [] } }, region), []);
        assert.equal(siteFilterPolicy("b-site"), '{"site":["b-site"]}');
    });

    it("a renamed site's subscriptions answer to the former names of its current and previous names", () => {
        const subs = siteSubscriptions(
            { name: "new", previousNames: ["old", "older"], alerts: { subscribers: [{ email: "m@x.example", severities: ["critical"] }] } },
            { alerts: { email: [] } },
        );
        assert.deepEqual(
            subs.map((s) => s.formerNames),
            [["alerts-new-m@x.example-critical", "alerts-old-m@x.example-critical", "alerts-older-m@x.example-critical"]],
        );
    });

    it("a site once named `region` does not claim a regional contact's subscription (same former name)", () => {
        const site = {
            name: "plant",
            previousNames: ["region"],
            alerts: {
                subscribers: [
                    { email: "oncall@x.example", severities: ["critical" as const] },
                    { email: "m@x.example", severities: ["critical" as const] },
                ],
            },
        };
        const subs = siteSubscriptions(site, { alerts: { email: ["oncall@x.example"] } });
        assert.deepEqual(
            subs.map((s) => [s.key, s.formerNames]),
            [
                ["m@x.example-critical", ["alerts-plant-m@x.example-critical", "alerts-region-m@x.example-critical"]],
                // alerts-region-oncall@x.example-critical is the region's contact, which stays in the region.
                ["oncall@x.example-critical", ["alerts-plant-oncall@x.example-critical"]],
            ],
        );
        assert.deepEqual(regionSubscriptions({ alerts: { email: ["oncall@x.example"] } })[0].key, "region-oncall@x.example-critical");
    });

    it("the former parent of site subscriptions: the Alerting component under analytics under platform", () => {
        assert.equal(
            formerAlertingUrn("eu-central-1", "fleet"),
            "urn:pulumi:eu-central-1::fleet::fleet:region:RegionalPlatform$fleet:region:RegionalAnalytics$fleet:region:Alerting::alerts",
        );
    });

    it("alarms cover stream, Firehose, IoT rules, every Lambda (errors; lag for stream consumers), workflow and dead letters", () => {
        const alarms = pipelineAlarms(
            pipelineNames({
                functions: { "telemetry-writer": "acme-telemetry-writer", "registry-sync": "acme-registry-sync" },
                streamConsumers: ["telemetry-writer"],
            }),
        );
        assert.deepEqual(
            alarms.map((a) => `${a.key} ${a.namespace}/${a.metricName}`),
            [
                "stream-iterator-age AWS/Kinesis/GetRecords.IteratorAgeMilliseconds",
                "stream-write-throttled AWS/Kinesis/WriteProvisionedThroughputExceeded",
                "firehose-delivery-failures AWS/Firehose/DeliveryToS3.Success",
                "firehose-data-freshness AWS/Firehose/DeliveryToS3.DataFreshness",
                "workflow-failed AWS/States/ExecutionsFailed",
                "workflow-timed-out AWS/States/ExecutionsTimedOut",
                "dead-letters AWS/SQS/ApproximateNumberOfMessagesVisible",
                "telemetry-rule-failures AWS/IoT/Failure",
                "alarm-rule-failures AWS/IoT/Failure",
                "registry-sync-errors AWS/Lambda/Errors",
                "telemetry-writer-errors AWS/Lambda/Errors",
                "telemetry-writer-iterator-age AWS/Lambda/IteratorAge",
            ],
        );
    });
});
