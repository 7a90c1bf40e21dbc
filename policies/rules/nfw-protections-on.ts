/** nfw-protections-on: the metadata and checks of one rule (see `details`). */
import { defineRule } from "../lib/define";
import { NFW_FIREWALL, NFW_LOGGING, NFW_POLICY, NFW_RULE_GROUP } from "../lib/nfw";
import type { Finding, ResourceFinding, Rule, RuleResource } from "../lib/types";
import { containsUnknown, get, isObject, list } from "../lib/values";

/**
 * Both providers' types. aws-native (CloudFormation) has the same protection, mapping and logging
 * properties but no encryptionConfiguration on any Network Firewall resource (@pulumi/aws-native
 * 1.79 networkfirewall/*.d.ts), so a customer key can only be set through the aws provider.
 */
const FIREWALLS = [NFW_FIREWALL, "aws-native:networkfirewall:Firewall"];
const ENCRYPTED = [...FIREWALLS, NFW_POLICY, "aws-native:networkfirewall:FirewallPolicy", NFW_RULE_GROUP, "aws-native:networkfirewall:RuleGroup"];
const LOGGING = [NFW_LOGGING, "aws-native:networkfirewall:LoggingConfiguration"];

function customerKey(r: RuleResource, out: ResourceFinding[]): void {
    if (r.type.startsWith("aws-native:")) {
        out.push({
            message: `aws-native cannot give ${r.type} a customer KMS key (CloudFormation has no encryptionConfiguration); declare it with the aws provider (aws.networkfirewall) and set encryptionConfiguration`,
        });
        return;
    }
    const enc = r.props.encryptionConfiguration;
    if (containsUnknown(get(enc, "type")))
        out.push({ message: "encryptionConfiguration is unknown until the deployment runs; cannot be checked at preview", unknown: true });
    else if (get(enc, "type") !== "CUSTOMER_KMS" || !get(enc, "keyId"))
        out.push({ message: `encryptionConfiguration is ${JSON.stringify(enc ?? null)}; use { type: "CUSTOMER_KMS", keyId: <the region's key> }` });
}

export const rule: Rule = defineRule({
    name: "nfw-protections-on",
    severity: "mandatory",
    securitySeverity: 7.5,
    description:
        "Delete, subnet-change and policy-change protection; flow and alert logging; at least two Availability Zones; customer KMS key on firewall, policy and rule groups.",
    mirrors: "Security Hub NetworkFirewall.1-10",
    details:
        "The firewall cannot be deleted, moved or re-pointed by accident (delete, subnet-change and policy-change protection), spans at least two Availability Zones, is encrypted with a customer KMS key (firewall, policy and rule groups; aws-native has no encryptionConfiguration, so its Network Firewall resources are reported), and logs both flows and alerts.",
    resource: {
        types: ENCRYPTED,
        check(r) {
            const out: ResourceFinding[] = [];
            customerKey(r, out);
            if (!FIREWALLS.includes(r.type)) return out;
            for (const key of ["deleteProtection", "subnetChangeProtection", "firewallPolicyChangeProtection"]) {
                const v = r.props[key];
                if (containsUnknown(v)) out.push({ message: `${key} is unknown until the deployment runs; cannot be checked at preview`, unknown: true });
                else if (v !== true) out.push({ message: `${key} is ${JSON.stringify(v ?? false)}; set it to true` });
            }
            const subnets = r.props.subnetMappings;
            const zones = r.props.availabilityZoneMappings;
            if (containsUnknown(subnets) || containsUnknown(zones))
                out.push({ message: "the firewall's subnets or zones are unknown until the deployment runs; cannot be checked at preview", unknown: true });
            else {
                const nSubnets = new Set(
                    list(subnets)
                        .filter(isObject)
                        .map((s) => String(s.subnetId)),
                ).size;
                const nZones = new Set(
                    list(zones)
                        .filter(isObject)
                        // aws: availabilityZoneId; aws-native: availabilityZone
                        .map((z) => String(z.availabilityZoneId ?? z.availabilityZone)),
                ).size;
                if (Math.max(nSubnets, nZones) < 2)
                    out.push({
                        message: `the firewall has ${Math.max(nSubnets, nZones)} subnet/zone mapping${Math.max(nSubnets, nZones) === 1 ? "" : "s"}; map at least two Availability Zones`,
                    });
            }
            return out;
        },
    },
    stack: {
        types: FIREWALLS,
        check(stack) {
            const out: Finding[] = [];
            const logged = new Map<string, Set<string>>();
            let unknownLogs = false;
            for (const l of stack.ofType(...LOGGING)) {
                const fw = stack.resolve(l.props.firewallArn, FIREWALLS);
                if (fw === "unknown") {
                    unknownLogs = true;
                    continue;
                }
                if (!fw) continue;
                const types = logged.get(fw.urn) ?? new Set<string>();
                for (const d of list(get(l.props, "loggingConfiguration.logDestinationConfigs"))) types.add(String(get(d, "logType")));
                logged.set(fw.urn, types);
            }
            for (const fw of stack.ofType(...FIREWALLS)) {
                const types = logged.get(fw.urn) ?? new Set<string>();
                const missing = ["FLOW", "ALERT"].filter((t) => !types.has(t));
                if (missing.length === 0) continue;
                if (unknownLogs)
                    out.push({
                        urn: fw.urn,
                        message: "a logging configuration's firewall is unknown until the deployment runs; cannot be checked at preview",
                        unknown: true,
                    });
                else
                    out.push({
                        urn: fw.urn,
                        message: `the firewall logs no ${missing.join(" and no ")} traffic; add an aws.networkfirewall.LoggingConfiguration with FLOW and ALERT destinations`,
                    });
            }
            return out;
        },
    },
});
