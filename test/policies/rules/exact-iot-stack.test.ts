/** The IoT stack rules, exact findings: claim policies, role aliases, shared certificates, logging, private keys. */
import * as assert from "node:assert/strict";
import type { RuleResource } from "../../../policies/lib/types";
import { check, checkStack, res, UNKNOWN } from "../helpers";
import { engine, PREVIEW, urn } from "./engine";

const ARN = "arn:aws:iot:eu-central-1:123456789012";
const POLICY = "aws:iot/policy:Policy";
const policy = (statements: unknown[], name = "acme-gw", site: string | undefined = "stuttgart-body") =>
    res(POLICY, "p", { name, policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }) }, site ? { site } : {});
const allow = (Action: unknown, Resource: unknown, extra = {}) => ({ Effect: "Allow", Action, Resource, ...extra });

describe("iot-claim-certificate-provision-only, exact findings", () => {
    const RULE = "iot-claim-certificate-provision-only";
    const CERT = "aws:iot/certificate:Certificate";
    const provisionOnly = [
        allow("iot:Connect", `${ARN}:client/acme-claim-1`),
        allow(["iot:Publish", "iot:Receive"], [`${ARN}:topic/$aws/certificates/create/json`]),
    ];
    const template = res("aws:iot/provisioningTemplate:ProvisioningTemplate", "t", { name: "acme-t" });
    const bootstrap = policy([allow("iot:Publish", `${ARN}:topic/fleet/x`)], "acme-bootstrap", undefined);
    const cert = (name: string, type = CERT) => res(type, name, { arn: `${ARN}:cert/${name}` });
    const attach = (target: unknown, pol: unknown = "acme-bootstrap") =>
        res("aws:iot/policyAttachment:PolicyAttachment", `att-${String(target).length}`, { policy: pol, target });
    const held = (principal: unknown) => res("aws:iot/thingPrincipalAttachment:ThingPrincipalAttachment", "held", { principal, thing: "acme-gw" });
    const topicMsg = (r: string, i = 0, name = "p") => ({
        urn: urn(POLICY, name),
        message: `claim policy Statement[${i}] allows ${JSON.stringify(r)}; only $aws/certificates/create/* and $aws/provisioning-templates/<template>/provision/* are allowed`,
    });
    it("accepts a claim policy that only provisions, and a statement that connects and provisions", () => {
        assert.deepEqual(checkStack(RULE, [policy(provisionOnly, "acme-claim")]), []);
        const both = allow(["iot:Connect", "iot:Publish"], [`${ARN}:client/acme-claim-1`, `${ARN}:topic/$aws/provisioning-templates/t/provision/json`]);
        assert.deepEqual(checkStack(RULE, [policy([both], "acme-claim")]), []);
    });
    it("names every extra action, NotAction, and every resource that is not a provisioning topic", () => {
        assert.deepEqual(
            checkStack(RULE, [policy([allow(["iot:Connect", "IOT:PUBLISH", "iot:UpdateThingShadow", "iot:GetThingShadow"], `${ARN}:client/x`)], "acme-claim")]),
            [
                {
                    urn: urn(POLICY, "p"),
                    message:
                        "claim policy Statement[0] allows iot:UpdateThingShadow, iot:GetThingShadow; a claim certificate may only connect and use the provisioning topics",
                },
            ],
        );
        assert.deepEqual(checkStack(RULE, [policy([{ Effect: "Allow", NotAction: "iot:DeleteThing", Resource: `${ARN}:client/x` }], "acme-claim")]), [
            {
                urn: urn(POLICY, "p"),
                message: "claim policy Statement[0] allows NotAction; a claim certificate may only connect and use the provisioning topics",
            },
        ]);
        assert.deepEqual(checkStack(RULE, [policy([allow("iot:Publish", [`${ARN}:topic/fleet/x`, `${ARN}:thing/x`, "*"])], "acme-claim")]), [
            topicMsg(`${ARN}:topic/fleet/x`),
            topicMsg(`${ARN}:thing/x`),
            topicMsg("*"),
        ]);
    });
    it("judges the resources of a statement that connects only as connect-scoped does, not here (any case of the action)", () => {
        assert.deepEqual(checkStack(RULE, [policy([allow("IoT:Connect", "*")], "acme-claim")]), []);
        assert.deepEqual(checkStack(RULE, [policy([allow("iot:Publish", `${ARN}:client/x`)], "acme-claim")]), []);
        assert.deepEqual(checkStack(RULE, [policy([allow(["iot:Connect", "iot:Publish"], `${ARN}:topic/fleet/x`)], "acme-claim")]), [
            topicMsg(`${ARN}:topic/fleet/x`),
        ]);
        assert.deepEqual(
            checkStack(RULE, [res(POLICY, "p", { name: 7, policy: JSON.stringify({ Statement: [allow("iot:Publish", `${ARN}:topic/fleet/x`)] }) })]),
            [],
        );
    });
    it("finds claim policies by name, by provisioning topics, or attached to a certificate no thing holds in a stack with a template", () => {
        const gw = policy([allow("iot:Publish", `${ARN}:topic/fleet/x`)], "acme-gw");
        assert.deepEqual(checkStack(RULE, [gw]), []);
        assert.deepEqual(
            checkStack(RULE, [policy([allow("iot:Publish", [`${ARN}:topic/$aws/certificates/create/json`, `${ARN}:topic/fleet/x`])], "acme-gw")]),
            [topicMsg(`${ARN}:topic/fleet/x`)],
        );
        const bootstrapFinding = [topicMsg(`${ARN}:topic/fleet/x`, 0)];
        assert.deepEqual(checkStack(RULE, [bootstrap, cert("claim"), attach(`${ARN}:cert/claim`), template]), bootstrapFinding);
        const nativeTemplate = res("aws-native:iot:ProvisioningTemplate", "t", {});
        assert.deepEqual(checkStack(RULE, [bootstrap, cert("claim"), attach(`${ARN}:cert/claim`), nativeTemplate]), bootstrapFinding);
        assert.deepEqual(checkStack(RULE, [bootstrap, cert("claim", "aws-native:iot:Certificate"), attach(`${ARN}:cert/claim`), template]), bootstrapFinding);
        // Not a claim policy: no template, a certificate a thing holds, a target or policy that is unknown or not in the stack.
        assert.deepEqual(checkStack(RULE, [bootstrap, cert("claim"), attach(`${ARN}:cert/claim`)]), []);
        assert.deepEqual(checkStack(RULE, [bootstrap, cert("claim"), attach(`${ARN}:cert/claim`), held(`${ARN}:cert/claim`), template]), []);
        assert.deepEqual(checkStack(RULE, [bootstrap, cert("claim"), attach(UNKNOWN), template]), []);
        assert.deepEqual(checkStack(RULE, [bootstrap, cert("claim"), attach(`${ARN}:cert/elsewhere`), template]), []);
        assert.deepEqual(checkStack(RULE, [bootstrap, cert("claim"), attach(`${ARN}:cert/claim`, UNKNOWN), template]), []);
        assert.deepEqual(checkStack(RULE, [bootstrap, cert("claim"), attach(`${ARN}:cert/claim`, "acme-elsewhere"), template]), []);
        // A holder whose certificate is unknown or outside the stack holds nothing.
        assert.deepEqual(checkStack(RULE, [bootstrap, cert("claim"), attach(`${ARN}:cert/claim`), held(UNKNOWN), template]), bootstrapFinding);
        assert.deepEqual(checkStack(RULE, [bootstrap, cert("claim"), attach(`${ARN}:cert/claim`), held(`${ARN}:cert/other`), template]), bootstrapFinding);
    });
    it("reports an unknown claim document as unknown and leaves an invalid one to iot-policy-no-wildcard-action", () => {
        const unknownDoc = res(POLICY, "p", { name: "acme-claim", policy: UNKNOWN });
        assert.deepEqual(checkStack(RULE, [unknownDoc]), [
            { urn: urn(POLICY, "p"), message: "the claim policy document is unknown until the deployment runs; cannot be checked at preview", unknown: true },
        ]);
        assert.deepEqual(checkStack(RULE, [res(POLICY, "p", { name: "acme-claim", policy: "{x" })]), []);
    });
    it("reads the name from policyName (aws-native) or the resource name, and runs on aws-native policies", () => {
        const doc = { Statement: [allow("iot:Publish", `${ARN}:topic/fleet/x`)] };
        assert.deepEqual(engine(RULE, [res("aws-native:iot:Policy", "x", { policyName: "acme-claim", policyDocument: doc })]), [
            { urn: urn("aws-native:iot:Policy", "x"), message: topicMsg(`${ARN}:topic/fleet/x`).message },
        ]);
        assert.deepEqual(engine(RULE, [res(POLICY, "gw-claim", { policy: JSON.stringify(doc) })]), [
            { urn: urn(POLICY, "gw-claim"), message: topicMsg(`${ARN}:topic/fleet/x`).message },
        ]);
    });
});

