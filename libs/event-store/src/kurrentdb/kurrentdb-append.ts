import type { DataSource } from 'typeorm';
import type { KurrentDBClient } from '@kurrent/kurrentdb-client';
import { type AppendRequest, type AppendResult, expectedVersionHolds } from '../event-store.port';
import { WrongExpectedVersionError } from '../event-store.errors';
import { classifyRequest, toEventData, validateRequests } from './kurrentdb-append-requests';
import { checkAppendResult, mapAppendError, MultiStreamAppendIncompleteError } from './kurrentdb-errors';
import type { LedgerFollower } from './kurrentdb-follower';
import { lockLedger } from './kurrentdb-ledger';
import { findExisting, streamHeads } from './kurrentdb-ledger-lookups';
import { toStreamState } from './kurrentdb-versions';

/**
 * The KurrentDB adapter's appends, all under the ledger lock (the same one `pm_append` takes): bring the
 * ledger up to the end of `$all`, decide idempotency by event id against it, append to KurrentDB with the
 * expected version as a stream state, then copy the new events into the ledger, all before the lock is
 * released.
 */
export class KurrentDbAppender {
  constructor(
    private readonly dataSource: DataSource,
    private readonly client: KurrentDBClient,
    private readonly prefix: string,
    private readonly follower: LedgerFollower,
  ) {}

  /**
   * Appends the requests in order. With `precheck`, the expected versions of all of them are checked
   * against the ledger first (so a conflict writes nothing); without, KurrentDB's own check decides
   * (an expected head is checked against the ledger either way).
   */
  async write(requests: readonly AppendRequest[], precheck: boolean): Promise<AppendResult[]> {
    if (requests.length === 0) return [];
    validateRequests(requests);
    const ids = requests.flatMap((r) => r.events.map((e) => e.eventId.toLowerCase()));
    return this.dataSource.transaction(async (tx) => {
      await lockLedger(tx);
      await this.follower.follow(tx);
      const known = await findExisting(tx, ids);
      const results = requests.map((r) => classifyRequest(r, known));
      const pending = requests.filter((_, i) => results[i] === undefined);
      if (pending.length === 0) return results as AppendResult[];
      // KurrentDB checks versions, not heads: an expected head is checked against the ledger, which the
      // follower has just brought to the end of $all under the lock.
      if (precheck || pending.some((r) => typeof r.expected === 'object')) {
        const heads = await streamHeads(
          tx,
          pending.map((r) => r.streamId),
        );
        for (const r of pending) {
          const head = heads.get(r.streamId);
          const current = head?.version ?? 0;
          if (!expectedVersionHolds(r.expected, current, head?.eventId))
            throw new WrongExpectedVersionError(r.streamId, r.expected, current);
          heads.set(r.streamId, { version: current + r.events.length, eventId: r.events.at(-1)!.eventId });
        }
      }
      const written: string[] = [];
      for (const r of pending) {
        try {
          const result = await this.client.appendToStream(
            this.prefix + r.streamId,
            r.events.map(toEventData),
            {
              streamState: toStreamState(r.expected),
              requiresLeader: true,
            },
          );
          checkAppendResult(result, r.streamId, r.expected);
        } catch (e) {
          const mapped = mapAppendError(e, r.streamId, r.expected);
          if (written.length === 0) throw mapped;
          throw new MultiStreamAppendIncompleteError(written, r.streamId, mapped);
        }
        written.push(r.streamId);
      }
      const newIds = pending.flatMap((r) => r.events.map((e) => e.eventId.toLowerCase()));
      await this.follower.followUntil(tx, newIds);
      const placed = await findExisting(tx, newIds);
      return requests.map((r, i) => {
        if (results[i]) return results[i];
        const result = classifyRequest(r, placed);
        if (!result) throw new Error(`append to ${r.streamId}: written but not found in the ledger`);
        // Written just now, as far as the ledger knew: events a writer that died had put in KurrentDB, not yet
        // followed into the ledger when this append looked, are deduplicated by KurrentDB itself and reported here
        // as new (never the reverse): a retry after such a crash may lack `Idempotent-Replayed`.
        return { ...result, alreadyStored: false };
      });
    });
  }
}
