/**
 * Automatic remediation: the Detect behaviors, the remediation plan of a violation, the
 * remediation Lambda against a mocked IoT client, its IAM simulated with
 * @cloud-copilot/iam-simulate (it can do exactly its job), the Config remediations, the policy
 * rule, and the all-options plan holding every piece.
 */
import assert from "node:assert/strict";
import { IoTClient, ResourceAlreadyExistsException, StartDetectMitigationActionsTaskCommand } from "@aws-sdk/client-iot";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import type { SNSEvent } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import * as deviceRemediation from "../../functions/device-remediation";
import { rule as configRuleRemediated } from "../../policies/rules/config-rule-remediated";
import type { PolicyDocument } from "../../src/iam";
import { planRegion, type Plan } from "../../src/plan/plan";
import { CONFIG_REMEDIATIONS, NOTIFY_ONLY_REASONS, remediationOf } from "../../src/region/config-remediation";
import { MANAGED_CONFIG_RULES } from "../../src/region/config-rules";
import { detectBehaviors, knownEgressCidrs, messageThreshold, plannedMessagesPerSecond } from "../../src/region/detect";
import { mitigationRolePolicy, parseViolation, planRemediation, quarantineIotPolicy, remediationLambdaStatements } from "../../src/region/remediation";
import type { SiteModel } from "../../src/model/types";
import { allOptionsFleet, unknownActions } from "../extras/helpers";

const ACCOUNT = "123456789012";
const REGION = "eu-central-1";
const ROLE = `arn:aws:iam::${ACCOUNT}:role/acme-device-remediation`;

async function decide(policy: PolicyDocument, action: string, resource: string): Promise<string> {
    const res = await runSimulation(
        {
            identityPolicies: [{ name: "p", policy: policy as never }],
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            request: { action, principal: ROLE, resource: { accountId: ACCOUNT, resource }, contextVariables: {} },
        },
        {},
    );
    if (res.resultType === "error") throw new Error(JSON.stringify(res.errors));
    return res.overallResult;
}

const violation = (over: Record<string, unknown> = {}) =>
    JSON.stringify({
        violationId: "8a6ce4a9b0d1e2f3",
        thingName: "acme-cork-fill-finish-gw-1",
        securityProfileName: "acme-gateways",
        behavior: { name: "authorization-failures", metric: "aws:num-authorization-failures" },
        violationEventType: "in-alarm",
        ...over,
    });

const snsEvent = (...messages: string[]): SNSEvent => ({
    Records: messages.map((Message, i) => ({
        EventSource: "aws:sns",
        EventVersion: "1.0",
        EventSubscriptionArn: "arn:aws:sns:eu-central-1:123456789012:audit-findings:1",
        Sns: { MessageId: `m${i}`, Message } as SNSEvent["Records"][number]["Sns"],
    })),
});