describe("iot-role-alias-least-privilege, exact findings", () => {
    const RULE = "iot-role-alias-least-privilege";
    const ALIAS = "aws:iot/roleAlias:RoleAlias";
    const AURN = urn(ALIAS, "tes");
    const alias = (p: Record<string, unknown> = {}, type: string = ALIAS) =>
        res(type, "tes", { roleArn: "arn:aws:iam::123456789012:role/acme-tes", credentialDuration: 3600, ...p });
    const role = (p: Record<string, unknown> = {}) => res("aws:iam/role:Role", "tes-role", { name: "acme-tes", ...p });
    const doc = (...s: unknown[]) => JSON.stringify({ Statement: s });
    const run = (...rs: RuleResource[]) => checkStack(RULE, rs);
    const at = (message: string, unknown = false) => ({ urn: AURN, message, ...(unknown ? { unknown: true } : {}) });

    it("judges credential lifetimes up to 3,600 s, on both alias types", () => {
        assert.deepEqual(run(alias(), role()), []);
        assert.deepEqual(run(alias({ credentialDuration: undefined }), role()), []);
        assert.deepEqual(run(alias({ credentialDuration: 3601 }), role()), [at("credentialDuration is 3601 s; device credentials must expire within 3600 s")]);
        assert.deepEqual(run(alias({ credentialDuration: UNKNOWN }), role()), [
            at("credentialDuration is unknown until the deployment runs; cannot be checked at preview", true),
        ]);
        const native = alias({ credentialDuration: undefined, credentialDurationSeconds: 7200 }, "aws-native:iot:RoleAlias");
        assert.deepEqual(run(native, role()), [
            { urn: urn("aws-native:iot:RoleAlias", "tes"), message: "credentialDuration is 7200 s; device credentials must expire within 3600 s" },
        ]);
        assert.deepEqual(run(alias({ credentialDurationSeconds: 7200 }), role()), []);
    });
    it("cannot check a role that is unknown or outside the stack", () => {
        assert.deepEqual(run(alias({ roleArn: UNKNOWN, credentialDuration: 9000 })), [
            at("credentialDuration is 9000 s; device credentials must expire within 3600 s"),
            at("roleArn is unknown until the deployment runs; cannot be checked at preview", true),
        ]);
        assert.deepEqual(run(alias()), [
            at('the role "arn:aws:iam::123456789012:role/acme-tes" is not in this stack; its permissions cannot be checked', true),
        ]);
    });
    it("names every problem of inline policies, in order, and skips Deny statements and non-objects", () => {
        const inline = [
            "junk",
            {
                name: "a",
                policy: doc(
                    allow("*", "*"),
                    allow(
                        ["s3:*", "iam:PassRole", "sts:Assume*", "organizations:ListAccounts*", "sts:GetCallerIdentity", "STS:TagSession", "s3:GetObject"],
                        "*",
                    ),
                    { Effect: "Deny", Action: "iam:*", Resource: "*" },
                    { Effect: "Allow", NotAction: "s3:GetObject", Resource: "*" },
                ),
            },
            { name: "b", policy: "{x" },
            { name: "c", policy: UNKNOWN },
        ];
        assert.deepEqual(run(alias(), role({ inlinePolicies: inline })), [
            at('role tes-role inline policy "a" Statement[0] allows "*", which grants every action of every service; list the actions the devices need'),
            at('role tes-role inline policy "a" Statement[1] allows "s3:*", which grants every action of s3; list the actions the devices need'),
            at('role tes-role inline policy "a" Statement[1] allows "iam:PassRole" (iam:PassRole); device credentials must not manage identities or accounts'),
            at(
                'role tes-role inline policy "a" Statement[1] allows "sts:Assume*" (sts:AssumeRole, sts:AssumeRoleWithSAML, sts:AssumeRoleWithWebIdentity, ...); device credentials must not manage identities or accounts',
            ),
            at(
                'role tes-role inline policy "a" Statement[1] allows "organizations:ListAccounts*" (organizations:ListAccounts, organizations:ListAccountsForParent, organizations:ListAccountsWithInvalidEffectivePolicy); device credentials must not manage identities or accounts',
            ),
            at('role tes-role inline policy "a" Statement[3] allows NotAction, which grants every other action'),
            at(`role tes-role inline policy "b": the policy document is not valid JSON (Expected property name or '}' in JSON at position 1)`),
            at('role tes-role inline policy "c": the policy document is unknown until the deployment runs', true),
        ]);
    });
    it("does not count services whose names end like an admin service (outposts is not sts)", () =>
        assert.deepEqual(
            run(alias(), role({ inlinePolicies: [{ name: "a", policy: doc(allow(["outposts:ListSites", "s3-outposts:GetObject"], "*")) }] })),
            [],
        ));
    it("reads aws-native roles and their policies", () => {
        const native = res("aws-native:iam:Role", "tes-role", {
            roleName: "acme-tes",
            policies: [7, { policyName: "n", policyDocument: { Statement: [allow("iam:PassRole", "*")] } }],
        });
        assert.deepEqual(run(alias({ roleArn: "tes-role" }), native), [
            at('role tes-role policy "n" Statement[0] allows "iam:PassRole" (iam:PassRole); device credentials must not manage identities or accounts'),
        ]);
    });
    it("reads role policies and attachments of this role only", () => {
        const rp = (r: string, name: string) => res("aws:iam/rolePolicy:RolePolicy", name, { role: r, policy: doc(allow("s3:*", "*")) });
        assert.deepEqual(run(alias(), role(), rp("acme-tes", "mine"), rp("acme-other", "theirs")), [
            at('role tes-role policy mine Statement[0] allows "s3:*", which grants every action of s3; list the actions the devices need'),
        ]);
        const attach = (r: string, policyArn: unknown, name = "att") => res("aws:iam/rolePolicyAttachment:RolePolicyAttachment", name, { role: r, policyArn });
        const admin = "arn:aws:iam::aws:policy/AdministratorAccess";
        assert.deepEqual(run(alias(), role(), attach("acme-other", admin)), []);
        assert.deepEqual(run(alias(), role(), attach("acme-tes", admin)), [
            at(`role tes-role has the AWS managed policy ${admin} attached; device credentials must not be administrative`),
        ]);
        assert.deepEqual(run(alias(), role({ managedPolicyArns: ["arn:aws:iam::aws:policy/IAMFullAccess"] })), [
            at("role tes-role has the AWS managed policy arn:aws:iam::aws:policy/IAMFullAccess attached; device credentials must not be administrative"),
        ]);
        assert.deepEqual(run(alias(), role({ managedPolicyArns: ["arn:aws:iam::123456789012:policy/AdministratorAccessReadOnly"] })), [
            at(
                'role tes-role: the attached policy "arn:aws:iam::123456789012:policy/AdministratorAccessReadOnly" is not in this stack; its permissions cannot be checked',
                true,
            ),
        ]);
        assert.deepEqual(run(alias(), role(), attach("acme-tes", UNKNOWN)), [
            at("role tes-role: an attached policy ARN is unknown until the deployment runs; cannot be checked at preview", true),
        ]);
        const managed = res("aws:iam/policy:Policy", "devices", { name: "acme-devices", policy: doc(allow("s3:*", "*")) });
        assert.deepEqual(run(alias(), role(), managed, attach("acme-tes", "arn:aws:iam::123456789012:policy/acme-devices")), [
            at('role tes-role policy devices Statement[0] allows "s3:*", which grants every action of s3; list the actions the devices need'),
        ]);
        const nativeManaged = res("aws-native:iam:ManagedPolicy", "devices", {
            policyName: "acme-devices",
            policyDocument: { Statement: [allow("iam:PassRole", "*")] },
        });
        assert.deepEqual(run(alias(), role({ managedPolicyArns: ["devices"] }), nativeManaged), [
            at('role tes-role policy devices Statement[0] allows "iam:PassRole" (iam:PassRole); device credentials must not manage identities or accounts'),
        ]);
    });
    it("runs on both alias types in the engine, and not without an alias", () => {
        assert.deepEqual(engine(RULE, [alias({ credentialDuration: 4000 }), role()]), [
            at("credentialDuration is 4000 s; device credentials must expire within 3600 s"),
        ]);
        const native = alias({ credentialDurationSeconds: 4000 }, "aws-native:iot:RoleAlias");
        assert.deepEqual(engine(RULE, [native, role()]), [
            { urn: urn("aws-native:iot:RoleAlias", "tes"), message: "credentialDuration is 4000 s; device credentials must expire within 3600 s" },
        ]);
    });
});

