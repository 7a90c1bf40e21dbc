/**
 * Creation order: what AWS needs to exist before a resource can be created, checked as
 * reachability in a plan's dependency graph (explicit dependsOn and input dependencies, as the
 * engine records them).
 */
import type { PlannedResource } from "../../src/plan/plan";

/** Whether `to` is reachable from `from` through dependencies. */
export function reaches(byUrn: Map<string, PlannedResource>, from: PlannedResource, to: PlannedResource): boolean {
    const seen = new Set<string>();
    const stack = [...from.dependsOn];
    while (stack.length) {
        const u = stack.pop()!;
        if (u === to.urn) return true;
        if (seen.has(u)) continue;
        seen.add(u);
        stack.push(...(byUrn.get(u)?.dependsOn ?? []));
    }
    return false;
}

export interface OrderRule {
    name: string;
    /** AWS's requirement and its source. */
    why: string;
    /** For each resource the rule applies to, the resources it must reach (none found: a finding of its own when `required`). */
    check(resources: PlannedResource[]): { from: PlannedResource; needs: PlannedResource[]; missing?: string }[];
}

const byType = (rs: PlannedResource[], t: string) => rs.filter((r) => r.type === t);

/** s3://bucket/key of each artifact of a component version's recipe. */
function artifactUris(r: PlannedResource): { bucket: string; key: string }[] {
    const recipe = (typeof r.inputs.inlineRecipe === "string" ? JSON.parse(r.inputs.inlineRecipe) : r.inputs.inlineRecipe) as {
        Manifests?: { Artifacts?: { Uri?: string }[] }[];
    };
    return (recipe?.Manifests ?? []).flatMap((m) =>
        (m.Artifacts ?? []).flatMap((a) => {
            const m2 = /^s3:\/\/([^/]+)\/(.+)$/.exec(a.Uri ?? "");
            return m2 ? [{ bucket: m2[1], key: m2[2] }] : [];
        }),
    );
}

const OBJECT_TYPES = ["aws:s3/bucketObjectv2:BucketObjectv2", "aws:s3/bucketObject:BucketObject"];

export const ORDER_RULES: OrderRule[] = [
    {
        name: "fleet indexing → dynamic thing groups",
        why: "AWS IoT rejects CreateDynamicThingGroup until fleet indexing is enabled (AWS IoT developer guide, 'Dynamic thing groups')",
        check: (rs) =>
            rs
                .filter((r) => r.type === "aws-native:iot:ThingGroup" && r.inputs.queryString)
                .map((from) => ({
                    from,
                    needs: byType(rs, "aws:iot/indexingConfiguration:IndexingConfiguration"),
                    missing: "no fleet indexing configuration in the plan",
                })),
    },
    {
        name: "artifact objects → component versions",
        why: "CreateComponentVersion checks that each artifact's S3 object exists (Greengrass V2 developer guide, 'Upload components'; an artifact missing then fails the version)",
        check: (rs) =>
            byType(rs, "aws-native:greengrassv2:ComponentVersion").flatMap((from) =>
                artifactUris(from).map((u) => {
                    const objects = rs.filter((o) => OBJECT_TYPES.includes(o.type) && o.inputs.bucket === u.bucket && o.inputs.key === u.key);
                    return { from, needs: objects, missing: `no object uploads s3://${u.bucket}/${u.key}` };
                }),
            ),
    },
    {
        name: "recorder → delivery channel → recorder status",
        why: "PutDeliveryChannel needs a configuration recorder; StartConfigurationRecorder needs a delivery channel (AWS Config developer guide)",
        check: (rs) => [
            ...byType(rs, "aws:cfg/deliveryChannel:DeliveryChannel").map((from) => ({
                from,
                needs: byType(rs, "aws:cfg/recorder:Recorder"),
                missing: "no recorder",
            })),
            ...byType(rs, "aws:cfg/recorderStatus:RecorderStatus").map((from) => ({
                from,
                needs: byType(rs, "aws:cfg/deliveryChannel:DeliveryChannel"),
                missing: "no delivery channel",
            })),
        ],
    },
    {
        name: "Security Hub → standards",
        why: "BatchEnableStandards needs Security Hub enabled in the account and region (Security Hub API reference)",
        check: (rs) =>
            byType(rs, "aws:securityhub/standardsSubscription:StandardsSubscription").map((from) => ({
                from,
                needs: byType(rs, "aws:securityhub/account:Account"),
                missing: "no Security Hub account",
            })),
    },
    {
        name: "role policy → IoT logging options",
        why: "SetV2LoggingOptions is accepted with a role AWS IoT cannot yet use; logs then fail until the policy exists (AWS IoT developer guide, 'Configure AWS IoT logging')",
        check: (rs) =>
            byType(rs, "aws:iot/loggingOptions:LoggingOptions").map((from) => {
                const role = rs.find((r) => r.type === "aws:iam/role:Role" && r.urn && from.dependsOn.includes(r.urn));
                const roleName = role ? role.name : undefined;
                return {
                    from,
                    needs: rs.filter((p) => p.type === "aws:iam/rolePolicy:RolePolicy" && roleName !== undefined && p.inputs.role === roleName),
                    missing: "no policy of the logging role",
                };
            }),
    },
    {
        name: "Lambda permission → bucket notification",
        why: "PutBucketNotificationConfiguration validates that S3 may invoke each function (Amazon S3 user guide, 'Granting permissions to invoke an AWS Lambda function')",
        check: (rs) =>
            byType(rs, "aws:s3/bucketNotification:BucketNotification").flatMap((from) =>
                ((from.inputs.lambdaFunctions as { lambdaFunctionArn: string }[]) ?? []).map((l) => ({
                    from,
                    needs: rs.filter(
                        (p) =>
                            p.type === "aws:lambda/permission:Permission" &&
                            p.inputs.principal === "s3.amazonaws.com" &&
                            (p.inputs.function === l.lambdaFunctionArn || String(l.lambdaFunctionArn).endsWith(`:function:${String(p.inputs.function)}`)),
                    ),
                    missing: `no lambda permission for s3.amazonaws.com on ${l.lambdaFunctionArn}`,
                })),
            ),
    },
];

export interface OrderFinding {
    rule: string;
    urn: string;
    problem: string;
}

/** Findings of every rule on one region's resources: a needed resource that is missing, or not reachable. */
export function orderFindings(resources: PlannedResource[], rules = ORDER_RULES): OrderFinding[] {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const out: OrderFinding[] = [];
    for (const rule of rules)
        for (const { from, needs, missing } of rule.check(resources)) {
            if (needs.length === 0) out.push({ rule: rule.name, urn: from.urn, problem: missing ?? "nothing it needs is in the plan" });
            else if (!needs.some((n) => reaches(byUrn, from, n)))
                out.push({ rule: rule.name, urn: from.urn, problem: `does not depend on ${needs.map((n) => n.name).join(" or ")}` });
        }
    return out;
}
