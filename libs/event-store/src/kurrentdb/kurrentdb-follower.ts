import type { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import {
  excludeSystemEvents,
  type Filter,
  type KurrentDBClient,
  streamNameFilter,
} from '@kurrent/kurrentdb-client';
import { positionOf, readAllAfter } from './kurrentdb-all-after';
import { FollowLoop } from './kurrentdb-follow-loop';
import { type LedgerCandidate, planLedger, toLedgerCandidate } from './kurrentdb-ledger-plan';
import {
  insertLedgerRows,
  loadLedgerState,
  lockLedger,
  notifyConsumers,
  saveCursor,
  type Sql,
} from './kurrentdb-ledger';
import { idsInLedger } from './kurrentdb-ledger-lookups';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The ledger follows `$all`: copies the records after its cursor into the ledger (numbered, chained), inside a
 * transaction that holds the ledger lock; after an append, until the new ids are in; in the background, woken by
 * a live subscription and polling as a safety net, so events another process wrote reach the ledger and the
 * consumers without waiting for the next append here (`FollowLoop`).
 */
export class LedgerFollower {
  private readonly loop: FollowLoop;

  constructor(
    private readonly dataSource: DataSource,
    private readonly client: KurrentDBClient,
    private readonly prefix: string,
    private readonly pageSize: number,
    pollMs: number,
    private readonly log: Logger,
  ) {
    this.loop = new FollowLoop(
      client,
      () => this.filter(),
      () => this.catchUp(),
      pollMs,
      log,
    );
  }

  filter(): Filter {
    return this.prefix ? streamNameFilter({ prefixes: [this.prefix] }) : excludeSystemEvents();
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
      const { records, more } = await readAllAfter(this.client, this.filter(), state.cursor, this.pageSize);
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
    if (inserted > 0) await notifyConsumers(tx);
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
      if ((await readAllAfter(this.client, this.filter(), state.cursor, 1)).records.length === 0)
        return total;
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
    this.loop.start();
  }

  /** Stops following: the loop ends and the subscription is closed. */
  async stop(): Promise<void> {
    await this.loop.stop();
  }
}
