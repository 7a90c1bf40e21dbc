/**
 * The RDS Data API over a real PostgreSQL: ExecuteStatement, BeginTransaction, CommitTransaction
 * and RollbackTransaction as the Data API runs them, for handlers whose RDSDataClient is mocked
 * with aws-sdk-client-mock. Parameters keep the Data API's types (RDS Data API reference,
 * SqlParameter/Field: stringValue is sent as VARCHAR, longValue as BIGINT, doubleValue as DOUBLE,
 * booleanValue as BOOLEAN, isNull as NULL; named placeholders `:name`), and results come back as
 * Field objects by column type (bigint/integer → longValue, double → doubleValue, boolean →
 * booleanValue, everything else → stringValue, NULL → isNull).
 */
import type { ExecuteStatementCommandInput, ExecuteStatementCommandOutput, Field, SqlParameter } from "@aws-sdk/client-rds-data";
import { Client, type ClientConfig } from "pg";

const CAST: [keyof NonNullable<SqlParameter["value"]>, string][] = [
    ["stringValue", "varchar"],
    ["longValue", "int8"],
    ["doubleValue", "float8"],
    ["booleanValue", "bool"],
];

/** `:name` placeholders to `$n::type`, with the values, as the Data API binds them. */
export function bind(sql: string, parameters: SqlParameter[] = []): { text: string; values: unknown[] } {
    const byName = new Map(parameters.map((p) => [p.name, p]));
    const order: string[] = [];
    const text = sql.replace(/(?<![:\w]):([A-Za-z_][A-Za-z0-9_]*)/g, (_, name: string) => {
        const p = byName.get(name);
        if (!p) throw new Error(`statement names :${name} but no parameter ${name} is sent: ${sql}`);
        if (!order.includes(name)) order.push(name);
        const i = order.indexOf(name) + 1;
        if (p.value?.isNull) return `$${i}`;
        const cast = CAST.find(([k]) => p.value?.[k] !== undefined);
        if (!cast) throw new Error(`parameter ${name} has no value of a type the Data API sends: ${JSON.stringify(p.value)}`);
        return `$${i}::${cast[1]}`;
    });
    const unused = parameters.filter((p) => p.name && !order.includes(p.name)).map((p) => p.name);
    if (unused.length) throw new Error(`parameters ${unused.join(", ")} are sent but the statement does not name them: ${sql}`);
    const values = order.map((n) => {
        const v = byName.get(n)!.value!;
        return v.isNull ? null : (v.stringValue ?? v.longValue ?? v.doubleValue ?? v.booleanValue);
    });
    return { text, values };
}

const LONG = new Set([20, 21, 23]);
const DOUBLE = new Set([700, 701]);

function field(value: unknown, oid: number): Field {
    if (value === null) return { isNull: true };
    if (LONG.has(oid)) return { longValue: Number(value) };
    if (DOUBLE.has(oid)) return { doubleValue: Number(value) };
    if (oid === 16) return { booleanValue: value === "t" || value === true };
    return { stringValue: String(value) };
}

export class DataApiOnPostgres {
    private auto: Client;
    private transactions = new Map<string, Client>();
    private next = 1;
    readonly statements: string[] = [];

    constructor(private readonly connection: { port: number; user: string }) {
        this.auto = this.client();
    }

    private client(): Client {
        return new Client({
            host: "127.0.0.1",
            port: this.connection.port,
            user: this.connection.user,
            database: "postgres",
            types: { getTypeParser: () => (v: string) => v } as unknown as ClientConfig["types"],
        });
    }

    async connect(): Promise<void> {
        await this.auto.connect();
    }

    async close(): Promise<void> {
        for (const c of this.transactions.values()) await c.end();
        await this.auto.end();
    }

    async execute(input: ExecuteStatementCommandInput): Promise<ExecuteStatementCommandOutput> {
        const c = input.transactionId ? this.transactions.get(input.transactionId) : this.auto;
        if (!c) throw Object.assign(new Error(`transaction ${input.transactionId} does not exist`), { name: "BadRequestException" });
        const { text, values } = bind(input.sql!, input.parameters);
        this.statements.push(input.sql!);
        const res = await c.query({ text, values, rowMode: "array" });
        const oids = res.fields.map((f) => f.dataTypeID);
        return {
            $metadata: {},
            records: res.fields.length ? (res.rows as unknown[][]).map((row) => row.map((v, i) => field(v, oids[i]))) : undefined,
            numberOfRecordsUpdated: res.fields.length ? 0 : (res.rowCount ?? 0),
        };
    }

    async begin(): Promise<string> {
        const id = `tx-${this.next++}`;
        const c = this.client();
        await c.connect();
        await c.query("BEGIN");
        this.transactions.set(id, c);
        return id;
    }

    async finish(id: string, how: "COMMIT" | "ROLLBACK"): Promise<void> {
        const c = this.transactions.get(id);
        if (!c) throw Object.assign(new Error(`transaction ${id} does not exist`), { name: "NotFoundException" });
        await c.query(how);
        await c.end();
        this.transactions.delete(id);
    }
}

/** Step Functions' AWS SDK integrations return the service response with PascalCase keys (Step Functions developer guide, "AWS SDK service integrations"). */
export function pascalCase(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(pascalCase);
    if (v && typeof v === "object")
        return Object.fromEntries(
            Object.entries(v as Record<string, unknown>)
                .filter(([k]) => k !== "$metadata")
                .map(([k, x]) => [k[0].toUpperCase() + k.slice(1), pascalCase(x)]),
        );
    return v;
}
