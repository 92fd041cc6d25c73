import type { DataSource } from 'typeorm';
import { CHECKPOINTS_SQL, type CheckpointRow, type ConsumerFailing, failingOf } from './consumer-failures';

export interface ConsumerStatus {
  readonly name: string;
  readonly position: number;
  readonly head: number;
  readonly lag: number;
  readonly updatedAt: Date | null;
  /** The database's clock when this status was read: `updatedAt` is on that clock too (ages need no other). */
  readonly readAt: Date;
  /** Whether this process holds the consumer's lock right now. */
  readonly activeHere: boolean;
  /** Its batches' failure since its last success (null: not failing). */
  readonly failing: ConsumerFailing | null;
  /** The positions of the events it was stepped over (`projections skip`), in order. */
  readonly skips: readonly number[];
}

/** The status of the consumers `names`: the checkpoints with their failures and skips in one statement, and the head. */
export async function readStatus(
  ds: DataSource,
  names: readonly string[],
  activeHere: (name: string) => boolean,
): Promise<ConsumerStatus[]> {
  const rows = await ds.query<CheckpointRow[]>(CHECKPOINTS_SQL);
  const [h] = await ds.query<{ head: string; now: Date }[]>(
    'SELECT coalesce(max(global_position), 0) AS head, now() AS now FROM events',
  );
  const head = Number(h?.head ?? 0);
  const readAt = h?.now ?? new Date();
  const byName = new Map(rows.map((r) => [r.name, r]));
  return names.map((name) => {
    const r = byName.get(name);
    const position = Number(r?.position ?? 0);
    return {
      name,
      position,
      head,
      lag: head - position,
      updatedAt: r?.updated_at ?? null,
      readAt,
      activeHere: activeHere(name),
      failing: failingOf(r),
      skips: (r?.skips ?? []).map(Number),
    };
  });
}
