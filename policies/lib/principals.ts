/**
 * Who a resource-policy statement lets in, by meaning: `*`, `{"AWS": "*"}`, `{"AWS": ["*"]}`,
 * a `*` among other principals, and `NotPrincipal` on an Allow (everyone but the named ones) are
 * all public; a condition makes a public statement non-public only when it constrains the caller
 * with a key that names an account, organization, source or network and a value that is not a
 * wildcard. An empty condition, or one on keys anyone satisfies (aws:SecureTransport,
 * aws:CurrentTime, aws:UserAgent ...), does not, nor does a `ForAllValues:` operator (true when the key
 * is absent: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html).
 *
 * Keys: IAM User Guide, "AWS global condition context keys"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).
 */
import type { Statement } from "./policy-doc";
import { isObject, list } from "./values";

/** Condition keys that tie a request to named accounts, organizations, sources or networks. */
const CONSTRAINING_KEYS = new Set(
    [
        "aws:SourceArn",
        "aws:SourceAccount",
        "aws:SourceOwner",
        "aws:SourceOrgID",
        "aws:SourceOrgPaths",
        "aws:PrincipalOrgID",
        "aws:PrincipalOrgPaths",
        "aws:PrincipalAccount",
        "aws:PrincipalArn",
        "aws:PrincipalServiceName",
        "aws:SourceVpc",
        "aws:SourceVpce",
        "aws:SourceIp",
        "aws:VpcSourceIp",
        "aws:ResourceAccount",
        "kms:CallerAccount",
        "kms:ViaService",
        "sns:Endpoint",
        "events:source",
        "iot:ClientId",
    ].map((k) => k.toLowerCase()),
);

/** Whether a principal value is everyone: `*`, or `*` under any principal type. */
export function principalIsPublic(principal: unknown): boolean {
    if (principal === "*") return true;
    if (isObject(principal)) return Object.values(principal).some((v) => list(v).some((p) => typeof p === "string" && p.trim() === "*"));
    return false;
}

/** Whether a condition block constrains the caller (a constraining key with a non-wildcard value, not negated into "anything but"). */
export function conditionConstrains(condition: unknown): boolean {
    if (!isObject(condition)) return false;
    for (const [written, block] of Object.entries(condition)) {
        // Set operators (IAM User Guide, "Set operators for multivalued context keys"): ForAllValues
        // holds when the key is absent, so it constrains nothing; ForAnyValue: judged like the operator after it.
        const operator = written.replace(/^ForAnyValue:/i, "");
        if (!isObject(block) || /^ForAllValues:/i.test(operator)) continue;
        if (/^(StringNot|ArnNot|NotIpAddress|Null)/i.test(operator) || /IfExists$/i.test(operator)) continue;
        for (const [key, value] of Object.entries(block)) {
            const values = list(value).map(String);
            if (
                CONSTRAINING_KEYS.has(key.toLowerCase()) &&
                values.length > 0 &&
                values.every((v) => v.trim() !== "" && !/^[*?]+$/.test(v.trim()) && v.trim() !== "0.0.0.0/0" && v.trim() !== "::/0")
            )
                return true;
        }
    }
    return false;
}

/** Whether an Allow statement of a resource policy lets anyone in (principal and condition judged together). */
export function isPublicStatement(s: Statement): boolean {
    if (s.effect !== "Allow") return false;
    const open = s.notPrincipal !== undefined || principalIsPublic(s.principal);
    return open && !conditionConstrains(s.condition);
}
