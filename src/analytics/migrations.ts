/**
 * Versioned schema of the maintenance database (Aurora PostgreSQL). The db-migrate Lambda,
 * invoked by the stack on every deployment whose migrations changed, applies the versions not yet
 * in `schema_migrations`, each in one transaction through the RDS Data API (one statement per
 * call). Never edit a released version: add a new one.
 */
import { createHash } from "node:crypto";

export interface Migration {
    version: number;
    name: string;
    statements: string[];
}

export const MIGRATIONS: Migration[] = [
    {
        version: 1,
        name: "work orders and maintenance history",
        statements: [
            `CREATE TABLE work_orders (
    id bigserial PRIMARY KEY,
    site text NOT NULL,
    equipment text NOT NULL,
    sensor text,
    severity text NOT NULL CHECK (severity IN ('critical', 'warning', 'info')),
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'escalated', 'closed')),
    reason text,
    observed_value double precision,
    event_id text UNIQUE,
    execution_arn text,
    ack_token text,
    created_at timestamptz NOT NULL DEFAULT now(),
    acknowledged_at timestamptz,
    acknowledged_by text,
    escalated_at timestamptz,
    closed_at timestamptz
)`,
            // at most one open work order per machine: the workflow's de-duplication holds under races
            `CREATE UNIQUE INDEX work_orders_one_open ON work_orders (site, equipment) WHERE status IN ('open', 'acknowledged', 'escalated')`,
            `CREATE INDEX work_orders_site_created ON work_orders (site, created_at DESC)`,
            `CREATE TABLE maintenance_history (
    id bigserial PRIMARY KEY,
    work_order_id bigint NOT NULL REFERENCES work_orders (id),
    at timestamptz NOT NULL DEFAULT now(),
    action text NOT NULL,
    actor text,
    note text
)`,
        ],
    },
];

/** The statement that creates the bookkeeping table (run before any migration). */
export const BOOKKEEPING_SQL = `CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`;

export function checksum(m: Migration): string {
    return createHash("sha256").update(m.statements.join("\n;\n")).digest("hex");
}

/** A fingerprint of all migrations: the stack re-runs db-migrate when it changes. */
export function migrationsFingerprint(ms: Migration[] = MIGRATIONS): string {
    return createHash("sha256")
        .update(ms.map((m) => `${m.version}:${checksum(m)}`).join(","))
        .digest("hex");
}

/** Versions must be 1, 2, 3, … in order with unique names: checked by tests and at run time. */
export function migrationProblems(ms: Migration[] = MIGRATIONS): string[] {
    const out: string[] = [];
    ms.forEach((m, i) => {
        if (m.version !== i + 1) out.push(`migration ${JSON.stringify(m.name)} has version ${m.version}; expected ${i + 1}`);
        if (m.statements.length === 0) out.push(`migration ${m.version} has no statements`);
        for (const s of m.statements)
            if (/;\s*\S/.test(s)) out.push(`migration ${m.version}: one statement per entry (the Data API runs one at a time): ${s.slice(0, 40)}…`);
    });
    return out;
}

/** The migrations still to apply, given what the database has; refuses edited history. */
export function pending(applied: { version: number; checksum: string }[], ms: Migration[] = MIGRATIONS): Migration[] {
    const byVersion = new Map(applied.map((a) => [a.version, a.checksum]));
    for (const m of ms) {
        const have = byVersion.get(m.version);
        if (have !== undefined && have !== checksum(m)) {
            throw new Error(`migration ${m.version} (${m.name}) was changed after it was applied; add a new migration instead`);
        }
    }
    const known = new Set(ms.map((m) => m.version));
    const unknown = applied.filter((a) => !known.has(a.version)).map((a) => a.version);
    if (unknown.length) throw new Error(`the database has migrations this code does not know (${unknown.join(", ")}); deploy the newer code`);
    return ms.filter((m) => !byVersion.has(m.version));
}
