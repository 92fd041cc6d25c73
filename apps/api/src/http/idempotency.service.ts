import { type BeforeApplicationShutdown, Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type AppendClaim, contentHash, EventStore, KeyClaimedError } from '@app/event-store';
import {
  AppError,
  defaultQueryTimeout,
  type ErrorInit,
  preparedStatement,
  queryPrepared,
  withQueryTimeout,
} from '@app/platform';
import { STATUS_BY_KIND } from './problem-details.filter';
import { IdempotencyOwner } from './idempotency-owner';
import { PlanCatalogQueries } from '@app/plans';
import type { UnitNameLookup } from '@app/milestones';
import { idempotencyKeyInProgress, idempotencyKeyReused, invalidIdempotencyKey } from './idempotency-errors';
import { ReplayedProblem, storedProblem } from './idempotent-replayed';
import { unitNamesFrom, withUnitNames } from './unit-names';
import { ANSWER_LINGER, ANSWER_LINGER_MS, type Answer, IdempotencyWrites } from './idempotency-writes';
import { readRecord, storedBody } from './idempotency-record';

export interface IdempotentOutcome {
  readonly status: number;
  readonly body: unknown;
  /**
   * True when an earlier request with the same key did the command: this is its stored answer, or (its answer never
   * stored) the command ran again and found its effect already recorded (`Answered.replayed`). False for a first run.
   */
  readonly replayed: boolean;
}

/** What a keyed request's command answers; `replayed`: it found its effect recorded by an earlier execution. */
export interface Answered {
  readonly status: number;
  readonly body: unknown;
  readonly replayed?: boolean;
}

/**
 * A keyed request's command. Given a claim (only when `run` was asked to claim with the append), its append is to
 * carry it (`EventStore.append`): a success not `replayed` was appended with it. A KeyClaimedError it throws sends
 * the request to the key's record.
 */
export type KeyedCommand = (claim: AppendClaim | undefined) => Promise<Answered>;

const KEY_RE = /^[\x21-\x7e]{1,200}$/;
/** How long a duplicate waits for a live owner's answer before it is told 409 "in progress". */
const WAIT_MS = 15_000;
const POLL_MS = 25;
const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const inFlightKey = (scope: string, key: string): string => `${scope}\n${key}`;
/** A claim still unanswered and still its last owner's ($4) becomes this process's ($3). */
const TAKE_OVER = preparedStatement(
  `UPDATE idempotency_keys SET owner = $3, created_at = now()
    WHERE scope = $1 AND key = $2 AND status IS NULL AND owner IS NOT DISTINCT FROM $4 RETURNING key`,
);

/** A keyed request: its scope (the token), its key and the hash of the request. */
type Keyed = Pick<Answer, 'scope' | 'key' | 'hash'>;

export const requestHash = (parts: unknown): string => contentHash(parts);

/**
 * `Idempotency-Key`: the first request with a key runs; any later one with the same key and the same
 * request gets the first response (success or a 4xx problem) and writes nothing; the same key with
 * another request is 422. Concurrent duplicates wait for the first to finish while its owner (the process that
 * claimed the key, see IdempotencyOwner) is alive; a claim whose owner died is taken over at once. Claims and
 * answers of concurrent requests are group-committed together (IdempotencyWrites): one statement per batch.
 * A command whose append can carry the claim (`run`'s `claimWithAppend`, a store that `claimsKeys`) is not claimed
 * beforehand: its append claims the key with its events, in one statement (see `run`).
 */
@Injectable()
export class IdempotencyService implements BeforeApplicationShutdown {
  private readonly log = new Logger('Idempotency');
  /** (scope, key) of the claims this process is executing now, with how many executions of each. */
  private readonly inFlight = new Map<string, number>();
  private readonly writes: IdempotencyWrites;
  /** Answers sent and not yet stored. */
  private readonly answering = new Set<Promise<unknown>>();
  /** Names the units a stored refusal lists, as the problem filter names them in the first response. */
  private readonly unitNames: UnitNameLookup;

  constructor(
    private readonly dataSource: DataSource,
    private readonly owner: IdempotencyOwner,
    private readonly store: EventStore,
    catalog: PlanCatalogQueries,
    @Optional() @Inject(ANSWER_LINGER) answerLingerMs: number = ANSWER_LINGER_MS,
  ) {
    // A claim's own statement commits asynchronously when the events go to this PostgreSQL, whose synchronous commit
    // of the append flushes it. A store that does not claim keys here (KurrentDB) has the events durable before the
    // PostgreSQL ledger commit that would flush it: a crash between them would lose the claim of a recorded command.
    this.writes = new IdempotencyWrites(dataSource, !store.claimsKeys, answerLingerMs);
    this.unitNames = unitNamesFrom(catalog);
  }

