/**
 * The AWS endpoints a site's gateways need, by region: the interface VPC endpoint services of
 * the site's landing VPC and the TLS server names (SNI) the egress allow-list admits.
 */

export type EndpointKey = "iot-data" | "iot-credentials" | "greengrass" | "s3";

export interface EndpointService {
    key: EndpointKey;
    /** The VPC endpoint service name. */
    serviceName: string;
    /**
     * Whether AWS creates the private DNS names. IoT Core data and credentials endpoints do not
     * support it: their account-specific names get private hosted zones instead.
     */
    privateDns: boolean;
}

/** Interface endpoints of a site's landing VPC. S3 is an interface endpoint: a gateway endpoint is unreachable from on-premises networks. */
export function endpointServices(region: string): EndpointService[] {
    return [
        { key: "iot-data", serviceName: `com.amazonaws.${region}.iot.data`, privateDns: false },
        { key: "iot-credentials", serviceName: `com.amazonaws.${region}.iot.credentials`, privateDns: false },
        { key: "greengrass", serviceName: `com.amazonaws.${region}.greengrass`, privateDns: true },
        { key: "s3", serviceName: `com.amazonaws.${region}.s3`, privateDns: true },
    ];
}

/**
 * Server names a gateway may open TLS to, as domain suffixes (a leading dot matches the name and
 * every name below it): the account's IoT data (`<prefix>-ats.iot.<region>…`), credentials
 * (`<prefix>.credentials.iot.<region>…`) and Greengrass data-plane (`greengrass-ats.iot.<region>…`)
 * endpoints, the Greengrass API, and regional S3 (component artifacts).
 */
export function egressDomains(region: string): string[] {
    return [`.iot.${region}.amazonaws.com`, `.greengrass.${region}.amazonaws.com`, `.s3.${region}.amazonaws.com`];
}
