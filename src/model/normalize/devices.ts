/** Gateways (with their IoT names and CSRs) and PLCs. */
import { csrProblem } from "../csr";
import { show } from "../diagnostics";
import { nameProblem, siteResourceNames as names } from "../names";
import type { GatewayModel, PlcModel } from "../types";
import { cmp, type SiteContext } from "./context";
import { defaultPort } from "./sources";
import type { SiteSegments } from "./segments";

export interface SiteDevices {
    mode: "fleet-claim" | "csr" | "aws-generated";
    gateways: GatewayModel[];
    gatewayNames: string[];
    gatewayByName: Map<string, GatewayModel>;
    plcs: PlcModel[];
    plcByName: Map<string, PlcModel>;
    plcNames: string[];
}

export function normalizeDevices(ctx: SiteContext, seg: SiteSegments): SiteDevices {
    const { fleet, spec, siteName, rep, S, unique, fileExists, readText } = ctx;
    const { resolveSegment, checkAddress } = seg;
    // Gateways and PLCs.
    unique(spec.gateways, "gateways", "gateway");
    const mode = spec.provisioning?.mode ?? fleet.defaults.provisioning;
    const currentGateways = new Set(spec.gateways.map((g) => g.name));
    const previousGateways = new Map<string, string>();
    const gateways: GatewayModel[] = spec.gateways.map((g, i) => {
        if (resolveSegment(S("gateways", i, "segment"), g.segment)) checkAddress(S("gateways", i, "address"), g.address, g.segment, `gateway ${show(g.name)}`);
        const thingName = names.thing(fleet.name, siteName, g.name);
        const problem = nameProblem("thing", thingName);
        if (problem) rep.error(S("gateways", i, "name"), `${problem}; shorten the gateway name`);
        for (const [j, prev] of (g.previousNames ?? []).entries()) {
            const other = previousGateways.get(prev);
            if (currentGateways.has(prev))
                rep.error(S("gateways", i, "previousNames", j), `${show(prev)} is the name of a current gateway; a previous name must not be in use`);
            else if (other !== undefined && other !== g.name)
                rep.error(
                    S("gateways", i, "previousNames", j),
                    `${show(prev)} is also a previous name of gateway ${show(other)}; a name can move to one gateway only`,
                );
            else previousGateways.set(prev, g.name);
        }
        let csrPem: string | undefined;
        if (mode === "csr") {
            const rel = `certs/${siteName}/${g.name}.csr.pem`;
            if (!fileExists(rel)) {
                // A renamed gateway's CSR names its old thing (the CN), so it cannot be reused: a rename is a rotation.
                const old = (g.previousNames ?? []).find((p) => fileExists(`certs/${siteName}/${p}.csr.pem`));
                const hint =
                    old !== undefined
                        ? ` (the CSR at certs/${siteName}/${old}.csr.pem is for the gateway's previous name ${show(old)} and names its old thing; a renamed gateway needs a new key and CSR)`
                        : "";
                rep.error(
                    S("gateways", i, "name"),
                    `no certificate signing request at ${rel}${hint}; the site uses provisioning mode csr: run \`fleet certs csr ${siteName} ${g.name}\` on the gateway (or here) to make the key and CSR`,
                );
            } else {
                const read = readText(rel);
                const problem = "problem" in read ? undefined : csrProblem(read.text, thingName);
                if ("problem" in read) rep.error(S("gateways", i, "name"), `${rel} ${read.problem}`);
                else if (problem)
                    rep.error(
                        S("gateways", i, "name"),
                        `${rel} is not a usable certificate signing request: ${problem}; make a new one with \`fleet certs csr ${siteName} ${g.name}\``,
                    );
                else csrPem = read.text;
            }
        }
        return {
            name: g.name,
            thingName,
            segment: g.segment,
            address: g.address,
            serial: g.serial,
            hardware: { model: g.hardware?.model, arch: g.hardware?.arch ?? "x86_64" },
            edgeInference: g.edgeInference ? { model: g.edgeInference.model } : undefined,
            previousNames: [...new Set(g.previousNames ?? [])].sort(cmp),
            ...(csrPem !== undefined ? { csrPem } : {}),
            at: rep.at(S("gateways", i)),
        };
    });
    const serials = new Map<string, string>();
    spec.gateways.forEach((g, i) => {
        const other = serials.get(g.serial);
        if (other) rep.error(S("gateways", i, "serial"), `serial ${show(g.serial)} is already the serial of gateway ${show(other)}; each device has its own`);
        else serials.set(g.serial, g.name);
    });
    const gatewayNames = gateways.map((g) => g.name);
    const gatewayByName = new Map(gateways.map((g) => [g.name, g]));

    unique(spec.plcs, "plcs", "PLC");
    const plcs: PlcModel[] = (spec.plcs ?? []).map((p, i) => {
        if (resolveSegment(S("plcs", i, "segment"), p.segment)) checkAddress(S("plcs", i, "address"), p.address, p.segment, `PLC ${show(p.name)}`);
        const port = p.port ?? defaultPort(p.protocol)!;
        return { name: p.name, segment: p.segment, address: p.address, vendor: p.vendor, model: p.model, protocol: p.protocol, port, at: rep.at(S("plcs", i)) };
    });
    const plcByName = new Map(plcs.map((p) => [p.name, p]));
    const plcNames = plcs.map((p) => p.name);

    return { mode, gateways, gatewayNames, gatewayByName, plcs, plcByName, plcNames };
}
