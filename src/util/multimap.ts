/**
 * Append `value` to the list at `key`, starting the list on first use: grouping in one pass,
 * linear in the values (copying the list on each append, `[...(m.get(k) ?? []), v]`, is quadratic).
 */
export function appendTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
}
