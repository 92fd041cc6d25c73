import type { MigrationInterface, QueryRunner } from 'typeorm';
import { type FunctionEdit, reversed, rewriteFunction } from '../function-rewrite';

const FN = 'pm_append(text,text,integer,jsonb)';
const BEFORE = 'v_rec timestamptz := clock_timestamp();';
const LOCK = 'PERFORM pg_advisory_xact_lock(72620110);';
const EDITS: readonly FunctionEdit[] = [
  [BEFORE, 'v_rec timestamptz;'],
  [LOCK, `${LOCK}\n        v_rec := clock_timestamp(); -- once the lock is held: in position order`],
];

/**
 * `pm_append` read the clock before waiting for the append lock, so an append that waited behind a longer
 * transaction (an `appendMulti`, a slow commit) could get a later position with an earlier `recorded_at`.
 * The clock is now read once the lock is held: `recorded_at` never decreases along the positions (unless the
 * server's clock itself steps back). The function is rewritten from its own definition, so the body stays
 * the one of migration 1764460000000 but for these two lines.
 */
export class RecordedAtAfterLock1764460030000 implements MigrationInterface {
  name = 'RecordedAtAfterLock1764460030000';

  async up(q: QueryRunner): Promise<void> {
    await rewriteFunction(q, FN, EDITS);
  }

  async down(q: QueryRunner): Promise<void> {
    await rewriteFunction(q, FN, reversed(EDITS));
  }
}
