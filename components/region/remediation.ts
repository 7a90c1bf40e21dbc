import * as aws from "@pulumi/aws";
import * as awsNative from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";
import type { SiteModel } from "../../src/model/types";
import { toJson } from "../../src/iam";
import { iamServiceRole, iamServiceTrust } from "./trust";
import { configRuleName, configRulesFor } from "../../src/region/config-rules";
import {
    automationRolePolicy,
    CONFIG_REMEDIATIONS,
    MAX_AUTOMATIC_ATTEMPTS,
    remediationParameters,
    RETRY_ATTEMPT_SECONDS,
} from "../../src/region/config-remediation";
import { detectBehaviors } from "../../src/region/detect";
import { auditNotificationPolicy } from "../../src/region/governance";
import {
    criticalFindingsPattern,
    mitigationRolePolicy,
    quarantineIotPolicy,
    remediationLambdaStatements,
    remediationNames,
} from "../../src/region/remediation";
import { DeadLetters } from "./dead-letters";
import { FleetFunction } from "./fleet-function";
import { nativeTagList } from "../../src/tags";
import { pick } from "../../src/util/pick";
import type { RegionContextArgs } from "./refs";

export interface RegionalRemediationArgs extends RegionContextArgs {
    /** The sites of the region this stack deploys: their planned traffic sets the volume threshold. */
    sites: SiteModel[];
    /** The security topic (RegionalGovernance's audit-findings topic): Detect alarms and Security Hub critical findings go there. */
    securityTopicArn: pulumi.Input<string>;
    /** AWS Config rules exist before their remediation configurations. */
    configRules: pulumi.Resource[];
    kmsKeyArn: pulumi.Input<string>;
}

/**
 * Automatic remediation of a region (docs/security-operations.md): Device Defender Detect on
 * every registered thing of the account in the region, alerting to the security topic; the remediation Lambda subscribed to
 * that topic starts the mitigation actions (quarantine group, certificate deactivation) for a
 * violation; AWS Config remediation configurations; Security Hub critical findings to the
 * security topic.
 */
export class RegionalRemediation extends pulumi.ComponentResource {
    readonly securityProfileName: pulumi.Output<string>;
    readonly quarantineGroupName: pulumi.Output<string>;
    readonly functionName: pulumi.Output<string>;

