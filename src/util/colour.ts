/**
 * ANSI colours for terminal output. Callers decide whether to colour (see `wantColour`): on a
 * terminal, unless NO_COLOR is set (https://no-color.org) or `--no-color` was given; FORCE_COLOR
 * turns it on anywhere.
 */
export interface Palette {
    red(s: string): string;
    green(s: string): string;
    yellow(s: string): string;
    bold(s: string): string;
    dim(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;

export const COLOURS: Palette = { red: wrap(31, 39), green: wrap(32, 39), yellow: wrap(33, 39), bold: wrap(1, 22), dim: wrap(2, 22) };

const same = (s: string) => s;
export const PLAIN: Palette = { red: same, green: same, yellow: same, bold: same, dim: same };

/** Whether output to a stream should be coloured. `flag` is false after `--no-color`. */
export function wantColour(isTTY: boolean, env: NodeJS.ProcessEnv, flag = true): boolean {
    if (!flag) return false;
    if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
    if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "" && env.FORCE_COLOR !== "0") return true;
    return isTTY && env.TERM !== "dumb";
}

export function palette(colour: boolean): Palette {
    return colour ? COLOURS : PLAIN;
}
