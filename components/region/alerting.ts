import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SEVERITIES, alertSubscriptions, siteFilterPolicy } from "../../src/analytics/alerting";
import { regionNames } from "../../src/analytics/names";
import type { RegionModel, Severity, SiteModel } from "../../src/model/types";

export interface AlertingArgs {
    fleetName: string;
    region: Pick<RegionModel, "alerts">;
    sites: Pick<SiteModel, "name" | "alerts">[];
    /** The platform key. */
    kmsKeyArn: pulumi.Input<string>;
    accountId: pulumi.Input<string>;
    /** Tags for every taggable resource. */
    tags: Record<string, string>;
}

/**
 * Alert topics per severity (critical, warning, info), KMS-encrypted, publishable only by this
 * account's alarms and rules (and the workflow's role), TLS only; email subscriptions from
 * fleet.yaml and the site files, site subscribers filtered to their site.
 */
export class Alerting extends pulumi.ComponentResource {
    readonly topicArns: Record<Severity, pulumi.Output<string>>;

    constructor(name: string, args: AlertingArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fleet:region:Alerting", name, {}, opts);
        const arns: Partial<Record<Severity, pulumi.Output<string>>> = {};
        for (const severity of SEVERITIES) {
            const topic = new aws.sns.Topic(
                `${name}-${severity}`,
                { name: regionNames.alertTopic(args.fleetName, severity), displayName: `${args.fleetName} ${severity} alerts`, kmsMasterKeyId: args.kmsKeyArn, tags: args.tags },
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
                            { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "sns:Publish", Resource: topic.arn, Condition: { Bool: { "aws:SecureTransport": "false" } } },
                        ],
                    }),
                },
                { parent: this },
            );
            arns[severity] = topic.arn;
        }
        this.topicArns = arns as Record<Severity, pulumi.Output<string>>;
        for (const sub of alertSubscriptions(args.region, args.sites)) {
            new aws.sns.TopicSubscription(
                `${name}-${sub.key}`,
                {
                    topic: this.topicArns[sub.severity],
                    protocol: "email",
                    endpoint: sub.email,
                    filterPolicy: sub.site ? siteFilterPolicy(sub.site) : undefined,
                    filterPolicyScope: sub.site ? "MessageAttributes" : undefined,
                },
                // A renamed site (metadata.previousNames) keeps its subscriptions (no new email confirmation).
                { parent: this, aliases: previousSiteNames(args.sites, sub.site).map((p) => ({ name: `${name}-${p}${sub.key.slice(sub.site!.length)}` })) },
            );
        }
        this.registerOutputs({});
    }
}

function previousSiteNames(sites: { name: string }[], site: string | undefined): string[] {
    if (site === undefined) return [];
    return (sites.find((s) => s.name === site) as { previousNames?: string[] } | undefined)?.previousNames ?? [];
}
