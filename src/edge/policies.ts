/**
 * The IoT and IAM policy documents of a site's edge. Pure: names and ARNs in, documents out.
 *
 * Topic namespace (see docs/edge.md): every gateway owns `fleet/<site>/<thing>/...`:
 * it publishes `telemetry`, `alarm` and `status` there and subscribes only below its own prefix.
 * One IoT policy serves every gateway of a site because the thing name comes from the policy
 * variable `${iot:Connection.Thing.ThingName}`, resolved by AWS IoT from the certificate the
 * gateway connects with; a gateway therefore cannot connect as, or publish for, another gateway.
 */
import { modelKeys } from "../models/publish";
import { names, TOPIC_ROOT } from "../naming";

/** Where the documents live: partition, region and account of the stack. */
export interface AwsEnv {
    partition: string;
    region: string;
    account: string;
}

export interface PolicyStatement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Action: string | string[];
    Resource: string | string[];
    Condition?: Record<string, Record<string, string | string[]>>;
}

/**
 * Decrypt and GenerateDataKey with a KMS key only when one of `services` (`s3`, `kinesis`,
 * `dynamodb`, in the region) calls KMS on the principal's behalf (`kms:ViaService`).
 */
export function useKeyVia(sid: string, kmsKeyArn: string, region: string, services: string[]): PolicyStatement {
    return {
        Sid: sid,
        Effect: "Allow",
        Action: ["kms:Decrypt", "kms:GenerateDataKey"],
        Resource: kmsKeyArn,
        Condition: { StringEquals: { "kms:ViaService": services.map((s) => `${s}.${region}.amazonaws.com`) } },
    };
}

/** A role trust policy: statements name a principal instead of a resource. */
export interface TrustDocument {
    Version: "2012-10-17";
    Statement: { Effect: "Allow"; Principal: Record<string, string>; Action: string; Condition?: PolicyStatement["Condition"] }[];
}

export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: PolicyStatement[];
}

/** The thing-name policy variable, resolved by AWS IoT at connection time. */
export const THING_NAME_VAR = "${iot:Connection.Thing.ThingName}";

/**
 * IAM's limit on a role's inline policies, together: 10,240 characters, white space excluded
 * (IAM and AWS STS quotas). The token-exchange role has one inline policy.
 */
export const IAM_ROLE_INLINE_POLICY_MAX_CHARS = 10_240;

/** Bounded lifetime of token-exchange credentials (seconds); AWS allows 900 to 43,200. */
export const TES_CREDENTIAL_SECONDS = 3600;

/**
 * Greengrass V2 data-plane actions of a core device, as AWS's minimal core-device policy lists
 * them (Greengrass V2 developer guide, device-auth): HTTPS calls the nucleus makes for every
 * deployment, granted on "*" as the guide does (docs/edge.md says why).
 */
export const GREENGRASS_COMPONENT_ACTIONS = ["greengrass:GetComponentVersionArtifact", "greengrass:ResolveComponentCandidates"];
export const GREENGRASS_CORE_DEVICE_ACTIONS = ["greengrass:GetDeploymentConfiguration", "greengrass:ListThingGroupsForCoreDevice"];

/** AWS IoT's limit on a policy document: 2,048 characters, white space excluded. */
export const IOT_POLICY_MAX_CHARS = 2048;

/** Characters of a policy document as AWS IoT counts them (no white space). */
export function iotPolicyChars(doc: PolicyDocument): number {
    return JSON.stringify(doc).replace(/\s/g, "").length;
}

function iotArn(env: AwsEnv, resource: string): string {
    return `arn:${env.partition}:iot:${env.region}:${env.account}:${resource}`;
}

/** `fleet/<site>/${iot:Connection.Thing.ThingName}`: a gateway's own topic prefix. */
export function gatewayTopicPrefix(site: string): string {
    return names.topicPrefix(site, THING_NAME_VAR);
}

/**
 * The one IoT policy of a site, attached to every gateway certificate (by the provisioning
 * template in `fleet-claim` mode, by the stack otherwise). Kept under IOT_POLICY_MAX_CHARS.
 */
