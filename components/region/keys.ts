import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { keyPolicy } from "../../src/analytics/kms";
import { callerScope } from "./trust";
import { pick } from "../../src/util/pick";
import type { PlatformArgs } from "./refs";

/** The platform's args bar the key this component makes; the alias is `alias/<fleetName>-platform`. */
export type PlatformKeyArgs = Omit<PlatformArgs, "kmsKeyArn">;

/**
 * The region's customer KMS key (rotation on) that encrypts every store, stream, topic, queue,
 * log group and secret of the region. Protected: deleting it would make all data unreadable.
 */
export class PlatformKey extends pulumi.ComponentResource {
    readonly keyArn: pulumi.Output<string>;
    readonly keyId: pulumi.Output<string>;
    /** The AWS account and partition the stack deploys to (for ARNs in policies). */
    readonly accountId: pulumi.Output<string>;
    readonly partition: pulumi.Output<string>;
    readonly region: pulumi.Output<string>;

    constructor(name: string, args: PlatformKeyArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fleet:region:PlatformKey", name, {}, opts);
        const { identity, partition } = callerScope(this);
        const region = aws.getRegionOutput({}, { parent: this });
        this.accountId = identity.accountId;
        this.partition = partition.partition;
        this.region = region.region;
        const key = new aws.kms.Key(
            `${name}-key`,
            {
                description: `${args.fleetName} platform key: data lake, streams, tables, databases, topics, queues, logs, secrets`,
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                policy: pulumi
                    .all([this.partition, this.accountId, this.region])
                    .apply(([p, a, r]) => JSON.stringify(keyPolicy({ partition: p, accountId: a, region: r }))),
                tags: args.tags,
            },
            { parent: this, protect: true },
        );
        new aws.kms.Alias(`${name}-alias`, { name: `alias/${args.fleetName}-platform`, targetKeyId: key.keyId }, { parent: this });
        this.keyArn = key.arn;
        this.keyId = key.keyId;
        this.registerOutputs(pick(this, ["keyArn", "keyId", "accountId", "partition", "region"]));
    }
}
