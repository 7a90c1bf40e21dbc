import * as aws from "@pulumi/aws";
import * as awsNative from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";
import { configRuleName, configRulesFor, inputParameters } from "../../src/region/config-rules";
import {
    auditCheckConfigurations,
    auditNotificationPolicy,
    configDeliveryPolicy,
    configRecorderName,
    foundationalStandardArn,
    iotLoggingPolicy,
    iotLogLevel,
    SCHEDULED_AUDIT_CHECKS,
    scheduledAuditName,
} from "../../src/region/governance";
import { toJson } from "../../src/iam";
import { secureBucket } from "./secure-bucket";
import { callerScope, iamServiceRole, iamServiceTrust } from "./trust";
import { nativeTagList } from "../../src/tags";
import { pick } from "../../src/util/pick";
import type { RegionContextArgs } from "./refs";

/** Server access logging of a bucket outside RegionalStorage into the region's logs bucket (child `${name}-access-logging`). */
function accessLogging(name: string, bucket: aws.s3.Bucket, target: pulumi.Input<string>, parent: pulumi.Resource): void {
    new aws.s3.BucketLogging(`${name}-access-logging`, { bucket: bucket.id, targetBucket: target, targetPrefix: `access-logs/${name}/` }, { parent });
}

/** A role `service` assumes in this account with the AWS managed `service-role/<policy>` attached (both named `name`). */
function managedServiceRole(
    name: string,
    service: string,
    policy: string,
    a: { account: pulumi.Output<string>; partition: pulumi.Output<aws.GetPartitionResult>; tags: Record<string, string> },
    opts: pulumi.CustomResourceOptions,
): aws.iam.Role {
    const role = new aws.iam.Role(name, { assumeRolePolicy: iamServiceTrust(service, a.account), tags: a.tags }, opts);
    new aws.iam.RolePolicyAttachment(
        name,
        { role: role.name, policyArn: a.partition.partition.apply((p) => `arn:${p}:iam::aws:policy/service-role/${policy}`) },
        opts,
    );
    return role;
}

/** The region's switches select the optional Config rules; the fleet's name prefixes every physical name. */
export interface RegionalGovernanceArgs extends RegionContextArgs {
    /** Customer KMS key of the region: the Config bucket and the audit topic use it. */
    kmsKeyArn: pulumi.Input<string>;
    /** Bucket that receives the Config history bucket's server access logs (docs/analytics.md); none: no access logging. */
    accessLogsBucket?: pulumi.Input<string>;
    /**
     * Record global resource types (IAM) in this region. Record them in one region only.
     * @default true for the first region of fleet.yaml, false elsewhere
     */
    recordGlobalResources?: boolean;
}

/**
 * Continuous security monitoring of one region, always on: account IoT logging, Device
 * Defender audit (every check enabled, a daily scheduled audit of the identity checks, findings
 * to an encrypted SNS topic), Security Hub with AWS Foundational Security Best Practices, and
 * an AWS Config recorder delivering to an encrypted bucket with the managed rules that mirror
 * the policy pack (src/region/config-rules.ts).
 *
 * One per account and region: IoT logging options, the audit configuration, the Security Hub
 * account and the Config recorder are account-level singletons. An account already governed by
 * Control Tower or an organization-wide Config recorder must not deploy a second recorder.
 */
export class RegionalGovernance extends pulumi.ComponentResource {
    /** The SNS topic Device Defender audit findings go to. */
    readonly auditTopicArn: pulumi.Output<string>;
    readonly configBucketName: pulumi.Output<string>;
    /** Names of the AWS Config rules, sorted. */
    readonly configRuleNames: string[];

