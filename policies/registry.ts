/**
 * Every rule of the pack, in catalogue order. Each rule file states its own metadata
 * (policies/lib/define.ts); policies/catalogue.ts, the CrossGuard pack (policies/pack.ts),
 * `fleet check` and docs/policies.md all read this list. A new rule: a file in policies/rules/
 * named after the rule, and one line here.
 */
import type { Rule } from "./lib/types";
import { rule as iotPolicyNoWildcardAction } from "./rules/iot-policy-no-wildcard-action";
import { rule as iotPolicyNoWildcardResource } from "./rules/iot-policy-no-wildcard-resource";
import { rule as iotPolicyConnectScoped } from "./rules/iot-policy-connect-scoped";
import { rule as iotPolicyTopicsScoped } from "./rules/iot-policy-topics-scoped";
import { rule as iotPolicyNoMqttWildcardsInDeny } from "./rules/iot-policy-no-mqtt-wildcards-in-deny";
import { rule as iotRoleAliasLeastPrivilege } from "./rules/iot-role-alias-least-privilege";
import { rule as iotCertificateNotShared } from "./rules/iot-certificate-not-shared";
import { rule as iotPrivateKeySecret } from "./rules/iot-private-key-secret";
import { rule as iotLoggingEnabled } from "./rules/iot-logging-enabled";
import { rule as iotClaimCertificateProvisionOnly } from "./rules/iot-claim-certificate-provision-only";
import { rule as otConduitExplicit } from "./rules/ot-conduit-explicit";
import { rule as otDefaultDeny } from "./rules/ot-default-deny";
import { rule as otNoControlToCloud } from "./rules/ot-no-control-to-cloud";
import { rule as otCleartextProtocolContained } from "./rules/ot-cleartext-protocol-contained";
import { rule as otPurdueAdjacentLevels } from "./rules/ot-purdue-adjacent-levels";
import { rule as otRemoteAccessViaJumpHost } from "./rules/ot-remote-access-via-jump-host";
import { rule as otSegmentPrivate } from "./rules/ot-segment-private";
import { rule as otSensorFlowHasConduit } from "./rules/ot-sensor-flow-has-conduit";
import { rule as nfwRuleGroupValid } from "./rules/nfw-rule-group-valid";
import { rule as nfwProtectionsOn } from "./rules/nfw-protections-on";
import { rule as s3Baseline } from "./rules/s3-baseline";
import { rule as kinesisBaseline } from "./rules/kinesis-baseline";
import { rule as dynamodbBaseline } from "./rules/dynamodb-baseline";
import { rule as rdsBaseline } from "./rules/rds-baseline";
import { rule as lambdaBaseline } from "./rules/lambda-baseline";
import { rule as sfnLogging } from "./rules/sfn-logging";
import { rule as snsEncrypted } from "./rules/sns-encrypted";
import { rule as eksBaseline } from "./rules/eks-baseline";
import { rule as eventbridgeBusNotOpen } from "./rules/eventbridge-bus-not-open";
import { rule as dataStoreProtected } from "./rules/data-store-protected";
import { rule as requiredTags } from "./rules/required-tags";
import { rule as noRetiredServices } from "./rules/no-retired-services";
import { rule as iamPolicyNoAdminWildcard } from "./rules/iam-policy-no-admin-wildcard";
import { rule as sgNoWorldOpenPorts } from "./rules/sg-no-world-open-ports";
import { rule as kmsBaseline } from "./rules/kms-baseline";
import { rule as dbNotPublic } from "./rules/db-not-public";
import { rule as ec2Baseline } from "./rules/ec2-baseline";
import { rule as elbBaseline } from "./rules/elb-baseline";
import { rule as configRuleRemediated } from "./rules/config-rule-remediated";

export const RULES: readonly Rule[] = [
    iotPolicyNoWildcardAction,
    iotPolicyNoWildcardResource,
    iotPolicyConnectScoped,
    iotPolicyTopicsScoped,
    iotPolicyNoMqttWildcardsInDeny,
    iotRoleAliasLeastPrivilege,
    iotCertificateNotShared,
    iotPrivateKeySecret,
    iotLoggingEnabled,
    iotClaimCertificateProvisionOnly,
    otConduitExplicit,
    otDefaultDeny,
    otNoControlToCloud,
    otCleartextProtocolContained,
    otPurdueAdjacentLevels,
    otRemoteAccessViaJumpHost,
    otSegmentPrivate,
    otSensorFlowHasConduit,
    nfwRuleGroupValid,
    nfwProtectionsOn,
    s3Baseline,
    kinesisBaseline,
    dynamodbBaseline,
    rdsBaseline,
    lambdaBaseline,
    sfnLogging,
    snsEncrypted,
    eksBaseline,
    eventbridgeBusNotOpen,
    dataStoreProtected,
    requiredTags,
    noRetiredServices,
    iamPolicyNoAdminWildcard,
    sgNoWorldOpenPorts,
    kmsBaseline,
    dbNotPublic,
    ec2Baseline,
    elbBaseline,
    configRuleRemediated,
];

export type { Finding, ResourceFinding, Rule, RuleResource, StackView } from "./lib/types";
