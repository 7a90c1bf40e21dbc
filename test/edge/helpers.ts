/** Helpers of the edge suite: the example fleet, generated fixture fleets, snapshots. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { makeKeyAndCsr } from "../../src/edge/csr";
import { loadFleet } from "../../src/model/load";
import { snapshotsOf } from "../helpers/snapshot";
import type { FleetModel, ProvisioningMode } from "../../src/model/types";
import { names } from "../../src/naming";
import type { PlannedResource } from "../../src/plan/plan";

export { exampleFleet, REPO_ROOT as ROOT } from "../helpers/fleets";
import { examplePlan } from "../helpers/plans";

/** The resources of the example fleet's eu-central-1 and us-east-2 plans: the shared, frozen plans of test/helpers/plans.ts. */
export async function exampleRegionPlans(): Promise<{ eu: readonly PlannedResource[]; us: readonly PlannedResource[] }> {
    return { eu: await examplePlan("eu-central-1"), us: await examplePlan("us-east-2") };
}

export function site(model: FleetModel, name: string) {
    const s = model.sites.find((x) => x.name === name);
    if (!s) throw new Error(`no site ${name}`);
    return s;
}

/** Snapshots of test/edge/__snapshots__ (test/helpers/snapshot.ts): pretty JSON or text. */
export const matchSnapshot = snapshotsOf("edge");

export const tmpRoot = () => fs.mkdtempSync(path.join(os.tmpdir(), "fleet-edge-test-"));

export interface FixtureOptions {
    mode: ProvisioningMode;
    gateways: number;
    /** Machines per gateway (each a `compressor` with 2 sensors). */
    machinesPerGateway?: number;
    /** Gateways that ask for edge inference (by index). */
    inference?: number[];
    /** The model of an inferring gateway, by index. @default "vibration-anomaly" */
    models?: Record<number, string>;
    /** Write the CSR files the mode needs. @default true */
    csrs?: boolean;
    siteName?: string;
}

/**
 * A one-site fleet in a temporary directory: `n` gateways in one edge segment, each with its
 * machines on one PLC, and the CSR files the mode needs. Valid for `fleet validate`.
 */
export function writeFixtureFleet(dir: string, o: FixtureOptions & { csrs: false }): void;
export function writeFixtureFleet(dir: string, o: FixtureOptions): FleetModel;
export function writeFixtureFleet(dir: string, o: FixtureOptions): FleetModel | void {
    const siteName = o.siteName ?? "lab";
    const perGw = o.machinesPerGateway ?? 1;
    fs.mkdirSync(path.join(dir, "sites"), { recursive: true });
    fs.writeFileSync(
        path.join(dir, "fleet.yaml"),
        [
            "apiVersion: fleet.iot/v1",
            "kind: Fleet",
            "metadata: { name: acme }",
            "spec:",
            "  defaults: { provisioning: fleet-claim, greengrass: { nucleusVersion: 2.14.3 } }",
            "  regions:",
            "    eu-central-1: { analytics: { stream: { mode: on-demand }, timeseries: { engine: influxdb } }, alerts: { email: [ops@acme.example] } }",
            "  equipmentTypes:",
            "    compressor:",
            "      sensors:",
            "        - { name: pressure, kind: pressure, unit: bar, sampleRateHz: 1, transmit: { mode: deadband, threshold: 0.1 }, thresholds: { warning: 8.5, critical: 9.5 }, source: { protocol: modbus-tcp, register: 30001 } }",
            "        - { name: temperature, kind: temperature, unit: C, sampleRateHz: 0.1, transmit: { mode: on-change }, source: { protocol: modbus-tcp, register: 30003 } }",
            "",
        ].join("\n"),
    );
    const gws: string[] = [];
    const plcs: string[] = [];
    const eq: string[] = [];
    for (let i = 0; i < o.gateways; i++) {
        const n = String(i + 1).padStart(3, "0");
        const infer = o.inference?.includes(i) ? `, edgeInference: { model: ${o.models?.[i] ?? "vibration-anomaly"} }` : "";
        gws.push(`    - { name: gw-${n}, segment: edge, address: 10.9.${Math.floor((i + 10) / 250)}.${((i + 10) % 250) + 1}, serial: SN-${n}${infer} }`);
        plcs.push(`    - { name: plc-${n}, segment: control, address: 10.8.${Math.floor((i + 10) / 250)}.${((i + 10) % 250) + 1}, protocol: modbus-tcp }`);
        for (let m = 0; m < perGw; m++) eq.push(`    - { name: comp-${n}-${m + 1}, type: compressor, criticality: B, plc: plc-${n}, gateway: gw-${n} }`);
    }
    fs.writeFileSync(
        path.join(dir, "sites", `${siteName}.yaml`),
        [
            "apiVersion: fleet.iot/v1",
            "kind: Site",
            `metadata: { name: ${siteName}, region: eu-central-1 }`,
            "spec:",
            "  connectivity: { uplink: vpn, bandwidthKbps: 1000000, offlineBufferMiB: 2048 }",
            "  cloudNetwork: { cidr: 10.40.0.0/24 }",
            `  provisioning: { mode: ${o.mode} }`,
            "  segments:",
            "    - { name: control, purdueLevel: 1, cidr: 10.8.0.0/16 }",
            "    - { name: edge, purdueLevel: 3.5, cidr: 10.9.0.0/16 }",
            "  conduits:",
            "    - { name: gateways-read-plcs, from: edge, to: control, protocol: modbus-tcp, ports: [502], justification: Gateways poll the compressors }",
            "    - { name: gateways-to-cloud, from: edge, to: cloud, protocol: mqtts, ports: [8883], justification: Greengrass to AWS IoT Core }",
            "  gateways:",
            ...gws,
            "  plcs:",
            ...plcs,
            "  equipment:",
            ...eq,
            "",
        ].join("\n"),
    );
    if (o.csrs !== false) {
        fs.mkdirSync(path.join(dir, "certs", siteName), { recursive: true });
        if (o.mode === "csr") {
            for (let i = 0; i < o.gateways; i++) {
                const g = `gw-${String(i + 1).padStart(3, "0")}`;
                fs.writeFileSync(path.join(dir, "certs", siteName, `${g}.csr.pem`), makeKeyAndCsr(names.thing("acme", siteName, g), "acme").csrPem);
            }
        }
        if (o.mode === "fleet-claim")
            fs.writeFileSync(path.join(dir, "certs", siteName, "claim.csr.pem"), makeKeyAndCsr(names.claimPolicy("acme", siteName), "acme").csrPem);
    }
    if (o.csrs === false) return; // a csr site without its CSRs does not validate yet
    const r = loadFleet(dir);
    if (!r.model)
        throw new Error(
            `fixture fleet is invalid: ${r.diagnostics
                .filter((d) => d.level === "error")
                .map((d) => `${d.file}:${d.line} ${d.field}: ${d.message}`)
                .join("\n")}`,
        );
    return r.model;
}
