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

/** The site outputs (src/program/build.ts siteOutputs) the README names: the claim certificate, and the gateway certificates by thing name. */
export const CLAIM_CERT_OUTPUT = "claimCertificatePem";
export const GATEWAY_CERTS_OUTPUT = "gatewayCertificates";

/**
 * SHA-256 fingerprint of Amazon Root CA 1, the CA install.sh downloads from amazontrust.com: computed
 * with `openssl x509 -noout -fingerprint -sha256` from Amazon_Root_CA_1.crt of Debian's
 * ca-certificates 20230311+deb12u1 (Mozilla's root store); test/cli/bootstrap.test.ts recomputes it.
 */
export const AMAZON_ROOT_CA1_SHA256 = "8E:CD:E6:88:4F:3D:87:B1:12:5B:A3:1A:C3:FC:B1:3D:70:16:DE:7F:57:CC:90:4F:E1:CB:97:C6:AE:98:19:6E";

/** How the operator reads a site output: from the site's own stack, or from the region stack while it still holds its sites. */
function outputCommand(site: SiteModel, output: string, key?: string): string {
    const pick = key ? ` | jq -r '.${JSON.stringify(key)}'` : "";
    return [
        `pulumi stack output --stack ${site.region}.${site.name} ${output}${key ? " --json" : ""}${pick}`,
        `  (region layout: pulumi stack output --stack ${site.region} sites --json | jq -r '.${JSON.stringify(site.name)}.${output}${key ? `.${JSON.stringify(key)}` : ""}')`,
    ].join("\n");
}

/** Placeholders the operator fills from `aws iot describe-endpoint` when no value is given. */
export const DATA_ENDPOINT_PLACEHOLDER = "<iot-data-endpoint: aws iot describe-endpoint --endpoint-type iot:Data-ATS>";
export const CRED_ENDPOINT_PLACEHOLDER = "<iot-credentials-endpoint: aws iot describe-endpoint --endpoint-type iot:CredentialProvider>";

export interface BootstrapOptions {
    dataEndpoint?: string;
    credentialEndpoint?: string;
    /**
     * SHA-256 (hex) of greengrass-<version>.zip (fleet bootstrap --nucleus-sha256); else fleet.yaml
     * defaults.greengrass.nucleusSha256; else NUCLEUS_SHA256[version]; else install.sh needs it in its environment.
     */
    nucleusSha256?: string;
    /** SHA-256 (hex) of the fleet provisioning plugin jar (fleet-claim sites); else install.sh needs it in its environment. */
    pluginSha256?: string;
}

/** Where the installer downloads the nucleus of a version from (AWS IoT Greengrass developer guide, "Install the AWS IoT Greengrass Core software"). */
export const nucleusUrl = (version: string): string => `https://d2s8p88vqu9w66.cloudfront.net/releases/greengrass-${version}.zip`;
/** The fleet provisioning plugin (developer guide, "Install with AWS IoT fleet provisioning"); AWS serves only "latest" there, so its hash pins it. */
export const PLUGIN_URL = "https://d2s8p88vqu9w66.cloudfront.net/releases/aws-greengrass-FleetProvisioningByClaim/fleetprovisioningbyclaim-latest.jar";

/**
 * SHA-256 of the nucleus archive per version, recorded by the platform team: AWS publishes no
 * checksum for these archives (the developer guide offers only `jarsigner -verify` of
 * lib/Greengrass.jar), so a value comes from downloading the archive once over HTTPS from the URL
 * above on a trusted workstation and running `sha256sum` (docs/operations.md, "Gateway install").
 * This repository was built without network access to AWS, so it records none: until a version is
 * added here, pass `fleet bootstrap --nucleus-sha256`, or install.sh refuses to run without
 * NUCLEUS_SHA256 in its environment. Never fill this table from a value you did not compute.
 */
export const NUCLEUS_SHA256: Readonly<Record<string, string>> = {};

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** The nucleus SHA-256 install.sh carries: the flag's, else fleet.yaml's (unless `at-install`), else the table's; "" when none. */
export function pinnedNucleusSha256(fleet: FleetModel, opts: BootstrapOptions): string {
    const fromFleet = fleet.defaults.nucleusSha256;
    return (
        opts.nucleusSha256 ??
        (fromFleet !== undefined && SHA256_HEX.test(fromFleet) ? fromFleet : undefined) ??
        NUCLEUS_SHA256[fleet.defaults.nucleusVersion] ??
        ""
    );
}

