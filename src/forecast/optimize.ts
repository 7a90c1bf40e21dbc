/**
 * Nelder-Mead simplex minimisation (Nelder & Mead 1965, with the standard coefficients: reflection
 * 1, expansion 2, contraction 0.5, shrink 0.5). Unconstrained: callers map bounded parameters
 * through a squashing function. Deterministic for a given start.
 */
export interface NelderMeadOptions {
    maxIterations?: number;
    /** Initial step along each axis. @default 1 */
    step?: number;
    /** Stop when the simplex's values differ by less than this. @default 1e-10 (relative) */
    tolerance?: number;
}

export function nelderMead(f: (x: number[]) => number, start: number[], o: NelderMeadOptions = {}): { x: number[]; value: number; iterations: number } {
    const n = start.length;
    const step = o.step ?? 1;
    const tol = o.tolerance ?? 1e-10;
    const max = o.maxIterations ?? 200 * n;
    let simplex = [start.slice(), ...start.map((_, i) => start.map((v, j) => (i === j ? v + step : v)))].map((x) => ({ x, v: f(x) }));
    const at = (a: number[], b: number[], t: number) => a.map((ai, i) => ai + t * (b[i] - ai));
    let iterations = 0;
    for (; iterations < max; iterations++) {
        simplex.sort((a, b) => a.v - b.v);
        const best = simplex[0];
        const worst = simplex[n];
        if (Math.abs(worst.v - best.v) <= tol * (Math.abs(best.v) + tol)) break;
        const centroid = start.map((_, i) => simplex.slice(0, n).reduce((s, p) => s + p.x[i], 0) / n);
        const reflected = at(centroid, worst.x, -1);
        const rv = f(reflected);
        if (rv < best.v) {
            const expanded = at(centroid, worst.x, -2);
            const ev = f(expanded);
            simplex[n] = ev < rv ? { x: expanded, v: ev } : { x: reflected, v: rv };
        } else if (rv < simplex[n - 1].v) {
            simplex[n] = { x: reflected, v: rv };
        } else {
            const contracted = rv < worst.v ? at(centroid, reflected, 0.5) : at(centroid, worst.x, 0.5);
            const cv = f(contracted);
            if (cv < Math.min(rv, worst.v)) simplex[n] = { x: contracted, v: cv };
            else simplex = simplex.map((p, i) => (i === 0 ? p : { x: at(best.x, p.x, 0.5), v: f(at(best.x, p.x, 0.5)) }));
        }
    }
    simplex.sort((a, b) => a.v - b.v);
    return { x: simplex[0].x, value: simplex[0].v, iterations };
}
