/** Small dense linear algebra for the trainer. Pure. */

/** Solve A x = b (A n×n, row-major) by Gaussian elimination with partial pivoting; undefined when singular. */
export function solve(A: number[][], b: number[]): number[] | undefined {
    const n = b.length;
    const m = A.map((row, i) => [...row, b[i]]);
    for (let c = 0; c < n; c++) {
        let pivot = c;
        for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) pivot = r;
        if (Math.abs(m[pivot][c]) < 1e-12) return undefined;
        [m[c], m[pivot]] = [m[pivot], m[c]];
        for (let r = c + 1; r < n; r++) {
            const f = m[r][c] / m[c][c];
            for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
        }
    }
    const x = new Array<number>(n).fill(0);
    for (let r = n - 1; r >= 0; r--) {
        let s = m[r][n];
        for (let k = r + 1; k < n; k++) s -= m[r][k] * x[k];
        x[r] = s / m[r][r];
    }
    return x;
}

export function mean(xs: ArrayLike<number>): number {
    let s = 0;
    for (let i = 0; i < xs.length; i++) s += xs[i];
    return s / xs.length;
}

export function sd(xs: ArrayLike<number>, mu = mean(xs)): number {
    let s = 0;
    for (let i = 0; i < xs.length; i++) s += (xs[i] - mu) ** 2;
    return Math.sqrt(s / Math.max(1, xs.length - 1));
}

/** The q-quantile (0..1) by linear interpolation between order statistics. */
export function quantile(xs: readonly number[], q: number): number {
    if (xs.length === 0) return NaN;
    const s = [...xs].sort((a, b) => a - b);
    const pos = (s.length - 1) * q;
    const lo = Math.floor(pos);
    const hi = Math.ceil(pos);
    return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}