export function gatewayPolicyDocument(env: AwsEnv, fleet: string, site: string): PolicyDocument {
    const own = gatewayTopicPrefix(site);
    const gg = `$aws/things/${THING_NAME_VAR}`;
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ConnectAsOwnThing",
                Effect: "Allow",
                Action: "iot:Connect",
                Resource: iotArn(env, `client/${THING_NAME_VAR}`),
                Condition: { Bool: { "iot:Connection.Thing.IsAttached": "true" } },
            },
            {
                // its own prefix (telemetry, alarm, status, and anomaly: edge inference's events,
                // which the anomaly rule forwards to the fleet bus), and its own thing's reserved
                // topics: Greengrass jobs (deployments), shadow and health telemetry
                Sid: "OwnTopics",
                Effect: "Allow",
                Action: ["iot:Publish", "iot:Receive"],
                Resource: [iotArn(env, `topic/${own}/*`), iotArn(env, `topic/${gg}/*`)],
            },
            {
                Sid: "OwnTopicFilters",
                Effect: "Allow",
                Action: "iot:Subscribe",
                Resource: [iotArn(env, `topicfilter/${own}/*`), iotArn(env, `topicfilter/${gg}/*`)],
            },
            {
                Sid: "SiteRoleAlias",
                Effect: "Allow",
                Action: "iot:AssumeRoleWithCertificate",
                Resource: iotArn(env, `rolealias/${names.roleAlias(fleet, site)}`),
            },
            {
                // The Greengrass device guide (device-auth, "Minimal AWS IoT policy for AWS IoT
                // Greengrass V2 core devices") grants these core-device actions on "*"; scoped to
                // component or core-device ARNs, AWS IoT may answer 403 and every deployment fails.
                // What a gateway may install is decided by the deployments of the site's group.
                Sid: "GreengrassCoreDevice",
                Effect: "Allow",
                Action: [...GREENGRASS_COMPONENT_ACTIONS, ...GREENGRASS_CORE_DEVICE_ACTIONS],
                Resource: "*",
            },
        ],
    };
}

/**
 * MQTT client id a gateway uses while it provisions with the site's claim certificate:
 * `<fleet>-<site>_claim_<gateway>`. Names are `[a-z0-9-]`, so no thing name ever equals a claim
 * client id, and a claim holder can never take over (disconnect) a live gateway's session.
 */
export function claimClientId(fleet: string, site: string, gateway: string): string {
    return `${fleet}-${site}_claim_${gateway}`;
}

/** MQTT topics of fleet provisioning by claim with a device-made CSR (the key never travels). */
export function provisioningTopics(template: string): { publish: string[]; receive: string[] } {
    const csr = "$aws/certificates/create-from-csr/json";
    const provision = `$aws/provisioning-templates/${template}/provision/json`;
    return {
        publish: [csr, provision],
        receive: [`${csr}/accepted`, `${csr}/rejected`, `${provision}/accepted`, `${provision}/rejected`],
    };
}

/**
 * The policy of the site's claim certificate: connect with a client id of the site's thing-name
 * form, exchange a CSR for a certificate and call the site's template. Nothing else: a leaked
 * claim key can only ask the pre-provisioning hook, which admits listed serials only.
 */
export function claimPolicyDocument(env: AwsEnv, fleet: string, site: string): PolicyDocument {
    const topics = provisioningTopics(names.provisioningTemplate(fleet, site));
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ConnectWithSiteClaimClientId",
                Effect: "Allow",
                Action: "iot:Connect",
                Resource: iotArn(env, `client/${claimClientId(fleet, site, "")}*`),
            },
            { Sid: "PublishProvisioningRequests", Effect: "Allow", Action: "iot:Publish", Resource: topics.publish.map((t) => iotArn(env, `topic/${t}`)) },
            {
                Sid: "SubscribeProvisioningReplies",
                Effect: "Allow",
                Action: "iot:Subscribe",
                Resource: topics.receive.map((t) => iotArn(env, `topicfilter/${t}`)),
            },
            { Sid: "ReceiveProvisioningReplies", Effect: "Allow", Action: "iot:Receive", Resource: topics.receive.map((t) => iotArn(env, `topic/${t}`)) },
        ],
    };
}

/** Trust policy of a role that one AWS service assumes. */
export function serviceTrustPolicy(service: string, condition?: PolicyStatement["Condition"]): TrustDocument {
    return {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole", ...(condition ? { Condition: condition } : {}) }],
    };
}

/**
 * What edge inference reads of one model (edge/inference/model-source.ts): the `current.json`
 * pointer, then the version it names, `model.json` (the SHA-256 the ONNX file must match) and
 * `model.onnx` (src/models/publish.ts modelKeys). Not the SageMaker archive, not other models.
 */