/** The command that computes the nucleus SHA-256 for fleet.yaml (run once on a trusted workstation). */
export const nucleusHashCommand = (version: string): string => `curl -fsSO ${nucleusUrl(version)} && sha256sum greengrass-${version}.zip`;

/** The problem with a SHA-256 given on the command line, or undefined. */
export function sha256Problem(flag: string, value: string): string | undefined {
    return SHA256_HEX.test(value) ? undefined : `${flag} ${JSON.stringify(value)} is not a SHA-256: 64 lower-case hexadecimal digits, as sha256sum prints them`;
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

function installScript(fleet: FleetModel, site: SiteModel, gateway: GatewayModel, opts: BootstrapOptions): string {
    const v = fleet.defaults.nucleusVersion;
    const claim = site.provisioning.mode === "fleet-claim";
    const nucleusSha = pinnedNucleusSha256(fleet, opts);
    const lines = [
        "#!/bin/sh",
        `# Install AWS IoT Greengrass ${v} on gateway ${gateway.name} (thing ${gateway.thingName}), site ${site.name}.`,
        "# Run as root on the gateway, from the directory that holds this script and config.yaml.",
        "# Everything downloaded is checked against its SHA-256 before it is used (see README.txt).",
        "set -eu",
        `ROOT=${GG_ROOT}`,
        "# The endpoints in config.yaml must be this account's, not the placeholders fleet bootstrap writes without them.",
        `if grep -q '<iot-' config.yaml; then echo "config.yaml still holds an endpoint placeholder (<iot-...>); fill it from aws iot describe-endpoint or run fleet bootstrap with --data-endpoint and --cred-endpoint" >&2; exit 1; fi`,
        `NUCLEUS_SHA256="\${NUCLEUS_SHA256:-${nucleusSha}}"`,
        "# A mirror may serve the archive (NUCLEUS_URL): what it serves is checked against the same SHA-256.",
        `NUCLEUS_URL="\${NUCLEUS_URL:-${nucleusUrl(v)}}"`,
        ...(claim ? [`PLUGIN_SHA256="\${PLUGIN_SHA256:-${opts.pluginSha256 ?? ""}}"`] : []),
        `check() { [ -n "$2" ] || { echo "no SHA-256 for $1: set $3 (sha256sum of the file, downloaded once from a trusted workstation) or run fleet bootstrap with --$4\${5:-}" >&2; exit 1; }; echo "$2  $1" | sha256sum -c - >/dev/null || { echo "$1 does not have the SHA-256 $2; not installing it" >&2; exit 1; }; }`,
        'curl -fsS "$NUCLEUS_URL" -o greengrass-nucleus.zip',
        `check greengrass-nucleus.zip "$NUCLEUS_SHA256" NUCLEUS_SHA256 nucleus-sha256 " (or pin it in fleet.yaml: spec.defaults.greengrass.nucleusSha256)"`,
        "unzip -o -q greengrass-nucleus.zip -d GreengrassInstaller",
        'mkdir -p "$ROOT"',
        `curl -fsS https://www.amazontrust.com/repository/AmazonRootCA1.pem -o ${ROOT_CA_PATH}`,
        `[ "$(openssl x509 -noout -fingerprint -sha256 -in ${ROOT_CA_PATH} | cut -d= -f2)" = "${AMAZON_ROOT_CA1_SHA256}" ] || { echo "${ROOT_CA_PATH} is not Amazon Root CA 1; not installing" >&2; exit 1; }`,
    ];
    if (claim) {
        lines.push(
            "# The device makes its own key; only the CSR goes to AWS IoT (CreateCertificateFromCsr).",
            `[ -f ${FP_DEVICE_KEY_PATH} ] || openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt -out ${FP_DEVICE_KEY_PATH}`,
            `chmod 600 ${FP_DEVICE_KEY_PATH}`,
            `openssl req -new -key ${FP_DEVICE_KEY_PATH} -subj "/CN=${gateway.thingName}/O=${fleet.name}" -out ${FP_DEVICE_CSR_PATH}`,
            `test -f ${CLAIM_CERT_PATH} && test -f ${CLAIM_KEY_PATH} || { echo "copy the site claim certificate and key to ${GG_ROOT}/claim-certs/ first (see README.txt)" >&2; exit 1; }`,
            `curl -fsS ${PLUGIN_URL} -o GreengrassInstaller/aws.greengrass.FleetProvisioningByClaim.jar`,
            'check GreengrassInstaller/aws.greengrass.FleetProvisioningByClaim.jar "$PLUGIN_SHA256" PLUGIN_SHA256 plugin-sha256',
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

function readme(fleet: FleetModel, site: SiteModel, gateway: GatewayModel, opts: BootstrapOptions): string {
    const mode = site.provisioning.mode;
    const v = fleet.defaults.nucleusVersion;
    const pinned = pinnedNucleusSha256(fleet, opts);
    const head = [
        `Gateway ${gateway.name} of site ${site.name} (region ${site.region})`,
        `Thing name: ${gateway.thingName}`,
        `Provisioning mode: ${mode}`,
        `Token-exchange role alias: ${names.roleAlias(fleet.name, site.name)}`,
        "",
        "Fill the endpoint placeholders in config.yaml from the region's AWS IoT endpoints (or pass",
        "--data-endpoint/--cred-endpoint to `fleet bootstrap`), then run install.sh as root; it stops while a",
        "placeholder is left.",
        "",
        `install.sh installs nucleus ${v} (${nucleusUrl(v)}) only if the archive has`,
        pinned
            ? `SHA-256 ${pinned}.`
            : `the SHA-256 in NUCLEUS_SHA256 (environment): none is recorded for this version, so download the archive once on a trusted workstation and compute it (${nucleusHashCommand(v)}), then pass it, or pin it in fleet.yaml (spec.defaults.greengrass.nucleusSha256) and rerun fleet bootstrap.`,
        ...(mode === "fleet-claim"
            ? [
                  `The fleet provisioning plugin (${PLUGIN_URL}) must match PLUGIN_SHA256${opts.pluginSha256 ? ` = ${opts.pluginSha256}` : " (environment, or fleet bootstrap --plugin-sha256)"}.`,
              ]
            : []),
        `The root CA must be Amazon Root CA 1 (SHA-256 fingerprint ${AMAZON_ROOT_CA1_SHA256}).`,
        "",
    ];
    const body =
        mode === "fleet-claim"
            ? [
                  `The gateway registers itself with template ${names.provisioningTemplate(fleet.name, site.name)}; the pre-provisioning`,
                  `hook admits it only because serial ${gateway.serial} is listed for it in the site file.`,
                  `Copy the site's claim certificate, stack output ${CLAIM_CERT_OUTPUT} (not secret), to ${CLAIM_CERT_PATH}:`,
                  `  ${outputCommand(site, CLAIM_CERT_OUTPUT)}`,
                  `and the claim key (made with \`fleet certs claim ${site.name}\`, kept by the platform team) to ${CLAIM_KEY_PATH}.`,
                  `After \`fleet certs claim ${site.name} --rotate\` and \`fleet up\`, gateways not enrolled yet need both again (old key: claim.key.pem.previous).`,
                  `install.sh makes the device key ${FP_DEVICE_KEY_PATH} on the gateway; it never leaves it.`,
              ]
            : mode === "csr"
              ? [
                    `Put the key made by \`fleet certs csr ${site.name} ${gateway.name}\` at ${DEVICE_KEY_PATH} and the`,
                    `certificate AWS IoT signed from its CSR, stack output ${GATEWAY_CERTS_OUTPUT} (not secret), at ${DEVICE_CERT_PATH}:`,
                    `  ${outputCommand(site, GATEWAY_CERTS_OUTPUT, gateway.thingName)}`,
                ]
              : [
                    `AWS IoT made this gateway's key. The certificate is stack output ${GATEWAY_CERTS_OUTPUT}; put it at ${DEVICE_CERT_PATH}:`,
                    `  ${outputCommand(site, GATEWAY_CERTS_OUTPUT, gateway.thingName)}`,
                    `The key is never a stack output: it is one of the certificate resource's secret outputs in the stack state`,
                    `(privateKey of ${site.name}-${gateway.name}-cert: pulumi stack export --show-secrets); write it straight to ${DEVICE_KEY_PATH}.`,
                ];
    return `${[...head, ...body].join("\n")}\n`;
}

/** The files `fleet bootstrap` writes for one gateway. */
export function bootstrapFiles(fleet: FleetModel, site: SiteModel, gateway: GatewayModel, opts: BootstrapOptions = {}): BootstrapFile[] {
    return [
        { path: "config.yaml", content: doc(installerConfig(fleet, site, gateway, opts)), mode: 0o644 },
        { path: "install.sh", content: installScript(fleet, site, gateway, opts), mode: 0o755 },
        { path: "README.txt", content: readme(fleet, site, gateway, opts), mode: 0o644 },
    ];
}
