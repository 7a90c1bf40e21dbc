/** Creation order on the fidelity fleets' plans, and the rules themselves on synthetic plans. */
import * as assert from "node:assert/strict";
import type { PlannedResource } from "../../src/plan/plan";
import { plannedResource } from "../helpers/planned";
import { fidelityFleets } from "./fleets";
import { orderFindings } from "./order";

function res(type: string, name: string, inputs: Record<string, unknown> = {}, dependsOn: string[] = []): PlannedResource {
    return plannedResource(type, name, { region: "eu-central-1", inputs, dependsOn }, "r");
}

describe("fidelity: creation order", function () {
    this.timeout(240_000);

    it("what AWS needs first is reachable in every region plan, every collector and edge-inference version after its uploads", async () => {
        const findings: string[] = [];
        let collectors = 0;
        let inference = 0;
        for (const f of await fidelityFleets())
            for (const p of f.plans) {
                collectors += p.resources.filter((r) => r.type === "aws-native:greengrassv2:ComponentVersion" && r.name.endsWith("-collector")).length;
                inference += p.resources.filter((r) => r.type === "aws-native:greengrassv2:ComponentVersion" && r.name.endsWith("-inference")).length;
                for (const x of orderFindings(p.resources)) findings.push(`${f.name} ${p.region}: ${x.rule}: ${x.urn}: ${x.problem}`);
            }
        assert.deepEqual(findings, []);
        assert.ok(collectors > 0, "the fidelity fleets have collector component versions");
        assert.ok(inference > 0, "the fidelity fleets have edge-inference component versions");
    });

    it("dynamic thing groups depend on fleet indexing (issue #17 point 4): the rule fails without the edge", () => {
        const indexing = res("aws:iot/indexingConfiguration:IndexingConfiguration", "idx");
        const group = (deps: string[]) => res("aws-native:iot:ThingGroup", "g", { queryString: "attributes.fleetSite:acme__s" }, deps);
        assert.deepEqual(
            orderFindings([indexing, group([])]).map((f) => f.problem),
            ["does not depend on idx"],
        );
        assert.deepEqual(orderFindings([indexing, group([indexing.urn])]), []);
        assert.deepEqual(orderFindings([res("aws-native:iot:ThingGroup", "static", {})]), []);
    });

    it("component versions wait for their artifact objects (point 3), directly or through another resource", () => {
        const recipe = JSON.stringify({ Manifests: [{ Artifacts: [{ Uri: "s3://artifacts/artifacts/s/collector/1.0/collector.zip" }] }] });
        const object = res("aws:s3/bucketObjectv2:BucketObjectv2", "zip", { bucket: "artifacts", key: "artifacts/s/collector/1.0/collector.zip" });
        const between = res("aws:s3/bucketObjectv2:BucketObjectv2", "other", {}, [object.urn]);
        const version = (deps: string[]) => res("aws-native:greengrassv2:ComponentVersion", "collector", { inlineRecipe: recipe }, deps);
        assert.deepEqual(
            orderFindings([version([])]).map((f) => f.problem),
            ["no object uploads s3://artifacts/artifacts/s/collector/1.0/collector.zip"],
        );
        assert.deepEqual(
            orderFindings([object, version([])]).map((f) => f.problem),
            ["does not depend on zip"],
        );
        assert.deepEqual(orderFindings([object, between, version([between.urn])]), []);
    });

    it("recorder → delivery channel → status, Security Hub → standards, logging policy → logging options, permission → notification (point 12)", () => {
        const recorder = res("aws:cfg/recorder:Recorder", "rec");
        const channel = res("aws:cfg/deliveryChannel:DeliveryChannel", "ch", {}, [recorder.urn]);
        const status = res("aws:cfg/recorderStatus:RecorderStatus", "st", {}, [recorder.urn]);
        assert.deepEqual(
            orderFindings([recorder, channel, status]).map((f) => `${f.rule}: ${f.problem}`),
            ["recorder → delivery channel → recorder status: does not depend on ch"],
        );
        const hub = res("aws:securityhub/account:Account", "hub");
        assert.equal(orderFindings([hub, res("aws:securityhub/standardsSubscription:StandardsSubscription", "cis")]).length, 1);
        const role = res("aws:iam/role:Role", "iot-logging");
        const policy = res("aws:iam/rolePolicy:RolePolicy", "iot-logging-policy", { role: "iot-logging" }, [role.urn]);
        assert.deepEqual(
            orderFindings([role, policy, res("aws:iot/loggingOptions:LoggingOptions", "log", {}, [role.urn])]).map((f) => f.problem),
            ["does not depend on iot-logging-policy"],
        );
        assert.deepEqual(orderFindings([role, policy, res("aws:iot/loggingOptions:LoggingOptions", "log", {}, [role.urn, policy.urn])]), []);
        const arn = "arn:aws:lambda:eu-central-1:123456789012:function:acme-registry-sync";
        const perm = res("aws:lambda/permission:Permission", "allow-s3", { principal: "s3.amazonaws.com", function: "acme-registry-sync" });
        const notification = (deps: string[]) =>
            res("aws:s3/bucketNotification:BucketNotification", "n", { lambdaFunctions: [{ lambdaFunctionArn: arn }] }, deps);
        assert.equal(orderFindings([perm, notification([])]).length, 1);
        assert.deepEqual(orderFindings([perm, notification([perm.urn])]), []);
    });
});
