/**
 * The analytics "data" VPC: private subnets in two AZs for Timestream for InfluxDB, Aurora, the
 * telemetry writer and Grafana. No internet gateway, no NAT: AWS APIs are reached through VPC
 * endpoints. It is not attached to the Transit Gateway (sites never talk to it), so its range only
 * has to stay clear of ranges it may be peered with later; 10.254.0.0/24 is reserved for it.
 */
export { DATA_VPC_CIDR } from "../model/routed";
export const DATA_SUBNETS = [
    { key: "a", cidr: "10.254.0.0/26", azIndex: 0 },
    { key: "b", cidr: "10.254.0.64/26", azIndex: 1 },
] as const;
export const INFLUX_PORT = 8086;

/** Interface endpoints the private resources need (gateway endpoints: s3, dynamodb). */
export function interfaceEndpoints(grafana: boolean): string[] {
    const services = ["secretsmanager", "xray"];
    if (grafana) services.push("athena", "monitoring");
    return services.sort();
}
