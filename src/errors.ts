/**
 * Findings about the user's files and the error that carries them: the bottom layer, so any
 * module (util, model, derivations, components, CLI) can report a problem the same way.
 * Every problem names the file, the position, the field, the bad value and what is accepted.
 */

export type Level = "error" | "warning";

export interface Diagnostic {
    level: Level;
    /** Path of the file, relative to the fleet directory (e.g. `sites/stuttgart-body.yaml`). */
    file: string;
    /** 1-based line, 0 when the problem concerns the file as a whole. */
    line: number;
    /** 1-based column, 0 when the problem concerns the file as a whole. */
    col: number;
    /** The field in the user's terms, e.g. `gateways[2].segment`; empty for the whole file. */
    field: string;
    message: string;
}

/** A user-input error that the CLI prints without a stack trace. */
export class FleetError extends Error {
    constructor(
        message: string,
        readonly diagnostics: Diagnostic[] = [],
        readonly exitCode = 1,
    ) {
        super(message);
        this.name = "FleetError";
    }
}
