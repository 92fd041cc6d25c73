import type { DataSource } from 'typeorm';
import { type PreparedStatement, queryPrepared } from '@app/platform';
import { peekSql } from './batch-sql';
import type { EventConsumer } from './event-consumer';

/** What a peek found: the checkpoint, whether events are pending after it, the checkpoint it moved (if it did). */
export interface PeekRow {
  checkpoint: string;
  moves: number;
  pending: boolean;
  advanced: string | null;
}

interface Waiting {
  readonly consumer: EventConsumer;
  readonly resolve: (row: PeekRow | undefined) => void;
  readonly reject: (e: unknown) => void;
}

/**
 * The peeks of a process's consumers (`BatchSql.peek`), those asked for in the same turn of the event loop sent as
 * one statement (`peekSql`): the quiet consumers (passing over other types' events) are woken by the same append,
 * linger alike and peek together, one round trip instead of one each.
 */
export class PeekGroup {
  private waiting: Waiting[] = [];
  /** The statement per list of consumers (by their names). */
  private readonly statements = new Map<string, PreparedStatement>();

  constructor(private readonly dataSource: DataSource) {}

  /** The consumer's peek; undefined when it has no checkpoint row yet. */
  peek(consumer: EventConsumer): Promise<PeekRow | undefined> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ consumer, resolve, reject });
      if (this.waiting.length === 1) setImmediate(() => void this.send());
    });
  }

  private async send(): Promise<void> {
    const group = this.waiting;
    this.waiting = [];
    try {
      const rows = await queryPrepared<PeekRow & { i?: number }>(this.dataSource, this.statementOf(group));
      const byIndex = new Map(rows.map((r) => [Number(r.i ?? 0), r]));
      group.forEach((w, i) => w.resolve(byIndex.get(i)));
    } catch (e) {
      for (const w of group) w.reject(e);
    }
  }

  private statementOf(group: readonly Waiting[]): PreparedStatement {
    const key = group.map((w) => w.consumer.name).join('\n');
    let statement = this.statements.get(key);
    if (statement === undefined) {
      statement = peekSql(group.map((w) => ({ name: w.consumer.name, types: w.consumer.types })));
      this.statements.set(key, statement);
    }
    return statement;
  }
}
