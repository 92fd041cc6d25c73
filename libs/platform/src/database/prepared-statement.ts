import { createHash } from 'node:crypto';
import type { PoolClient } from 'pg';
import { type DataSource, EntityManager, QueryRunnerAlreadyReleasedError } from 'typeorm';

/** A statement PostgreSQL keeps prepared per connection under `name` (derived from the text: one text, one name). */
export interface PreparedStatement {
  readonly name: string;
  readonly text: string;
}

/**
 * A hot statement, sent by name: each pooled connection parses and plans it once (a statement without parameters,
 * or one whose generic plan PostgreSQL keeps after five runs), where `DataSource.query` plans it on every call.
 * The name comes from the text, so a changed text is a new statement, never a clash on a connection that kept the
 * old one; a plan that a migration invalidates is re-planned by PostgreSQL itself. Name the columns a statement
 * returns (no `SELECT *`): PostgreSQL refuses to run a prepared statement whose result columns changed under it.
 */
export function preparedStatement(text: string): PreparedStatement {
  return { name: `pm_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`, text };
}

/**
 * Runs a prepared statement and returns its rows: on `on`'s transaction's connection when `on` is a transaction's
 * `EntityManager` (a consumer's batch: the statement sees what the transaction wrote), otherwise on a pooled
 * connection of its own (a transaction of its own).
 */
export async function queryPrepared<T>(
  on: DataSource | EntityManager,
  statement: PreparedStatement,
  values: readonly unknown[] = [],
): Promise<T[]> {
  const query = { name: statement.name, text: statement.text, values: [...values] };
  const held = on instanceof EntityManager ? on.queryRunner : undefined;
  if (held !== undefined) {
    // A released runner still answers `connect()` with its old connection, maybe another caller's by now.
    if (held.isReleased) throw new QueryRunnerAlreadyReleasedError();
    const client = (await held.connect()) as PoolClient;
    return (await client.query(query)).rows as T[];
  }
  const runner = (on instanceof EntityManager ? on.connection : on).createQueryRunner();
  try {
    const client = (await runner.connect()) as PoolClient;
    return (await client.query(query)).rows as T[];
  } finally {
    await runner.release();
  }
}
