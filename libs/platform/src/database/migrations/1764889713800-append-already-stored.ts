import type { MigrationInterface, QueryRunner } from 'typeorm';
import { type FunctionEdit, reversed, rewriteFunction } from '../function-rewrite';

const FN = 'pm_append_batch(text[])';
/** Where each request's result is made (migration 1764801400000), and what goes before and into it. */
const EDITS: readonly FunctionEdit[] = [
  ['v_message text;', 'v_message text;\n        v_stored boolean;'],
  [
    'SELECT a.out_version, a.out_position INTO v_version, v_position',
    `PERFORM pg_advisory_xact_lock(72620110);
              v_stored := EXISTS (SELECT 1 FROM events e
                                   WHERE e.event_id = (v_req->'events'->0->>'eventId')::uuid);
              SELECT a.out_version, a.out_position INTO v_version, v_position`,
  ],
  ['jsonb_build_array(v_version, v_position)', 'jsonb_build_array(v_version, v_position, v_stored)'],
];

/**
 * Each request's result of `pm_append_batch` says, third after its version and position, whether its events were
 * already stored (an earlier append of the same ids: `pm_append` then returns that append's result, appending
 * nothing): the port's `AppendResult.alreadyStored`. A command retried under the same Idempotency-Key tells so its
 * caller (`Idempotent-Replayed: true`), however its events were found. The first event's id is looked up under the
 * append lock, just before `pm_append` (which takes the lock again): found and `pm_append` without error means all
 * were found with the same content (some found and not all, or other content, is PM002). The function is rewritten
 * from its own definition, so the body stays the one of migration 1764801400000 but for these lines.
 */
export class AppendAlreadyStored1764889713800 implements MigrationInterface {
  name = 'AppendAlreadyStored1764889713800';

  async up(q: QueryRunner): Promise<void> {
    await rewriteFunction(q, FN, EDITS);
  }

  async down(q: QueryRunner): Promise<void> {
    await rewriteFunction(q, FN, reversed(EDITS));
  }
}