    constructor(name: string, args: RegionalRemediationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fleet:region:RegionalRemediation", name, {}, opts);
        const parent = { parent: this };
        const { fleet, region, tags } = args;
        const account = aws.getCallerIdentityOutput({}, parent).accountId;
        const partition = aws.getPartitionOutput({}, parent).partition;
        const iotTrust = iamServiceTrust("iot.amazonaws.com", account);

        // Quarantine: a thing group whose policy denies all but re-enrolment.
        const group = new awsNative.iot.ThingGroup(
            `${name}-quarantine`,
            {
                thingGroupName: remediationNames.quarantineGroup(fleet.name),
                thingGroupProperties: {
                    thingGroupDescription: "Gateways Device Defender quarantined: only re-enrolment allowed; release with fleet quarantine release",
                },
                tags: nativeTagList(tags),
            },
            parent,
        );
        const policy = new aws.iot.Policy(
            `${name}-quarantine`,
            {
                name: remediationNames.quarantinePolicy(fleet.name),
                policy: pulumi.all([partition, account]).apply(([p, a]) => JSON.stringify(quarantineIotPolicy(p, region.name, a))),
                tags,
            },
            parent,
        );
        new aws.iot.PolicyAttachment(`${name}-quarantine`, { policy: policy.name, target: group.arn }, parent);

        // Mitigation actions, run with their own role.
        const mitigationRole = new aws.iam.Role(`${name}-mitigation`, { assumeRolePolicy: iotTrust, tags }, parent);
        new aws.iam.RolePolicy(
            `${name}-mitigation`,
            {
                role: mitigationRole.id,
                policy: pulumi.all([partition, account]).apply(([p, a]) => toJson(mitigationRolePolicy(p, region.name, a, fleet.name))),
            },
            parent,
        );
        const quarantine = new awsNative.iot.MitigationAction(
            `${name}-quarantine`,
            {
                actionName: remediationNames.quarantineAction(fleet.name),
                roleArn: mitigationRole.arn,
                actionParams: { addThingsToThingGroupParams: { thingGroupNames: [group.thingGroupName.apply((n) => n!)], overrideDynamicGroups: true } },
                tags: nativeTagList(tags),
            },
            parent,
        );
        const deactivate = new awsNative.iot.MitigationAction(
            `${name}-deactivate-certificate`,
            {
                actionName: remediationNames.deactivateAction(fleet.name),
                roleArn: mitigationRole.arn,
                actionParams: { updateDeviceCertificateParams: { action: "DEACTIVATE" } },
                tags: nativeTagList(tags),
            },
            parent,
        );

        // Detect: the security profile on every registered thing of the account in the region, alarms to
        // the security topic. A profile attaches to "a thing group or this account" (AWS IoT API,
        // AttachSecurityProfile); the account target is `arn:<partition>:iot:<region>:<account>:all/registered-things`
        // (Device Defender developer guide, Detect commands). The account target, not the sites' thing
        // groups: the platform stack deploys before the site stacks that own those groups (src/stacks),
        // and a new site is covered the moment its gateways register.
        const behaviors = detectBehaviors(args.sites);
        const alertRole = new aws.iam.Role(`${name}-detect-alerts`, { assumeRolePolicy: iotTrust, tags }, parent);
        new aws.iam.RolePolicy(
            `${name}-detect-alerts`,
            {
                role: alertRole.id,
                policy: pulumi
                    .all([pulumi.output(args.securityTopicArn), pulumi.output(args.kmsKeyArn)])
                    .apply(([t, k]) => toJson(auditNotificationPolicy(t, k))),
            },
            parent,
        );
        const profile = new awsNative.iot.SecurityProfile(
            `${name}-gateways`,
            {
                securityProfileName: remediationNames.securityProfile(fleet.name),
                securityProfileDescription: `Gateways of ${fleet.name} in ${region.name}: cloud-side behaviors (src/region/detect.ts)`,
                behaviors: behaviors.map((b) => ({ name: b.name, metric: b.metric, criteria: b.criteria, suppressAlerts: false })),
                alertTargets: { SNS: { alertTargetArn: args.securityTopicArn, roleArn: alertRole.arn } },
                targetArns: [pulumi.interpolate`arn:${partition}:iot:${region.name}:${account}:all/registered-things`],
                tags: nativeTagList(tags),
            },
            parent,
        );

        // The remediation Lambda: security topic -> Lambda -> StartDetectMitigationActionsTask.
        const dlq = new DeadLetters(
            `${name}-dead-letters`,
            {
                kmsKeyArn: args.kmsKeyArn,
                accountId: account,
                eventRulesArnPattern: pulumi.interpolate`arn:${partition}:events:${region.name}:${account}:rule/none`,
                tags,
            },
            parent,
        );
        const fn = new FleetFunction(
            `${name}-function`,
            {
                source: "device-remediation",
                functionName: remediationNames.lambda(fleet.name),
                description: "Starts Device Defender mitigation actions (quarantine, certificate deactivation) for a violation of the fleet's security profile",
                environment: { FLEET_NAME: fleet.name, FLEET_BEHAVIORS: JSON.stringify(behaviors.map((b) => ({ name: b.name, response: b.response }))) },
                statements: [
                    pulumi
                        .all([partition, account])
                        .apply(([p, a]) => ({ ...remediationLambdaStatements(p, region.name, a, fleet.name).Statement[0]! }) as Record<string, unknown>),
                ],
                kmsKeyArn: args.kmsKeyArn,
                deadLetterQueueArn: dlq.queueArn,
                reservedConcurrency: 5,
                tags,
            },
            { parent: this, dependsOn: [profile, quarantine, deactivate] },
        );
        new aws.lambda.Permission(
            `${name}-from-security-topic`,
            { action: "lambda:InvokeFunction", function: fn.functionName, principal: "sns.amazonaws.com", sourceArn: args.securityTopicArn },
            parent,
        );
        new aws.sns.TopicSubscription(`${name}-function`, { topic: args.securityTopicArn, protocol: "lambda", endpoint: fn.arn }, parent);

        securityHubFindings(this, name, args.securityTopicArn, account, tags);
        configRemediation(this, name, args, account);

        this.securityProfileName = pulumi.output(remediationNames.securityProfile(fleet.name));
        this.quarantineGroupName = pulumi.output(remediationNames.quarantineGroup(fleet.name));
        this.functionName = fn.functionName;
        this.registerOutputs(pick(this, ["securityProfileName", "quarantineGroupName", "functionName"]));
    }
}

