import type { MigrationInterface, QueryRunner } from 'typeorm';
import { type FunctionEdit, reversed, rewriteFunction } from '../function-rewrite';

const FN = 'pm_append(text,text,integer,jsonb)';
const EDITS: readonly FunctionEdit[] = [
  ["PERFORM pg_notify('pm_events', v_pos::text);", "PERFORM pg_notify('pm_events', '');"],
];

/**
 * `pm_append` notified `pm_events` with the append's last position as payload, which no listener reads: a
 * transaction of many appends (a group-committed `pm_append_batch`) sent one notification per append, and every
 * listening connection woke its consumers once per append. With one payload for all, PostgreSQL folds a
 * transaction's notifications of the channel into one (identical channel and payload are delivered once): one wake
 * per commit. The function is rewritten from its own definition but for this line.
 */
export class NotifyOncePerTransaction1764889800000 implements MigrationInterface {
  name = 'NotifyOncePerTransaction1764889800000';

  async up(q: QueryRunner): Promise<void> {
    await rewriteFunction(q, FN, EDITS);
  }

  async down(q: QueryRunner): Promise<void> {
    await rewriteFunction(q, FN, reversed(EDITS));
  }
}
