/** kinesis-baseline: the metadata and checks of one rule (see `details`). */
import { defineRule } from "../lib/define";
import type { ResourceFinding, Rule } from "../lib/types";
import { containsUnknown, get } from "../lib/values";

export const MIN_RETENTION_HOURS = 168;

export const rule: Rule = defineRule({
    name: "kinesis-baseline",
    severity: "mandatory",
    securitySeverity: 6.5,
    description: "KMS encryption; retention of at least 168 hours so consumers can replay a week.",
    mirrors: "Security Hub Kinesis.1, Kinesis.3",
    details: "Kinesis streams are KMS-encrypted and keep records for at least 168 hours, so consumers can replay a week.",
    resource: {
        types: ["aws:kinesis/stream:Stream", "aws-native:kinesis:Stream"],
        check(r) {
            const out: ResourceFinding[] = [];
            const native = r.type === "aws-native:kinesis:Stream";
            const encType = native ? get(r.props, "streamEncryption.encryptionType") : r.props.encryptionType;
            const key = native ? get(r.props, "streamEncryption.keyId") : r.props.kmsKeyId;
            if (containsUnknown(encType))
                out.push({ message: "the encryption type is unknown until the deployment runs; cannot be checked at preview", unknown: true });
            else if (encType !== "KMS" || !key)
                out.push({
                    message: `the stream is not KMS-encrypted (encryptionType ${JSON.stringify(encType ?? "NONE")}${key ? "" : ", no kmsKeyId"}); set encryptionType "KMS" and kmsKeyId`,
                });
            const retention = native ? r.props.retentionPeriodHours : r.props.retentionPeriod;
            if (containsUnknown(retention))
                out.push({ message: "the retention period is unknown until the deployment runs; cannot be checked at preview", unknown: true });
            else if (typeof retention !== "number" || retention < MIN_RETENTION_HOURS)
                out.push({
                    message: `retention is ${typeof retention === "number" ? retention : 24} hours; keep at least ${MIN_RETENTION_HOURS} so consumers can replay after an outage`,
                });
            return out;
        },
    },
});
