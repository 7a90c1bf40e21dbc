import * as assert from "node:assert/strict";
import { assertClean, assertUnknown, assertViolation, check, checkStack, mutate, res, UNKNOWN, violations } from "../helpers";

const ARN = "arn:aws:iot:eu-central-1:123456789012";
const THING = "${iot:Connection.Thing.ThingName}";
/** The gateway policy shape the edge component generates: every statement scoped to the thing. */
const gatewayDoc = {
    Version: "2012-10-17",
    Statement: [
        { Sid: "Connect", Effect: "Allow", Action: "iot:Connect", Resource: `${ARN}:client/${THING}` },
        {
            Sid: "Publish",
            Effect: "Allow",
            Action: ["iot:Publish"],
            Resource: [`${ARN}:topic/fleet/stuttgart-body/${THING}/*`, `${ARN}:topic/$aws/things/${THING}/shadow/*`],
        },
        { Sid: "Subscribe", Effect: "Allow", Action: "iot:Subscribe", Resource: `${ARN}:topicfilter/fleet/stuttgart-body/${THING}/*` },
        { Sid: "Receive", Effect: "Allow", Action: "iot:Receive", Resource: `${ARN}:topic/fleet/stuttgart-body/${THING}/*` },
        { Sid: "Tes", Effect: "Allow", Action: "iot:AssumeRoleWithCertificate", Resource: `${ARN}:rolealias/acme-stuttgart-body-gg-tes-alias` },
        { Sid: "DenyOthers", Effect: "Deny", Action: "iot:Publish", Resource: `${ARN}:topic/fleet/other/*` },
    ],
};
type Doc = typeof gatewayDoc & { Statement: Record<string, unknown>[] };
const policy = (doc: unknown, extra = {}) =>
    res(
        "aws:iot/policy:Policy",
        "stuttgart-body-gateway-policy",
        { name: "acme-stuttgart-body-gateway", policy: typeof doc === "string" ? doc : JSON.stringify(doc) },
        { site: "stuttgart-body", ...extra },
    );
const withStatement = (i: number, change: Record<string, unknown>) => mutate(gatewayDoc as Doc, (d) => Object.assign(d.Statement[i], change));
const stmt = (d: Doc, i: number) => d.Statement[i] as Record<string, unknown>;

