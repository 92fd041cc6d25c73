import type { EntityManager } from 'typeorm';

/** What runs SQL through TypeORM: a `DataSource`, a transaction's `EntityManager` (or a `QueryRunner`). */
export type Queryable = Pick<EntityManager, 'query'>;

/**
 * Runs an `UPDATE … RETURNING` or a `DELETE … RETURNING` through TypeORM and gives the rows it returned: [] when
 * nothing matched.
 *
 * Why not `query` itself: TypeORM's PostgreSQL driver answers a statement whose command is UPDATE or DELETE with
 * `[rows, affected]`, not with the rows. Read as rows, that answer is never empty, so a "did it match?" test always
 * says yes: a duplicate Idempotency-Key request ran twice that way. A statement TypeORM answers with its rows (an
 * INSERT, a SELECT, a `WITH … SELECT` around an UPDATE) gives them as they are: rows are objects, never the pair.
 */
export async function queryReturning<T>(
  m: Queryable,
  sql: string,
  params: readonly unknown[] = [],
): Promise<T[]> {
  const answer: unknown = await m.query(sql, [...params]);
  if (!Array.isArray(answer))
    throw new Error(`queryReturning: an answer that is not a list (${typeof answer})`);
  return (isUpdated(answer) ? answer[0] : answer) as T[];
}

/**
 * Runs an `UPDATE` or a `DELETE` (no `RETURNING` needed) through TypeORM and gives how many rows it touched: the
 * `affected` of TypeORM's `[rows, affected]` answer, 0 when nothing matched. Any other statement (a SELECT, an
 * INSERT, a `WITH … SELECT`) is answered with its rows, which carry no count: that throws rather than guess.
 */
export async function queryAffected(
  m: Queryable,
  sql: string,
  params: readonly unknown[] = [],
): Promise<number> {
  const answer: unknown = await m.query(sql, [...params]);
  if (!isUpdated(answer)) throw new Error('queryAffected: not the answer to an UPDATE or a DELETE');
  return answer[1];
}

/** TypeORM's PostgreSQL answer to a statement whose command is UPDATE or DELETE. */
const isUpdated = (answer: unknown): answer is [unknown[], number] =>
  Array.isArray(answer) && answer.length === 2 && Array.isArray(answer[0]) && typeof answer[1] === 'number';
