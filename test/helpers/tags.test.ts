import * as assert from "node:assert/strict";
import * as path from "node:path";
import { plannedResource } from "./planned";
import { declarationFile, missingTags, takesTags } from "./tags";

describe("test helpers: which resources take tags (provider SDK declarations)", () => {
    it("finds the declaration of aws and aws-native type tokens", () => {
        assert.equal(path.relative(process.cwd(), declarationFile("aws:iam/rolePolicy:RolePolicy")), "node_modules/@pulumi/aws/iam/rolePolicy.d.ts");
        assert.equal(
            path.relative(process.cwd(), declarationFile("aws-native:iot:AccountAuditConfiguration")),
            "node_modules/@pulumi/aws-native/iot/accountAuditConfiguration.d.ts",
        );
    });

    it("answers from the Args interface: tags declared or not", () => {
        const types = ["aws:s3/bucket:Bucket", "aws:iam/role:Role", "aws-native:iot:ThingGroup", "aws:iam/rolePolicy:RolePolicy", "aws:kms/grant:Grant"];
        assert.deepEqual(types.map(takesTags), [true, true, true, false, false]);
        assert.deepEqual(["aws:cfg/recorderStatus:RecorderStatus", "aws-native:iot:AccountAuditConfiguration"].map(takesTags), [false, false]);
    });

    it("refuses a type it cannot look up instead of calling it untaggable", () => {
        assert.throws(() => takesTags("aws:nosuch/thing:Thing"), /^Error: aws:nosuch\/thing:Thing: no SDK declaration at .*nosuch\/thing\.d\.ts$/);
        assert.throws(() => takesTags("eks:index:Cluster"), /^Error: eks:index:Cluster: not an aws or aws-native resource type$/);
    });

    it("lists the custom resources that take tags and lack an expected one, in either tag form", () => {
        const region = "eu-central-1";
        const resources = [
            plannedResource("aws:s3/bucket:Bucket", "tagged", { region, inputs: { tags: { "fleet:name": "acme", owner: "ops" } } }),
            plannedResource("aws:s3/bucket:Bucket", "other-fleet", { region, inputs: { tags: { "fleet:name": "other" } } }),
            plannedResource("aws:sqs/queue:Queue", "untagged", { region }),
            plannedResource("aws-native:iot:ThingGroup", "native-tagged", { region, inputs: { tags: [{ key: "fleet:name", value: "acme" }] } }),
            plannedResource("aws-native:iot:ThingGroup", "native-untagged", { region, inputs: { tags: [] } }),
            plannedResource("aws:iam/rolePolicy:RolePolicy", "takes-none", { region }),
            plannedResource("aws:s3/bucket:Bucket", "not-custom", { region, custom: false }),
        ];
        assert.deepEqual(missingTags(resources, { "fleet:name": "acme" }), [
            "aws:s3/bucket:Bucket other-fleet",
            "aws:sqs/queue:Queue untagged",
            "aws-native:iot:ThingGroup native-untagged",
        ]);
        assert.deepEqual(missingTags(resources.slice(0, 1), { "fleet:name": "acme", owner: "ops" }), []);
        assert.deepEqual(missingTags(resources.slice(0, 1), { "fleet:name": "acme", owner: "it" }), ["aws:s3/bucket:Bucket tagged"]);
    });
});