describe("policies: IoT identity", () => {
    const iotPolicyRules = [
        "iot-policy-no-wildcard-action",
        "iot-policy-no-wildcard-resource",
        "iot-policy-connect-scoped",
        "iot-policy-topics-scoped",
        "iot-policy-no-mqtt-wildcards-in-deny",
    ];

    it("a scoped gateway policy passes every IoT policy rule", () => {
        for (const rule of iotPolicyRules) assertClean(check(rule, policy(gatewayDoc)));
    });

    it("reads aws-native policies (policyDocument as an object)", () => {
        const r = res("aws-native:iot:Policy", "p", { policyDocument: withStatement(1, { Action: "iot:*" }) });
        assertViolation(check("iot-policy-no-wildcard-action", r), 'allows action "iot:*"');
    });

    it("every IoT policy rule treats an unknown document as not checkable, not as a violation", () => {
        for (const rule of iotPolicyRules) assertUnknown(check(rule, policy(UNKNOWN)));
    });

    describe("iot-policy-no-wildcard-action", () => {
        it("fails an Allow of iot:*", () =>
            assertViolation(
                check("iot-policy-no-wildcard-action", policy(withStatement(1, { Action: "iot:*" }))),
                'Statement[1] (Publish) allows action "iot:*"',
            ));
        it("fails an Allow of *", () =>
            assertViolation(check("iot-policy-no-wildcard-action", policy(withStatement(0, { Action: ["*"] }))), 'allows action "*"'));
        it("fails an Allow with NotAction", () => {
            const doc = mutate(gatewayDoc as Doc, (d) => {
                delete stmt(d, 0).Action;
                d.Statement[0].NotAction = "iot:DeleteThing";
            });
            assertViolation(check("iot-policy-no-wildcard-action", policy(doc)), "NotAction");
        });
        it("accepts a Deny of iot:*", () => assertClean(check("iot-policy-no-wildcard-action", policy(withStatement(5, { Action: "iot:*" })))));
        it("reports a document that is not JSON", () => assertViolation(check("iot-policy-no-wildcard-action", policy("{not json")), "not valid JSON"));
    });

    describe("iot-policy-no-wildcard-resource", () => {
        it("fails an Allow on *", () =>
            assertViolation(check("iot-policy-no-wildcard-resource", policy(withStatement(4, { Resource: "*" }))), 'on resource "*"'));
        it("fails an Allow on an ARN whose resource is *", () =>
            assertViolation(check("iot-policy-no-wildcard-resource", policy(withStatement(4, { Resource: `${ARN}:*` }))), `on resource "${ARN}:*"`));
        it("fails an Allow with NotResource", () => {
            const doc = mutate(gatewayDoc as Doc, (d) => {
                delete stmt(d, 4).Resource;
                d.Statement[4].NotResource = `${ARN}:thing/x`;
            });
            assertViolation(check("iot-policy-no-wildcard-resource", policy(doc)), "NotResource");
        });
        it("accepts a Deny on *", () => assertClean(check("iot-policy-no-wildcard-resource", policy(withStatement(5, { Resource: "*" })))));
        it("accepts only the Greengrass core-device actions of AWS's minimal policy on * (device-auth)", () => {
            const gg = [
                "greengrass:GetComponentVersionArtifact",
                "greengrass:ResolveComponentCandidates",
                "greengrass:GetDeploymentConfiguration",
                "greengrass:ListThingGroupsForCoreDevice",
            ];
            assertClean(check("iot-policy-no-wildcard-resource", policy(withStatement(4, { Action: gg, Resource: "*" }))));
            assertViolation(
                check("iot-policy-no-wildcard-resource", policy(withStatement(4, { Action: [...gg, "iot:Publish"], Resource: "*" }))),
                'on resource "*"',
            );
        });
    });

    describe("iot-policy-connect-scoped", () => {
        it("accepts explicit client ids", () =>
            assertClean(check("iot-policy-connect-scoped", policy(withStatement(0, { Resource: [`${ARN}:client/acme-stuttgart-body-gw-body-01`] })))));
        it("fails client/*", () =>
            assertViolation(check("iot-policy-connect-scoped", policy(withStatement(0, { Resource: `${ARN}:client/*` }))), 'as client id "*"'));
        it("fails a client id prefix with a wildcard", () =>
            assertViolation(
                check("iot-policy-connect-scoped", policy(withStatement(0, { Resource: `${ARN}:client/acme-stuttgart-body-*` }))),
                'as client id "acme-stuttgart-body-*"',
            ));
        it("fails client/${iot:ClientId}, which is any client id", () =>
            assertViolation(check("iot-policy-connect-scoped", policy(withStatement(0, { Resource: `${ARN}:client/\${iot:ClientId}` }))), "iot:ClientId"));
        const claimDoc = (client: string, extra: Record<string, unknown>[] = []) => ({
            Statement: [
                { Effect: "Allow", Action: "iot:Connect", Resource: `${ARN}:client/${client}` },
                {
                    Effect: "Allow",
                    Action: ["iot:Publish", "iot:Receive"],
                    Resource: [`${ARN}:topic/$aws/certificates/create/*`, `${ARN}:topic/$aws/provisioning-templates/acme-stuttgart-body/provision/*`],
                },
                ...extra,
            ],
        });
        it("accepts a claim-only policy connecting in a claim namespace", () =>
            assertClean(check("iot-policy-connect-scoped", policy(claimDoc("acme-stuttgart-body_claim_*")))));
        it("fails a claim-only policy whose prefix is not a claim namespace (it could take a gateway's id)", () =>
            assertViolation(check("iot-policy-connect-scoped", policy(claimDoc("acme-stuttgart-body-*"))), 'as client id "acme-stuttgart-body-*"'));
        it("fails a claim namespace in a policy that does more than provision", () =>
            assertViolation(
                check(
                    "iot-policy-connect-scoped",
                    policy(
                        claimDoc("acme-stuttgart-body_claim_*", [
                            { Effect: "Allow", Action: "iot:Publish", Resource: `${ARN}:topic/fleet/stuttgart-body/x/telemetry` },
                        ]),
                    ),
                ),
                "_claim_*",
            ));
        it("fails a claim namespace with a second wildcard", () =>
            assertViolation(check("iot-policy-connect-scoped", policy(claimDoc("acme-*_claim_*"))), "acme-*_claim_*"));
        it("fails iot:Connect granted through iot:Conn* on a wildcard", () =>
            assertViolation(check("iot-policy-connect-scoped", policy(withStatement(4, { Action: "iot:Conn*", Resource: `${ARN}:*` }))), "any client id"));
    });

    describe("iot-policy-topics-scoped", () => {
        const topics = (resource: string) => check("iot-policy-topics-scoped", policy(withStatement(1, { Resource: resource })));
        it("accepts Basic Ingest topics under the site and thing", () =>
            assertClean(topics(`${ARN}:topic/$aws/rules/acme_telemetry/fleet/stuttgart-body/${THING}/telemetry`)));
        it("accepts the provisioning topics", () => assertClean(topics(`${ARN}:topic/$aws/provisioning-templates/acme-stuttgart-body/provision/json`)));
        it("fails a bare #", () => assertViolation(topics(`${ARN}:topic/#`), "covers every topic"));
        it("fails every thing's reserved topics", () => assertViolation(topics(`${ARN}:topic/$aws/things/*/shadow/*`), "reserved topics of other things"));
        it("fails another site's prefix", () =>
            assertViolation(topics(`${ARN}:topic/fleet/cork-fill-finish/${THING}/*`), 'names site "cork-fill-finish", not this site (stuttgart-body)'));
        it("fails a site prefix without the thing", () => assertViolation(topics(`${ARN}:topic/fleet/stuttgart-body/*`), "does not name the thing"));
        it("fails a topic outside the fleet root", () => assertViolation(topics(`${ARN}:topic/factory/line1`), "outside fleet/<site>/<thing>/"));
        it("fails a Basic Ingest topic with a wildcard rule name", () =>
            assertViolation(topics(`${ARN}:topic/$aws/rules/*/fleet/stuttgart-body/${THING}/telemetry`), "wildcard rule name"));
        it("fails topic actions on *", () => assertViolation(topics("*"), "covers every topic"));
    });

    describe("iot-policy-no-mqtt-wildcards-in-deny", () => {
        it("fails # in a Deny resource", () =>
            assertViolation(
                check("iot-policy-no-mqtt-wildcards-in-deny", policy(withStatement(5, { Resource: `${ARN}:topic/fleet/other/#` }))),
                "literal characters",
            ));
        it("fails + in a Deny resource", () =>
            assertViolation(
                check("iot-policy-no-mqtt-wildcards-in-deny", policy(withStatement(5, { Resource: `${ARN}:topicfilter/fleet/+/x` }))),
                "literal characters",
            ));
    });

    describe("iot-role-alias-least-privilege", () => {
        const roleArn = "arn:aws:iam::123456789012:role/acme-stuttgart-body-gg-tes";
        const role = res("aws:iam/role:Role", "stuttgart-body-tes-role", { name: "acme-stuttgart-body-gg-tes", assumeRolePolicy: "{}" });
        const alias = res("aws:iot/roleAlias:RoleAlias", "stuttgart-body-tes-alias", {
            alias: "acme-stuttgart-body-gg-tes-alias",
            roleArn,
            credentialDuration: 3600,
        });
        const rolePolicy = (actions: unknown) =>
            res("aws:iam/rolePolicy:RolePolicy", "stuttgart-body-tes-policy", {
                role: "acme-stuttgart-body-gg-tes",
                policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: actions, Resource: "arn:aws:s3:::acme-artifacts/*" }] }),
            });
        const run = (...rs: ReturnType<typeof res>[]) => checkStack("iot-role-alias-least-privilege", rs);
        it("accepts a role with scoped actions", () => assertClean(run(alias, role, rolePolicy(["s3:GetObject", "logs:PutLogEvents"]))));
        it("fails s3:* on the role", () => assertViolation(run(alias, role, rolePolicy(["s3:*"])), 'allows "s3:*"'));
        it("fails an IAM action on the role", () => assertViolation(run(alias, role, rolePolicy(["iam:PassRole"])), 'allows "iam:PassRole"'));
        it("fails an Organizations action in an inline policy", () => {
            const inline = res("aws:iam/role:Role", role.name, {
                ...role.props,
                inlinePolicies: [
                    { name: "x", policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "organizations:ListAccounts", Resource: "*" }] }) },
                ],
            });
            assertViolation(run(alias, inline), "organizations:ListAccounts");
        });
        it("fails NotAction on the role", () => {
            const rp = res("aws:iam/rolePolicy:RolePolicy", "p", {
                role: "acme-stuttgart-body-gg-tes",
                policy: JSON.stringify({ Statement: [{ Effect: "Allow", NotAction: "iam:*", Resource: "*" }] }),
            });
            assertViolation(run(alias, role, rp), "allows NotAction");
        });
        it("fails AdministratorAccess attached", () =>
            assertViolation(
                run(
                    alias,
                    role,
                    res("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "a", {
                        role: "acme-stuttgart-body-gg-tes",
                        policyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
                    }),
                ),
                "AdministratorAccess",
            ));
        it("fails credentials that last longer than an hour", () =>
            assertViolation(run(res(alias.type, alias.name, { ...alias.props, credentialDuration: 43200 }), role), "credentialDuration is 43200 s"));
        it("cannot check a roleArn unknown at preview", () => assertUnknown(run(res(alias.type, alias.name, { ...alias.props, roleArn: UNKNOWN }), role)));
        it("cannot check a role outside the stack, and says so", () => {
            const f = run(alias);
            assert.deepEqual(violations(f), []);
            assert.match(f[0].message, /not in this stack/);
        });
    });

    describe("iot-certificate-not-shared", () => {
        const cert = res("aws:iot/certificate:Certificate", "gw-1-cert", { active: true, csr: "-----BEGIN CERTIFICATE REQUEST-----" });
        const thing = (n: string) => res("aws:iot/thing:Thing", n, { name: `acme-${n}` });
        const attach = (n: string, thingName: string, principal: unknown = "arn:aws:iot:eu-central-1:123456789012:gw-1-cert") =>
            res("aws:iot/thingPrincipalAttachment:ThingPrincipalAttachment", n, { principal, thing: thingName });
        it("accepts one certificate per thing", () => assertClean(checkStack("iot-certificate-not-shared", [cert, thing("gw-1"), attach("a1", "acme-gw-1")])));
        it("fails a certificate attached to two things", () =>
            assertViolation(
                checkStack("iot-certificate-not-shared", [cert, thing("gw-1"), thing("gw-2"), attach("a1", "acme-gw-1"), attach("a2", "acme-gw-2")]),
                "attached to 2 things (gw-1, gw-2)",
            ));
        it("cannot check an attachment whose certificate is unknown", () =>
            assertUnknown(checkStack("iot-certificate-not-shared", [cert, thing("gw-1"), attach("a1", "acme-gw-1", UNKNOWN)])));
    });

    describe("iot-private-key-secret", () => {
        const KEY = "-----BEGIN RSA PRIVATE KEY-----\nMIIB...\n-----END RSA PRIVATE KEY-----";
        it("accepts a generated key kept as a secret output", () =>
            assertClean(
                check(
                    "iot-private-key-secret",
                    res("aws:iot/certificate:Certificate", "c", { active: true }, { outputs: { privateKey: "[secret]" }, secretProps: ["privateKey"] }),
                ),
            ));
        it("fails a private key output in plain text", () =>
            assertViolation(
                check(
                    "iot-private-key-secret",
                    res("aws:iot/certificate:Certificate", "c", { active: true }, { outputs: { privateKey: KEY }, secretProps: [] }),
                ),
                "outputs privateKey holds a PEM private key",
            ));
        it("fails a private key passed in plain text to another resource", () =>
            assertViolation(
                check("iot-private-key-secret", res("aws:s3/bucketObjectv2:BucketObjectv2", "o", { content: KEY })),
                "inputs content holds a PEM private key",
            ));
        it("accepts a key input that is marked secret", () =>
            assertClean(check("iot-private-key-secret", res("aws:s3/bucketObjectv2:BucketObjectv2", "o", { content: KEY }, { secretProps: ["content"] }))));
        it("accepts a key in a secret store when secrets are not tracked (CrossGuard)", () =>
            assertClean(
                check("iot-private-key-secret", res("aws:secretsmanager/secretVersion:SecretVersion", "s", { secretString: KEY }, { secretProps: undefined })),
            ));
        it("treats an input unknown at preview as no key (it cannot be a plain-text PEM yet)", () =>
            assertClean(check("iot-private-key-secret", res("aws:s3/bucketObjectv2:BucketObjectv2", "o", { content: UNKNOWN }))));
        it("fails a stack output holding a key", () =>
            assertViolation(
                checkStack("iot-private-key-secret", [res("pulumi:pulumi:Stack", "fleet-eu", {}, { outputs: { gatewayKey: KEY } })]),
                "stack output gatewayKey",
            ));
    });

    describe("iot-logging-enabled", () => {
        const logging = (props: Record<string, unknown>) =>
            res("aws:iot/loggingOptions:LoggingOptions", "iot-logging", { roleArn: "arn:aws:iam::123456789012:role/log", ...props });
        it("accepts ERROR", () => assertClean(check("iot-logging-enabled", logging({ defaultLogLevel: "ERROR" }))));
        it("fails DISABLED", () => assertViolation(check("iot-logging-enabled", logging({ defaultLogLevel: "DISABLED" })), 'defaultLogLevel is "DISABLED"'));
        it("fails disableAllLogs", () =>
            assertViolation(check("iot-logging-enabled", logging({ defaultLogLevel: "INFO", disableAllLogs: true })), "disableAllLogs is true"));
        it("cannot check an unknown level", () => assertUnknown(check("iot-logging-enabled", logging({ defaultLogLevel: UNKNOWN }))));
        it("fails a stack with IoT resources and no logging options", () =>
            assertViolation(checkStack("iot-logging-enabled", [policy(gatewayDoc)]), "sets no account IoT logging"));
        it("accepts a stack with logging options", () =>
            assertClean(checkStack("iot-logging-enabled", [policy(gatewayDoc), logging({ defaultLogLevel: "WARN" })])));
    });

    describe("iot-claim-certificate-provision-only", () => {
        const claimDoc = {
            Statement: [
                { Effect: "Allow", Action: "iot:Connect", Resource: `${ARN}:client/acme-stuttgart-body-claim-SN-84521` },
                {
                    Effect: "Allow",
                    Action: ["iot:Publish", "iot:Receive"],
                    Resource: [`${ARN}:topic/$aws/certificates/create/*`, `${ARN}:topic/$aws/provisioning-templates/acme-stuttgart-body/provision/*`],
                },
                {
                    Effect: "Allow",
                    Action: "iot:Subscribe",
                    Resource: [
                        `${ARN}:topicfilter/$aws/certificates/create/*`,
                        `${ARN}:topicfilter/$aws/provisioning-templates/acme-stuttgart-body/provision/*`,
                    ],
                },
            ],
        };
        const claim = (doc: unknown) =>
            res("aws:iot/policy:Policy", "stuttgart-body-claim-policy", { name: "acme-stuttgart-body-claim", policy: JSON.stringify(doc) });
        const template = res("aws:iot/provisioningTemplate:ProvisioningTemplate", "t", { name: "acme-stuttgart-body", templateBody: "{}" });
        it("accepts a claim policy that only provisions", () => assertClean(checkStack("iot-claim-certificate-provision-only", [claim(claimDoc), template])));
        it("fails a claim policy that may also publish telemetry", () => {
            const doc = mutate(claimDoc, (d) => (d.Statement[1].Resource as string[]).push(`${ARN}:topic/fleet/stuttgart-body/x/telemetry`));
            assertViolation(checkStack("iot-claim-certificate-provision-only", [claim(doc), template]), "topic/fleet/stuttgart-body/x/telemetry");
        });
        it("fails a claim policy with other actions", () => {
            const doc = mutate(claimDoc, (d) => (d.Statement[0].Action = ["iot:Connect", "iot:UpdateThingShadow"]));
            assertViolation(checkStack("iot-claim-certificate-provision-only", [claim(doc), template]), "allows iot:UpdateThingShadow");
        });
        it("finds a claim policy through its attachment to a certificate no thing holds", () => {
            const p = res("aws:iot/policy:Policy", "bootstrap", {
                name: "acme-bootstrap",
                policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "iot:Publish", Resource: `${ARN}:topic/fleet/a/b/c` }] }),
            });
            const cert = res("aws:iot/certificate:Certificate", "claim-cert", { active: true });
            const att = res("aws:iot/policyAttachment:PolicyAttachment", "att", {
                policy: "acme-bootstrap",
                target: "arn:aws:iot:eu-central-1:123456789012:cert/claim-cert",
            });
            assertViolation(checkStack("iot-claim-certificate-provision-only", [p, cert, att, template]), "only $aws/certificates/create/*");
        });
        it("cannot check a claim policy whose document is unknown", () =>
            assertUnknown(checkStack("iot-claim-certificate-provision-only", [claim(UNKNOWN), template])));
    });
});
