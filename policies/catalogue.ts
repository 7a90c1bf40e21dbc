/**
 * The inventory of rules in the pack: name, severity, what each checks and what it mirrors.
 * The loader reads the names (a suppression must name a real rule); the pack binds the checks in
 * `policies/rules/` to these severities. A test pins this list.
 */
export type PolicySeverity = "mandatory" | "advisory";

export interface PolicyInfo {
    name: string;
    severity: PolicySeverity;
    /** What the rule checks, one sentence. */
    description: string;
    /** Checks reviewers already trust that this rule mirrors. */
    mirrors: string;
    /**
     * `model` rules judge the site files; `resource` rules judge planned or deployed resources;
     * `both` do both (conduits in the files, pass rules in the firewall).
     */
    scope: "model" | "resource" | "both";
}

const r = (name: string, severity: PolicySeverity, scope: PolicyInfo["scope"], description: string, mirrors: string): PolicyInfo => ({
    name,
    severity,
    scope,
    description,
    mirrors,
});

export const CATALOGUE: readonly PolicyInfo[] = [
    r(
        "iot-policy-no-wildcard-action",
        "mandatory",
        "resource",
        "No Allow statement with action `*` or `iot:*`.",
        "cfn-guard IOT_POLICY_WILDCARD_ACTION_RULE, cfn_nag W38",
    ),
    r(
        "iot-policy-no-wildcard-resource",
        "mandatory",
        "resource",
        "No Allow statement on resource `*`.",
        "cfn-guard IOT_POLICY_WILDCARD_RESOURCE_RULE, cfn_nag W39",
    ),
    r(
        "iot-policy-connect-scoped",
        "mandatory",
        "resource",
        "`iot:Connect` only on `client/${iot:Connection.Thing.ThingName}` or explicit client ids.",
        "Device Defender IOT_POLICY_OVERLY_PERMISSIVE_CHECK",
    ),
    r(
        "iot-policy-topics-scoped",
        "mandatory",
        "resource",
        "Publish/subscribe/receive only under the site and thing prefix; never `$aws/things/*` or a bare `#`.",
        "Device Defender IOT_POLICY_OVERLY_PERMISSIVE_CHECK",
    ),
    r(
        "iot-policy-no-mqtt-wildcards-in-deny",
        "advisory",
        "resource",
        "No `+` or `#` inside Deny resources, where they are literal characters.",
        "Device Defender IOT_POLICY_POTENTIAL_MISCONFIGURATION_CHECK",
    ),
    r(
        "iot-role-alias-least-privilege",
        "mandatory",
        "resource",
        "The role behind a role alias has no `*` actions, no IAM/Organizations actions, and credentials last at most 3,600 seconds.",
        "Device Defender IOT_ROLE_ALIAS_OVERLY_PERMISSIVE_CHECK",
    ),
    r(
        "iot-certificate-not-shared",
        "mandatory",
        "resource",
        "A certificate is attached to at most one thing.",
        "Device Defender DEVICE_CERTIFICATE_SHARED_CHECK",
    ),
    r("iot-private-key-secret", "mandatory", "resource", "A generated private key is only ever a secret output.", "Private keys in state (common IaC failure)"),
    r("iot-logging-enabled", "advisory", "resource", "Account IoT logging is on, not DISABLED.", "Device Defender LOGGING_DISABLED_CHECK"),
    r(
        "iot-claim-certificate-provision-only",
        "mandatory",
        "resource",
        "A fleet-claim certificate's policy allows only the fleet provisioning topics.",
        "AWS fleet provisioning guidance",
    ),
    r(
        "ot-conduit-explicit",
        "mandatory",
        "both",
        "Every pass rule names a source zone, a destination zone and explicit ports; no `any any`.",
        "ISA/IEC 62443 zones and conduits",
    ),
    r("ot-default-deny", "mandatory", "resource", "Stateful firewall policies use strict order and a drop default.", "ISA/IEC 62443 zones and conduits"),
    r("ot-no-control-to-cloud", "mandatory", "model", "No conduit from Purdue level 0-2 to `cloud` or to level 4-5.", "ISA/IEC 62443, Purdue model"),
    r(
        "ot-cleartext-protocol-contained",
        "mandatory",
        "model",
        "Modbus/TCP (502), EtherNet/IP (44818, 2222), S7 (102), DNP3 (20000) and MQTT (1883) never cross the industrial DMZ; northbound across it and to `cloud` only 8883 and 443.",
        "ISA/IEC 62443 zones and conduits",
    ),
    r(
        "nfw-rule-group-valid",
        "mandatory",
        "resource",
        "Rule group capacity covers its rules with 20% headroom; unique sids; only keywords Network Firewall accepts; at most 8,192 characters a rule.",
        "AWS Network Firewall quotas",
    ),
    r(
        "nfw-protections-on",
        "mandatory",
        "resource",
        "Delete, subnet-change and policy-change protection; flow and alert logging; at least two Availability Zones; customer KMS key on firewall, policy and rule groups.",
        "Security Hub NetworkFirewall.1-10",
    ),
    r(
        "s3-baseline",
        "mandatory",
        "resource",
        "Public access blocked, TLS-only bucket policy, SSE-KMS, versioning, and a lifecycle configuration on every bucket.",
        "Security Hub S3.1-S3.17",
    ),
    r(
        "kinesis-baseline",
        "mandatory",
        "resource",
        "KMS encryption; retention of at least 168 hours so consumers can replay a week.",
        "Security Hub Kinesis.1, Kinesis.3",
    ),
    r("dynamodb-baseline", "mandatory", "resource", "Point-in-time recovery, KMS, deletion protection.", "Security Hub DynamoDB.2, DynamoDB.6"),
    r(
        "rds-baseline",
        "mandatory",
        "resource",
        "Not public, encrypted, deletion protection, backups of at least 7 days, IAM auth, TLS forced.",
        "Security Hub RDS.2-RDS.27",
    ),
    r(
        "lambda-baseline",
        "mandatory",
        "resource",
        "Supported runtime, no public invoke permission, a dead-letter or on-failure destination for async and stream consumers.",
        "Security Hub Lambda.1, Lambda.2",
    ),
    r("sfn-logging", "mandatory", "resource", "Step Functions logging at ALL or ERROR with a destination.", "Security Hub StepFunctions.1"),
    r("sns-encrypted", "mandatory", "resource", "SNS topics KMS-encrypted; no public topic policy.", "Security Hub SNS.1"),
    r(
        "eks-baseline",
        "mandatory",
        "resource",
        "Private endpoint or restricted CIDRs, secrets encryption, api/audit/authenticator control-plane logs.",
        "Security Hub EKS.1-EKS.8",
    ),
    r("eventbridge-bus-not-open", "mandatory", "resource", "A bus policy has no `*` principal without a condition.", "Security Hub EventBridge.2"),
    r("data-store-protected", "mandatory", "resource", "Every stateful store is protected against deletion by the stack.", "Nothing lost on change"),
    r(
        "required-tags",
        "advisory",
        "resource",
        "`fleet:name`, `fleet:region`, `fleet:site` (site resources) and a cost tag on every taggable resource.",
        "AWS tagging best practice",
    ),
    r("no-retired-services", "mandatory", "resource", "No resource of a retired AWS service.", "AWS service end-of-life notices"),
];

export const POLICY_NAMES: readonly string[] = CATALOGUE.map((p) => p.name);

export function policyInfo(name: string): PolicyInfo | undefined {
    return CATALOGUE.find((p) => p.name === name);
}