describe("iot-certificate-not-shared, exact findings", () => {
    const RULE = "iot-certificate-not-shared";
    const NATIVE_ATTACH = "aws-native:iot:ThingPrincipalAttachment";
    it("names the things of a shared certificate, sorted, on the certificate (aws-native shapes too)", () => {
        const cert = res("aws-native:iot:Certificate", "gw-cert", { arn: `${ARN}:cert/abc` });
        const things = ["gw-2", "gw-1"].map((n) => res("aws-native:iot:Thing", n, { thingName: `acme-${n}` }));
        const attach = (n: string) => res(NATIVE_ATTACH, `a-${n}`, { principal: `${ARN}:cert/abc`, thingName: `acme-${n}` });
        assert.deepEqual(engine(RULE, [cert, ...things, attach("gw-2"), attach("gw-1")]), [
            {
                urn: urn("aws-native:iot:Certificate", "gw-cert"),
                message: "certificate gw-cert is attached to 2 things (gw-1, gw-2); give each device its own certificate",
            },
        ]);
        assert.deepEqual(engine(RULE, [cert, ...things, attach("gw-1")]), []);
    });
    it("names a certificate outside the stack by its reference, on the first attachment", () => {
        const ATTACH = "aws:iot/thingPrincipalAttachment:ThingPrincipalAttachment";
        const attach = (n: string, thing: string) => res(ATTACH, n, { principal: "arn:x:cert/outside", thing });
        assert.deepEqual(checkStack(RULE, [attach("a1", "b-thing"), attach("a2", "a-thing")]), [
            {
                urn: urn(ATTACH, "a1"),
                message: "certificate arn:x:cert/outside is attached to 2 things (a-thing, b-thing); give each device its own certificate",
            },
        ]);
    });
    it("reports an attachment whose thing is unknown as unknown", () => {
        const a = res(NATIVE_ATTACH, "a", { principal: "c", thingName: UNKNOWN });
        assert.deepEqual(checkStack(RULE, [a]), [
            {
                urn: urn(NATIVE_ATTACH, "a"),
                message: "the certificate or thing of this attachment is unknown until the deployment runs; cannot be checked at preview",
                unknown: true,
            },
        ]);
    });
});

