/** IPv4 and CIDR arithmetic for the checks: addresses as unsigned 32-bit integers. */

export interface Cidr {
    text: string;
    first: number;
    last: number;
    prefix: number;
}

/** a.b.c.d of an address held as an integer. */
export function ipText(n: number): string {
    return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

const OCTET = /^(0|[1-9][0-9]{0,2})$/;

/**
 * A parsed IPv4 address as an integer, or undefined: four decimal numbers 0-255 without leading
 * zeros (which some tools read as octal), as ipaddr.js's isValidFourPartDecimal, without its
 * cost (this runs for every address of every site).
 */
export function parseIpv4(text: string): number | undefined {
    const parts = text.split(".");
    if (parts.length !== 4) return undefined;
    let out = 0;
    for (const part of parts) {
        if (!OCTET.test(part)) return undefined;
        const n = Number(part);
        if (n > 255) return undefined;
        out = out * 256 + n;
    }
    return out;
}

export type CidrResult = { cidr: Cidr } | { error: string };

/** Parse `a.b.c.d/n`; host bits must be zero (a network address), as AWS requires. */
export function parseCidr(text: string): CidrResult {
    const slash = text.indexOf("/");
    const addrText = text.slice(0, slash);
    const prefix = Number(text.slice(slash + 1));
    const addr = slash < 0 ? undefined : parseIpv4(addrText);
    if (addr === undefined) {
        return { error: `${JSON.stringify(text)} is not an IPv4 CIDR block; expected a.b.c.d/n with a, b, c, d from 0 to 255, e.g. 10.40.0.0/24` };
    }
    if (!/^[0-9]{1,2}$/.test(text.slice(slash + 1)) || prefix > 32)
        return { error: `${JSON.stringify(text)} has prefix length ${text.slice(slash + 1)}; accepted: 0 to 32` };
    const size = 2 ** (32 - prefix);
    const first = addr - (addr % size);
    if (first !== addr) return { error: `${JSON.stringify(text)} has host bits set; did you mean "${ipText(first)}/${prefix}"?` };
    return { cidr: { text, first, last: first + size - 1, prefix } };
}

export function contains(c: Cidr, address: number): boolean {
    return address >= c.first && address <= c.last;
}

export function overlaps(a: Cidr, b: Cidr): boolean {
    return a.first <= b.last && b.first <= a.last;
}

/** Private ranges of RFC 1918, where plant and attachment networks belong. */
const PRIVATE = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"].map((t) => (parseCidr(t) as { cidr: Cidr }).cidr);

export function isPrivate(c: Cidr): boolean {
    return PRIVATE.some((p) => c.first >= p.first && c.last <= p.last);
}
