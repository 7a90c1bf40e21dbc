/**
 * What a gateway's installer needs, for the site's provisioning mode: the Greengrass installer
 * configuration (config.yaml), an install script and a README naming what to copy where.
 * Pure: model in, files out; the CLI writes them.
 */
import { stringify } from "yaml";
import { names } from "../naming";
import { claimClientId } from "./policies";
import type { FleetModel, GatewayModel, SiteModel } from "../model/types";

export const GG_ROOT = "/greengrass/v2";
export const ROOT_CA_PATH = `${GG_ROOT}/AmazonRootCA1.pem`;
/** Where the fleet provisioning plugin expects the device key when the device sends a CSR. */
export const FP_DEVICE_KEY_PATH = `${GG_ROOT}/privKey.key`;
export const FP_DEVICE_CSR_PATH = `${GG_ROOT}/device.csr.pem`;
export const CLAIM_CERT_PATH = `${GG_ROOT}/claim-certs/claim.pem.crt`;
export const CLAIM_KEY_PATH = `${GG_ROOT}/claim-certs/claim.private.pem.key`;
export const DEVICE_CERT_PATH = `${GG_ROOT}/device.pem.crt`;
export const DEVICE_KEY_PATH = `${GG_ROOT}/private.pem.key`;

/** Placeholders the operator fills from `aws iot describe-endpoint` when no value is given. */
export const DATA_ENDPOINT_PLACEHOLDER = "<iot-data-endpoint: aws iot describe-endpoint --endpoint-type iot:Data-ATS>";
export const CRED_ENDPOINT_PLACEHOLDER = "<iot-credentials-endpoint: aws iot describe-endpoint --endpoint-type iot:CredentialProvider>";

export interface BootstrapOptions {
    dataEndpoint?: string;
    credentialEndpoint?: string;
}

export interface BootstrapFile {
    /** Path relative to the output directory. */
    path: string;
    content: string;
    mode: number;
}

function doc(value: unknown): string {
    return `---\n${stringify(value, { lineWidth: 0 })}`;
}

/** The installer configuration for the site's provisioning mode. */
export function installerConfig(fleet: FleetModel, site: SiteModel, gateway: GatewayModel, opts: BootstrapOptions = {}): Record<string, unknown> {
    const dataEndpoint = opts.dataEndpoint ?? DATA_ENDPOINT_PLACEHOLDER;
    const credEndpoint = opts.credentialEndpoint ?? CRED_ENDPOINT_PLACEHOLDER;
    const roleAlias = names.roleAlias(fleet.name, site.name);
    if (site.provisioning.mode === "fleet-claim") {
        return {
            services: {
                "aws.greengrass.Nucleus": { version: fleet.defaults.nucleusVersion },
                "aws.greengrass.FleetProvisioningByClaim": {
                    configuration: {
                        rootPath: GG_ROOT,
                        awsRegion: site.region,
                        iotDataEndpoint: dataEndpoint,
                        iotCredentialEndpoint: credEndpoint,
                        iotRoleAlias: roleAlias,
                        provisioningTemplate: names.provisioningTemplate(fleet.name, site.name),
                        claimCertificatePath: CLAIM_CERT_PATH,
                        claimCertificatePrivateKeyPath: CLAIM_KEY_PATH,
                        rootCaPath: ROOT_CA_PATH,
                        deviceId: claimClientId(fleet.name, site.name, gateway.name),
                        csrPath: FP_DEVICE_CSR_PATH,
                        templateParameters: { ThingName: gateway.thingName, SerialNumber: gateway.serial },
                    },
                },
            },
        };
    }
    return {
        system: {
            certificateFilePath: DEVICE_CERT_PATH,
            privateKeyPath: DEVICE_KEY_PATH,
            rootCaPath: ROOT_CA_PATH,
            rootpath: GG_ROOT,
            thingName: gateway.thingName,
        },
        services: {
            "aws.greengrass.Nucleus": {
                componentType: "NUCLEUS",
                version: fleet.defaults.nucleusVersion,
                configuration: { awsRegion: site.region, iotRoleAlias: roleAlias, iotDataEndpoint: dataEndpoint, iotCredEndpoint: credEndpoint },
            },
        },
    };
}

