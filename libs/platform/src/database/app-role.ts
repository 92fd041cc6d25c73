import type { Client } from 'pg';

/** The embedded default's application role: the service's pool connects as it; the migrations as `postgres`. */
export const EMBEDDED_APP_ROLE = 'progress_monitor_app';

interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * Creates the login role (or resets its password), without any special power: not a superuser, no
 * CREATEDB/CREATEROLE/REPLICATION/BYPASSRLS. It owns nothing; what it may do is granted by
 * `grantApplicationRole`.
 */
export async function ensureLoginRole(client: Client, role: string, password: string): Promise<void> {
  const attrs = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${client.escapeLiteral(password)}`;
  const found = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
  if (found.rowCount === 0) {
    try {
      await client.query(`CREATE ROLE ${client.escapeIdentifier(role)} ${attrs}`);
      return;
    } catch (e) {
      if ((e as { code?: string }).code !== '42710') throw e; // created meanwhile by another process
    }
  }
  await client.query(`ALTER ROLE ${client.escapeIdentifier(role)} ${attrs}`);
}

/**
 * Least privilege for the application role, run by the owner of the schema right after the migrations (under
 * their lock: concurrent GRANTs on one table can fail): SELECT and INSERT on `events` only (no UPDATE, DELETE,
 * TRUNCATE; not being the owner, it cannot ALTER the table or disable its triggers); read and write on every
 * other table (read models, checkpoints, tokens, idempotency keys, alerts, outbox); nothing on the migrations
 * table. Default privileges give the same to the tables and sequences that later migrations create.
 */
export async function grantApplicationRole(q: Queryable, role: string): Promise<void> {
  const r = quoteIdent(role);
  const rows = (await q.query('SELECT current_schema() AS s')) as { s: string }[];
  const schema = quoteIdent(rows[0]?.s ?? 'public');
  const statements = [
    `GRANT USAGE ON SCHEMA ${schema} TO ${r}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA ${schema} TO ${r}`,
    `GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA ${schema} TO ${r}`,
    `REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON events FROM ${r}`,
    `REVOKE ALL ON migrations FROM ${r}`,
    `ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON TABLES TO ${r}`,
    `ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${r}`,
  ];
  for (const sql of statements) await q.query(sql);
}
