/**
 * Every role and IoT policy in the plans of the fidelity fleets, simulated with
 * @cloud-copilot/iam-simulate: the requests its users really make (derived from the handler code,
 * the state machine definitions, the Greengrass and fleet-provisioning documentation) are Allowed,
 * the requests no user may make are not.
 */
import * as assert from "node:assert/strict";
import type { PlannedResource } from "../../src/plan/plan";
import { type FidelityFleet, doc, fidelityFleets } from "./fleets";
import type { Document } from "./iam";
import { type Request, type User, decide, sdkActions, unpublished } from "./iam-sim";
import { type RegionView, lambdaUsers } from "./iam-users";
import { eventTargetUsers, scheduleUsers, stateMachineUsers } from "./iam-workflow-users";
import { detachedGatewayUsers, edgeSites, gatewayUsers, provisioningUsers, tesUsers } from "./iam-edge-users";

function views(f: FidelityFleet): RegionView[] {
    const regions = f.plans.map((p) => p.resources[0].region);
    return f.plans.map((p, i) => ({
        fleet: f.name,
        region: regions[i],
        otherRegion: regions.find((r) => r !== regions[i]) ?? "ap-southeast-2",
        resources: p.resources,
    }));
}

/** The resource's own policy where AWS evaluates one with the identity's: KMS key policies and S3 bucket policies. */
function resourcePolicy(v: RegionView, all: RegionView[], resource: string): Document | undefined {
    if (resource.startsWith("arn:aws:kms:")) {
        const region = resource.split(":")[3];
        const other = all.find((x) => x.region === region);
        const key = other?.resources.find((r: PlannedResource) => r.type === "aws:kms/key:Key");
        return key ? doc<Document>(key.inputs.policy) : undefined;
    }
    if (resource.startsWith("arn:aws:s3:::")) {
        const bucket = resource.slice(13).split("/")[0];
        const p = v.resources.find((r) => r.type === "aws:s3/bucketPolicy:BucketPolicy" && r.inputs.bucket === bucket);
        return p ? doc<Document>(p.inputs.policy) : undefined;
    }
    return undefined;
}

async function verdicts(
    fleets: FidelityFleet[],
    usersOf: (v: RegionView) => User[],
): Promise<{ problems: string[]; allowed: number; denied: number; users: number }> {
    const problems: string[] = [];
    let allowed = 0;
    let denied = 0;
    let users = 0;
    for (const f of fleets) {
        const all = views(f);
        for (const v of all)
            for (const u of usersOf(v)) {
                users++;
                const run = async (r: Request) => decide(u, r, resourcePolicy(v, all, r.resource));
                for (const r of u.allowed) {
                    allowed++;
                    const got = await run(r);
                    if (got !== "Allowed") problems.push(`${f.name} ${u.label}: ${r.action} on ${r.resource} (${r.why}) is ${got}`);
                }
                for (const r of u.denied) {
                    denied++;
                    const got = await run(r);
                    if (got === "Allowed" || got.startsWith("error"))
                        problems.push(`${f.name} ${u.label}: ${r.action} on ${r.resource} (${r.why}) is ${got}, must be denied`);
                }
            }
    }
    return { problems: [...new Set(problems)], allowed, denied, users };
}

describe("fidelity: IAM simulated (roles and IoT policies against what their users request)", function () {
    this.timeout(240_000);
    let fleets: FidelityFleet[];
    before(async () => {
        fleets = await fidelityFleets();
    });

    it("the SDK calls of each handler are parsed from its code and are published IAM actions", async () => {
        assert.deepEqual(
            sdkActions("work-order-ack").map((c) => `${c.file} ${c.action}`),
            ["functions/lib/data-api.ts rds-data:ExecuteStatement", "functions/work-order-ack/index.ts states:SendTaskSuccess"],
        );
        assert.deepEqual([...new Set(sdkActions("registry-sync").map((c) => c.action))].sort(), ["dynamodb:BatchWriteItem", "dynamodb:Query", "s3:GetObject"]);
        assert.deepEqual([...new Set(sdkActions("comprehend-endpoint").map((c) => c.action))].sort(), [
            "comprehend:CreateEndpoint",
            "comprehend:DeleteEndpoint",
            "comprehend:UpdateEndpoint",
        ]);
        const every = [
            "anomaly-scorer",
            "db-migrate",
            "device-remediation",
            "registry-sync",
            "telemetry-writer",
            "work-order-ack",
            "work-order-ack-request",
            "pre-provisioning-hook",
            "comprehend-endpoint",
            "model-trainer",
        ].flatMap((d) => sdkActions(d).map((c) => c.action));
        assert.deepEqual(await unpublished([...new Set(every)]), []);
        assert.deepEqual(await unpublished(["s3:GetObjects"]), ["s3:GetObjects"]);
    });

    it("Lambda execution roles allow what the handler code and the Lambda service request, and nothing forbidden", async () => {
        const r = await verdicts(fleets, lambdaUsers);
        assert.deepEqual(r.problems, []);
        assert.ok(r.users >= 40 && r.allowed > 300 && r.denied > 300, JSON.stringify(r));
    });

    it("state machine and EventBridge roles allow what the definitions and targets call", async () => {
        const r = await verdicts(fleets, (v) => [...stateMachineUsers(v), ...eventTargetUsers(v), ...scheduleUsers(v)]);
        assert.deepEqual(r.problems, []);
        // 14 state machines (maintenance, retraining, forecasting), 6 EventBridge rule targets, 8 Scheduler schedules
        assert.equal(r.users, 28);
    });

    it("gateway IoT policies allow what a Greengrass core device requests as its own thing, not another site's or gateway's", async () => {
        const r = await verdicts(fleets, (v) => [...gatewayUsers(v), ...detachedGatewayUsers(v)]);
        assert.deepEqual(r.problems, []);
        assert.ok(r.users >= 20, JSON.stringify(r));
    });

    it("the region's token exchange role gives each gateway its artifacts, its own manifest copy and log streams, not another site's or gateway's", async () => {
        const r = await verdicts(fleets, tesUsers);
        assert.deepEqual(r.problems, []);
        // one user per planned gateway thing plus one request without thing name per site
        const expected = fleets.flatMap((f) => views(f)).reduce((n, v) => n + edgeSites(v).reduce((m, s) => m + (s.roleAlias ? s.things.length + 1 : 0), 0), 0);
        assert.equal(r.users, expected);
        assert.ok(expected >= 20, JSON.stringify(r));
    });

    it("the token exchange check catches a role that reads every gateway's manifest copy (negative case)", async () => {
        const leaky = (v: RegionView): RegionView => ({
            ...v,
            resources: v.resources.map((res) =>
                res.type === "aws:iam/rolePolicy:RolePolicy" && String(res.inputs.policy).includes("ReadOwnManifestCopy")
                    ? {
                          ...res,
                          inputs: {
                              ...res.inputs,
                              policy: String(res.inputs.policy).split("manifests/things/${credentials-iot:ThingName}.json").join("manifests/things/*.json"),
                          },
                      }
                    : res,
            ),
        });
        const r = await verdicts(fleets.slice(0, 1), (v) => tesUsers(leaky(v)));
        assert.ok(r.problems.length > 0);
        assert.ok(
            r.problems.every((p) => p.includes("manifest copy") && p.endsWith("is Allowed, must be denied")),
            r.problems.join("\n"),
        );
    });

    it("claim policies and provisioning roles allow what fleet provisioning requests for their own template", async () => {
        const r = await verdicts(fleets, provisioningUsers);
        assert.deepEqual(r.problems, []);
        assert.ok(r.users >= 4, JSON.stringify(r));
    });
});
