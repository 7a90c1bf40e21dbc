/**
 * Governance of every region, always on: IoT logging, Device Defender audit, Security Hub with
 * the AWS Foundational Security Best Practices standard, and the AWS Config recorder.
 */
import { doc, type PolicyDocument } from "../iam";

/** Security Hub standard ARN of AWS Foundational Security Best Practices v1.0.0 in a region. */
export function foundationalStandardArn(partition: string, region: string): string {
    return `arn:${partition}:securityhub:${region}::standards/aws-foundational-security-best-practices/v/1.0.0`;
}

/** Account IoT log level: production regions log WARN (errors and warnings), others INFO. */
export function iotLogLevel(production: boolean): "WARN" | "INFO" {
    return production ? "WARN" : "INFO";
}

/**
 * Device Defender audit checks, by their API name, with the property of
 * `aws-native:iot:AccountAuditConfiguration.auditCheckConfigurations` that enables each.
 */
export const AUDIT_CHECKS: Readonly<Record<string, string>> = {
    AUTHENTICATED_COGNITO_ROLE_OVERLY_PERMISSIVE_CHECK: "authenticatedCognitoRoleOverlyPermissiveCheck",
    CA_CERTIFICATE_EXPIRING_CHECK: "caCertificateExpiringCheck",
    CA_CERTIFICATE_KEY_QUALITY_CHECK: "caCertificateKeyQualityCheck",
    CONFLICTING_CLIENT_IDS_CHECK: "conflictingClientIdsCheck",
    DEVICE_CERTIFICATE_AGE_CHECK: "deviceCertificateAgeCheck",
    DEVICE_CERTIFICATE_EXPIRING_CHECK: "deviceCertificateExpiringCheck",
    DEVICE_CERTIFICATE_KEY_QUALITY_CHECK: "deviceCertificateKeyQualityCheck",
    DEVICE_CERTIFICATE_SHARED_CHECK: "deviceCertificateSharedCheck",
    INTERMEDIATE_CA_REVOKED_FOR_ACTIVE_DEVICE_CERTIFICATES_CHECK: "intermediateCaRevokedForActiveDeviceCertificatesCheck",
    IOT_POLICY_OVERLY_PERMISSIVE_CHECK: "iotPolicyOverlyPermissiveCheck",
    IOT_POLICY_POTENTIAL_MIS_CONFIGURATION_CHECK: "ioTPolicyPotentialMisConfigurationCheck",
    IOT_ROLE_ALIAS_ALLOWS_ACCESS_TO_UNUSED_SERVICES_CHECK: "iotRoleAliasAllowsAccessToUnusedServicesCheck",
    IOT_ROLE_ALIAS_OVERLY_PERMISSIVE_CHECK: "iotRoleAliasOverlyPermissiveCheck",
    LOGGING_DISABLED_CHECK: "loggingDisabledCheck",
    REVOKED_CA_CERTIFICATE_STILL_ACTIVE_CHECK: "revokedCaCertificateStillActiveCheck",
    REVOKED_DEVICE_CERTIFICATE_STILL_ACTIVE_CHECK: "revokedDeviceCertificateStillActiveCheck",
    UNAUTHENTICATED_COGNITO_ROLE_OVERLY_PERMISSIVE_CHECK: "unauthenticatedCognitoRoleOverlyPermissiveCheck",
};

/** Gateways rotate certificates before this age (days). */
export const DEVICE_CERT_MAX_AGE_DAYS = 365;
/** Warn this many days before a device certificate expires. */
export const DEVICE_CERT_EXPIRY_WARNING_DAYS = 30;

/** `auditCheckConfigurations`: every check enabled, with the age and expiry thresholds. */
export function auditCheckConfigurations(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [check, prop] of Object.entries(AUDIT_CHECKS)) {
        if (check === "DEVICE_CERTIFICATE_AGE_CHECK") {
            out[prop] = { enabled: true, configuration: { certAgeThresholdInDays: String(DEVICE_CERT_MAX_AGE_DAYS) } };
        } else if (check === "DEVICE_CERTIFICATE_EXPIRING_CHECK") {
            out[prop] = { enabled: true, configuration: { certExpirationThresholdInDays: String(DEVICE_CERT_EXPIRY_WARNING_DAYS) } };
        } else {
            out[prop] = { enabled: true };
        }
    }
    return out;
}

/** The checks the daily scheduled audit runs: the fleet's identity checks. */
export const SCHEDULED_AUDIT_CHECKS = [
    "CONFLICTING_CLIENT_IDS_CHECK",
    "DEVICE_CERTIFICATE_AGE_CHECK",
    "DEVICE_CERTIFICATE_EXPIRING_CHECK",
    "DEVICE_CERTIFICATE_KEY_QUALITY_CHECK",
    "DEVICE_CERTIFICATE_SHARED_CHECK",
    "IOT_POLICY_OVERLY_PERMISSIVE_CHECK",
    "IOT_POLICY_POTENTIAL_MIS_CONFIGURATION_CHECK",
    "IOT_ROLE_ALIAS_ALLOWS_ACCESS_TO_UNUSED_SERVICES_CHECK",
    "IOT_ROLE_ALIAS_OVERLY_PERMISSIVE_CHECK",
    "LOGGING_DISABLED_CHECK",
    "REVOKED_DEVICE_CERTIFICATE_STILL_ACTIVE_CHECK",
] as const;

/** Scheduled audit name: at most 128 of `[a-zA-Z0-9_-]`. */
export const scheduledAuditName = (fleet: string) => `${fleet}-daily-identity-audit`;
export const configRecorderName = (fleet: string) => `${fleet}-recorder`;

/** The IoT logging role: write the account's IoT logs (log group `AWSIotLogsV2`) and nothing else. */
export function iotLoggingPolicy(partition: string, region: string, account: string): PolicyDocument {
    return doc({
        Sid: "IotLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:PutMetricFilter", "logs:PutRetentionPolicy"],
        Resource: [`arn:${partition}:logs:${region}:${account}:log-group:AWSIotLogsV2`, `arn:${partition}:logs:${region}:${account}:log-group:AWSIotLogsV2:*`],
    });
}

/** Lets Device Defender publish audit findings to the audit topic and nothing else. */
export function auditNotificationPolicy(topicArn: string, kmsKeyArn: string): PolicyDocument {
    return doc(
        { Sid: "PublishFindings", Effect: "Allow", Action: ["sns:Publish"], Resource: [topicArn] },
        { Sid: "EncryptedTopic", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: [kmsKeyArn] },
    );
}

/** AWS Config delivers snapshots and history to `AWSLogs/<account>/Config/` of its bucket. */
export function configDeliveryPolicy(bucketArn: string, account: string, kmsKeyArn: string): PolicyDocument {
    return doc(
        { Sid: "BucketAcl", Effect: "Allow", Action: ["s3:GetBucketAcl", "s3:ListBucket"], Resource: [bucketArn] },
        {
            Sid: "Deliver",
            Effect: "Allow",
            Action: ["s3:PutObject"],
            Resource: [`${bucketArn}/AWSLogs/${account}/Config/*`],
            Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control" } },
        },
        { Sid: "EncryptDeliveries", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: [kmsKeyArn] },
    );
}

/** Bucket policy: no request without TLS, from anyone. */
export function tlsOnlyBucketPolicy(bucketArn: string): PolicyDocument {
    return doc({
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: { AWS: "*" },
        Action: ["s3:*"],
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": false } },
    });
}