  /** Statements the claims and the answers took so far (group commit at work), and how many of each they carried. */
  writeStats(): ReturnType<IdempotencyWrites['stats']> {
    return this.writes.stats();
  }

  /** The answers of requests already answered are stored before the database connections close. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.answersStored();
  }

  /**
   * Resolves once every answer sent so far is stored (or given up: see `execute`), those waiting for a claim sent now:
   * bounded by the requests' default (DATABASE_QUERY_TIMEOUT_MS, `defaultQueryTimeout`) as their requests were (the
   * stop runs in the application's unbounded close scope), so a frozen or unreachable database fails them after the
   * bound instead of holding the stop.
   */
  async answersStored(): Promise<void> {
    while (this.answering.size > 0) {
      withQueryTimeout(defaultQueryTimeout() ?? 0, () => this.writes.release());
      await Promise.all([...this.answering]);
    }
  }

  static validateKey(key: string): void {
    if (!KEY_RE.test(key)) {
      throw invalidIdempotencyKey();
    }
  }

  /**
   * A keyed route's command whose append carries the claim it is given (`run` with claimWithAppend): its result is
   * the answer (200), `replayed` as its handler says.
   */
  runCommand(
    scope: string,
    key: string,
    hash: string,
    exec: (claim: AppendClaim | undefined) => Promise<{ readonly replayed: boolean }>,
  ): Promise<IdempotentOutcome> {
    const command: KeyedCommand = async (claim) => {
      const { replayed, ...body } = await exec(claim);
      return { status: 200, body, replayed };
    };
    return this.run(scope, key, hash, command, true);
  }

