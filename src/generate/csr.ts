/**
 * Certificate signing requests for synthetic fleets (gateways of `csr` sites, the claim of
 * `fleet-claim` sites): PKCS#10 (RFC 2986), ECDSA P-256 with SHA-256, subject
 * `CN=<thing name or claim name>, O=<fleet>`, as a gateway makes with
 * `openssl req -new`. Built with node:crypto alone (a few lines of DER), so a thousand CSRs
 * take well under a second. Each CSR has its own key, which is thrown away: a real gateway
 * keeps its key and hands over only the CSR, so a synthetic fleet never holds private keys.
 */
import * as crypto from "node:crypto";

function length(n: number): Buffer {
    if (n < 0x80) return Buffer.from([n]);
    const bytes: number[] = [];
    for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
    return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, ...content: Buffer[]): Buffer {
    const body = Buffer.concat(content);
    return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
}

function oid(text: string): Buffer {
    const parts = text.split(".").map(Number);
    const bytes: number[] = [parts[0] * 40 + parts[1]];
    for (const p of parts.slice(2)) {
        const chunk: number[] = [p & 0x7f];
        for (let v = p >>> 7; v > 0; v >>>= 7) chunk.unshift(0x80 | (v & 0x7f));
        bytes.push(...chunk);
    }
    return tlv(0x06, Buffer.from(bytes));
}

const SEQUENCE = 0x30;
const SET = 0x31;
const UTF8_STRING = 0x0c;
const OID_COMMON_NAME = "2.5.4.3";
const OID_ORGANIZATION = "2.5.4.10";
const OID_ECDSA_SHA256 = "1.2.840.10045.4.3.2";

function name(attrs: [string, string][]): Buffer {
    return tlv(SEQUENCE, ...attrs.map(([type, value]) => tlv(SET, tlv(SEQUENCE, oid(type), tlv(UTF8_STRING, Buffer.from(value, "utf8"))))));
}

/** A PEM CSR: `CN=<commonName>, O=<organization>` (a gateway's thing name, or a site's claim). */
export function gatewayCsr(commonName: string, organization: string): string {
    const { publicKey, privateKey } = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
    const spki = publicKey.export({ type: "spki", format: "der" });
    const info = tlv(
        SEQUENCE,
        tlv(0x02, Buffer.from([0])), // version 0
        name([
            [OID_COMMON_NAME, commonName],
            [OID_ORGANIZATION, organization],
        ]),
        spki,
        Buffer.from([0xa0, 0x00]), // attributes: none
    );
    const signature = crypto.sign("sha256", info, privateKey);
    const der = tlv(SEQUENCE, info, tlv(SEQUENCE, oid(OID_ECDSA_SHA256)), tlv(0x03, Buffer.from([0]), signature));
    const b64 = der.toString("base64").replace(/.{64}/g, "$&\n").replace(/\n$/, "");
    return `-----BEGIN CERTIFICATE REQUEST-----\n${b64}\n-----END CERTIFICATE REQUEST-----\n`;
}