describe("iot-logging-enabled, exact findings", () => {
    const RULE = "iot-logging-enabled";
    const L = "aws:iot/loggingOptions:LoggingOptions";
    const logging = (p: Record<string, unknown>, type = L) => check(RULE, res(type, "log", p));
    it("judges the level and disableAllLogs", () => {
        for (const level of ["ERROR", "WARN", "INFO", "DEBUG", "info"]) assert.deepEqual(logging({ defaultLogLevel: level }), [], level);
        assert.deepEqual(logging({ defaultLogLevel: "disabled" }), [{ message: 'defaultLogLevel is "disabled"; set ERROR, WARN or INFO' }]);
        assert.deepEqual(logging({}), [{ message: "defaultLogLevel is null; set ERROR, WARN or INFO" }]);
        assert.deepEqual(logging({ defaultLogLevel: 3 }), [{ message: "defaultLogLevel is 3; set ERROR, WARN or INFO" }]);
        assert.deepEqual(logging({ defaultLogLevel: "INFO", disableAllLogs: true }), [
            { message: "disableAllLogs is true; turn IoT logging on (defaultLogLevel ERROR, WARN or INFO)" },
        ]);
        assert.deepEqual(logging({ defaultLogLevel: "INFO", disableAllLogs: "true" }), []);
        assert.deepEqual(logging({ defaultLogLevel: "INFO", disableAllLogs: UNKNOWN }), [PREVIEW("the log level")]);
        assert.deepEqual(logging({ defaultLogLevel: "DISABLED" }, "aws-native:iot:Logging"), [
            { message: 'defaultLogLevel is "DISABLED"; set ERROR, WARN or INFO' },
        ]);
    });
    const missing = (type: string) => ({
        urn: urn(type, "x"),
        message: "the stack runs IoT resources but sets no account IoT logging (aws.iot.LoggingOptions); Device Defender reports LOGGING_DISABLED_CHECK",
    });
    it("wants logging options in a stack with any IoT resource (policy, thing, topic rule, provisioning template; aws or aws-native), and says so once, on the first", () => {
        const types = [
            "aws:iot/policy:Policy",
            "aws-native:iot:Policy",
            "aws:iot/thing:Thing",
            "aws-native:iot:Thing",
            "aws:iot/topicRule:TopicRule",
            "aws-native:iot:TopicRule",
            "aws:iot/provisioningTemplate:ProvisioningTemplate",
            "aws-native:iot:ProvisioningTemplate",
        ];
        for (const type of types) assert.deepEqual(engine(RULE, [res(type, "x", {})]), [missing(type)], type);
        assert.deepEqual(engine(RULE, [res("aws-native:iot:TopicRule", "x", {}), res("aws:iot/thing:Thing", "x", {})]), [missing("aws:iot/thing:Thing")]);
        assert.deepEqual(engine(RULE, [res("aws:s3/bucket:Bucket", "x", {})]), []);
        assert.deepEqual(checkStack(RULE, []), [{ urn: undefined, message: missing("x").message }]);
        assert.deepEqual(engine(RULE, [res("aws:iot/thing:Thing", "x", {}), res("aws-native:iot:Logging", "l", { defaultLogLevel: "INFO" })]), []);
    });
});

