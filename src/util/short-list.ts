/** `a, b, c` for a short list; past `max` names, the first `max` and how many more (`a, b and 3 more`). */
export function shortList(list: readonly string[], max: number): string {
    return list.length > max ? `${list.slice(0, max).join(", ")} and ${list.length - max} more` : list.join(", ");
}
