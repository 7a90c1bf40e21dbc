/**
 * The normalized fleet: plain, validated data with defaults applied, equipment types expanded
 * and references resolved. The input to every stack and every derivation. No Pulumi import.
 */
import type { Protocol } from "./schema";

export type ProvisioningMode = "fleet-claim" | "csr" | "aws-generated";
export type Uplink = "vpn" | "direct-connect" | "internet";
export type Severity = "critical" | "warning" | "info";
export type PurdueLevel = 0 | 1 | 2 | 3 | 3.5 | 4 | 5;

/** Where a model element was written, for findings that point back into the files. */
export interface SourceRef {
    file: string;
    line: number;
    col: number;
}

export interface FleetModel {
    /** Prefix of every cloud resource name. */
    name: string;
    /** The directory the fleet was loaded from (absolute). */
    dir: string;
    tags: Record<string, string>;
    defaults: {
        provisioning: ProvisioningMode;
        retention: RetentionModel;
        nucleusVersion: string;
        /** SHA-256 of the nucleus archive (fleet.yaml defaults.greengrass.nucleusSha256), or "at-install"; absent when fleet.yaml names none. */
        nucleusSha256?: string;
    };
    regions: RegionModel[];
    equipmentTypes: Record<string, EquipmentTypeModel>;
    /** Every site of every region, sorted by name. */
    sites: SiteModel[];
    /** fleet.yaml `quotas:` (src/quotas/needs.ts QuotaOverrides). */
    quotas?: Record<string, number | Record<string, number>>;
    /** fleet.yaml `suppressions:`: governed exceptions (mandatory rules may be suppressed only so). */
    suppressions?: GovernedSuppression[];
}

/** A suppression approved in fleet.yaml: who accepted the risk, under which ticket, until when. */
export interface GovernedSuppression extends SuppressionModel {
    site: string;
    ticket: string;
    /** Last day it holds, YYYY-MM-DD (UTC). */
    expires: string;
    approver: string;
}

export type EndpointsMode = "shared" | "per-site";

export interface RegionModel {
    name: string;
    analytics: {
        stream: { mode: "on-demand" } | { mode: "provisioned"; shards: number };
        timeseries: { engine: "influxdb"; instanceType: string; storageGiB: number };
        grafana: boolean;
        eks: boolean;
        ecs: boolean;
        sagemaker: boolean;
        comprehend: boolean;
        quicksight: boolean;
        /** The scheduled forecasting job (docs/forecasting.md): series of FORECAST_KINDS sensors. */
        forecasting: boolean;
    };
    alerts: { email: string[] };
    production: boolean;
    /**
     * Where the region's attached sites reach the AWS endpoints: `shared`, one endpoint VPC in
     * `endpointCidr`; `per-site`, a landing VPC per site (absent in fleet.yaml: per-site).
     */
    network: { endpoints: EndpointsMode; endpointCidr: string };
    /** The AWS account of the region's stacks, when fleet.yaml names one (src/stacks/layout.ts). */
    account?: string;
    /** Names of the sites in this region, sorted. */
    sites: string[];
}

export interface EquipmentTypeModel {
    name: string;
    description?: string;
    sensors: TypeSensorModel[];
}

export interface TypeSensorModel {
    name: string;
    kind: string;
    unit: string;
    sampleRateHz: number;
    transmit: TransmitModel;
    thresholds?: ThresholdsModel;
    source: Partial<SensorSourceModel>;
}

export type TransmitModel =
    { mode: "raw" } | { mode: "aggregate"; windowSeconds: number } | { mode: "deadband"; threshold: number } | { mode: "on-change" } | { mode: "alarm-only" };

export interface ThresholdsModel {
    warning?: number;
    critical?: number;
    direction: "above" | "below";
    /** How far the value must move back past a threshold before its alarm clears; set when written (absent: 0). */
    hysteresis?: number;
    /** Seconds a level must persist before it is raised or cleared (on- and off-delay); set when written (absent: 0). */
    holdSeconds?: number;
}

export interface SensorSourceModel {
    protocol: string;
    /** Address the gateway connects to (the PLC's unless the sensor has its own). */
    address?: string;
    endpoint?: string;
    nodeId?: string;
    register?: number;
    unitId?: number;
    tag?: string;
    topic?: string;
    objectId?: string;
    /** The PLC the value is read from, when it comes through one. */
    plc?: string;
    /** TCP port of `address`: the PLC's port, or for an own address the protocol's port (modbus-tcp, opcua only). */
    port?: number;
    /** Modbus register encoding: set (default uint16, big) for every modbus-tcp source, absent otherwise. */
    dataType?: "int16" | "uint16" | "int32" | "uint32" | "float32" | "float64";
    wordOrder?: "big" | "little";
    /** Multiplier from the raw value to the sensor's unit; set when written (absent: 1). */
    scale?: number;
}