  /**
   * Runs `fn` as the key's first request, or answers from the key's record. `claimWithAppend` (a command whose
   * append carries the claim it is given): with a store that `claimsKeys` the key is not claimed beforehand; the
   * command runs at once, and its append claims the key with its events (one statement for both). Its success is not
   * stored: the record its append wrote (ownerless, unanswered) is a recorded command, and a retry, finding no
   * answer and no owner, takes the key over and runs again, getting the first result from the store (event ids
   * derive from the key); that answer is then stored. Its append refused (the key claimed before: KeyClaimedError)
   * or its 4xx refusal finding the key recorded, the record answers as it does for a claim refused beforehand. (A
   * command refused before its append reads nothing of the key: its refusal is stored only where the key has no
   * record.)
   */
  async run(
    scope: string,
    key: string,
    hash: string,
    fn: KeyedCommand,
    claimWithAppend = false,
  ): Promise<IdempotentOutcome> {
    IdempotencyService.validateKey(key);
    const keyed = { scope, key, hash };
    if (claimWithAppend && this.store.claimsKeys) {
      const first = await this.execute(keyed, () => fn(keyed), false).catch((e: unknown) => {
        if (e instanceof KeyClaimedError) return undefined;
        throw e;
      });
      if (first) return first;
    } else if (await this.writes.claim({ ...keyed, owner: await this.owner.id() }))
      return this.execute(keyed, () => fn(undefined), true);
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const row = await readRecord(this.dataSource, scope, key);
      if (!row) {
        // The first attempt failed with a server error and let go of the key: try again.
        return this.run(scope, key, hash, fn, claimWithAppend);
      }
      if (row.request_hash !== hash) {
        throw idempotencyKeyReused();
      }
      if (row.status !== null) {
        const body = storedBody(row.response);
        if (row.status >= 400) throw new ReplayedProblem(body as ErrorInit);
        return { status: row.status, body, replayed: true };
      }
      // Still claimed. In flight in this process, or its owner another live process: wait for its answer. Its
      // owner dead (the process or its connection died), or this process without the request in flight (whether
      // or not its lock is held right now), or claimed too long ago: take the key over now. Event ids derive from
      // the key, so a command its first owner did record is not recorded twice.
      const mine = this.owner.isOwn(row.owner);
      const running = this.inFlight.has(inFlightKey(scope, key)) || (!mine && row.owner_alive);
      if (!running || row.stale) {
        // Raw rows (TypeORM would answer an UPDATE with `[rows, affected]`, never empty): none when the key was
        // answered or taken by another meanwhile.
        const taken = await queryPrepared(this.dataSource, TAKE_OVER, [
          scope,
          key,
          await this.owner.id(),
          row.owner,
        ]);
        if (taken.length > 0) {
          if (row.owner !== null && !mine)
            this.log.log(`took over Idempotency-Key of a dead owner (${row.owner})`);
          return this.execute(keyed, () => fn(undefined), true);
        }
        continue; // someone else took it first: look again
      }
      if (Date.now() > deadline) {
        throw idempotencyKeyInProgress();
      }
      await sleep(POLL_MS);
    }
  }

  /**
   * Runs the claimed request. Its answer is stored after the response is sent, not before: a duplicate meanwhile
   * waits for it (here the key stays in flight until it is committed; elsewhere this process's owner lock is alive),
   * and should the answer never be stored (the process dies, the database goes away), a retry runs the command again
   * and gets the first result from the store (event ids derive from the key), told as replayed (`fn` says whether it
   * found its effect recorded). Only the status and body are stored. Shutdown waits for the answers. `claimed`: the
   * key was claimed beforehand (else the command's append claims it, see `run`).
   */
  private async execute(
    keyed: Keyed,
    fn: () => Promise<Answered>,
    claimed: boolean,
  ): Promise<IdempotentOutcome> {
    const { scope, key } = keyed;
    const running = inFlightKey(scope, key);
    this.inFlight.set(running, (this.inFlight.get(running) ?? 0) + 1);
    let r: Answered;
    try {
      r = await fn();
    } catch (e) {
      throw await this.settleFailure(keyed, e, claimed).finally(() => this.leave(running));
    }
    if (!claimed && r.replayed !== true) {
      this.leave(running); // (its append's record answers a retry: see `run`)
      return { status: r.status, body: r.body, replayed: false };
    }
    const stored = this.writes
      .answer({ ...keyed, status: r.status, body: r.body, durable: false })
      .catch((e: unknown) => {
        this.log.warn(`storing an Idempotency-Key answer failed (a retry runs it again): ${errorText(e)}`);
        return this.disown(scope, key).catch(() => undefined);
      })
      .finally(() => {
        this.leave(running);
        this.answering.delete(stored);
      });
    this.answering.add(stored);
    return { status: r.status, body: r.body, replayed: r.replayed === true };
  }

  /**
   * A 4xx problem is the key's answer, stored before it is sent and as it is sent: the units it lists named
   * (`withUnitNames`, the problem filter's naming), so a replay says what the first response said; it is the error
   * to send. Not `claimed`, it is stored only where the key has no record (else KeyClaimedError: the record answers).
   * Anything else lets go of a claimed key for a retry, and is sent as it is (an unclaimed command's append claimed
   * nothing, or its outcome is unknown: its claim, if committed, is taken over by a retry).
   */
  private async settleFailure(keyed: Keyed, e: unknown, claimed: boolean): Promise<unknown> {
    if (e instanceof KeyClaimedError) return e;
    if (e instanceof AppError && e.kind !== 'unavailable') {
      const named = ((await withUnitNames(this.unitNames, e)) ?? e) as AppError;
      const answer = {
        ...keyed,
        status: STATUS_BY_KIND(named.kind),
        body: storedProblem(named),
        durable: true,
      };
      if (claimed) await this.writes.answer(answer);
      else if (!(await this.writes.firstAnswer(answer))) return new KeyClaimedError(keyed.key);
      return named;
    }
    if (!claimed) return e;
    await this.dataSource.query(
      'DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND status IS NULL',
      [keyed.scope, keyed.key],
    );
    return e;
  }

  /**
   * A claim whose command was recorded and answered but whose answer could not be stored: kept (its request hash
   * still tells another request under the key: 422) without an owner, so any process's retry takes it over at once
   * and gets the first result from the store. (The database unreachable, this fails too: the claim is then taken
   * over once this process is gone or the claim is stale; this process's own retries take it over at once.)
   */
  private async disown(scope: string, key: string): Promise<void> {
    await this.dataSource.query(
      'UPDATE idempotency_keys SET owner = NULL WHERE scope = $1 AND key = $2 AND status IS NULL',
      [scope, key],
    );
  }

  private leave(running: string): void {
    const n = (this.inFlight.get(running) ?? 1) - 1;
    if (n > 0) this.inFlight.set(running, n);
    else this.inFlight.delete(running);
  }
}