function installScript(fleet: FleetModel, site: SiteModel, gateway: GatewayModel): string {
    const v = fleet.defaults.nucleusVersion;
    const lines = [
        "#!/bin/sh",
        `# Install AWS IoT Greengrass ${v} on gateway ${gateway.name} (thing ${gateway.thingName}), site ${site.name}.`,
        "# Run as root on the gateway, from the directory that holds this script and config.yaml.",
        "set -eu",
        `ROOT=${GG_ROOT}`,
        'mkdir -p "$ROOT"',
        `curl -fsS https://www.amazontrust.com/repository/AmazonRootCA1.pem -o ${ROOT_CA_PATH}`,
        `curl -fsS https://d2s8p88vqu9w66.cloudfront.net/releases/greengrass-${v}.zip -o greengrass-nucleus.zip`,
        "unzip -o -q greengrass-nucleus.zip -d GreengrassInstaller",
    ];
    if (site.provisioning.mode === "fleet-claim") {
        lines.push(
            "# The device makes its own key; only the CSR goes to AWS IoT (CreateCertificateFromCsr).",
            `[ -f ${FP_DEVICE_KEY_PATH} ] || openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt -out ${FP_DEVICE_KEY_PATH}`,
            `chmod 600 ${FP_DEVICE_KEY_PATH}`,
            `openssl req -new -key ${FP_DEVICE_KEY_PATH} -subj "/CN=${gateway.thingName}/O=${fleet.name}" -out ${FP_DEVICE_CSR_PATH}`,
            `test -f ${CLAIM_CERT_PATH} && test -f ${CLAIM_KEY_PATH} || { echo "copy the site claim certificate and key to ${GG_ROOT}/claim-certs/ first (see README.txt)" >&2; exit 1; }`,
            "curl -fsS https://d2s8p88vqu9w66.cloudfront.net/releases/aws-greengrass-FleetProvisioningByClaim/fleetprovisioningbyclaim-latest.jar -o GreengrassInstaller/aws.greengrass.FleetProvisioningByClaim.jar",
            'java -Droot="$ROOT" -Dlog.store=FILE -jar GreengrassInstaller/lib/Greengrass.jar \\',
            "  --trusted-plugin GreengrassInstaller/aws.greengrass.FleetProvisioningByClaim.jar \\",
            "  --init-config config.yaml --component-default-user ggc_user:ggc_group --setup-system-service true",
        );
    } else {
        lines.push(
            `test -f ${DEVICE_CERT_PATH} && test -f ${DEVICE_KEY_PATH} || { echo "put the device certificate and key in place first (see README.txt)" >&2; exit 1; }`,
            `chmod 600 ${DEVICE_KEY_PATH}`,
            'java -Droot="$ROOT" -Dlog.store=FILE -jar GreengrassInstaller/lib/Greengrass.jar \\',
            "  --init-config config.yaml --component-default-user ggc_user:ggc_group --setup-system-service true",
        );
    }
    return `${lines.join("\n")}\n`;
}

function readme(fleet: FleetModel, site: SiteModel, gateway: GatewayModel): string {
    const mode = site.provisioning.mode;
    const head = [
        `Gateway ${gateway.name} of site ${site.name} (region ${site.region})`,
        `Thing name: ${gateway.thingName}`,
        `Provisioning mode: ${mode}`,
        `Token-exchange role alias: ${names.roleAlias(fleet.name, site.name)}`,
        "",
        "Fill the endpoint placeholders in config.yaml from the region's AWS IoT endpoints (or pass",
        "--data-endpoint/--cred-endpoint to `fleet bootstrap`), then run install.sh as root.",
        "",
    ];
    const body =
        mode === "fleet-claim"
            ? [
                  `The gateway registers itself with template ${names.provisioningTemplate(fleet.name, site.name)}; the pre-provisioning`,
                  `hook admits it only because serial ${gateway.serial} is listed for it in the site file.`,
                  `Copy the site's claim certificate (stack output) to ${CLAIM_CERT_PATH} and the claim key`,
                  `(made with \`fleet certs claim ${site.name}\`, kept by the platform team) to ${CLAIM_KEY_PATH}.`,
                  `install.sh makes the device key ${FP_DEVICE_KEY_PATH} on the gateway; it never leaves it.`,
              ]
            : mode === "csr"
              ? [
                    `Put the key made by \`fleet certs csr ${site.name} ${gateway.name}\` at ${DEVICE_KEY_PATH} and the`,
                    `certificate AWS IoT signed from its CSR (stack output, not secret) at ${DEVICE_CERT_PATH}.`,
                ]
              : [
                    `AWS IoT made this gateway's key. Read the certificate and the key from the stack's secret`,
                    `outputs (pulumi stack output --show-secrets) straight onto the gateway: ${DEVICE_CERT_PATH} and ${DEVICE_KEY_PATH}.`,
                ];
    return `${[...head, ...body].join("\n")}\n`;
}

/** The files `fleet bootstrap` writes for one gateway. */
export function bootstrapFiles(fleet: FleetModel, site: SiteModel, gateway: GatewayModel, opts: BootstrapOptions = {}): BootstrapFile[] {
    return [
        { path: "config.yaml", content: doc(installerConfig(fleet, site, gateway, opts)), mode: 0o644 },
        { path: "install.sh", content: installScript(fleet, site, gateway), mode: 0o755 },
        { path: "README.txt", content: readme(fleet, site, gateway), mode: 0o644 },
    ];
}
