import type { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import {
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  END,
  excludeSystemEvents,
  type Filter,
  FORWARDS,
  type KurrentDBClient,
  type Position,
  START,
  streamNameFilter,
} from '@kurrent/kurrentdb-client';
import {
  comparePositions,
  type LedgerCandidate,
  planLedger,
  toLedgerCandidate,
} from './kurrentdb-ledger-plan';
import {
  idsInLedger,
  insertLedgerRows,
  loadLedgerState,
  lockLedger,
  notifyConsumers,
  saveCursor,
  type Sql,
} from './kurrentdb-ledger';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function positionOf(r: AllStreamResolvedEvent): Position {
  const p = r.event?.position ?? r.link?.position;
  if (!p) throw new Error('a $all record without a position');
  return p;
}

/**
 * The ledger follows `$all`: copies the records after its cursor into the ledger (numbered, chained), inside a
 * transaction that holds the ledger lock; after an append, until the new ids are in; in the background, woken by
 * a live subscription and polling as a safety net, so events another process wrote reach the ledger and the
 * consumers without waiting for the next append here.
 */
export class LedgerFollower {
  private stopped = false;
  private followLoop: Promise<void> | undefined;
  private subscription: AllStreamSubscription | undefined;
  private wakeUp: (() => void) | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly client: KurrentDBClient,
    private readonly prefix: string,
    private readonly pageSize: number,
    private readonly pollMs: number,
    private readonly log: Logger,
  ) {}

  filter(): Filter {
    return this.prefix ? streamNameFilter({ prefixes: [this.prefix] }) : excludeSystemEvents();
  }

  /** Up to `count` `$all` records strictly after `cursor`, and whether more may follow. */
  private async readAllAfter(
    cursor: Position | undefined,
    count: number,
  ): Promise<{ records: AllStreamResolvedEvent[]; more: boolean }> {
    const records: AllStreamResolvedEvent[] = [];
    let fetched = 0;
    for await (const r of this.client.readAll({
      fromPosition: cursor ?? START,
      maxCount: count + 1, // the read is inclusive: the record at the cursor comes back first
      direction: FORWARDS,
      filter: this.filter(),
      resolveLinkTos: false,
      requiresLeader: true,
    })) {
      fetched++;
      if (cursor && comparePositions(positionOf(r), cursor) <= 0) continue;
      records.push(r);
    }
    return { records, more: fetched === count + 1 };
  }

  /**
   * Copies `$all` records after the ledger's cursor into the ledger, page by page, inside `tx` (which
   * holds the ledger lock). Returns how many events it numbered and whether `$all` was exhausted.
   */
  async follow(tx: Sql, maxPages = Number.POSITIVE_INFINITY): Promise<{ inserted: number; done: boolean }> {
    let state = await loadLedgerState(tx, this.prefix);
    let inserted = 0;
    let done = false;
    for (let page = 0; page < maxPages; page++) {
      const { records, more } = await this.readAllAfter(state.cursor, this.pageSize);
      if (records.length > 0) {
        const candidates: LedgerCandidate[] = [];
        for (const r of records) {
          const c = toLedgerCandidate(r, this.prefix);
          if (c.ok) candidates.push(c.event);
        }
        const plan = planLedger(
          state.position,
          candidates,
          await idsInLedger(
            tx,
            candidates.map((c) => c.eventId),
          ),
        );
        for (const d of plan.duplicates) {
          this.log.warn(
            `$all: event ${d.eventId} in ${d.streamId} v${d.version} repeats an id the ledger already holds; ` +
              'left out of the ledger (the first occurrence wins)',
          );
        }
        const head = await insertLedgerRows(tx, state, plan.rows);
        const cursor = positionOf(records[records.length - 1]!);
        await saveCursor(tx, this.prefix, cursor);
        state = { ...head, cursor };
        inserted += plan.rows.length;
      }
      if (!more) {
        done = true;
        break;
      }
    }
    if (inserted > 0) await notifyConsumers(tx, state.position);
    return { inserted, done };
  }

  /** After an append: follow until every new id is in the ledger (KurrentDB acknowledged them). */
  async followUntil(tx: Sql, ids: readonly string[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      await this.follow(tx);
      const have = await idsInLedger(tx, ids);
      if (have.size === ids.length) return;
      if (attempt >= 12) {
        throw new Error(
          `Appended to KurrentDB, but ${ids.length - have.size} event(s) did not show in $all in time; ` +
            'the ledger will take them up, and the same request again returns the original result',
        );
      }
      await sleep(Math.min(500, 10 * 2 ** attempt));
    }
  }

  /**
   * Brings the ledger up to the end of `$all`, a few pages per transaction. Looks without the lock
   * first, so a ledger that is up to date costs one `$all` read and no lock.
   */
  async catchUp(): Promise<number> {
    let total = 0;
    for (;;) {
      const state = await loadLedgerState(this.dataSource.manager, this.prefix);
      if ((await this.readAllAfter(state.cursor, 1)).records.length === 0) return total;
      const r = await this.dataSource.transaction(async (tx) => {
        await lockLedger(tx);
        return this.follow(tx, 10);
      });
      total += r.inserted;
      if (r.done) return total;
    }
  }

  /** Starts following `$all` (idempotent). Woken by a live subscription; polls as a safety net. */
  startFollowing(): void {
    if (this.followLoop || this.stopped) return;
    this.subscribe();
    this.followLoop = this.runFollowLoop();
  }

  private subscribe(): void {
    if (this.stopped) return;
    const sub = this.client.subscribeToAll({
      fromPosition: END,
      filter: this.filter(),
      resolveLinkTos: false,
    });
    sub.on('data', () => this.wake());
    sub.on('error', (e: Error) => {
      if (this.subscription !== sub) return;
      this.subscription = undefined;
      if (this.stopped) return;
      this.log.warn(`$all subscription lost (${e.message}); polling, resubscribing in 1 s`);
      setTimeout(() => this.subscribe(), 1000).unref();
    });
    this.subscription = sub;
  }

  private wake(): void {
    this.wakeUp?.();
  }

  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.wakeUp = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }

  private async runFollowLoop(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        await this.catchUp();
        failures = 0;
        await this.idle(this.pollMs);
      } catch (e) {
        failures++;
        const delay = Math.min(30_000, 100 * 2 ** Math.min(failures, 9));
        this.log.error(
          `ledger catch-up failed (retry in ${delay} ms): ${e instanceof Error ? e.message : String(e)}`,
        );
        await this.idle(delay);
      }
    }
  }

  /** Stops following: the loop ends and the subscription is closed. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.followLoop?.catch(() => undefined);
    const sub = this.subscription;
    this.subscription = undefined;
    await sub?.unsubscribe().catch(() => undefined);
  }
}
