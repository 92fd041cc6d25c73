import type { DataSource } from 'typeorm';
import { GroupCommit, preparedStatement, queryPrepared, type UnitOutcome } from '@app/platform';
import { answerText } from './idempotency-record';

/** A request's claim of its (scope, key): the first request with the key runs, under `owner` (null: no lock held). */
export interface Claim {
  readonly scope: string;
  readonly key: string;
  readonly hash: string;
  readonly owner: number | null;
}

/** The first response to a claimed key, stored for replays (with the request's hash: its row may be gone). */
export interface Answer {
  readonly scope: string;
  readonly key: string;
  readonly hash: string;
  readonly status: number;
  readonly body: unknown;
  /** Stored before it is sent (a 4xx problem): its batch commits synchronously. */
  readonly durable: boolean;
}

type Write = { readonly claim: Claim } | { readonly answer: Answer };

/** Statements (batches) run so far, and the claims and the answers they carried. */
export interface WriteStats {
  readonly batches: number;
  readonly claims: number;
  readonly answers: number;
}

/** Claims and answers per statement at most. */
const MAX_PER_BATCH = 64;
/** How long a success answer waits for a claim to go with (see `answer`) before it goes alone. */
export const ANSWER_LINGER_MS = 20;
/** Its injection token for IdempotencyService (not provided in the app: ANSWER_LINGER_MS; specs lengthen it). */
export const ANSWER_LINGER = Symbol('ANSWER_LINGER');
const one = { maxUnits: MAX_PER_BATCH, maxWeight: MAX_PER_BATCH, weight: () => 1 };
const id = (u: { scope: string; key: string }): string => `${u.scope}\n${u.key}`;
const unitOf = (w: Write): Claim | Answer => ('claim' in w ? w.claim : w.answer);

/**
 * The claims and the answers of Idempotency-Key records, group-committed together: what concurrent requests of this
 * process claim or answer while a statement runs goes in the next one, one round trip and one commit for all. Rows
 * are taken in (scope, key) order by that one statement, so two processes' batches wait for each other's rows
 * without deadlock. A statement that fails as a whole (the database down) fails every caller in it with the
 * database's error, as its own statement would have. A success answer (stored after its response is sent, nobody
 * waiting on it but a duplicate) waits up to ANSWER_LINGER_MS for the next claim and goes in its statement: a keyed
 * command then costs one statement (its claim, carrying an earlier command's answer) instead of up to two. So a
 * statement that fails as a whole because of one held answer fails the unrelated claim it rode with too (the
 * claimer gets that error): in practice only an outage fails a whole statement (a row lock makes it wait, bounded;
 * a row of another request's body is left alone), and that would have failed the claim's own statement as well.
 */
export class IdempotencyWrites {
  private readonly writes: GroupCommit<Write, boolean>;
  private claims = 0;
  private answers = 0;
  /** Success answers waiting for a claim to go with (or for the timer). */
  private parked: { readonly answer: Answer; readonly done: (sent: Promise<boolean>) => void }[] = [];
  private timer: NodeJS.Timeout | undefined;

  /**
   * `durableClaims`: a batch with a claim commits synchronously too (see `writeAll`). `lingerMs`: how long a success
   * answer waits for a claim (ANSWER_LINGER_MS; the specs lengthen it to tell the claim's statement from the timer's).
   */
  constructor(
    private readonly dataSource: DataSource,
    durableClaims = false,
    private readonly lingerMs = ANSWER_LINGER_MS,
  ) {
    this.writes = new GroupCommit((units) => {
      for (const w of units)
        if ('claim' in w) this.claims++;
        else this.answers++;
      return writeAll(dataSource, units, durableClaims);
    }, one);
  }

  /** Whether this request claimed the key (false: it was claimed before, or by an earlier request of the batch). */
  claim(claim: Claim): Promise<boolean> {
    this.release(); // submitted first: a claim of a parked answer's key finds it answered
    return this.writes.submit({ claim });
  }

  /**
   * Stores the answer (over its key's claim, or as a new row if that is gone); resolves once it is committed. A
   * durable one (a 4xx, stored before it is sent) goes at once; a success waits for the next claim, at most
   * `lingerMs` (its key stays in flight meanwhile: a duplicate waits for it, as for any answer not yet stored).
   */
  async answer(answer: Answer): Promise<void> {
    if (answer.durable) {
      this.release();
      await this.writes.submit({ answer });
      return;
    }
    await new Promise<boolean>((done) => {
      this.parked.push({ answer, done });
      this.timer ??= setTimeout(() => this.release(), this.lingerMs);
    });
  }

