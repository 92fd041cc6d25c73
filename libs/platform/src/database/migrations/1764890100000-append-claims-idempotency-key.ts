import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APPEND_BATCH_1764889941000 } from '../append-functions';

/** Where the claim's check goes: first in each unit's exception block, so a refused unit gives its claim back. */
const ANCHOR = '            v_unit := p_units[i]::jsonb;\n';

/**
 * A unit's first request may carry an Idempotency-Key claim (`claim`: scope, key, hash): the key's row is inserted
 * in the unit's own transaction, before its events, without an owner (committed, it is a recorded command, not one
 * running), and a key already claimed (a row there, whoever wrote it) refuses the unit (PM003, nothing appended). A unit refused for any reason gives its claim back with its events
 * (the exception block). The append lock is held from the function's start, so two appends never wait for each
 * other's claims. A keyed command then costs one statement, its append, instead of a claim's and then its append's
 * (docs/architecture.md, "Idempotency"). Units without a claim are appended as before.
 */
export class AppendClaimsIdempotencyKey1764890100000 implements MigrationInterface {
  name = 'AppendClaimsIdempotencyKey1764890100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      withClaims(APPEND_BATCH_1764889941000).replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION'),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(APPEND_BATCH_1764889941000.replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION'));
  }
}

const CLAIM = `            IF jsonb_typeof(v_unit->0->'claim') = 'object' THEN
              INSERT INTO idempotency_keys (scope, key, request_hash)
              VALUES (v_unit->0->'claim'->>'scope', v_unit->0->'claim'->>'key', v_unit->0->'claim'->>'hash')
              ON CONFLICT (scope, key) DO NOTHING;
              IF NOT FOUND THEN
                RAISE EXCEPTION 'the idempotency key is already claimed'
                  USING ERRCODE = 'PM003', DETAIL = v_unit->0->'claim'->>'key';
              END IF;
            END IF;
`;

function withClaims(text: string): string {
  if (text.split(ANCHOR).length !== 2) throw new Error('pm_append_batch: the claim has no single place');
  return text.replace(ANCHOR, ANCHOR + CLAIM);
}