    constructor(name: string, args: RegionalGovernanceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fleet:region:RegionalGovernance", name, {}, opts);
        const parent = { parent: this };
        const { fleet, region, tags } = args;
        const { identity, partition } = callerScope(this);
        const account = identity.accountId;

        // IoT logging
        const { role: iotLoggingRole, policy: iotLoggingPolicyResource } = iamServiceRole(
            "iot-logging",
            "iot.amazonaws.com",
            { account, tags, policy: pulumi.all([partition.partition, account]).apply(([p, a]) => toJson(iotLoggingPolicy(p, region.name, a))) },
            parent,
        );
        // SetV2LoggingOptions checks that AWS IoT can assume the role and use it: the role's
        // policy must exist first, not only the role (otherwise the first write races it)
        new aws.iot.LoggingOptions(
            "iot-logging",
            { defaultLogLevel: iotLogLevel(region.production), disableAllLogs: false, roleArn: iotLoggingRole.arn },
            { ...parent, dependsOn: [iotLoggingPolicyResource] },
        );

        // Device Defender audit
        const auditTopic = new aws.sns.Topic("audit-findings", { kmsMasterKeyId: args.kmsKeyArn, tags }, parent);
        const auditRole = managedServiceRole("device-defender-audit", "iot.amazonaws.com", "AWSIoTDeviceDefenderAudit", { account, partition, tags }, parent);
        const { role: notifyRole } = iamServiceRole(
            "device-defender-notify",
            "iot.amazonaws.com",
            {
                account,
                tags,
                policy: pulumi.all([auditTopic.arn, pulumi.output(args.kmsKeyArn)]).apply(([t, k]) => toJson(auditNotificationPolicy(t, k))),
            },
            parent,
        );
        const audit = new awsNative.iot.AccountAuditConfiguration(
            "device-defender",
            {
                accountId: account,
                roleArn: auditRole.arn,
                auditCheckConfigurations: auditCheckConfigurations(),
                auditNotificationTargetConfigurations: { sns: { enabled: true, roleArn: notifyRole.arn, targetArn: auditTopic.arn } },
            },
            parent,
        );
        new awsNative.iot.ScheduledAudit(
            "daily-identity-audit",
            {
                scheduledAuditName: scheduledAuditName(fleet.name),
                frequency: "DAILY",
                targetCheckNames: [...SCHEDULED_AUDIT_CHECKS],
                tags: nativeTagList(tags),
            },
            { parent: this, dependsOn: [audit] },
        );

        // Security Hub
        const hub = new aws.securityhub.Account(
            "security-hub",
            { enableDefaultStandards: false, controlFindingGenerator: "SECURITY_CONTROL", autoEnableControls: true },
            parent,
        );
        new aws.securityhub.StandardsSubscription(
            "foundational-best-practices",
            { standardsArn: partition.partition.apply((p) => foundationalStandardArn(p, region.name)) },
            { parent: this, dependsOn: [hub] },
        );

        // AWS Config
        const configBucket = secureBucket(
            "config-history",
            { kmsKeyArn: args.kmsKeyArn, tags, noncurrentDays: 90, expireDays: fleet.defaults.retention.archiveDays },
            this,
        );
        if (args.accessLogsBucket !== undefined) accessLogging("config-history", configBucket, args.accessLogsBucket, this);
        const configRole = managedServiceRole("config-recorder", "config.amazonaws.com", "AWS_ConfigRole", { account, partition, tags }, parent);
        new aws.iam.RolePolicy(
            "config-delivery",
            {
                role: configRole.id,
                policy: pulumi.all([configBucket.arn, account, pulumi.output(args.kmsKeyArn)]).apply(([b, a, k]) => toJson(configDeliveryPolicy(b, a, k))),
            },
            parent,
        );
        const recordGlobal = args.recordGlobalResources ?? fleet.regions[0]?.name === region.name;
        const recorder = new aws.cfg.Recorder(
            "config-recorder",
            {
                name: configRecorderName(fleet.name),
                roleArn: configRole.arn,
                recordingGroup: { allSupported: true, includeGlobalResourceTypes: recordGlobal },
                recordingMode: { recordingFrequency: "CONTINUOUS" },
            },
            parent,
        );
        const channel = new aws.cfg.DeliveryChannel(
            "config-delivery",
            {
                name: configRecorderName(fleet.name),
                s3BucketName: configBucket.bucket,
                s3KmsKeyArn: args.kmsKeyArn,
                snapshotDeliveryProperties: { deliveryFrequency: "TwentyFour_Hours" },
            },
            { parent: this, dependsOn: [recorder] },
        );
        new aws.cfg.RecorderStatus("config-recorder", { name: recorder.name, isEnabled: true }, { parent: this, dependsOn: [channel] });
        const rules = configRulesFor(region.analytics);
        for (const rule of rules) {
            new aws.cfg.Rule(
                configRuleName(fleet.name, rule.identifier),
                {
                    name: configRuleName(fleet.name, rule.identifier),
                    description: rule.policy ? `Mirrors policy ${rule.policy} of the fleet policy pack.` : `Fleet governance: ${rule.why}.`,
                    source: { owner: "AWS", sourceIdentifier: rule.identifier },
                    inputParameters: inputParameters(rule),
                    tags,
                },
                { parent: this, dependsOn: [recorder] },
            );
        }

        this.auditTopicArn = auditTopic.arn;
        this.configBucketName = configBucket.bucket;
        this.configRuleNames = rules.map((r) => configRuleName(fleet.name, r.identifier)).sort();
        this.registerOutputs(pick(this, ["auditTopicArn", "configBucketName", "configRuleNames"]));
    }
}
