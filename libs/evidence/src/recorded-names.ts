import type { DataSource } from 'typeorm';
import type { EventStore } from '@app/event-store';
import { recordedReferencesPage } from './evidence-references';

/**
 * Brings `evidence_named` (every file hash a recorded event names, whether or not its file was uploaded then) up to
 * the end of the log, reading only the events recorded since the last reading (`evidence_reference_scan`; the
 * migration starts it at the log's end as it fills the table from the events before). One page per transaction,
 * holding the scan's row: processes reading at once take turns, none reads a page twice, and an interrupted reading
 * goes on where it stopped. Through the event store, so with KurrentDB its ledger catches up first.
 */
export async function recordNamedFiles(db: DataSource, events: EventStore): Promise<void> {
  for (let done = false; !done;) {
    done = await db.transaction(async (m) => {
      const [scan] = await m.query<{ position: string }[]>(
        'SELECT position FROM evidence_reference_scan FOR UPDATE',
      );
      const from = Number(scan?.position ?? 0);
      const page = await recordedReferencesPage(events, from);
      if (page.last === from) return true;
      if (page.refs.length > 0)
        await m.query(
          'INSERT INTO evidence_named (sha256) SELECT DISTINCT unnest($1::text[]) ON CONFLICT DO NOTHING',
          [page.refs.map((r) => r.sha256)],
        );
      await m.query('UPDATE evidence_reference_scan SET position = $1', [page.last]);
      return false;
    });
  }
}

/** Where `recordNamedFiles` goes on reading: every event up to it is in `evidence_named`. */
export async function lastReading(db: DataSource): Promise<number> {
  const [scan] = await db.query<{ position: string }[]>('SELECT position FROM evidence_reference_scan');
  return Number(scan?.position ?? 0);
}

/**
 * Of the hashes `among`, those the events recorded after position `from` name: what `recordNamedFiles` would add
 * of them, read without writing anything (for a listing).
 */
export async function namedAfter(
  events: EventStore,
  from: number,
  among: ReadonlySet<string>,
): Promise<Set<string>> {
  const named = new Set<string>();
  for (let after = from; ;) {
    const page = await recordedReferencesPage(events, after);
    if (page.last === after) return named;
    for (const r of page.refs) if (among.has(r.sha256)) named.add(r.sha256);
    after = page.last;
  }
}
