/** What `fleet generate` accepts: the options of a synthetic fleet, their limits and their problems. */
import { NEW_FLEET_NAME_HELP, NEW_FLEET_NAME_PATTERN } from "../model/schema";
import type { ProvisioningMode } from "../model/types";
import { CLOUD_SITES, dmzBlockSize, maxSites } from "./address-plan";
import { REGIONS } from "./templates";

export const PROVISIONING_MODES: readonly ProvisioningMode[] = ["fleet-claim", "csr", "aws-generated"];

/** Limits of what can be generated, from the file format and the address plan. */
export const GENERATE_LIMITS = {
    /** Sites with up to 52 gateways; fewer fit with more gateways (see maxSites). */
    sites: CLOUD_SITES,
    gateways: 5000,
    equipment: 20000,
    oneOffSensors: 20000,
    regions: REGIONS.length,
};

export interface GenerateOptions {
    /** Number of sites (plants). */
    sites: number;
    /** Gateways per site. */
    gateways: number;
    /** Machines per site (each expands into the sensors of its type). */
    equipment: number;
    /** Seed of the random choices (zones, industries, uplinks...). @default 1 */
    seed?: number;
    /** Number of AWS regions the sites spread over, round-robin. @default 2 */
    regions?: number;
    /** The fleet name, prefix of every AWS name. @default "acme" */
    fleetName?: string;
    /** One provisioning mode for every site. @default - fleet-claim, csr, aws-generated in rotation */
    provisioning?: ProvisioningMode;
    /** One-off sensors per site. @default - 2 to 4, by the seed */
    oneOffSensors?: number;
}

export interface GeneratedSite {
    name: string;
    /** `sites/<name>.yaml` */
    path: string;
    content: string;
    region: string;
    provisioning: ProvisioningMode;
    /**
     * CSR files the site needs: for csr sites one per gateway (`certs/<site>/<gateway>.csr.pem`,
     * CN the thing name), for fleet-claim sites the claim CSR (`certs/<site>/claim.csr.pem`, CN
     * the claim policy name); none for aws-generated.
     */
    csrs: { path: string; commonName: string }[];
    counts: { segments: number; conduits: number; gateways: number; plcs: number; equipment: number; sensors: number };
}

/** Problems with the options, each naming the option and what is accepted; empty when fine. */
export function optionProblems(o: GenerateOptions): string[] {
    const out: string[] = [];
    const int = (flag: string, v: number | undefined, min: number, max: number) => {
        if (v === undefined) return;
        if (!Number.isInteger(v) || v < min || v > max) out.push(`--${flag} ${v}: expected a whole number from ${min} to ${max}`);
    };
    int("sites", o.sites, 1, GENERATE_LIMITS.sites);
    int("gateways", o.gateways, 1, GENERATE_LIMITS.gateways);
    int("equipment", o.equipment, 0, GENERATE_LIMITS.equipment);
    int("regions", o.regions, 1, GENERATE_LIMITS.regions);
    int("seed", o.seed, 0, 2 ** 32 - 1);
    int("one-off-sensors", o.oneOffSensors, 0, GENERATE_LIMITS.oneOffSensors);
    if (out.length === 0 && o.sites > maxSites(o.gateways)) {
        out.push(
            `--sites ${o.sites}: with ${o.gateways} gateways a site, the address plan holds ${maxSites(o.gateways)} sites (a DMZ of ${dmzBlockSize(o.gateways)} addresses each in 10.0.0.0/10); use fewer sites or gateways`,
        );
    }
    if (o.fleetName !== undefined && !new RegExp(NEW_FLEET_NAME_PATTERN).test(o.fleetName)) {
        out.push(`--fleet-name ${JSON.stringify(o.fleetName)}: expected ${NEW_FLEET_NAME_HELP}`);
    }
    if (o.provisioning !== undefined && !PROVISIONING_MODES.includes(o.provisioning)) {
        out.push(`--provisioning ${JSON.stringify(o.provisioning)}: accepted: ${PROVISIONING_MODES.join(", ")}`);
    }
    return out;
}

/** The regions a generated fleet spreads over, in order. */
export const regionsOf = (o: GenerateOptions) => REGIONS.slice(0, o.regions ?? 2);
