import type { EntityManager } from 'typeorm';
import { type PreparedStatement, queryPrepared } from '@app/platform';

const ignore = (): void => undefined;

/**
 * The projection's statements on its batch's connection, one after another (node-postgres runs one query at a
 * time on a connection): a read waits for everything queued before it; a write is queued and not waited for, up to
 * `maxQueued` of them. Writes may stay queued when `handle` returns, so that during a rebuild the database writes
 * one page while Node computes the next; `settle` waits for them and throws the first failure (a failed statement
 * aborts the transaction, so nothing of the batch is kept).
 */
export class StatementQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly writes: Promise<unknown>[] = [];

  constructor(
    readonly tx: EntityManager,
    private readonly maxQueued: number,
  ) {}

  /** A statement whose answer is needed: sent after everything queued. */
  query<T>(sql: string | PreparedStatement, params?: unknown[]): Promise<T> {
    const answer = this.tail.then(() =>
      typeof sql === 'string' ? this.tx.query<T>(sql, params) : this.prepared<T>(sql, params ?? []),
    );
    this.tail = answer.catch(ignore);
    return answer;
  }

  /**
   * A write whose answer is not needed now (a prepared statement: sent by name, parsed and planned once per
   * connection); waits (and throws a failure) only when too many are queued.
   */
  async send(sql: string | PreparedStatement, params: unknown[]): Promise<void> {
    while (this.writes.length >= this.maxQueued) await this.writes.shift();
    const done = this.query(sql, params);
    done.catch(ignore); // awaited by a later send or by settle
    this.writes.push(done);
  }

  /** A prepared statement on the transaction's connection (its rows). */
  private async prepared<T>(statement: PreparedStatement, values: unknown[]): Promise<T> {
    // Without a runner `queryPrepared` would take a connection of its own: outside the batch's transaction.
    if (this.tx.queryRunner === undefined) throw new Error('A prepared statement outside a transaction');
    return (await queryPrepared(this.tx, statement, values)) as T;
  }

  /** Every queued statement done; the first failure thrown. */
  async settle(): Promise<void> {
    const writes = this.writes.splice(0);
    try {
      for (const w of writes) await w;
    } finally {
      await this.tail;
    }
  }
}
