/** Plain objects to DynamoDB attribute maps and back (client-dynamodb only: the runtime's SDK). */
import type { AttributeValue } from "@aws-sdk/client-dynamodb";

export type Plain = string | number | boolean | string[] | undefined;

export function marshal(item: Record<string, Plain>): Record<string, AttributeValue> {
    const out: Record<string, AttributeValue> = {};
    for (const [k, v] of Object.entries(item)) {
        if (v === undefined) continue;
        if (typeof v === "string") out[k] = { S: v };
        else if (typeof v === "number") out[k] = { N: String(v) };
        else if (typeof v === "boolean") out[k] = { BOOL: v };
        else out[k] = { L: v.map((s) => ({ S: s })) };
    }
    return out;
}

export function unmarshal(item: Record<string, AttributeValue>): Record<string, Plain> {
    const out: Record<string, Plain> = {};
    for (const [k, v] of Object.entries(item)) {
        if (v.S !== undefined) out[k] = v.S;
        else if (v.N !== undefined) out[k] = Number(v.N);
        else if (v.BOOL !== undefined) out[k] = v.BOOL;
        else if (v.L !== undefined) out[k] = v.L.map((x) => x.S ?? "");
        else if (v.SS !== undefined) out[k] = v.SS;
    }
    return out;
}