  /**
   * A 4xx answer of a request that claimed nothing (its command refused before its append claimed the key), stored
   * before it is sent (a synchronous commit) only where the key has no record: false when it has one (the key was
   * claimed or answered meanwhile; that record answers). A statement of its own: refusals are rare.
   */
  async firstAnswer(answer: Answer): Promise<boolean> {
    const rows = await queryPrepared(this.dataSource, FIRST_ANSWER, [
      answer.scope,
      answer.key,
      answer.hash,
      answer.status,
      answerText(answer.body),
    ]);
    return rows.length > 0;
  }

  /** Sends the parked answers now (in the statement of whatever is submitted in the same tick). */
  release(): void {
    if (this.parked.length === 0) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    const parked = this.parked;
    this.parked = [];
    for (const p of parked) p.done(this.writes.submit({ answer: p.answer }));
  }

  stats(): WriteStats {
    return { batches: this.writes.stats().batches, claims: this.claims, answers: this.answers };
  }
}

// Prepared (planned once per connection). A claim inserts its row or finds it there (no update: not claimed); an
// answer updates its row, or inserts it; a row of another request (its claim gone, the key claimed again with another
// body) it leaves alone. `$7` false: the commit is asynchronous (see `writeAll`). An answer's body goes as its JSON
// text, stored as it is (`answerText`: text, not jsonb, so that it is replayed byte for byte).
const WRITE = preparedStatement(
  `WITH mode AS MATERIALIZED (
     SELECT set_config('synchronous_commit',
                       CASE WHEN $7::boolean THEN current_setting('synchronous_commit') ELSE 'off' END, true) AS m
   )
   INSERT INTO idempotency_keys AS k (scope, key, request_hash, owner, status, response, completed_at)
   SELECT u.scope, u.key, u.request_hash, u.owner, u.status, u.response,
          CASE WHEN u.status IS NOT NULL THEN now() END
     FROM unnest($1::text[], $2::text[], $3::text[], $4::integer[], $5::integer[], $6::text[])
            AS u(scope, key, request_hash, owner, status, response)
     CROSS JOIN mode
    ORDER BY u.scope, u.key
   ON CONFLICT (scope, key) DO UPDATE
      SET status = excluded.status, response = excluded.response, completed_at = excluded.completed_at
    WHERE excluded.status IS NOT NULL AND k.request_hash = excluded.request_hash
   RETURNING k.scope, k.key`,
);

const FIRST_ANSWER = preparedStatement(
  `INSERT INTO idempotency_keys (scope, key, request_hash, status, response, completed_at)
   VALUES ($1, $2, $3, $4, $5, now()) ON CONFLICT (scope, key) DO NOTHING RETURNING key`,
);

/**
 * One statement for the batch, at most one unit per (scope, key) in it (a row cannot be affected twice): of an
 * answer and claims of a key the answer is sent (the claims find the key taken: they wait and replay it); of two
 * answers the later (two executions after a takeover: as two statements in turn would leave it); of two claims the
 * first. Durability: a claim and a success answer commit asynchronously. A claim is followed by its command's
 * append, whose synchronous commit flushes all earlier WAL, the claim's included (and a claim lost in a crash is
 * claimed again by the retry); a success answer is stored after it is sent, and losing it is tolerated by design
 * (a retry runs again and finds its effect recorded: replayed). A 4xx answer is stored before it is sent: a batch
 * with one commits synchronously. So does a batch with a claim when `durableClaims` (EVENT_STORE=kurrentdb: the
 * events are durable in KurrentDB before the PostgreSQL ledger commit that would flush the claim, so a crash between
 * them could lose the claim of a recorded command, and the key could then be taken by another request).
 */
async function writeAll(
  dataSource: DataSource,
  units: readonly Write[],
  durableClaims: boolean,
): Promise<UnitOutcome<boolean>[]> {
  const sent = new Map<string, Write>();
  for (const w of units) {
    const k = id(unitOf(w));
    if (!sent.has(k) || 'answer' in w) sent.set(k, w);
  }
  const rows = [...sent.values()];
  const answers = rows.flatMap((w) => ('answer' in w ? [w.answer] : []));
  const written = await queryPrepared<{ scope: string; key: string }>(dataSource, WRITE, [
    rows.map((w) => unitOf(w).scope),
    rows.map((w) => unitOf(w).key),
    rows.map((w) => unitOf(w).hash),
    rows.map((w) => ('claim' in w ? w.claim.owner : null)),
    rows.map((w) => ('answer' in w ? w.answer.status : null)),
    rows.map((w) => ('answer' in w ? answerText(w.answer.body) : null)),
    answers.some((a) => a.durable) || (durableClaims && answers.length < rows.length),
  ]);
  const done = new Set(written.map(id));
  return units.map((w) => ({ ok: true, value: sent.get(id(unitOf(w))) === w && done.has(id(unitOf(w))) }));
}
