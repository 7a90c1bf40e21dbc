/** Name patterns of the fleet files: site-local names, site names and fleet names. */

export const nameHelp = (min: number, max: number) => `${min}-${max} characters of a-z, 0-9 and -, starting with a letter`;
export const namePattern = (min: number, max: number) => `^[a-z][a-z0-9-]{${min - 1},${max - 1}}$`;

export const SITE_NAME_PATTERN = namePattern(2, 31);
/**
 * Fleet names accept `-` (deployed fleets may be named `acme-eu`; a rename replaces every
 * resource), but every name a fleet derives is `<fleet>-...` and the fleet-wide IAM and IoT
 * scopes end in that separator (`thing/<fleet>-*`), so a name with `-` overlaps other fleets'
 * names: `fleet validate` warns (fleetNameOverlap in normalize/fleet.ts). New fleets
 * (`fleet generate --fleet-name`) take NEW_FLEET_NAME_PATTERN, without `-`, whose scopes reach
 * no other fleet's names (`acme2-...` does not start with `acme-`).
 */
export const FLEET_NAME_PATTERN = namePattern(2, 16);
export const FLEET_NAME_HELP = nameHelp(2, 16);
export const NEW_FLEET_NAME_PATTERN = "^[a-z][a-z0-9]{1,15}$";
export const NEW_FLEET_NAME_HELP =
    "2-16 characters of a-z and 0-9, starting with a letter (no '-': fleet-wide scopes such as thing/<fleet>-* end in it, and must not reach another fleet's names)";
