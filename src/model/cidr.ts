/** CIDR arithmetic for the checks, on ipaddr.js. */
import * as ipaddr from "ipaddr.js";

export interface Cidr {
    text: string;
    first: number;
    last: number;
    prefix: number;
}

function toInt(a: ipaddr.IPv4): number {
    const [b0, b1, b2, b3] = a.octets;
    return ((b0 << 24) >>> 0) + (b1 << 16) + (b2 << 8) + b3;
}

/** A parsed IPv4 address as an integer, or undefined. */
export function parseIpv4(text: string): number | undefined {
    if (!ipaddr.IPv4.isValidFourPartDecimal(text)) return undefined;
    return toInt(ipaddr.IPv4.parse(text));
}

export type CidrResult = { cidr: Cidr } | { error: string };

/** Parse `a.b.c.d/n`; host bits must be zero (a network address), as AWS requires. */
export function parseCidr(text: string): CidrResult {
    const slash = text.indexOf("/");
    const addrText = text.slice(0, slash);
    const prefix = Number(text.slice(slash + 1));
    if (slash < 0 || !ipaddr.IPv4.isValidFourPartDecimal(addrText)) {
        return { error: `${JSON.stringify(text)} is not an IPv4 CIDR block; expected a.b.c.d/n with a, b, c, d from 0 to 255, e.g. 10.40.0.0/24` };
    }
    if (!/^[0-9]{1,2}$/.test(text.slice(slash + 1)) || prefix > 32) return { error: `${JSON.stringify(text)} has prefix length ${text.slice(slash + 1)}; accepted: 0 to 32` };
    const net = ipaddr.IPv4.networkAddressFromCIDR(text);
    const first = toInt(net);
    if (first !== toInt(ipaddr.IPv4.parse(addrText))) {
        return { error: `${JSON.stringify(text)} has host bits set; did you mean "${net.toString()}/${prefix}"?` };
    }
    const size = 2 ** (32 - prefix);
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
