import type { DataSource } from 'typeorm';
import {
  type BatchStats,
  GroupCommit,
  preparedStatement,
  queryPrepared,
  type UnitOutcome,
} from '@app/platform';

/** A request's claim of its (scope, key): the first request with the key runs, under `owner` (null: no lock held). */
export interface Claim {
  readonly scope: string;
  readonly key: string;
  readonly hash: string;
  readonly owner: number | null;
}

/** The first response to a claimed key, stored for replays. */
export interface Answer {
  readonly scope: string;
  readonly key: string;
  readonly status: number;
  readonly body: unknown;
}

/** Claims or answers per statement at most (one statement each batch, no subtransactions). */
const MAX_PER_BATCH = 64;
const one = { maxUnits: MAX_PER_BATCH, maxWeight: MAX_PER_BATCH, weight: () => 1 };
const id = (u: { scope: string; key: string }): string => `${u.scope}\n${u.key}`;

/**
 * The claims and the answers of Idempotency-Key records, group-committed: what concurrent requests of this process
 * claim (or answer) while a statement runs goes together in the next one, one round trip and one commit for all.
 * Rows are taken in (scope, key) order, so two processes' batches wait for each other's rows without deadlock. A
 * statement that fails as a whole (the database down) fails every caller in it with the database's error, as its
 * own statement would have.
 */
export class IdempotencyWrites {
  private readonly claims: GroupCommit<Claim, boolean>;
  private readonly answers: GroupCommit<Answer, void>;

  constructor(dataSource: DataSource) {
    this.claims = new GroupCommit((units) => claimAll(dataSource, units), one);
    this.answers = new GroupCommit((units) => answerAll(dataSource, units), one);
  }

  /** Whether this request claimed the key (false: it was claimed before, or by an earlier request of the batch). */
  claim(claim: Claim): Promise<boolean> {
    return this.claims.submit(claim);
  }

  /** Stores the answer; resolves once it is committed. */
  answer(answer: Answer): Promise<void> {
    return this.answers.submit(answer);
  }

  /** Statements (batches) run so far and the claims and answers they carried. */
  stats(): { readonly claims: BatchStats; readonly answers: BatchStats } {
    return { claims: this.claims.stats(), answers: this.answers.stats() };
  }
}

// Prepared (planned once per connection): planning the answer's UPDATE cost more than running it.
const CLAIM = preparedStatement(
  `INSERT INTO idempotency_keys (scope, key, request_hash, owner)
   SELECT scope, key, request_hash, owner
     FROM unnest($1::text[], $2::text[], $3::text[], $4::integer[]) AS u(scope, key, request_hash, owner)
    ORDER BY scope, key
   ON CONFLICT (scope, key) DO NOTHING RETURNING scope, key`,
);
const ANSWER = preparedStatement(
  `WITH u AS (
     SELECT * FROM unnest($1::text[], $2::text[], $3::integer[], $4::text[]) AS u(scope, key, status, response)
   ), locked AS (
     SELECT k.scope, k.key FROM idempotency_keys k JOIN u ON k.scope = u.scope AND k.key = u.key
      ORDER BY k.scope, k.key FOR UPDATE OF k
   )
   UPDATE idempotency_keys k SET status = u.status, response = u.response::jsonb, completed_at = now()
     FROM u JOIN locked l ON l.scope = u.scope AND l.key = u.key
    WHERE k.scope = u.scope AND k.key = u.key`,
);

/** One INSERT for the batch; of claims of the same (scope, key) in it only the first is sent, and may claim it. */
async function claimAll(dataSource: DataSource, units: readonly Claim[]): Promise<UnitOutcome<boolean>[]> {
  const first = new Map<string, Claim>();
  for (const u of units) if (!first.has(id(u))) first.set(id(u), u);
  const sent = [...first.values()];
  const rows = await queryPrepared<{ scope: string; key: string }>(dataSource, CLAIM, [
    sent.map((u) => u.scope),
    sent.map((u) => u.key),
    sent.map((u) => u.hash),
    sent.map((u) => u.owner),
  ]);
  const claimed = new Set(rows.map(id));
  return units.map((u) => ({ ok: true, value: first.get(id(u)) === u && claimed.has(id(u)) }));
}

/**
 * One UPDATE for the batch, its rows locked in (scope, key) order first. Two answers to the same key in one batch
 * (two executions of it, after a takeover): the later one is stored, as two statements in turn would leave it.
 */
async function answerAll(dataSource: DataSource, units: readonly Answer[]): Promise<UnitOutcome<void>[]> {
  const last = new Map<string, Answer>();
  for (const u of units) last.set(id(u), u);
  const sent = [...last.values()];
  await queryPrepared(dataSource, ANSWER, [
    sent.map((u) => u.scope),
    sent.map((u) => u.key),
    sent.map((u) => u.status),
    sent.map((u) => JSON.stringify(u.body)),
  ]);
  return units.map(() => ({ ok: true, value: undefined }));
}
