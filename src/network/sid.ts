/**
 * Signature ids (Suricata `sid`) derived from stable keys, never from positions: the same
 * site, conduit, transport and port give the same sid whatever the order of the YAML lists,
 * so reordering a file changes no rule and no rule-group update is planned.
 */
import { createHash } from "node:crypto";

/** Sids live in [SID_MIN, SID_MAX]: clear of the 1–2,999,999 ranges used by public rule sets. */
export const SID_MIN = 1_000_000_000;
export const SID_SPAN = 1_000_000_000;
export const SID_MAX = SID_MIN + SID_SPAN - 1;

/**
 * The sid for a tuple of stable keys: the first 6 bytes of SHA-256 over the keys (separated by
 * NUL, so ("a-b","c") and ("a","b-c") differ) reduced into the sid range. A collision between
 * two rules of one policy is possible (about n²/2·10⁹ for n rules) and is reported by the lint,
 * never resolved by position.
 */
export function sidOf(...keys: string[]): number {
    const digest = createHash("sha256").update(keys.join("\u0000")).digest();
    return SID_MIN + (digest.readUIntBE(0, 6) % SID_SPAN);
}

/** A small stable hash of one key, for bucketing (shards). */
export function bucketOf(key: string, buckets: number): number {
    const digest = createHash("sha256").update(key).digest();
    return digest.readUInt32BE(0) % buckets;
}
