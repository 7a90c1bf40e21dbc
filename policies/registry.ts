/**
 * Every rule of the pack, in catalogue order: the module tests, `fleet check` and the
 * CrossGuard pack (policies/index.ts) all read. No severities here: they are bound where a
 * pack is assembled, from policies/catalogue.ts.
 */
import type { Rule } from "./lib/types";
import { rule as r0 } from "./rules/iot-policy-no-wildcard-action";
import { rule as r1 } from "./rules/iot-policy-no-wildcard-resource";
import { rule as r2 } from "./rules/iot-policy-connect-scoped";
import { rule as r3 } from "./rules/iot-policy-topics-scoped";
import { rule as r4 } from "./rules/iot-policy-no-mqtt-wildcards-in-deny";
import { rule as r5 } from "./rules/iot-role-alias-least-privilege";
import { rule as r6 } from "./rules/iot-certificate-not-shared";
import { rule as r7 } from "./rules/iot-private-key-secret";
import { rule as r8 } from "./rules/iot-logging-enabled";
import { rule as r9 } from "./rules/iot-claim-certificate-provision-only";
import { rule as r10 } from "./rules/ot-conduit-explicit";
import { rule as r11 } from "./rules/ot-default-deny";
import { rule as r12 } from "./rules/ot-no-control-to-cloud";
import { rule as r13 } from "./rules/ot-cleartext-protocol-contained";
import { rule as r14 } from "./rules/nfw-rule-group-valid";
import { rule as r15 } from "./rules/nfw-protections-on";
import { rule as r16 } from "./rules/s3-baseline";
import { rule as r17 } from "./rules/kinesis-baseline";
import { rule as r18 } from "./rules/dynamodb-baseline";
import { rule as r19 } from "./rules/rds-baseline";
import { rule as r20 } from "./rules/lambda-baseline";
import { rule as r21 } from "./rules/sfn-logging";
import { rule as r22 } from "./rules/sns-encrypted";
import { rule as r23 } from "./rules/eks-baseline";
import { rule as r24 } from "./rules/eventbridge-bus-not-open";
import { rule as r25 } from "./rules/data-store-protected";
import { rule as r26 } from "./rules/required-tags";
import { rule as r27 } from "./rules/no-retired-services";

export const RULES: readonly Rule[] = [
    r0,
    r1,
    r2,
    r3,
    r4,
    r5,
    r6,
    r7,
    r8,
    r9,
    r10,
    r11,
    r12,
    r13,
    r14,
    r15,
    r16,
    r17,
    r18,
    r19,
    r20,
    r21,
    r22,
    r23,
    r24,
    r25,
    r26,
    r27,
];

export type { Finding, ResourceFinding, Rule, RuleResource, StackView } from "./lib/types";
