import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SEVERITIES, regionSubscriptions } from "../../src/analytics/alerting";
import { regionNames } from "../../src/naming/region";
import type { RegionModel, Severity } from "../../src/model/types";
import type { PlatformArgs } from "./refs";
import { pick } from "../../src/util/pick";

export interface AlertingArgs extends PlatformArgs {
    /** The region: its contacts (fleet.yaml `alerts.email`) subscribe to every severity. */
    region: Pick<RegionModel, "alerts">;
    accountId: pulumi.Input<string>;
}

/**
 * Alert topics per severity (critical, warning, info), KMS-encrypted, publishable only by this
 * account's alarms and rules (and the workflow's role), TLS only; the region's contacts
 * (fleet.yaml) subscribed to every severity. Site subscribers are the site's own resources
 * (components/site/alerts.ts), on these topics through RegionRefs: the region does not grow with
 * its sites.
 */
export class Alerting extends pulumi.ComponentResource {
    readonly topicArns: Record<Severity, pulumi.Output<string>>;

    constructor(name: string, args: AlertingArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fleet:region:Alerting", name, {}, opts);
        const arns: Partial<Record<Severity, pulumi.Output<string>>> = {};
        for (const severity of SEVERITIES) {
            const topic = new aws.sns.Topic(
                `${name}-${severity}`,
                {
                    name: regionNames.alertTopic(args.fleetName, severity),
                    displayName: `${args.fleetName} ${severity} alerts`,
                    kmsMasterKeyId: args.kmsKeyArn,
                    tags: args.tags,
                },
                { parent: this },
            );
            new aws.sns.TopicPolicy(
                `${name}-${severity}`,
                {
                    arn: topic.arn,
                    policy: pulumi.jsonStringify({
                        Version: "2012-10-17",
                        Statement: [
                            {
                                Sid: "AlarmsAndRulesOfThisAccountPublish",
                                Effect: "Allow",
                                Principal: { Service: ["cloudwatch.amazonaws.com", "events.amazonaws.com"] },
                                Action: "sns:Publish",
                                Resource: topic.arn,
                                Condition: { StringEquals: { "aws:SourceAccount": args.accountId } },
                            },
                            {
                                Sid: "DenyInsecureTransport",
                                Effect: "Deny",
                                Principal: "*",
                                Action: "sns:Publish",
                                Resource: topic.arn,
                                Condition: { Bool: { "aws:SecureTransport": "false" } },
                            },
                        ],
                    }),
                },
                { parent: this },
            );
            arns[severity] = topic.arn;
        }
        this.topicArns = arns as Record<Severity, pulumi.Output<string>>;
        for (const sub of regionSubscriptions(args.region)) {
            new aws.sns.TopicSubscription(
                `${name}-${sub.key}`,
                { topic: this.topicArns[sub.severity], protocol: "email", endpoint: sub.email },
                { parent: this },
            );
        }
        this.registerOutputs(pick(this, ["topicArns"]));
    }
}
