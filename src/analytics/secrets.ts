/**
 * Initial passwords generated at deploy time (no @pulumi/random here). The value is made once per
 * program run, wrapped as a Pulumi secret, and only its first use matters: the consuming
 * resources ignore later changes (see components/region/timeseries.ts), so a fixed password is
 * never written in the program or the repository.
 */
import { randomBytes } from "node:crypto";

const LOWER = "abcdefghijkmnopqrstuvwxyz";
const UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";
const DIGITS = "23456789";
/**
 * Letters and digits only: Timestream for InfluxDB's CreateDbInstance takes a password of
 * 8–64 characters matching `^[a-zA-Z0-9]+$` (Timestream for InfluxDB API Reference,
 * CreateDbInstance, `password`); a symbol fails the preview in every region. 32 characters of
 * 57 (ambiguous 0/O/1/l/I left out) still carry about 186 bits.
 */
const ALL = LOWER + UPPER + DIGITS;

/** A password of `length` characters, letters and digits, with at least one of each class. */
export function generatePassword(length = 32, random: (n: number) => Buffer = randomBytes): string {
    if (length < 8 || length > 64) throw new Error(`password length must be 8–64; got ${length}`);
    const bytes = random(length + 3);
    const pick = (set: string, b: number) => set[b % set.length];
    const chars = [pick(LOWER, bytes[0]), pick(UPPER, bytes[1]), pick(DIGITS, bytes[2])];
    for (let i = 3; i < length; i++) chars.push(pick(ALL, bytes[i]));
    // place the guaranteed classes at positions chosen by the remaining random bytes
    for (let i = chars.length - 1; i > 0; i--) {
        const j = bytes[(length + (i % 3)) % bytes.length] % (i + 1);
        [chars[i], chars[j]] = [chars[j], chars[i]];
    }
    return chars.join("");
}
