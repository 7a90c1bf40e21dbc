/** ot-remote-access-via-jump-host: the metadata and checks of one rule (see `details`). */
import { defineRule } from "../lib/define";
import { REMOTE_ACCESS_PORTS, REMOTE_ACCESS_PROTOCOLS, remoteAccessTool } from "../lib/purdue";
import { elementFindings } from "../lib/design";
import type { Rule } from "../lib/types";

const PORT_LIST = REMOTE_ACCESS_PORTS.map((r) => `${r.what} ${r.from === r.to ? r.from : `${r.from}-${r.to}`}`).join(", ");

export const rule: Rule = defineRule({
    name: "ot-remote-access-via-jump-host",
    severity: "mandatory",
    securitySeverity: 9.3,
    description: "Remote access (SSH, RDP, VNC, Telnet, engineering tools) reaches Purdue levels 0-2 only from a jump host in the industrial DMZ (level 3.5).",
    mirrors: "ISA/IEC 62443-3-3 SR 1.13 (access via untrusted networks), CISA/NSA remote-access guidance for OT",
    details: `An interactive or engineering session into a control zone (level 0, 1 or 2) starts on a jump host in the industrial DMZ (level 3.5), where it is authenticated and recorded, never from a workstation at level 3 or above, nor from another control zone. A conduit to level 0-2 is remote access when its protocol is ssh or rdp or one of its ports is a remote-access or engineering port: ${PORT_LIST}. Data protocols that engineering tools also use (S7 102, EtherNet/IP 44818, OPC UA 4840) are not counted; a conduit over them that skips levels is caught by ot-purdue-adjacent-levels.`,
    model: (site) =>
        elementFindings(site, "conduit", site.conduits, (c) => {
            if (c.toLevel > 2 || c.fromLevel === 3.5) return [];
            const byPort = c.ports.flatMap((p) => {
                const what = remoteAccessTool(p.port);
                return what ? [`${what} (port ${p.port})`] : [];
            });
            const tools = byPort.length
                ? byPort
                : REMOTE_ACCESS_PROTOCOLS.has(c.protocol)
                  ? [`${c.protocol.toUpperCase()} (port ${c.ports.map((p) => p.port).join(", ")})`]
                  : [];
            if (tools.length === 0) return [];
            return [
                `conduit ${c.name} opens ${tools.join(", ")} into Purdue level ${c.toLevel} (${c.to}) from level ${c.fromLevel} (${c.from}); remote access into levels 0-2 starts on a jump host in the industrial DMZ (level 3.5): open it from a 3.5 segment`,
            ];
        }),
});
