import type { DataSource } from 'typeorm';
import { type Filter, FORWARDS, type KurrentDBClient, START } from '@kurrent/kurrentdb-client';
import type { ChainVerification } from '../event-store.port';
import { ledgerDiff, toLedgerCandidate } from './kurrentdb-ledger-plan';
import { positionOfId, readLedger } from './kurrentdb-ledger-lookups';

/**
 * The ledger against KurrentDB, after its own hash chain (`chain`) held: `$all` is read from the start and every
 * event of the service's log must be the ledger row at the next position, field by field (an event deleted,
 * truncated or scavenged in KurrentDB, or a ledger rewritten with a recomputed chain, shows as a difference).
 */
export async function verifyAgainstKurrentDb(
  dataSource: DataSource,
  client: KurrentDBClient,
  filter: Filter,
  prefix: string,
  chain: ChainVerification,
): Promise<ChainVerification> {
  const broken = (at: number, reason: string): ChainVerification => ({
    ok: false,
    checked: at - 1,
    headPosition: chain.headPosition,
    headHash: chain.headHash,
    brokenAt: at,
    reason,
  });
  const q = dataSource.manager;
  let expected = 1;
  let batch = await readLedger(q, 1, 1000);
  let i = 0;
  for await (const resolved of client.readAll({
    fromPosition: START,
    direction: FORWARDS,
    filter: filter,
    resolveLinkTos: false,
    requiresLeader: true,
  })) {
    if (expected > chain.headPosition) break;
    const c = toLedgerCandidate(resolved, prefix);
    if (!c.ok) continue;
    if (i >= batch.length) {
      batch = await readLedger(q, expected, 1000);
      i = 0;
    }
    const row = batch[i];
    if (!row) break;
    if (row.eventId !== c.event.eventId) {
      const earlier = await positionOfId(q, c.event.eventId);
      if (earlier !== undefined && earlier < expected) continue; // a later copy of an id: not in the log
      return broken(
        expected,
        `KurrentDB has ${c.event.eventId} (${c.event.streamId} v${c.event.version}) where the ledger has ` +
          `${row.eventId} (${row.streamId} v${row.version}): deleted from KurrentDB, or the ledger was rewritten`,
      );
    }
    const diff = ledgerDiff(row, c.event);
    if (diff) return broken(expected, `the ledger and KurrentDB differ in ${diff}`);
    expected++;
    i++;
  }
  if (expected <= chain.headPosition) {
    return broken(
      expected,
      `positions ${expected}…${chain.headPosition} are in the ledger but not in KurrentDB ` +
        '(deleted, truncated or scavenged there)',
    );
  }
  return chain;
}
