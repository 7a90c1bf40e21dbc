/**
 * The regional Network Firewall in the inspection VPC (components/region/network.ts): one
 * stateful rule group per group of the rule plan (src/network/rule-groups.ts), the policy that
 * orders them, the firewall and its logging.
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { FirewallRulePlan } from "../../src/network";
import { names } from "../../src/naming";

/** What the firewall takes of the regional network's args. */
export interface FirewallArgs {
    fleetName: string;
    region: string;
    /** Customer KMS key of the rule groups, the policy and the firewall. */
    kmsKeyArn: pulumi.Input<string>;
    tags: Record<string, string>;
}

/** The firewall in the inspection VPC: strict order, drop by default, every protection on, customer KMS key; its rule groups and logging. */
export function regionalFirewall(
    parent: pulumi.Resource,
    args: FirewallArgs,
    rulePlan: FirewallRulePlan,
    vpc: aws.ec2.Vpc,
    firewallSubnets: aws.ec2.Subnet[],
    firewallFlowLogs: aws.cloudwatch.LogGroup,
    firewallAlertLogs: aws.cloudwatch.LogGroup,
): { firewall: aws.networkfirewall.Firewall; policy: aws.networkfirewall.FirewallPolicy } {
    const fleet = args.fleetName;
    const region = args.region;
    const tags = args.tags;
    const opts = { parent };
    // Firewall: strict order, drop by default, every protection on, customer KMS key.
    const encryption = { type: "CUSTOMER_KMS", keyId: args.kmsKeyArn };
    const groups = rulePlan.groups.map((g) => ({
        plan: g,
        resource: new aws.networkfirewall.RuleGroup(
            g.logicalName,
            {
                name: g.name,
                type: "STATEFUL",
                capacity: g.capacity,
                description:
                    g.key === "egress"
                        ? `${fleet} ${region}: TLS egress only to the region's AWS endpoints`
                        : `${fleet} conduits to cloud of ${g.sites.join(", ")}`.slice(0, 512),
                ruleGroup: { rulesSource: { rulesString: g.rulesString }, statefulRuleOptions: { ruleOrder: "STRICT_ORDER" } },
                encryptionConfiguration: encryption,
                tags,
            },
            opts,
        ),
    }));
    const policy = new aws.networkfirewall.FirewallPolicy(
        "firewall-policy",
        {
            name: names.firewallPolicy(fleet),
            description: `${fleet} ${region}: zones and conduits of every site; strict order, default drop`,
            firewallPolicy: {
                statelessDefaultActions: ["aws:forward_to_sfe"],
                statelessFragmentDefaultActions: ["aws:forward_to_sfe"],
                statefulEngineOptions: { ruleOrder: "STRICT_ORDER", streamExceptionPolicy: "DROP" },
                statefulDefaultActions: ["aws:drop_established", "aws:alert_established"],
                statefulRuleGroupReferences: groups.map((g) => ({ resourceArn: g.resource.arn, priority: g.plan.priority })),
            },
            encryptionConfiguration: encryption,
            tags,
        },
        opts,
    );
    const firewall = new aws.networkfirewall.Firewall(
        "firewall",
        {
            name: names.firewall(fleet),
            description: `${fleet} ${region}: inspection of all site traffic`,
            vpcId: vpc.id,
            firewallPolicyArn: policy.arn,
            subnetMappings: firewallSubnets.map((s) => ({ subnetId: s.id })),
            deleteProtection: true,
            subnetChangeProtection: true,
            firewallPolicyChangeProtection: true,
            encryptionConfiguration: encryption,
            tags,
        },
        opts,
    );
    new aws.networkfirewall.LoggingConfiguration(
        "firewall-logging",
        {
            firewallArn: firewall.arn,
            loggingConfiguration: {
                logDestinationConfigs: [
                    { logType: "FLOW", logDestinationType: "CloudWatchLogs", logDestination: { logGroup: firewallFlowLogs.name } },
                    { logType: "ALERT", logDestinationType: "CloudWatchLogs", logDestination: { logGroup: firewallAlertLogs.name } },
                ],
            },
        },
        opts,
    );
    return { firewall, policy };
}
