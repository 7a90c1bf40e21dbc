/** Reading the firewall's per-AZ endpoint out of Network Firewall's status output. */

export interface FirewallSyncState {
    availabilityZone?: string;
    attachments?: { endpointId?: string; subnetId?: string }[];
}

/**
 * The firewall endpoint (a VPC endpoint id, `vpce-…`) serving `az`, or undefined before the
 * firewall reports it (offline plans). Routes of the Transit Gateway subnets in `az` target it, so
 * traffic is inspected in the zone it entered and stays symmetric.
 */
export function firewallEndpointIn(statuses: { syncStates?: FirewallSyncState[] }[] | undefined, az: string): string | undefined {
    for (const s of statuses ?? []) {
        for (const st of s.syncStates ?? []) {
            if (st.availabilityZone === az) return st.attachments?.find((a) => a.endpointId)?.endpointId;
        }
    }
    return undefined;
}