describe("remediation", function () {
    this.timeout(120_000);
    const fleet = allOptionsFleet();
    const sites = fleet.sites.filter((s) => s.region === REGION);

    describe("Detect behaviors", () => {
        it("uses cloud-side metrics only, thresholds within the documented durations", () => {
            const b = detectBehaviors(sites);
            assert.deepEqual(
                b.map((x) => [x.name, x.metric, x.response]),
                [
                    ["authorization-failures", "aws:num-authorization-failures", "quarantine-and-deactivate"],
                    ["connection-attempts", "aws:num-connection-attempts", "quarantine"],
                    ["disconnects", "aws:num-disconnects", "quarantine"],
                    ["message-size", "aws:message-byte-size", "quarantine"],
                    ["message-volume", "aws:num-messages-sent", "quarantine"],
                ],
            );
            for (const x of b) if (x.criteria.durationSeconds !== undefined) assert.ok([300, 600, 900, 1800, 3600].includes(x.criteria.durationSeconds));
        });

        it("sets the message-volume threshold from the busiest gateway's planned traffic, times 4, over 300 s", () => {
            const rates = sites.flatMap((s) => s.gateways.map((g) => plannedMessagesPerSecond(s, g.name)));
            const busiest = Math.max(...rates);
            assert.ok(busiest > 1, `busiest gateway plans ${busiest} messages/s`);
            assert.equal(messageThreshold(sites), Math.ceil(busiest * 300 * 4));
            assert.equal(detectBehaviors(sites).find((x) => x.name === "message-volume")!.criteria.value.count, String(messageThreshold(sites)));
            // A region of quiet sites still tolerates one message a second.
            assert.equal(messageThreshold([]), 1200);
        });

        it("adds the off-site source-IP behavior only where a site file names its egress address", () => {
            assert.deepEqual(knownEgressCidrs(sites), []);
            const withVpn = { ...sites[0], connectivity: { ...sites[0].connectivity, vpn: { peerIp: "198.51.100.7" } } } as SiteModel;
            const b = detectBehaviors([withVpn, ...sites.slice(1)]).find((x) => x.name === "source-ip-off-site")!;
            assert.equal(b.metric, "aws:source-ip-address");
            assert.deepEqual(b.criteria, {
                comparisonOperator: "not-in-cidr-set",
                value: { cidrs: ["198.51.100.7/32"] },
                consecutiveDatapointsToAlarm: 1,
                consecutiveDatapointsToClear: 1,
            });
            assert.equal(b.response, "quarantine-and-deactivate");
        });
    });

    describe("remediation plan of a violation", () => {
        const behaviors = detectBehaviors(sites);
        it("quarantines and deactivates for authorization failures, quarantines only for disconnects", () => {
            assert.deepEqual(planRemediation(parseViolation(violation())!, "acme", behaviors), {
                kind: "mitigate",
                taskId: "8a6ce4a9b0d1e2f3",
                violationId: "8a6ce4a9b0d1e2f3",
                thingName: "acme-cork-fill-finish-gw-1",
                actions: ["acme-quarantine", "acme-deactivate-certificate"],
            });
            const p = planRemediation(parseViolation(violation({ behavior: { name: "disconnects" } }))!, "acme", behaviors);
            assert.deepEqual(p.kind === "mitigate" && p.actions, ["acme-quarantine"]);
        });
        it("skips cleared alarms, other profiles, unknown behaviors and non-violations, saying why", () => {
            const skip = (m: string) => {
                const v = parseViolation(m);
                return v ? planRemediation(v, "acme", behaviors) : undefined;
            };
            assert.deepEqual(skip(violation({ violationEventType: "alarm-cleared" })), { kind: "skip", reason: "event alarm-cleared needs no action" });
            assert.deepEqual(skip(violation({ securityProfileName: "other" })), {
                kind: "skip",
                reason: "security profile other is not this fleet's (acme-gateways)",
            });
            assert.deepEqual(skip(violation({ behavior: { name: "cpu" } })), { kind: "skip", reason: "behavior cpu is not one the fleet remediates" });
            assert.equal(skip(JSON.stringify({ checkName: "LOGGING_DISABLED_CHECK" })), undefined);
            assert.equal(skip("not json"), undefined);
        });
    });

    describe("device-remediation Lambda (mocked IoT)", () => {
        const iot = mockClient(IoTClient);
        beforeEach(() => {
            iot.reset();
            process.env.FLEET_NAME = "acme";
            process.env.FLEET_BEHAVIORS = JSON.stringify(detectBehaviors(sites).map((b) => ({ name: b.name, response: b.response })));
        });
        after(() => {
            iot.restore();
            delete process.env.FLEET_NAME;
            delete process.env.FLEET_BEHAVIORS;
        });

        it("starts one mitigation task per violation, keyed by the violation ID", async () => {
            iot.on(StartDetectMitigationActionsTaskCommand).resolves({ taskId: "8a6ce4a9b0d1e2f3" });
            const out = await deviceRemediation.handler(snsEvent(violation(), JSON.stringify({ auditFinding: true })));
            assert.deepEqual(out, [
                { messageId: "m0", result: "started", detail: "acme-quarantine,acme-deactivate-certificate" },
                { messageId: "m1", result: "skipped", detail: "not a Detect violation" },
            ]);
            const calls = iot.commandCalls(StartDetectMitigationActionsTaskCommand);
            assert.equal(calls.length, 1);
            assert.deepEqual(calls[0].args[0].input, {
                taskId: "8a6ce4a9b0d1e2f3",
                target: { violationIds: ["8a6ce4a9b0d1e2f3"] },
                actions: ["acme-quarantine", "acme-deactivate-certificate"],
                includeOnlyActiveViolations: true,
                includeSuppressedAlerts: false,
                clientRequestToken: "8a6ce4a9b0d1e2f3",
            });
        });

        it("is idempotent: a redelivered alert finds the task started and succeeds", async () => {
            iot.on(StartDetectMitigationActionsTaskCommand).rejects(new ResourceAlreadyExistsException({ message: "exists", $metadata: {}, resourceId: "x" }));
            assert.deepEqual(await deviceRemediation.handler(snsEvent(violation())), [
                { messageId: "m0", result: "already-started", detail: "acme-quarantine,acme-deactivate-certificate" },
            ]);
        });

        it("throws on any other failure, so SNS retries and the dead-letter queue keeps the alert", async () => {
            iot.on(StartDetectMitigationActionsTaskCommand).rejects(new Error("ThrottlingException"));
            await assert.rejects(deviceRemediation.handler(snsEvent(violation())), /ThrottlingException/);
        });
    });

    describe("IAM (simulated)", () => {
        const lambda = remediationLambdaStatements("aws", REGION, ACCOUNT, "acme");
        const profile = `arn:aws:iot:${REGION}:${ACCOUNT}:securityprofile/acme-gateways`;
        it("the Lambda can start mitigation on the fleet's profile and nothing else", async () => {
            assert.equal(await decide(lambda, "iot:StartDetectMitigationActionsTask", profile), "Allowed");
            assert.equal(
                await decide(lambda, "iot:StartDetectMitigationActionsTask", `arn:aws:iot:${REGION}:${ACCOUNT}:securityprofile/other`),
                "ImplicitlyDenied",
            );
            assert.equal(await decide(lambda, "iot:UpdateCertificate", `arn:aws:iot:${REGION}:${ACCOUNT}:cert/abc`), "ImplicitlyDenied");
            assert.equal(await decide(lambda, "iot:AddThingToThingGroup", `arn:aws:iot:${REGION}:${ACCOUNT}:thinggroup/acme-quarantine`), "ImplicitlyDenied");
        });
        it("the mitigation role can quarantine fleet things and deactivate certificates, not touch other groups", async () => {
            const m = mitigationRolePolicy("aws", REGION, ACCOUNT, "acme");
            assert.equal(await decide(m, "iot:AddThingToThingGroup", `arn:aws:iot:${REGION}:${ACCOUNT}:thinggroup/acme-quarantine`), "Allowed");
            assert.equal(await decide(m, "iot:AddThingToThingGroup", `arn:aws:iot:${REGION}:${ACCOUNT}:thinggroup/acme-cork`), "ImplicitlyDenied");
            assert.equal(await decide(m, "iot:UpdateCertificate", `arn:aws:iot:${REGION}:${ACCOUNT}:cert/abc`), "Allowed");
            assert.equal(await decide(m, "iot:DeleteCertificate", `arn:aws:iot:${REGION}:${ACCOUNT}:cert/abc`), "ImplicitlyDenied");
            assert.deepEqual(await unknownActions(m, lambda), []);
        });
        it("the quarantine policy denies telemetry and shadows but not re-enrolment", async () => {
            const q = quarantineIotPolicy("aws", REGION, ACCOUNT);
            const topic = (t: string) => `arn:aws:iot:${REGION}:${ACCOUNT}:topic/${t}`;
            const allowAll = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["iot:*"], Resource: ["*"] }] } as PolicyDocument;
            const both = { Version: "2012-10-17", Statement: [...allowAll.Statement, ...q.Statement] } as PolicyDocument;
            assert.equal(await decide(both, "iot:Publish", topic("fleet/cork/gw-1/telemetry")), "ExplicitlyDenied");
            assert.equal(await decide(both, "iot:Publish", topic("$aws/certificates/create-from-csr/json")), "Allowed");
            assert.equal(await decide(both, "iot:Publish", topic("$aws/provisioning-templates/acme-cork/provision/json")), "Allowed");
            assert.equal(await decide(both, "iot:UpdateThingShadow", `arn:aws:iot:${REGION}:${ACCOUNT}:thing/acme-cork-gw-1`), "ExplicitlyDenied");
        });
    });

    describe("AWS Config remediation", () => {
        it("every managed rule has a runbook or a notify-only reason, never both", () => {
            for (const r of MANAGED_CONFIG_RULES) {
                const { remediation, reason } = remediationOf(r);
                assert.ok(!!remediation !== !!reason, `${r.identifier}: remediation ${!!remediation}, reason ${!!reason}`);
            }
            for (const r of CONFIG_REMEDIATIONS) assert.equal(NOTIFY_ONLY_REASONS[r.rule], undefined);
            assert.deepEqual(
                CONFIG_REMEDIATIONS.map((r) => [r.rule, r.document]),
                [
                    ["S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED", "AWS-DisableS3BucketPublicReadWrite"],
                    ["S3_BUCKET_SSL_REQUESTS_ONLY", "AWSConfigRemediation-RestrictBucketSSLRequestsOnly"],
                    ["S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED", "AWS-EnableS3BucketKeys"],
                    ["DYNAMODB_PITR_ENABLED", "AWSConfigRemediation-EnablePITRForDynamoDbTable"],
                ],
            );
        });

        it("policy config-rule-remediated: passes a remediated or documented rule, names an undecided one", () => {
            const res = (type: string, name: string, props: Record<string, unknown>) => ({ type, urn: `urn:${name}`, name, props });
            const view = (resources: ReturnType<typeof res>[]) => ({
                resources,
                ofType: (...t: string[]) => resources.filter((r) => t.includes(r.type)),
                resolve: () => undefined,
            });
            const rule = (name: string, id: string) => res("aws:cfg/rule:Rule", name, { name, source: { owner: "AWS", sourceIdentifier: id } });
            const rem = (name: string, automatic: boolean, attempts?: number) =>
                res("aws:cfg/remediationConfiguration:RemediationConfiguration", `r-${name}`, {
                    configRuleName: name,
                    automatic,
                    maximumAutomaticAttempts: attempts,
                });
            const check = configRuleRemediated.stack!.check;
            assert.deepEqual(check(view([rule("a", "S3_BUCKET_SSL_REQUESTS_ONLY"), rem("a", true, 5), rule("b", "SNS_ENCRYPTED_KMS")])), []);
            assert.deepEqual(
                check(view([rule("c", "ACCESS_KEYS_ROTATED")])).map((f) => f.message),
                [
                    "Config rule c (ACCESS_KEYS_ROTATED) has neither an automatic remediation nor a notify-only reason; add it to CONFIG_REMEDIATIONS or NOTIFY_ONLY_REASONS in src/region/config-remediation.ts",
                ],
            );
            assert.deepEqual(
                check(view([rule("d", "S3_BUCKET_SSL_REQUESTS_ONLY"), rem("d", false, 5), rule("e", "DYNAMODB_PITR_ENABLED"), rem("e", true)])).map(
                    (f) => f.message,
                ),
                [
                    "the remediation of Config rule d is not automatic; set automatic: true",
                    "the remediation of Config rule e has no retry limit; set maximumAutomaticAttempts (1-25)",
                ],
            );
        });
    });

    describe("the all-options plan", () => {
        let plan: Plan;
        before(async () => {
            plan = await planRegion(fleet, REGION);
        });
        const of = (type: string) => plan.resources.filter((r) => r.type === type && r.urn.includes("RegionalRemediation"));

        it("holds the security profile on every registered thing of the account in the region, alerting to the security topic", () => {
            const [profile] = of("aws-native:iot:SecurityProfile");
            assert.equal(profile.inputs.securityProfileName, "acme-gateways");
            assert.deepEqual(profile.inputs.targetArns, [`arn:aws:iot:${REGION}:123456789012:all/registered-things`]);
            const target = (profile.inputs.alertTargets as Record<string, { alertTargetArn: string }>).SNS;
            assert.match(target.alertTargetArn, /audit-findings/);
        });

        it("holds the quarantine group and policy, both mitigation actions, the Lambda with its subscription and DLQ", () => {
            assert.equal(of("aws-native:iot:ThingGroup")[0].inputs.thingGroupName, "acme-quarantine");
            assert.equal(of("aws:iot/policy:Policy")[0].inputs.name, "acme-quarantine");
            assert.deepEqual(
                of("aws-native:iot:MitigationAction")
                    .map((r) => r.inputs.actionName)
                    .sort(),
                ["acme-deactivate-certificate", "acme-quarantine"],
            );
            const [fn] = of("aws:lambda/function:Function");
            assert.equal(fn.inputs.name, "acme-device-remediation");
            assert.ok((fn.inputs.deadLetterConfig as { targetArn?: string }).targetArn);
            assert.equal(of("aws:sns/topicSubscription:TopicSubscription")[0].inputs.protocol, "lambda");
            assert.deepEqual(JSON.parse(of("aws:cloudwatch/eventRule:EventRule")[0].inputs.eventPattern as string).detail.findings.Severity, {
                Label: ["CRITICAL"],
            });
        });

        it("holds an automatic Config remediation with a retry limit for each runbook rule", () => {
            const rems = of("aws:cfg/remediationConfiguration:RemediationConfiguration");
            assert.deepEqual(rems.map((r) => r.inputs.targetId).sort(), CONFIG_REMEDIATIONS.map((r) => r.document).sort());
            for (const r of rems) {
                assert.equal(r.inputs.automatic, true);
                assert.equal(r.inputs.maximumAutomaticAttempts, 5);
                assert.equal(r.inputs.targetType, "SSM_DOCUMENT");
            }
        });
    });
});
