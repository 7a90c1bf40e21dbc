/**
 * Automatic remediation of a region: names, IoT and IAM documents of the quarantine, the
 * mitigation actions and the remediation Lambda, and what the Lambda does with a Device
 * Defender violation. Pure: the component (components/region/remediation.ts) and the handler
 * (functions/device-remediation) both use it.
 */
import { doc, type PolicyDocument } from "../iam";
import type { DetectBehavior } from "./detect";

export const remediationNames = {
    securityProfile: (fleet: string) => `${fleet}-gateways`,
    quarantineGroup: (fleet: string) => `${fleet}-quarantine`,
    quarantinePolicy: (fleet: string) => `${fleet}-quarantine`,
    /** Mitigation action names: `[a-zA-Z0-9_-]`, at most 128 (IoT UpdateMitigationAction API reference). */
    quarantineAction: (fleet: string) => `${fleet}-quarantine`,
    deactivateAction: (fleet: string) => `${fleet}-deactivate-certificate`,
    lambda: (fleet: string) => `${fleet}-device-remediation`,
} as const;

/** The topics a gateway uses to re-enrol: a new certificate from a CSR and RegisterThing of the site's template. */
const REENROL_TOPICS = ["$aws/certificates/create-from-csr/*", "$aws/provisioning-templates/*/provision/*"];

/**
 * The policy of the quarantine thing group. IoT authorizes a request when any policy of the
 * certificate, its thing or the thing's groups allows it and none denies it (AWS IoT developer
 * guide, "AWS IoT Core policies"): an Allow-only quarantine policy would add nothing to the
 * gateway's own policy. So it is Deny-only: everything a gateway can do except the re-enrolment
 * topics is denied, and the existing connect permission stays (a quarantined gateway can still
 * connect, re-enrol and be seen). Policy wildcards are `*` (MQTT `+`/`#` are literal in policies).
 */
export function quarantineIotPolicy(partition: string, region: string, account: string): PolicyDocument {
    const arn = (kind: string, name: string) => `arn:${partition}:iot:${region}:${account}:${kind}/${name}`;
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "OnlyReenrolmentPublish",
                Effect: "Deny",
                Action: ["iot:Publish", "iot:Receive", "iot:RetainPublish"],
                NotResource: REENROL_TOPICS.map((t) => arn("topic", t)),
            },
            { Sid: "OnlyReenrolmentSubscribe", Effect: "Deny", Action: ["iot:Subscribe"], NotResource: REENROL_TOPICS.map((t) => arn("topicfilter", t)) },
            {
                Sid: "NoShadowsJobsOrCredentials",
                Effect: "Deny",
                Action: [
                    "iot:GetThingShadow",
                    "iot:UpdateThingShadow",
                    "iot:DeleteThingShadow",
                    // Jobs over HTTPS are the IoT Jobs data plane (prefix iotjobsdata, Service Authorization
                    // Reference "Actions defined by AWS IoT Jobs DataPlane"; AWS IoT developer guide "Authorizing
                    // devices to use AWS IoT Jobs securely on the data plane"); over MQTT they are the jobs
                    // topics, which the Publish/Subscribe denials above already cover.
                    "iotjobsdata:DescribeJobExecution",
                    "iotjobsdata:GetPendingJobExecutions",
                    "iotjobsdata:StartNextPendingJobExecution",
                    "iotjobsdata:UpdateJobExecution",
                    "iot:AssumeRoleWithCertificate",
                ],
                Resource: [`arn:${partition}:iot:${region}:${account}:*`],
            },
        ],
    } as unknown as PolicyDocument;
}

/** The mitigation actions' role: exactly what ADD_THINGS_TO_THING_GROUP and UPDATE_DEVICE_CERTIFICATE call (AWS managed policies AWSIoTDeviceDefenderAddThingsToThingGroupMitigationAction and AWSIoTDeviceDefenderUpdateDeviceCertMitigationAction), scoped to the fleet. */
export function mitigationRolePolicy(partition: string, region: string, account: string, fleet: string): PolicyDocument {
    const iot = `arn:${partition}:iot:${region}:${account}`;
    return doc(
        { Sid: "FindTheThing", Effect: "Allow", Action: ["iot:ListPrincipalThings"], Resource: [`${iot}:cert/*`] },
        {
            Sid: "Quarantine",
            Effect: "Allow",
            Action: ["iot:AddThingToThingGroup"],
            Resource: [`${iot}:thinggroup/${remediationNames.quarantineGroup(fleet)}`, `${iot}:thing/${fleet}-*`],
        },
        { Sid: "DeactivateCertificate", Effect: "Allow", Action: ["iot:UpdateCertificate"], Resource: [`${iot}:cert/*`] },
    );
}

