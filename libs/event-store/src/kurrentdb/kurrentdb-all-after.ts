/** Reading `$all` after the ledger's cursor (the follower's page), and a record's place in `$all`. */
import {
  type AllStreamResolvedEvent,
  type Filter,
  FORWARDS,
  type KurrentDBClient,
  type Position,
  START,
} from '@kurrent/kurrentdb-client';
import { comparePositions } from './kurrentdb-ledger-plan';

/** The `$all` position of a record: its event's, or its link's. */
export function positionOf(r: AllStreamResolvedEvent): Position {
  const p = r.event?.position ?? r.link?.position;
  if (!p) throw new Error('a $all record without a position');
  return p;
}

/** Up to `count` `$all` records strictly after `cursor`, and whether more may follow. */
export async function readAllAfter(
  client: KurrentDBClient,
  filter: Filter,
  cursor: Position | undefined,
  count: number,
): Promise<{ records: AllStreamResolvedEvent[]; more: boolean }> {
  const records: AllStreamResolvedEvent[] = [];
  let fetched = 0;
  for await (const r of client.readAll({
    fromPosition: cursor ?? START,
    maxCount: count + 1, // the read is inclusive: the record at the cursor comes back first
    direction: FORWARDS,
    filter,
    resolveLinkTos: false,
    requiresLeader: true,
  })) {
    fetched++;
    if (cursor && comparePositions(positionOf(r), cursor) <= 0) continue;
    records.push(r);
  }
  return { records, more: fetched === count + 1 };
}