export function edgeModelKeys(model: string): string[] {
    return [modelKeys.current(model), modelKeys.onnx(model, "*"), modelKeys.json(model, "*")];
}

/**
 * What AWS IoT may do when it provisions a gateway from any fleet-claim template of the region
 * (one role per region, not per site): create and update the fleet's things, put them in a
 * fleet site group, attach a fleet gateway policy and activate the certificate. Each template
 * body fixes the site's own group and policy (src/edge/provisioning.ts), so the role is scoped to
 * the fleet's name prefix instead of the broad AWSIoTThingsRegistration.
 */
export function provisioningRolePolicy(env: AwsEnv, fleet: string): PolicyDocument {
    const fleetThings = iotArn(env, `thing/${fleet}-*`);
    const fleetGroups = iotArn(env, `thinggroup/${fleet}-*`);
    const certs = iotArn(env, "cert/*");
    // Each action with the resource types the Service Authorization Reference (AWS IoT) lists
    // for it: a resource of another type never matches, and the action is then denied.
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "RegisterFleetThings",
                Effect: "Allow",
                Action: [
                    "iot:AddThingToThingGroup",
                    "iot:CreateThing",
                    "iot:DescribeThing",
                    "iot:ListThingGroupsForThing",
                    "iot:ListThingPrincipals",
                    "iot:UpdateThing",
                    "iot:UpdateThingGroupsForThing",
                ],
                Resource: [fleetThings, fleetGroups],
            },
            { Sid: "DescribeFleetGroups", Effect: "Allow", Action: "iot:DescribeThingGroup", Resource: fleetGroups },
            { Sid: "ReadGatewayPolicies", Effect: "Allow", Action: "iot:GetPolicy", Resource: iotArn(env, `policy/${names.gatewayPolicy(fleet, "*")}`) },
            {
                // AttachThingPrincipal and AttachPolicy authorize on the certificate (resource type cert)
                Sid: "ActivateAndAttachCertificates",
                Effect: "Allow",
                Action: ["iot:AttachPolicy", "iot:AttachThingPrincipal", "iot:DescribeCertificate", "iot:ListPrincipalThings", "iot:UpdateCertificate"],
                Resource: certs,
            },
            // ListAttachedPolicies has no resource type: only "*" matches
            { Sid: "ListAttachedPolicies", Effect: "Allow", Action: "iot:ListAttachedPolicies", Resource: "*" },
        ],
    };
}

/** What the region's pre-provisioning hook role reads and writes. */
export interface HookPolicyArgs {
    artifactsBucketArn: string;
    kmsKeyArn: string;
    logGroup: string;
    /** The table of enrolled serials (conditional PutItem only). */
    enrolledTableArn: string;
}

/**
 * The region's pre-provisioning hook: read the site manifests (through the region key), record
 * each admitted serial once in the enrolled-serials table (PutItem only: it can neither read nor
 * delete entries, so it cannot undo an enrolment), write its logs and traces.
 */
export function hookRolePolicy(env: AwsEnv, a: HookPolicyArgs): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            { Sid: "ReadSiteManifests", Effect: "Allow", Action: "s3:GetObject", Resource: `${a.artifactsBucketArn}/${names.siteManifestKey("*")}` },
            { Sid: "RecordEnrolledSerials", Effect: "Allow", Action: "dynamodb:PutItem", Resource: a.enrolledTableArn },
            // S3 (manifest) and DynamoDB (table under the region key) use the key on the role's behalf:
            // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/encryption.usagenotes.html
            useKeyVia("UseRegionKeyThroughS3AndDynamoDB", a.kmsKeyArn, env.region, ["s3", "dynamodb"]),
            {
                Sid: "WriteOwnLogs",
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                Resource: `arn:${env.partition}:logs:${env.region}:${env.account}:log-group:${a.logGroup}:*`,
            },
            // Active tracing (lambda-baseline): X-Ray takes no resource-level permissions (Service Authorization Reference, AWS X-Ray).
            { Sid: "Tracing", Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: "*" },
        ],
    };
}

/** Every action named in a document (for the published-action check). */
export function actionsOf(doc: PolicyDocument): string[] {
    return doc.Statement.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
}

export { TOPIC_ROOT };