/** The remediation Lambda's own permission: start a mitigation task on a violation of the fleet's security profile, nothing else. */
export function remediationLambdaStatements(partition: string, region: string, account: string, fleet: string): PolicyDocument {
    return doc({
        Sid: "StartMitigation",
        Effect: "Allow",
        Action: ["iot:StartDetectMitigationActionsTask"],
        Resource: [`arn:${partition}:iot:${region}:${account}:securityprofile/${remediationNames.securityProfile(fleet)}`],
    });
}

/** A Device Defender Detect violation as the SNS alert carries it (IoT API reference, ViolationEvent). */
export interface Violation {
    violationId: string;
    thingName: string;
    securityProfileName: string;
    behaviorName: string;
    violationEventType: string;
}

export type RemediationPlan =
    { kind: "mitigate"; taskId: string; violationId: string; thingName: string; actions: string[] } | { kind: "skip"; reason: string };

const VIOLATION_ID = /^[a-zA-Z0-9-]{1,128}$/;

/** Reads a violation from an SNS message body; `undefined` when it is not a Detect violation (e.g. an audit finding on the same topic). */
export function parseViolation(message: string): Violation | undefined {
    let m: unknown;
    try {
        m = JSON.parse(message);
    } catch {
        return undefined;
    }
    if (m === null || typeof m !== "object") return undefined;
    const o = m as Record<string, unknown>;
    const behavior = o.behavior as Record<string, unknown> | undefined;
    const fields = [o.violationId, o.thingName, o.securityProfileName, behavior?.name, o.violationEventType];
    if (!fields.every((f) => typeof f === "string" && f !== "")) return undefined;
    return {
        violationId: o.violationId as string,
        thingName: o.thingName as string,
        securityProfileName: o.securityProfileName as string,
        behaviorName: behavior!.name as string,
        violationEventType: o.violationEventType as string,
    };
}

/**
 * What to do with a violation: quarantine (and deactivate the certificate for the severest
 * behaviors) when it is a new alarm of this fleet's profile on a behavior it knows; skip
 * otherwise, saying why. The task ID is the violation ID, so a redelivered alert starts no
 * second task (StartDetectMitigationActionsTask rejects a used task ID).
 */
export function planRemediation(v: Violation, fleet: string, behaviors: Pick<DetectBehavior, "name" | "response">[]): RemediationPlan {
    if (v.securityProfileName !== remediationNames.securityProfile(fleet))
        return { kind: "skip", reason: `security profile ${v.securityProfileName} is not this fleet's (${remediationNames.securityProfile(fleet)})` };
    if (v.violationEventType !== "in-alarm") return { kind: "skip", reason: `event ${v.violationEventType} needs no action` };
    if (!VIOLATION_ID.test(v.violationId)) return { kind: "skip", reason: `violation ID ${JSON.stringify(v.violationId)} is not a valid task ID` };
    const behavior = behaviors.find((b) => b.name === v.behaviorName);
    if (!behavior) return { kind: "skip", reason: `behavior ${v.behaviorName} is not one the fleet remediates` };
    const actions = [remediationNames.quarantineAction(fleet)];
    if (behavior.response === "quarantine-and-deactivate") actions.push(remediationNames.deactivateAction(fleet));
    return { kind: "mitigate", taskId: v.violationId, violationId: v.violationId, thingName: v.thingName, actions };
}

/** EventBridge pattern of Security Hub critical findings (source aws.securityhub, "Security Hub Findings - Imported"). */
export function criticalFindingsPattern() {
    return {
        source: ["aws.securityhub"],
        "detail-type": ["Security Hub Findings - Imported"],
        detail: { findings: { Severity: { Label: ["CRITICAL"] }, Workflow: { Status: ["NEW"] }, RecordState: ["ACTIVE"] } },
    };
}
