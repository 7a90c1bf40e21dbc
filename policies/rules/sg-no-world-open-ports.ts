/** sg-no-world-open-ports: the metadata and checks of one rule (see `details`). */
import { CLEARTEXT_OT_PORTS } from "../../src/model/protocols";
import { defineRule } from "../lib/define";
import { addressCoverage, cidrSet } from "../lib/nfw";
import type { ResourceFinding, Rule, RuleResource } from "../lib/types";
import { containsUnknown, isObject, list } from "../lib/values";

/** Remote administration: SSH, RDP, VNC, WinRM, Telnet. */
export const ADMIN_PORTS: readonly number[] = [22, 23, 3389, 5900, 5985, 5986];
/** OT protocols besides the cleartext ones of the conduit rules: OPC UA (4840), BACnet (47808), PROFINET (34962-34964). */
export const OT_PORTS: readonly number[] = [...CLEARTEXT_OT_PORTS, 4840, 47808, 34962, 34963, 34964].sort((a, b) => a - b);

interface Ingress {
    from: number;
    to: number;
    protocol: string;
    cidrs: string[];
}

/** Ingress permissions of the security group types, as port ranges and CIDRs. */
function ingressOf(r: RuleResource): Ingress[] {
    const one = (x: Record<string, unknown>, cidrKeys: string[], proto: string): Ingress => ({
        from: Number(x.fromPort ?? 0),
        to: Number(x.toPort ?? 65535),
        protocol: String(x[proto] ?? "-1"),
        cidrs: cidrKeys.flatMap((k) => list(x[k]).map(String)),
    });
    switch (r.type) {
        case "aws:ec2/securityGroup:SecurityGroup":
            return list(r.props.ingress)
                .filter(isObject)
                .map((x) => one(x, ["cidrBlocks", "ipv6CidrBlocks"], "protocol"));
        case "aws:ec2/securityGroupRule:SecurityGroupRule":
            return r.props.type === "ingress" ? [one(r.props, ["cidrBlocks", "ipv6CidrBlocks"], "protocol")] : [];
        case "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule":
            return [one(r.props, ["cidrIpv4", "cidrIpv6"], "ipProtocol")];
        case "aws-native:ec2:SecurityGroup":
            return list(r.props.securityGroupIngress)
                .filter(isObject)
                .map((x) => one(x, ["cidrIp", "cidrIpv6"], "ipProtocol"));
        case "aws-native:ec2:SecurityGroupIngress":
            return [one(r.props, ["cidrIp", "cidrIpv6"], "ipProtocol")];
        default:
            return [];
    }
}

export const rule: Rule = defineRule({
    name: "sg-no-world-open-ports",
    severity: "mandatory",
    securitySeverity: 8.6,
    description: "No security group admits the internet to remote-administration or OT ports.",
    mirrors: "awsguard ec2-security-group-no-ssh/rdp-from-internet, Security Hub EC2.13, EC2.14, EC2.19",
    details:
        "No security group (aws and aws-native, inline rules and separate rule resources) admits a source that covers the internet (`0.0.0.0/0`, `::/0`, or any CIDR list that covers at least half of IPv4 or IPv6, e.g. `0.0.0.0/1` with `128.0.0.0/1`) to a port of remote administration (SSH 22, Telnet 23, RDP 3389, VNC 5900, WinRM 5985-5986) or of an OT protocol (Modbus 502, S7 102, EtherNet/IP 44818 and 2222, DNP3 20000, MQTT 1883, OPC UA 4840, BACnet 47808, PROFINET 34962-34964), including through all-protocol (`-1`) rules and port ranges that contain them.",
    resource: {
        types: [
            "aws:ec2/securityGroup:SecurityGroup",
            "aws:ec2/securityGroupRule:SecurityGroupRule",
            "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
            "aws-native:ec2:SecurityGroup",
            "aws-native:ec2:SecurityGroupIngress",
        ],
        check(r) {
            const out: ResourceFinding[] = [];
            for (const rule of ingressOf(r)) {
                if (containsUnknown(rule.cidrs)) {
                    out.push({ message: "an ingress CIDR is unknown until the deployment runs; cannot be checked at preview", unknown: true });
                    continue;
                }
                let world: boolean;
                try {
                    const sets = rule.cidrs.map(cidrSet);
                    world = addressCoverage({ v4: sets.flatMap((s) => s.v4), v6: sets.flatMap((s) => s.v6) }) !== "bounded";
                } catch (e) {
                    out.push({ message: (e as Error).message });
                    continue;
                }
                if (!world) continue;
                const all = ["-1", "all"].includes(rule.protocol.toLowerCase());
                const lo = all ? 0 : rule.from;
                const hi = all ? 65535 : rule.to < 0 ? 65535 : rule.to;
                const hit = [...ADMIN_PORTS, ...OT_PORTS].filter((p) => p >= lo && p <= hi);
                if (hit.length)
                    out.push({
                        message: `ingress from ${rule.cidrs.join(", ")} (the internet) to ports ${lo === hi ? lo : `${lo}-${hi}`} opens ${hit.slice(0, 6).join(", ")}${hit.length > 6 ? ", ..." : ""} (remote administration / OT) to the world; allow only the jump host's or the site's CIDR`,
                    });
            }
            return out;
        },
    },
});