/**
 * Retention as ages in days: data is hot until `hotDays` old, warm until `warmDays`, archived
 * until `archiveDays`, then deleted. Always hotDays < warmDays < archiveDays.
 */
export interface RetentionModel {
    hotDays: number;
    warmDays: number;
    archiveDays: number;
}

export interface SegmentModel {
    name: string;
    purdueLevel: PurdueLevel;
    cidr: string;
    description?: string;
    at: SourceRef;
}

export interface PortSpec {
    port: number;
    transport: "tcp" | "udp";
}

export interface ConduitModel {
    name: string;
    from: string;
    /** A segment name or `cloud`. */
    to: string;
    protocol: Protocol;
    /** Explicit ports, or the protocol's well-known ports. */
    ports: PortSpec[];
    justification?: string;
    fromLevel: PurdueLevel;
    /** The Purdue level of `to`; `cloud` counts as level 5. */
    toLevel: PurdueLevel;
    at: SourceRef;
}

export interface GatewayModel {
    name: string;
    /** The IoT thing name: `<fleet>-<site>-<gateway>`. */
    thingName: string;
    segment: string;
    address: string;
    serial: string;
    hardware: { model?: string; arch: "x86_64" | "aarch64" | "armv7l" };
    edgeInference?: { model: string };
    previousNames: string[];
    /** Provisioning mode csr: the gateway's checked CSR (PEM), read by the loader so components read no file. */
    csrPem?: string;
    at: SourceRef;
}

export interface PlcModel {
    name: string;
    segment: string;
    address: string;
    vendor?: string;
    model?: string;
    protocol: string;
    /** The port the PLC listens on: written, or its protocol's port. */
    port: number;
    at: SourceRef;
}

export interface EquipmentModel {
    name: string;
    type: string;
    criticality: "A" | "B" | "C";
    plc?: string;
    gateway: string;
    /** Names of the expanded sensors of this equipment. */
    sensors: string[];
    at: SourceRef;
}

export interface SensorModel {
    /** `<equipment>-<sensor>` for expanded sensors, the written name for one-off sensors. */
    name: string;
    /** The equipment it belongs to, for expanded sensors. */
    equipment?: string;
    kind: string;
    unit: string;
    gateway: string;
    sampleRateHz: number;
    transmit: TransmitModel;
    thresholds?: ThresholdsModel;
    source: SensorSourceModel;
    at: SourceRef;
}

export interface SuppressionModel {
    policy: string;
    /** `kind/name`, e.g. `conduit/legacy-modbus`. */
    target: string;
    reason: string;
    at: SourceRef;
    /** For a mandatory rule: the fleet.yaml entry that approves it. */
    approval?: { ticket: string; expires: string; approver: string; at: SourceRef };
}

export interface SiteModel {
    name: string;
    region: string;
    /** Path of the site file, relative to the fleet directory. */
    file: string;
    labels: Record<string, string>;
    previousNames: string[];
    location: { country?: string; city?: string; timezone?: string };
    connectivity: {
        uplink: Uplink;
        bandwidthKbps: number;
        offlineBufferMiB: number;
        /** The plant's VPN peer, for `uplink: vpn`. */
        vpn?: { peerIp: string; bgpAsn?: number };
    };
    /**
     * What `cloud` is for the site's plant: its own landing VPC range, or (`shared`) the region's
     * endpoint VPC range when the region's `network.endpoints` is `shared` (components/region/endpoints.ts).
     */
    cloudNetwork: { cidr: string; shared?: true };
    /** `claimCsrPem`: mode fleet-claim, the checked claim CSR (PEM) when certs/<site>/claim.csr.pem exists. */
    provisioning: { mode: ProvisioningMode; claimCsrPem?: string };
    segments: SegmentModel[];
    conduits: ConduitModel[];
    gateways: GatewayModel[];
    plcs: PlcModel[];
    equipment: EquipmentModel[];
    /** Expanded and one-off sensors together, sorted by name. */
    sensors: SensorModel[];
    alerts: { subscribers: { email: string; severities: Severity[] }[] };
    retention: RetentionModel;
    suppressions: SuppressionModel[];
    /** Planned telemetry in bytes per second, for the uplink budget. */
    plannedBytesPerSecond: number;
}

/** Sensor kinds the forecasting job forecasts (docs/forecasting.md); the counter kinds are running totals. */
export const FORECAST_KINDS = ["production", "counter", "energy", "power", "consumption", "flow"] as const;
export const COUNTER_KINDS = ["production", "counter", "energy"] as const;
