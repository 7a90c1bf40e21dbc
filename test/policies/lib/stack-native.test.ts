/**
 * Stack rules over an exported stack of aws-native resources (test/policies/fixtures/aws-native-export.json,
 * the shape of `pulumi stack export`): bucket policies and server access logging name their bucket by
 * `bucketName`, a role alias names its role by ARN, the role names its managed policy by `policyArn`.
 * Each reference must reach its target, so a compliant stack is clean and a violation behind the
 * reference is reported.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { evaluate } from "../../../src/check/engine";
import { readStackExport } from "../../../src/check/sources";

const FIXTURE = path.resolve(__dirname, "../../../../test/policies/fixtures/aws-native-export.json");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-stack-native-"));

interface State {
    type: string;
    urn: string;
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
}

/** The findings of `rule` on the fixture after `change` (applied to the inputs and outputs of the resource named `name`). */
function findings(rule: string, name?: string, change?: (props: Record<string, unknown>) => void): string[] {
    const doc = JSON.parse(fs.readFileSync(FIXTURE, "utf8")) as { deployment: { resources: State[] } };
    if (name && change) {
        const r = doc.deployment.resources.find((x) => x.urn.endsWith(`::${name}`))!;
        change(r.inputs);
        change(r.outputs);
    }
    const file = path.join(tmp, `${rule}-${name ?? "as-is"}.json`);
    fs.writeFileSync(file, JSON.stringify(doc));
    return evaluate({ resources: readStackExport(file), sites: [] })
        .findings.filter((f) => f.rule === rule)
        .map((f) => `${f.kind} ${f.name}: ${f.message}`);
}

const statements = (doc: unknown) => (doc as { Statement: Record<string, unknown>[] }).Statement;

describe("policies/lib/stack: an exported stack of aws-native resources", () => {
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("the compliant fixture is clean: bucket policies and the log sink reach their buckets by bucketName, the alias its role and policy by ARN", () => {
        assert.deepEqual(findings("s3-baseline"), []);
        assert.deepEqual(findings("iot-role-alias-least-privilege"), []);
    });

    it("s3-baseline: a bucket policy (by bucketName) without the TLS deny is a violation of its bucket", () => {
        assert.deepEqual(
            findings("s3-baseline", "data-policy", (p) =>
                statements(p.policyDocument).splice(0, 1, { Effect: "Allow", Action: "s3:GetObject", Principal: "*" }),
            ),
            ["violation data: bucket data has no TLS-only bucket policy; add a bucket policy that denies s3:* when aws:SecureTransport is false"],
        );
    });

    it("s3-baseline: the log sink (destinationBucketName) must use SSE-S3 and needs no access logging of its own", () => {
        assert.deepEqual(
            findings("s3-baseline", "logs", (p) => {
                Object.assign(p, { bucketEncryption: { serverSideEncryptionConfiguration: [{ serverSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }] } });
            }),
            [
                "violation logs: bucket logs has no SSE-S3 encryption (it receives server access logs); give it an aws.s3.BucketServerSideEncryptionConfiguration with sseAlgorithm AES256: S3 delivers no access log to an SSE-KMS bucket",
            ],
        );
        // Logging to a bucket not in the stack: the logs bucket is no sink, so it must log itself and use SSE-KMS.
        assert.deepEqual(
            findings("s3-baseline", "data", (p) => Object.assign(p, { loggingConfiguration: { destinationBucketName: "elsewhere" } })),
            [
                "violation logs: bucket logs has no server access logging; add an aws.s3.BucketLogging that writes to the region's access-log bucket",
                "violation logs: bucket logs has no SSE-KMS encryption; add an aws.s3.BucketServerSideEncryptionConfiguration with sseAlgorithm aws:kms and the region's key",
            ],
        );
    });

    it("iot-role-alias-least-privilege: the role (by ARN) and its managed policy (by policyArn) are checked", () => {
        assert.deepEqual(
            findings("iot-role-alias-least-privilege", "gw-access", (p) => {
                statements(p.policyDocument)[0].Action = "s3:*";
            }),
            [
                'violation gw-alias: role gw-role policy gw-access Statement[0] allows "s3:*", which grants every action of s3; list the actions the devices need',
            ],
        );
        assert.deepEqual(
            findings("iot-role-alias-least-privilege", "gw-role", (p) => {
                statements((p.policies as Record<string, unknown>[])[0].policyDocument)[0].Action = "iam:PassRole";
            }),
            [
                'violation gw-alias: role gw-role policy "telemetry" Statement[0] allows "iam:PassRole" (iam:PassRole); device credentials must not manage identities or accounts',
            ],
        );
        // An ARN of another role or policy is not resolved to these.
        assert.deepEqual(
            findings("iot-role-alias-least-privilege", "gw-alias", (p) => {
                p.roleArn = "arn:aws:iam::123456789012:role/fleet/other-role";
            }),
            ['unknown gw-alias: the role "arn:aws:iam::123456789012:role/fleet/other-role" is not in this stack; its permissions cannot be checked'],
        );
    });
});
