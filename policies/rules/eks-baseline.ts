/** eks-baseline: the metadata and checks of one rule (see `details`). */
import { defineRule } from "../lib/define";
import type { ResourceFinding, Rule, RuleResource } from "../lib/types";
import { containsUnknown, get, list } from "../lib/values";

export const REQUIRED_LOGS = ["api", "audit", "authenticator"];

/**
 * The cluster that the @pulumi/eks component creates, from the component's inputs. It is a
 * remote component: in plans and previews only its inputs are seen, not its child cluster.
 * The component's defaults are a public endpoint and no control-plane logs.
 */
function asAwsCluster(r: RuleResource): RuleResource {
    const p = r.props;
    return {
        ...r,
        props: {
            vpcConfig: {
                endpointPrivateAccess: p.endpointPrivateAccess,
                endpointPublicAccess: p.endpointPublicAccess ?? true,
                publicAccessCidrs: p.publicAccessCidrs,
            },
            encryptionConfig: p.encryptionConfigKeyArn === undefined ? undefined : { resources: ["secrets"], provider: { keyArn: p.encryptionConfigKeyArn } },
            enabledClusterLogTypes: p.enabledClusterLogTypes ?? [],
        },
    };
}

export const rule: Rule = defineRule({
    name: "eks-baseline",
    severity: "mandatory",
    securitySeverity: 7.5,
    description: "Private endpoint or restricted CIDRs, secrets encryption, api/audit/authenticator control-plane logs.",
    mirrors: "Security Hub EKS.1-EKS.8",
    details:
        "EKS clusters: the API endpoint is private or limited to known CIDRs, Kubernetes secrets are envelope-encrypted with KMS, and the api, audit and authenticator control-plane logs are on.",
    resource: {
        types: ["aws:eks/cluster:Cluster", "eks:index:Cluster"],
        check(resource) {
            const r = resource.type === "eks:index:Cluster" ? asAwsCluster(resource) : resource;
            const out: ResourceFinding[] = [];
            const vpc = r.props.vpcConfig;
            if (containsUnknown([get(vpc, "endpointPublicAccess"), get(vpc, "publicAccessCidrs")]))
                out.push({ message: "the endpoint access is unknown until the deployment runs; cannot be checked at preview", unknown: true });
            else {
                const isPublic = get(vpc, "endpointPublicAccess") !== false;
                const cidrs = list(get(vpc, "publicAccessCidrs")).map(String);
                if (isPublic && (cidrs.length === 0 || cidrs.includes("0.0.0.0/0")))
                    out.push({
                        message:
                            "the API endpoint is public to the internet; set vpcConfig.endpointPublicAccess: false (and endpointPrivateAccess: true) or restrict publicAccessCidrs",
                    });
            }
            const enc = r.props.encryptionConfig;
            if (containsUnknown(enc))
                out.push({ message: "encryptionConfig is unknown until the deployment runs; cannot be checked at preview", unknown: true });
            else if (!list(get(enc, "resources")).includes("secrets") || !get(enc, "provider.keyArn"))
                out.push({ message: 'Kubernetes secrets are not encrypted with KMS; set encryptionConfig { resources: ["secrets"], provider: { keyArn } }' });
            const logs = r.props.enabledClusterLogTypes;
            if (containsUnknown(logs))
                out.push({ message: "enabledClusterLogTypes is unknown until the deployment runs; cannot be checked at preview", unknown: true });
            else {
                const missing = REQUIRED_LOGS.filter((l) => !list(logs).includes(l));
                if (missing.length) out.push({ message: `control-plane logs ${missing.join(", ")} are off; add them to enabledClusterLogTypes` });
            }
            return out;
        },
    },
});
