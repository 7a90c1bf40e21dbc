import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { pick } from "../../src/util/pick";
import type { TaggedArgs } from "./refs";

export interface DeadLettersArgs extends TaggedArgs {
    /** The platform key. */
    kmsKeyArn: pulumi.Input<string>;
    /** ARN pattern of the EventBridge rules allowed to send failed deliveries here. */
    eventRulesArnPattern: pulumi.Input<string>;
    accountId: pulumi.Input<string>;
}

/**
 * The region's dead-letter queue: failed stream batches (on-failure destinations), failed
 * asynchronous invocations and undeliverable workflow starts land here, kept 14 days, watched by
 * an alarm.
 */
export class DeadLetters extends pulumi.ComponentResource {
    readonly queueArn: pulumi.Output<string>;
    readonly queueName: pulumi.Output<string>;

    constructor(name: string, args: DeadLettersArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fleet:region:DeadLetters", name, {}, opts);
        const queue = new aws.sqs.Queue(
            name,
            { messageRetentionSeconds: 14 * 24 * 3600, kmsMasterKeyId: args.kmsKeyArn, kmsDataKeyReusePeriodSeconds: 300, tags: args.tags },
            { parent: this },
        );
        new aws.sqs.QueuePolicy(
            `${name}-policy`,
            {
                queueUrl: queue.url,
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "DenyInsecureTransport",
                            Effect: "Deny",
                            Principal: "*",
                            Action: "sqs:*",
                            Resource: queue.arn,
                            Condition: { Bool: { "aws:SecureTransport": "false" } },
                        },
                        {
                            Sid: "EventRuleDeadLetters",
                            Effect: "Allow",
                            Principal: { Service: "events.amazonaws.com" },
                            Action: "sqs:SendMessage",
                            Resource: queue.arn,
                            Condition: { ArnLike: { "aws:SourceArn": args.eventRulesArnPattern }, StringEquals: { "aws:SourceAccount": args.accountId } },
                        },
                    ],
                }),
            },
            { parent: this },
        );
        this.queueArn = queue.arn;
        this.queueName = queue.name;
        this.registerOutputs(pick(this, ["queueArn", "queueName"]));
    }
}