describe("iot-private-key-secret, exact findings", () => {
    const RULE = "iot-private-key-secret";
    const KEY = "-----BEGIN PRIVATE KEY-----\nMII\n-----END PRIVATE KEY-----";
    const EC = "-----BEGIN EC PRIVATE KEY-----\nMHc\n-----END EC PRIVATE KEY-----";
    const holds = (where: string) => ({
        message: `${where} holds a PEM private key in plain text; make it a secret (pulumi.secret, additionalSecretOutputs) or keep the key on the device (csr mode)`,
    });
    const run = (type: string, props: Record<string, unknown>, extra: Partial<RuleResource> = {}) => check(RULE, res(type, "r", props, extra));
    it("finds keys at any depth of inputs and outputs, with their paths", () => {
        assert.deepEqual(run("aws:s3/bucketObjectv2:BucketObjectv2", { files: ["x", EC], a: { b: { c: KEY } }, n: null, k: 5 }, { outputs: { out: KEY } }), [
            holds("inputs files[1]"),
            holds("inputs a.b.c"),
            holds("outputs out"),
        ]);
        assert.deepEqual(run("aws:s3/bucketObjectv2:BucketObjectv2", { name: "x", content: "-----BEGIN CERTIFICATE-----", mask: "[secret]" }), []);
    });
    it("skips secret inputs; without secret tracking, only the secret stores' own fields", () => {
        assert.deepEqual(run("aws:s3/bucketObjectv2:BucketObjectv2", { content: KEY }, { secretProps: undefined }), [holds("inputs content")]);
        assert.deepEqual(run("aws:ssm/parameter:Parameter", { value: KEY, description: KEY }, { secretProps: undefined }), [holds("inputs description")]);
        assert.deepEqual(run("aws:secretsmanager/secretVersion:SecretVersion", { secretString: KEY, secretBinary: KEY }, { secretProps: undefined }), []);
        assert.deepEqual(run("aws:secretsmanager/secretVersion:SecretVersion", { secretString: KEY }, { secretProps: [] }), [holds("inputs secretString")]);
    });
    it("wants a certificate's generated key to be a secret output", () => {
        const CERT = "aws:iot/certificate:Certificate";
        const plain = { message: "output privateKey is stored in plain text; it must be a secret output" };
        assert.deepEqual(run(CERT, {}, { outputs: { privateKey: "MIIEvQ" }, secretProps: [] }), [plain]);
        assert.deepEqual(run(CERT, {}, { outputs: { privateKey: "MIIEvQ" }, secretProps: ["privateKey"] }), []);
        assert.deepEqual(run(CERT, {}, { outputs: { privateKey: "[secret]" }, secretProps: [] }), []);
        assert.deepEqual(run(CERT, {}, { outputs: { privateKey: "" }, secretProps: [] }), []);
        assert.deepEqual(run(CERT, {}, { outputs: { privateKey: 7 }, secretProps: [] }), []);
        assert.deepEqual(run(CERT, {}, { outputs: { privateKey: KEY }, secretProps: [] }), [holds("outputs privateKey")]);
        assert.deepEqual(run(CERT, {}, { outputs: { privateKey: "MIIEvQ" }, secretProps: undefined }), []);
        assert.deepEqual(run("aws:s3/bucketObjectv2:BucketObjectv2", {}, { outputs: { privateKey: "MIIEvQ" }, secretProps: [] }), []);
    });
    it("checks stack outputs (the engine runs the stack part on a stack resource)", () => {
        const STACK = "pulumi:pulumi:Stack";
        assert.deepEqual(engine(RULE, [res(STACK, "fleet-eu", {}, { outputs: { gatewayKey: KEY, ok: "x" } })]), [
            { urn: urn(STACK, "fleet-eu"), message: holds("stack output gatewayKey").message },
        ]);
        assert.deepEqual(checkStack(RULE, [res(STACK, "fleet-eu", { keys: [KEY] })]), [
            { urn: urn(STACK, "fleet-eu"), message: holds("stack output keys[0]").message },
        ]);
    });
});
