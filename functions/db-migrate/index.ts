/**
 * db-migrate: applies the versioned schema (src/analytics/migrations.ts) to the maintenance
 * database through the RDS Data API. The stack invokes it on deployment (aws.lambda.Invocation)
 * whenever the migrations' fingerprint changes; it is idempotent: applied versions are skipped,
 * each pending version runs in one transaction with its bookkeeping row.
 */
import { BeginTransactionCommand, CommitTransactionCommand, RDSDataClient, RollbackTransactionCommand } from "@aws-sdk/client-rds-data";
import { BOOKKEEPING_SQL, MIGRATIONS, checksum, migrationProblems, pending, type Migration } from "../../src/analytics/migrations";
import { execute, p, targetFromEnv, withResumeRetry } from "../lib/data-api";
import { log } from "../lib/kinesis";

const rds = new RDSDataClient({});

export interface MigrateResult {
    applied: number[];
    current: number;
}

export async function migrate(migrations: Migration[] = MIGRATIONS): Promise<MigrateResult> {
    const problems = migrationProblems(migrations);
    if (problems.length) throw new Error(`invalid migrations: ${problems.join("; ")}`);
    const t = targetFromEnv();
    await execute(rds, t, BOOKKEEPING_SQL);
    const res = await execute(rds, t, "SELECT version, checksum FROM schema_migrations ORDER BY version");
    const applied = (res.records ?? []).map((r) => ({ version: Number(r[0]?.longValue), checksum: String(r[1]?.stringValue) }));
    const todo = pending(applied, migrations);
    const done: number[] = [];
    for (const m of todo) {
        const tx = await withResumeRetry(() =>
            rds.send(new BeginTransactionCommand({ resourceArn: t.resourceArn, secretArn: t.secretArn, database: t.database })),
        );
        const id = tx.transactionId as string;
        try {
            for (const sql of m.statements) await execute(rds, t, sql, [], id);
            await execute(
                rds,
                t,
                "INSERT INTO schema_migrations (version, name, checksum) VALUES (:version, :name, :checksum)",
                [p.long("version", m.version), p.str("name", m.name), p.str("checksum", checksum(m))],
                id,
            );
            await rds.send(new CommitTransactionCommand({ resourceArn: t.resourceArn, secretArn: t.secretArn, transactionId: id }));
        } catch (e) {
            await rds.send(new RollbackTransactionCommand({ resourceArn: t.resourceArn, secretArn: t.secretArn, transactionId: id })).catch(() => undefined);
            throw new Error(`migration ${m.version} (${m.name}) failed and was rolled back: ${(e as Error).message}`);
        }
        done.push(m.version);
        log("INFO", "migration applied", { version: m.version, name: m.name });
    }
    const current = Math.max(0, ...applied.map((a) => a.version), ...done);
    return { applied: done, current };
}

export async function handler(): Promise<MigrateResult> {
    return migrate();
}
