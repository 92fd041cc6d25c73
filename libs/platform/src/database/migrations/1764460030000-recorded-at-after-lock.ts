import type { MigrationInterface, QueryRunner } from 'typeorm';

const FN = `'pm_append(text,text,integer,jsonb)'::regprocedure`;
const BEFORE = 'v_rec timestamptz := clock_timestamp();';
const LOCK = 'PERFORM pg_advisory_xact_lock(72620110);';

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
    await rewrite(q, [
      [BEFORE, 'v_rec timestamptz;'],
      [LOCK, `${LOCK}\n        v_rec := clock_timestamp(); -- once the lock is held: in position order`],
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await rewrite(q, [
      ['v_rec timestamptz;', BEFORE],
      [`\n        v_rec := clock_timestamp(); -- once the lock is held: in position order`, ''],
    ]);
  }
}

/** Replaces each text (which must occur exactly once) in the function's definition and recreates it. */
async function rewrite(q: QueryRunner, edits: readonly (readonly [string, string])[]): Promise<void> {
  const [row] = (await q.query(`SELECT pg_get_functiondef(${FN}) AS def`)) as { def: string }[];
  let def = row!.def;
  for (const [from, to] of edits) {
    if (def.split(from).length !== 2) throw new Error(`pm_append: expected "${from}" exactly once`);
    def = def.replace(from, to);
  }
  await q.query(def);
}
