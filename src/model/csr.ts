/**
 * The check the loader runs on a committed certificate signing request (a PKCS#10 CSR, RFC 2986):
 * it parses, its self-signature verifies, its key is one AWS IoT signs, and its subject CN is the
 * expected thing name. src/edge/csr.ts makes keys and CSRs the way a device does.
 *
 * Built on node:crypto with a minimal DER reader for the few structures a CSR has, so the check
 * stays synchronous (the loader is) and needs no extra runtime dependency. openssl verifies it
 * (test/edge/csr.test.ts).
 */
import * as crypto from "node:crypto";

export const OID = {
    commonName: "2.5.4.3",
    organization: "2.5.4.10",
    ecPublicKey: "1.2.840.10045.2.1",
    rsaEncryption: "1.2.840.113549.1.1.1",
    ecdsaWithSha256: "1.2.840.10045.4.3.2",
    ecdsaWithSha384: "1.2.840.10045.4.3.3",
    sha256WithRsa: "1.2.840.113549.1.1.11",
    p256: "1.2.840.10045.3.1.7",
    p384: "1.3.132.0.34",
    p521: "1.3.132.0.35",
} as const;

// ------------------------------------------------------------------------------ DER reading
interface Node {
    tag: number;
    /** Offset of the tag byte. */
    start: number;
    /** Offset of the contents. */
    body: number;
    end: number;
}
function read(buf: Buffer, at: number): Node {
    if (at + 2 > buf.length) throw new Error("truncated DER");
    const tag = buf[at];
    let len = buf[at + 1];
    let body = at + 2;
    if (len & 0x80) {
        const n = len & 0x7f;
        if (n === 0 || n > 4 || body + n > buf.length) throw new Error("bad DER length");
        len = 0;
        for (let i = 0; i < n; i++) len = len * 256 + buf[body + i];
        body += n;
    }
    const end = body + len;
    if (end > buf.length) throw new Error("truncated DER");
    return { tag, start: at, body, end };
}
function children(buf: Buffer, n: Node): Node[] {
    const out: Node[] = [];
    for (let at = n.body; at < n.end;) {
        const c = read(buf, at);
        out.push(c);
        at = c.end;
    }
    return out;
}
function oidText(buf: Buffer, n: Node): string {
    if (n.tag !== 0x06) throw new Error("expected an OBJECT IDENTIFIER");
    const b = buf.subarray(n.body, n.end);
    const parts = [Math.floor(b[0] / 40), b[0] % 40];
    let v = 0;
    for (const byte of b.subarray(1)) {
        v = v * 128 + (byte & 0x7f);
        if (!(byte & 0x80)) {
            parts.push(v);
            v = 0;
        }
    }
    return parts.join(".");
}

// ------------------------------------------------------------------------------ checking
export interface CsrInfo {
    commonName?: string;
    keyAlgorithm: "EC" | "RSA" | string;
    namedCurve?: string;
    signatureValid: boolean;
}

const SIG_HASH: Record<string, string> = { [OID.ecdsaWithSha256]: "sha256", [OID.ecdsaWithSha384]: "sha384", [OID.sha256WithRsa]: "sha256" };
const CURVES: Record<string, string> = { [OID.p256]: "P-256", [OID.p384]: "P-384", [OID.p521]: "P-521" };

/** Parse a PEM CSR and verify its self-signature; throws with a plain message when it is not one. */
export function parseCsr(text: string): CsrInfo {
    const m = /-----BEGIN CERTIFICATE REQUEST-----([\s\S]*?)-----END CERTIFICATE REQUEST-----/.exec(text);
    if (!m) throw new Error("not a PEM certificate signing request (no BEGIN/END CERTIFICATE REQUEST lines)");
    const der = Buffer.from(m[1].replace(/\s+/g, ""), "base64");
    try {
        const top = read(der, 0);
        if (top.tag !== 0x30 || top.end !== der.length) throw new Error("not a DER SEQUENCE");
        const [info, sigAlg, sig] = children(der, top);
        if (!info || !sigAlg || !sig || info.tag !== 0x30 || sigAlg.tag !== 0x30 || sig.tag !== 0x03) throw new Error("not a CertificationRequest");
        const [, subject, spki] = children(der, info);
        if (!subject || !spki || subject.tag !== 0x30 || spki.tag !== 0x30) throw new Error("no subject or public key");
        let commonName: string | undefined;
        for (const rdn of children(der, subject)) {
            for (const atv of children(der, rdn)) {
                const [type, value] = children(der, atv);
                if (oidText(der, type) === OID.commonName) commonName = der.subarray(value.body, value.end).toString("utf8");
            }
        }
        const [keyAlg] = children(der, spki);
        const [algOid, param] = children(der, keyAlg);
        const algorithm = oidText(der, algOid);
        const keyAlgorithm = algorithm === OID.ecPublicKey ? "EC" : algorithm === OID.rsaEncryption ? "RSA" : algorithm;
        const namedCurve = keyAlgorithm === "EC" && param?.tag === 0x06 ? (CURVES[oidText(der, param)] ?? oidText(der, param)) : undefined;
        const hash = SIG_HASH[oidText(der, children(der, sigAlg)[0])];
        let signatureValid = false;
        if (hash) {
            try {
                const key = crypto.createPublicKey({ key: der.subarray(spki.start, spki.end), format: "der", type: "spki" });
                signatureValid = crypto.verify(hash, der.subarray(info.start, info.end), key, der.subarray(sig.body + 1, sig.end));
            } catch {
                signatureValid = false;
            }
        }
        return { commonName, keyAlgorithm, namedCurve, signatureValid };
    } catch (e) {
        throw new Error(`not a valid PKCS#10 certificate signing request (${(e as Error).message})`);
    }
}

/**
 * Why a CSR is unusable for the given thing, or undefined when it is fine: malformed, signature
 * not made by its own key, a key type AWS IoT does not sign, or a subject CN that is not the
 * expected name (a CSR copied from another gateway).
 */
export function csrProblem(text: string, expectedCommonName: string): string | undefined {
    let info: CsrInfo;
    try {
        info = parseCsr(text);
    } catch (e) {
        return (e as Error).message;
    }
    if (!info.signatureValid) return "its signature does not verify against its own public key";
    if (info.keyAlgorithm !== "EC" && info.keyAlgorithm !== "RSA")
        return `its key type ${info.keyAlgorithm} is not one AWS IoT signs (EC P-256/P-384/P-521 or RSA)`;
    if (info.keyAlgorithm === "EC" && !["P-256", "P-384", "P-521"].includes(info.namedCurve ?? ""))
        return `its curve ${info.namedCurve} is not one AWS IoT signs (P-256, P-384, P-521)`;
    if (info.commonName !== expectedCommonName)
        return `its subject CN is ${JSON.stringify(info.commonName ?? "")}, expected ${JSON.stringify(expectedCommonName)}`;
    return undefined;
}