/** Security Hub critical findings -> security topic (the topic policy lets this account's rules publish). */
function securityHubFindings(
    self: pulumi.Resource,
    name: string,
    securityTopicArn: pulumi.Input<string>,
    account: pulumi.Output<string>,
    tags: Record<string, string>,
): void {
    const parent = { parent: self };
    const args = { securityTopicArn };
    // Security Hub critical findings -> security topic (the topic policy lets this account's rules publish).
    new aws.sns.TopicPolicy(
        `${name}-security-topic`,
        {
            arn: args.securityTopicArn,
            policy: pulumi.jsonStringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "RulesOfThisAccountPublish",
                        Effect: "Allow",
                        Principal: { Service: "events.amazonaws.com" },
                        Action: "sns:Publish",
                        Resource: args.securityTopicArn,
                        Condition: { StringEquals: { "aws:SourceAccount": account } },
                    },
                    {
                        Sid: "DenyInsecureTransport",
                        Effect: "Deny",
                        Principal: "*",
                        Action: "sns:Publish",
                        Resource: args.securityTopicArn,
                        Condition: { Bool: { "aws:SecureTransport": "false" } },
                    },
                ],
            }),
        },
        parent,
    );
    const findings = new aws.cloudwatch.EventRule(
        `${name}-critical-findings`,
        {
            description: "Security Hub findings of CRITICAL severity, new or updated",
            eventPattern: JSON.stringify(criticalFindingsPattern()),
            tags,
        },
        parent,
    );
    new aws.cloudwatch.EventTarget(`${name}-critical-findings`, { rule: findings.name, arn: args.securityTopicArn }, parent);
}

/** AWS Config remediation: automatic, bounded retries, with an Automation role. */
function configRemediation(self: pulumi.Resource, name: string, args: RegionalRemediationArgs, account: pulumi.Output<string>): void {
    const parent = { parent: self };
    const { fleet, region, tags } = args;
    // AWS Config remediation: automatic, bounded retries, with an Automation role.
    const identifiers = new Set(configRulesFor(region.analytics).map((r) => r.identifier));
    const remediations = CONFIG_REMEDIATIONS.filter((r) => identifiers.has(r.rule));
    const { role: automationRole } = iamServiceRole(
        `${name}-config-automation`,
        "ssm.amazonaws.com",
        { account, tags, policy: pulumi.output(args.kmsKeyArn).apply((k) => toJson(automationRolePolicy(remediations, k))) },
        parent,
    );
    for (const r of remediations) {
        new aws.cfg.RemediationConfiguration(
            `${name}-${r.rule.toLowerCase().replace(/_/g, "-")}`,
            {
                configRuleName: configRuleName(fleet.name, r.rule),
                resourceType: r.resourceType,
                targetType: "SSM_DOCUMENT",
                targetId: r.document,
                parameters: pulumi.all([automationRole.arn, pulumi.output(args.kmsKeyArn)]).apply(([role, k]) => remediationParameters(r, role, k)),
                automatic: true,
                maximumAutomaticAttempts: MAX_AUTOMATIC_ATTEMPTS,
                retryAttemptSeconds: RETRY_ATTEMPT_SECONDS,
                executionControls: { ssmControls: { concurrentExecutionRatePercentage: 25, errorPercentage: 20 } },
            },
            { parent: self, dependsOn: args.configRules },
        );
    }
}
