/** The apps platform's fixed choices and names. */

/** Kubernetes version of the apps cluster: in EKS standard support through 2026. */
export const EKS_VERSION = "1.34";

/** Every control-plane log type EKS offers (Security Hub EKS.8 wants audit at least). */
export const EKS_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;

/** AWS managed policies of the node role (worker, CNI, image pulls), by name. */
export const EKS_NODE_POLICIES = ["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly"] as const;

export function appsNames(fleet: string, region: string) {
    return {
        /** EKS cluster names: at most 100 of `[0-9A-Za-z_-]`, starting alphanumeric. */
        eksCluster: `${fleet}-apps`,
        nodeGroup: `${fleet}-apps-general`,
        ecsCluster: `${fleet}-apps`,
        /** Cloud Map HTTP namespace of Service Connect. */
        serviceConnectNamespace: `${fleet}-apps.${region}.internal`,
        ecsExecLogGroup: `/fleet/${fleet}/ecs-exec`,
    };
}
