/** dynamodb-baseline: the metadata and checks of one rule (see `details`). */
import { defineRule } from "../lib/define";
import type { ResourceFinding, Rule } from "../lib/types";
import { containsUnknown, get } from "../lib/values";

export const rule: Rule = defineRule({
    name: "dynamodb-baseline",
    severity: "mandatory",
    securitySeverity: 6.5,
    description: "Point-in-time recovery, KMS, deletion protection.",
    mirrors: "Security Hub DynamoDB.2, DynamoDB.6",
    details: "DynamoDB tables have point-in-time recovery, KMS encryption and deletion protection.",
    resource: {
        types: ["aws:dynamodb/table:Table", "aws-native:dynamodb:Table"],
        check(r) {
            const native = r.type === "aws-native:dynamodb:Table";
            const checks: [string, unknown, string][] = native
                ? [
                      [
                          "point-in-time recovery",
                          get(r.props, "pointInTimeRecoverySpecification.pointInTimeRecoveryEnabled"),
                          "pointInTimeRecoverySpecification.pointInTimeRecoveryEnabled: true",
                      ],
                      ["KMS encryption", get(r.props, "sseSpecification.sseEnabled"), 'sseSpecification: { sseEnabled: true, sseType: "KMS" }'],
                      ["deletion protection", r.props.deletionProtectionEnabled, "deletionProtectionEnabled: true"],
                  ]
                : [
                      ["point-in-time recovery", get(r.props, "pointInTimeRecovery.enabled"), "pointInTimeRecovery: { enabled: true }"],
                      ["KMS encryption", get(r.props, "serverSideEncryption.enabled"), "serverSideEncryption: { enabled: true, kmsKeyArn }"],
                      ["deletion protection", r.props.deletionProtectionEnabled, "deletionProtectionEnabled: true"],
                  ];
            const out: ResourceFinding[] = [];
            for (const [what, v, fix] of checks) {
                if (containsUnknown(v)) out.push({ message: `${what} is unknown until the deployment runs; cannot be checked at preview`, unknown: true });
                else if (v !== true) out.push({ message: `the table has no ${what}; set ${fix}` });
            }
            return out;
        },
    },
});
