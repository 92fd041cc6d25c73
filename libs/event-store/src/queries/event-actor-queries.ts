import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The first event of some types: who wrote it (`metadata.actor.system`) and when it was recorded. */
export interface FirstEvent {
  readonly system: string | null;
  readonly recordedAt: Date;
}

/** Events of some types, counted by who wrote them. */
export interface ActorCounts {
  /** Written by the given system actor. */
  readonly bySystem: number;
  /** Not by that system, by a token whose name starts with the given prefix. */
  readonly byTokenPrefix: number;
  /** All the others. */
  readonly other: number;
}

/**
 * Questions about who wrote the store's events, asked of the `events` table (the ledger in both
 * adapters: with `EVENT_STORE=kurrentdb` it is the ordered copy, see kurrentdb-ledger.ts) by index on
 * `(type, global_position)`. KurrentDB itself cannot answer them without reading every stream.
 */
@Injectable()
export class EventActorQueries {
  constructor(private readonly dataSource: DataSource) {}

  /** The first event (by position) of any of `types`, or null when there is none. */
  async firstOfTypes(types: readonly string[]): Promise<FirstEvent | null> {
    const [first] = await this.dataSource.query<{ system: string | null; recorded_at: Date }[]>(
      `SELECT metadata->'actor'->>'system' AS system, recorded_at
         FROM events WHERE type = ANY($1) ORDER BY global_position LIMIT 1`,
      [types],
    );
    return first ? { system: first.system, recordedAt: first.recorded_at } : null;
  }

  /** The latest `metadata.occurredAt` among the events of `types` written by the system actor `system`. */
  async lastOccurredAtBySystem(types: readonly string[], system: string): Promise<Date | null> {
    const [row] = await this.dataSource.query<{ last: Date | string | null }[]>(
      `SELECT max((metadata->>'occurredAt')::timestamptz) AS last
         FROM events WHERE type = ANY($1) AND metadata->'actor'->>'system' = $2`,
      [types, system],
    );
    const last = row?.last ?? null;
    return last === null ? null : new Date(last);
  }

  /** The events of `types`: by the system actor `system`, by tokens named `tokenPrefix…`, and the rest. */
  async countByActor(types: readonly string[], system: string, tokenPrefix: string): Promise<ActorCounts> {
    const [row] = await this.dataSource.query<{ system: string; token: string; other: string }[]>(
      `SELECT count(*) FILTER (WHERE metadata->'actor'->>'system' = $2) AS system,
              count(*) FILTER (WHERE coalesce(metadata->'actor'->>'system', '') <> $2
                                 AND starts_with(coalesce(metadata->'actor'->>'tokenName', ''), $3)) AS token,
              count(*) FILTER (WHERE coalesce(metadata->'actor'->>'system', '') <> $2
                                 AND NOT starts_with(coalesce(metadata->'actor'->>'tokenName', ''), $3)) AS other
         FROM events WHERE type = ANY($1)`,
      [types, system, tokenPrefix],
    );
    return {
      bySystem: Number(row?.system ?? 0),
      byTokenPrefix: Number(row?.token ?? 0),
      other: Number(row?.other ?? 0),
    };
  }
}
