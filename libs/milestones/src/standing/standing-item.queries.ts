import { Injectable } from '@nestjs/common';
import { EventStore, type StoredEvent } from '@app/event-store';
import { dateInZone, PLAN_TIME_ZONE, type IsoDate } from '@app/platform';
import { standingEvents, standingItemNotFound } from './report-standing-item.handler';
import { foldStandingItem, type StandingItemState } from './standing-item';
import type { EvidenceRef } from '../domain/milestone.events';
import { STANDING_STREAM_PREFIX, standingStreamId } from './standing-item.events';
import { toStandingItemEvent } from './stored-standing-events';

/** The world on `asOf` (reports that happened by the end of that plan-calendar day), as known at `knownAt`. */
export interface StandingTimeTravel {
  readonly asOf: IsoDate;
  readonly knownAt: Date | null;
}

/** One report on a standing item, as recorded. */
export interface StandingReportEntry {
  readonly unit: string;
  readonly narrative: string;
  readonly evidence: readonly EvidenceRef[];
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly backdated: boolean;
  readonly recordedBy: string | null;
  readonly position: number;
}

export interface StandingItemAt {
  readonly state: StandingItemState;
  readonly reports: readonly StandingReportEntry[];
}

/**
 * Standing items (常态化事项) folded from their streams at any date: per unit how many reports and the last one.
 * Every item has a stream of a few events, so reading them all is cheap (5 in the seed plan).
 */
@Injectable()
export class StandingItemQueries {
  constructor(private readonly store: EventStore) {}

  /** The position the answer is computed at: the head, or the last event recorded by `knownAt`. */
  async position(tt: StandingTimeTravel): Promise<number> {
    const head = await this.store.headPosition();
    return tt.knownAt === null ? head : this.store.lastPositionRecordedBy(tt.knownAt, head);
  }

  async list(tt: StandingTimeTravel, position: number): Promise<StandingItemAt[]> {
    const out: StandingItemAt[] = [];
    for await (const stream of this.store.streamsWithPrefix(STANDING_STREAM_PREFIX, {
      maxPosition: position,
    })) {
      const item = at(stream, tt);
      if (item.state.exists) out.push(item);
    }
    return out.sort((a, b) => a.state.itemId.localeCompare(b.state.itemId));
  }

  async item(itemId: string, tt: StandingTimeTravel, position: number): Promise<StandingItemAt> {
    const stream = await this.store.readStream(standingStreamId(itemId), { maxPosition: position });
    const item = at(stream, tt);
    if (!item.state.exists) throw standingItemNotFound(itemId);
    return item;
  }
}

/** Reports count from the day they happened (up to `asOf`); the plan's own events count as recorded. */
function at(stream: readonly StoredEvent[], tt: StandingTimeTravel): StandingItemAt {
  const kept = stream.filter(
    (e) =>
      e.type !== 'StandingItemReported' ||
      dateInZone(new Date(e.metadata.occurredAt ?? e.recordedAt.toISOString()), PLAN_TIME_ZONE) <= tt.asOf,
  );
  const reports = kept.flatMap((stored): StandingReportEntry[] => {
    const e = toStandingItemEvent(stored);
    if (e?.type !== 'StandingItemReported') return [];
    return [
      {
        unit: e.data.unit,
        narrative: e.data.narrative,
        evidence: e.data.evidence ?? [],
        occurredAt: e.occurredAt,
        recordedAt: stored.recordedAt.toISOString(),
        backdated: e.backdated === true,
        recordedBy: stored.metadata.actor?.tokenName ?? stored.metadata.actor?.system ?? null,
        position: stored.position,
      },
    ];
  });
  reports.sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt) || a.position - b.position);
  return { state: foldStandingItem(standingEvents(kept)), reports };
}
