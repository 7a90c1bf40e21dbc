/**
 * Keys and certificate signing requests the way a device makes them: an EC P-256 key that never
 * leaves the machine, and a PKCS#10 CSR (RFC 2986) whose subject CN is the thing name. The check
 * the loader runs on a committed CSR file is src/model/csr.ts (re-exported here).
 *
 * Built on node:crypto with a minimal DER encoder, so it needs no extra runtime dependency.
 * openssl verifies what this writes (test/edge/csr.test.ts).
 */
import * as crypto from "node:crypto";
import { OID } from "../model/csr";

// The check of a committed CSR lives with the loader (src/model/csr.ts).
export { csrProblem, parseCsr, type CsrInfo } from "../model/csr";

// ------------------------------------------------------------------------------ DER encoding
function derLength(n: number): Buffer {
    if (n < 0x80) return Buffer.from([n]);
    const bytes: number[] = [];
    for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
    return Buffer.from([0x80 | bytes.length, ...bytes]);
}
function tlv(tag: number, body: Buffer): Buffer {
    return Buffer.concat([Buffer.from([tag]), derLength(body.length), body]);
}
const seq = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items));
const utf8 = (s: string) => tlv(0x0c, Buffer.from(s, "utf8"));
function oid(dotted: string): Buffer {
    const parts = dotted.split(".").map(Number);
    const out: number[] = [parts[0] * 40 + parts[1]];
    for (const p of parts.slice(2)) {
        const chunk: number[] = [p & 0x7f];
        for (let v = p >> 7; v > 0; v >>= 7) chunk.unshift((v & 0x7f) | 0x80);
        out.push(...chunk);
    }
    return tlv(0x06, Buffer.from(out));
}

// ------------------------------------------------------------------------------ making
export interface KeyAndCsr {
    /** PKCS#8 private key, PEM. */
    keyPem: string;
    /** PKCS#10 certificate signing request, PEM. */
    csrPem: string;
}

function pem(label: string, der: Buffer): string {
    return `-----BEGIN ${label}-----\n${der
        .toString("base64")
        .match(/.{1,64}/g)!
        .join("\n")}\n-----END ${label}-----\n`;
}

/** Make an EC P-256 key pair and a CSR for `CN=<common name>, O=<organization>`, signed with the key. */
export function makeKeyAndCsr(commonName: string, organization: string): KeyAndCsr {
    const { privateKey, publicKey } = crypto.generateKeyPairSync("ec", { namedCurve: "prime256v1" });
    const spki = publicKey.export({ type: "spki", format: "der" });
    const name = seq(set(seq(oid(OID.commonName), utf8(commonName))), set(seq(oid(OID.organization), utf8(organization))));
    const info = seq(tlv(0x02, Buffer.from([0])), name, spki, tlv(0xa0, Buffer.alloc(0)));
    const signature = crypto.sign("sha256", info, privateKey);
    const csr = seq(info, seq(oid(OID.ecdsaWithSha256)), tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
    return { keyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(), csrPem: pem("CERTIFICATE REQUEST", csr) };
}
