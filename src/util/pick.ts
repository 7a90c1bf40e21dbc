/**
 * `{ k: obj.k }` for each of `keys`, typed: a key that is not a member of `obj` does not compile.
 * Components register their public fields with it (`this.registerOutputs(pick(this, ["arn", "name"]))`,
 * docs/components.md "Outputs"), so each field is named once and registered as itself.
 */
export function pick<T extends object, K extends keyof T>(obj: T, keys: readonly K[]): Pick<T, K> {
    return Object.fromEntries(keys.map((k) => [k, obj[k]])) as Pick<T, K>;
}
