/**
 * Code-point order of two strings (what `Array.prototype.sort` does without a comparator), as a
 * comparator: the same order on every machine and locale, unlike `localeCompare`.
 */
export const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
