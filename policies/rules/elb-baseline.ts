/** elb-baseline: the metadata and checks of one rule (see `details`). */
import { defineRule } from "../lib/define";
import type { ResourceFinding, Rule } from "../lib/types";
import { containsUnknown, get, isObject, list } from "../lib/values";

const LB = ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"];
const LISTENER = ["aws:lb/listener:Listener", "aws:alb/listener:Listener"];

export const rule: Rule = defineRule({
    name: "elb-baseline",
    severity: "mandatory",
    securitySeverity: 6.5,
    description: "Load balancers log access and are deletion-protected; HTTP listeners only redirect to HTTPS.",
    mirrors: "awsguard elb-access-logging-enabled, elb-deletion-protection-enabled, alb-http-to-https-redirection; Security Hub ELB.1, ELB.5, ELB.6",
    details:
        "Application and network load balancers (`aws:lb/*` and the `aws:alb/*` aliases) write access logs to a bucket and have deletion protection on; a listener on plain HTTP has only a redirect to HTTPS as its default action.",
    resource: {
        types: [...LB, ...LISTENER],
        check(r) {
            const out: ResourceFinding[] = [];
            const unknown = (what: string) =>
                out.push({ message: `${what} is unknown until the deployment runs; cannot be checked at preview`, unknown: true });
            if (LB.includes(r.type)) {
                const logs = get(r.props, "accessLogs.enabled");
                if (containsUnknown(logs)) unknown("accessLogs");
                else if (logs !== true || !get(r.props, "accessLogs.bucket"))
                    out.push({ message: "access logging is off; set accessLogs { bucket, enabled: true }" });
                const del = r.props.enableDeletionProtection;
                if (containsUnknown(del)) unknown("enableDeletionProtection");
                else if (del !== true) out.push({ message: "deletion protection is off; set enableDeletionProtection: true" });
            } else {
                const protocol = String(r.props.protocol ?? "").toUpperCase();
                const actions = list(r.props.defaultActions).filter(isObject);
                if (containsUnknown(r.props.protocol) || containsUnknown(actions)) unknown("the listener");
                else if (
                    protocol === "HTTP" &&
                    !(actions.length > 0 && actions.every((a) => a.type === "redirect" && String(get(a, "redirect.protocol")).toUpperCase() === "HTTPS"))
                )
                    out.push({ message: "the HTTP listener serves traffic; its default action must be a redirect to HTTPS" });
            }
            return out;
        },
    },
});
