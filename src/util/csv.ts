/**
 * CSV cells that a spreadsheet opens as text, never as a formula.
 *
 * RFC 4180 quoting (a cell with a comma, quote, CR or LF is quoted, quotes doubled), and the
 * OWASP "CSV Injection" defence (https://owasp.org/www-community/attacks/CSV_Injection): a text
 * cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading single quote
 * and is quoted, so Excel, LibreOffice and Google Sheets show it as text instead of evaluating it.
 * Numbers (a JavaScript number, so `-5` from the model and not from a user's text) stay as they are.
 */

/** The first characters that make a spreadsheet read a cell as a formula (OWASP). */
export const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell: quoted when RFC 4180 needs it, neutralised when it would start a formula. */
export function csvCell(value: string | number | boolean | undefined | null): string {
    if (value === undefined || value === null) return "";
    if (typeof value !== "string") return String(value);
    if (FORMULA_START.test(value)) return `"'${value.replace(/"/g, '""')}"`;
    return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Rows of cells as CSV text with CRLF line ends and a final CRLF (RFC 4180). */
export function csvRows(rows: readonly (readonly (string | number | boolean | undefined | null)[])[]): string {
    return rows.map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
}
