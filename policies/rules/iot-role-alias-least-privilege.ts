/** iot-role-alias-least-privilege: the metadata and checks of one rule (see `details`). */
import { expandAction, grantsEverything, wholeServices } from "../lib/actions";
import { defineRule } from "../lib/define";
import { identityPolicyDocuments, parsePolicyDocument, statementName } from "../lib/policy-doc";
import type { Finding, Rule, RuleResource, StackView } from "../lib/types";
import { containsUnknown, list, show } from "../lib/values";

/** Longest credential lifetime the alias may hand out, in seconds. */
export const MAX_CREDENTIAL_SECONDS = 3600;
const ALIAS_TYPES = ["aws:iot/roleAlias:RoleAlias", "aws-native:iot:RoleAlias"] as const;
const ROLE_TYPES = ["aws:iam/role:Role", "aws-native:iam:Role"];
const POLICY_TYPES = ["aws:iam/policy:Policy", "aws-native:iam:ManagedPolicy"];
/** Services whose actions manage identities and accounts, and their two harmless actions. */
const ADMIN_SERVICES = new Set(["iam", "organizations", "sts"]);
const HARMLESS = new Set(["sts:getcalleridentity", "sts:tagsession"]);
/** AWS managed policies that grant administrative rights. */
const BROAD_MANAGED = /:policy\/(AdministratorAccess|PowerUserAccess|IAMFullAccess|AWSOrganizationsFullAccess)$/;

/** Problems of one statement list's actions, for the role of an alias. */
function actionProblems(doc: unknown, where: string): { message: string; unknown?: boolean }[] {
    const parsed = parsePolicyDocument(doc);
    if (!parsed.ok) return [{ message: `${where}: ${parsed.error}`, ...(parsed.unknown ? { unknown: true } : {}) }];
    const out: { message: string }[] = [];
    for (const s of parsed.statements) {
        if (s.effect !== "Allow") continue;
        if (s.notActions) out.push({ message: `${where} ${statementName(s)} allows NotAction, which grants every other action` });
        for (const a of s.actions) {
            const whole = grantsEverything([a]) ? ["every service"] : wholeServices([a]);
            const admin = expandAction(a).filter((x) => ADMIN_SERVICES.has(x.split(":")[0].toLowerCase()) && !HARMLESS.has(x.toLowerCase()));
            if (whole.length)
                out.push({
                    message: `${where} ${statementName(s)} allows ${JSON.stringify(a)}, which grants every action of ${whole.join(", ")}; list the actions the devices need`,
                });
            else if (admin.length)
                out.push({
                    message: `${where} ${statementName(s)} allows ${JSON.stringify(a)} (${admin.slice(0, 3).join(", ")}${admin.length > 3 ? ", ..." : ""}); device credentials must not manage identities or accounts`,
                });
        }
    }
    return out;
}

function checkAlias(alias: RuleResource, stack: StackView): Finding[] {
    const out: Finding[] = [];
    const at = (f: { message: string; unknown?: boolean }): Finding => ({ ...f, urn: alias.urn });
    const duration = alias.type === "aws-native:iot:RoleAlias" ? alias.props.credentialDurationSeconds : alias.props.credentialDuration;
    if (containsUnknown(duration))
        out.push(at({ message: "credentialDuration is unknown until the deployment runs; cannot be checked at preview", unknown: true }));
    else if (typeof duration === "number" && duration > MAX_CREDENTIAL_SECONDS) {
        out.push(at({ message: `credentialDuration is ${duration} s; device credentials must expire within ${MAX_CREDENTIAL_SECONDS} s` }));
    }
    const role = stack.resolve(alias.props.roleArn, ROLE_TYPES);
    if (role === "unknown") return [...out, at({ message: "roleArn is unknown until the deployment runs; cannot be checked at preview", unknown: true })];
    if (!role) return [...out, at({ message: `the role ${show(alias.props.roleArn)} is not in this stack; its permissions cannot be checked`, unknown: true })];
    const roleName = `role ${role.name}`;
    for (const [where, doc] of identityPolicyDocuments(role)) out.push(...actionProblems(doc, `${roleName} ${where}`).map(at));
    for (const rp of stack.ofType("aws:iam/rolePolicy:RolePolicy")) {
        if (stack.resolve(rp.props.role, ROLE_TYPES) === role) out.push(...actionProblems(rp.props.policy, `${roleName} policy ${rp.name}`).map(at));
    }
    const attached: unknown[] = [...list(role.props.managedPolicyArns)];
    for (const a of stack.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")) {
        if (stack.resolve(a.props.role, ROLE_TYPES) === role) attached.push(a.props.policyArn);
    }
    for (const arn of attached) {
        if (typeof arn === "string" && BROAD_MANAGED.test(arn)) {
            out.push(at({ message: `${roleName} has the AWS managed policy ${arn} attached; device credentials must not be administrative` }));
            continue;
        }
        const policy = stack.resolve(arn, POLICY_TYPES);
        if (policy === "unknown")
            out.push(at({ message: `${roleName}: an attached policy ARN is unknown until the deployment runs; cannot be checked at preview`, unknown: true }));
        else if (!policy)
            out.push(at({ message: `${roleName}: the attached policy ${show(arn)} is not in this stack; its permissions cannot be checked`, unknown: true }));
        else for (const [, doc] of identityPolicyDocuments(policy)) out.push(...actionProblems(doc, `${roleName} policy ${policy.name}`).map(at));
    }
    return out;
}

export const rule: Rule = defineRule({
    name: "iot-role-alias-least-privilege",
    severity: "mandatory",
    securitySeverity: 8.2,
    description: "The role behind a role alias has no `*` actions, no IAM/Organizations actions, and credentials last at most 3,600 seconds.",
    mirrors: "Device Defender IOT_ROLE_ALIAS_OVERLY_PERMISSIVE_CHECK",
    details:
        "The IAM role behind an IoT role alias (what devices get credentials for) grants no action pattern that covers a whole service (`*`, `s3:*`, `S3:**`, judged against the AWS action list), no action of IAM, Organizations or STS (however spelled: `IAM:Create*`, `i?m:*`, `*:CreateUser`; sts:GetCallerIdentity and sts:TagSession excepted), and the alias hands out credentials for at most an hour.",
    stack: {
        types: ALIAS_TYPES,
        check: (stack) => stack.ofType(...ALIAS_TYPES).flatMap((a) => checkAlias(a, stack)),
    },
});
