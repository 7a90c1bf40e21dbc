/** iot-certificate-not-shared: the metadata and checks of one rule (see `details`). */
import { defineRule } from "../lib/define";
import { IOT_ATTACHMENT, IOT_ATTACHMENT_TYPES, IOT_CERTIFICATE_TYPES, IOT_THING_TYPES } from "../lib/iot";
import type { Finding, Rule } from "../lib/types";

export const rule: Rule = defineRule({
    name: "iot-certificate-not-shared",
    severity: "mandatory",
    securitySeverity: 9.1,
    description: "A certificate is attached to at most one thing.",
    mirrors: "Device Defender DEVICE_CERTIFICATE_SHARED_CHECK",
    details: "A device certificate is attached to at most one thing: a shared certificate is a shared identity.",
    stack: {
        types: IOT_ATTACHMENT_TYPES,
        check(stack) {
            const out: Finding[] = [];
            const things = new Map<string, { urn: string; label: string; things: Set<string> }>();
            for (const a of stack.ofType(...IOT_ATTACHMENT_TYPES)) {
                const principal = a.props.principal;
                const thingRef = a.type === IOT_ATTACHMENT ? a.props.thing : a.props.thingName;
                const cert = stack.resolve(principal, IOT_CERTIFICATE_TYPES);
                const thing = stack.resolve(thingRef, IOT_THING_TYPES);
                if (cert === "unknown" || thing === "unknown") {
                    out.push({
                        urn: a.urn,
                        message: "the certificate or thing of this attachment is unknown until the deployment runs; cannot be checked at preview",
                        unknown: true,
                    });
                    continue;
                }
                const key = cert ? cert.urn : String(principal);
                const entry = things.get(key) ?? { urn: cert ? cert.urn : a.urn, label: cert ? cert.name : String(principal), things: new Set<string>() };
                entry.things.add(thing ? thing.name : String(thingRef));
                things.set(key, entry);
            }
            for (const e of things.values()) {
                if (e.things.size > 1) {
                    out.push({
                        urn: e.urn,
                        message: `certificate ${e.label} is attached to ${e.things.size} things (${[...e.things].sort().join(", ")}); give each device its own certificate`,
                    });
                }
            }
            return out;
        },
    },
});
