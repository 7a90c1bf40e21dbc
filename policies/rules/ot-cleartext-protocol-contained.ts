/** ot-cleartext-protocol-contained: the metadata and checks of one rule (see `details`). */
import { defineRule } from "../lib/define";
import { CLEARTEXT_OT_PORTS, CLEARTEXT_OT_PROTOCOLS, NORTHBOUND_PORTS } from "../../src/model/protocols";
import { elementFindings } from "../lib/design";
import type { Rule } from "../lib/types";

export const rule: Rule = defineRule({
    name: "ot-cleartext-protocol-contained",
    severity: "mandatory",
    securitySeverity: 8.1,
    description:
        "Modbus/TCP (502), EtherNet/IP (44818, 2222), S7 (102), DNP3 (20000) and MQTT (1883) never cross the industrial DMZ; northbound across it and to `cloud` only 8883 and 443.",
    mirrors: "ISA/IEC 62443 zones and conduits",
    details:
        "Cleartext OT protocols (Modbus/TCP 502, EtherNet/IP 44818 and 2222, S7 102, DNP3 20000, MQTT 1883) never cross the industrial DMZ, and what goes north across it or to `cloud` uses only 8883 and 443. A conduit crosses the DMZ when one end is at level 3 or below and the other at level 4 or above (`cloud` counts as 5).",
    model: (site) =>
        elementFindings(site, "conduit", site.conduits, (c) => {
            const low = Math.min(c.fromLevel, c.toLevel);
            const high = Math.max(c.fromLevel, c.toLevel);
            const crosses = low <= 3 && high >= 4;
            const toCloud = c.to === "cloud";
            if (!crosses && !toCloud) return [];
            const conduit = `conduit ${c.name} (${c.from} -> ${c.to})`;
            const cleartextPorts = c.ports.filter((p) => CLEARTEXT_OT_PORTS.has(p.port)).map((p) => p.port);
            if (CLEARTEXT_OT_PROTOCOLS.has(c.protocol) || cleartextPorts.length)
                return [
                    `${conduit} carries cleartext ${c.protocol}${cleartextPorts.length ? ` on port ${cleartextPorts.join(", ")}` : ""} across the industrial DMZ; terminate it on a level-3.5 gateway and forward over TLS (8883 or 443)`,
                ];
            const northbound = toCloud || c.toLevel > c.fromLevel;
            const other = c.ports.filter((p) => !NORTHBOUND_PORTS.has(p.port)).map((p) => p.port);
            return northbound && other.length
                ? [`${conduit} goes north across the industrial DMZ on port ${other.join(", ")}; only 8883 (MQTT over TLS) and 443 (HTTPS) may`]
                : [];
        }),
});
