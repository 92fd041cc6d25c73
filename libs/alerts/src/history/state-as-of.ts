import type { EventStore, RecordedEvent } from '@app/event-store';
import { dateInZone, endOfDayInZone, type IsoDate } from '@app/platform';
import {
  fold,
  foldStandingItem,
  MILESTONE_STREAM_PREFIX,
  milestoneIdFromStreamId,
  standingItemIdFromStreamId,
  STANDING_STREAM_PREFIX,
  toMilestoneEvent,
  toStandingItemEvent,
  type MilestoneEvent,
  type MilestoneState,
  type StandingItemEvent,
  type StandingItemState,
} from '@app/milestones';

/**
 * What the alert rules judge, as of a date and as known at a log position: the events of a milestone
 * (`milestone-<id>`) or a standing item (`standing-<itemId>`), decoded by their lib's one decoder, with their
 * place in the log; folded by that lib's fold up to a cut.
 */
export interface Logged<E> {
  readonly position: number;
  readonly version: number;
  readonly event: E;
}

/** The events of one milestone or one standing item, oldest first. */
export type History =
  | { readonly kind: 'milestone'; readonly id: string; readonly log: readonly Logged<MilestoneEvent>[] }
  | { readonly kind: 'standing'; readonly id: string; readonly log: readonly Logged<StandingItemEvent>[] };

/** The history of one stream (its events in version order), or undefined for a stream the rules do not judge. */
export function historyOf(stream: readonly RecordedEvent[]): History | undefined {
  const first = stream[0];
  if (first === undefined) return undefined;
  const milestoneId = milestoneIdFromStreamId(first.streamId);
  if (milestoneId !== null)
    return { kind: 'milestone', id: milestoneId, log: decoded(stream, toMilestoneEvent) };
  const itemId = standingItemIdFromStreamId(first.streamId);
  if (itemId !== null) return { kind: 'standing', id: itemId, log: decoded(stream, toStandingItemEvent) };
  return undefined;
}

function decoded<E>(
  stream: readonly RecordedEvent[],
  decode: (e: RecordedEvent) => E | undefined,
): Logged<E>[] {
  return stream.flatMap((s) => {
    const event = decode(s);
    return event === undefined ? [] : [{ position: s.position, version: s.version, event }];
  });
}

/** Every milestone's and standing item's history in the store, up to `maxPosition`. */
export async function* allHistories(store: EventStore, maxPosition?: number): AsyncGenerator<History> {
  for (const prefix of [MILESTONE_STREAM_PREFIX, STANDING_STREAM_PREFIX]) {
    for await (const stream of store.streamsWithPrefix(
      prefix,
      maxPosition !== undefined ? { maxPosition } : {},
    )) {
      const h = historyOf(stream);
      if (h) yield h;
    }
  }
}

/** The day (in the plan's zone) a fact happened. */
export function dayOfInstant(instant: string, timeZone: string): IsoDate {
  return dateInZone(new Date(instant), timeZone);
}

function cut<E extends { readonly occurredAt: string }>(
  log: readonly Logged<E>[],
  asOf: IsoDate,
  timeZone: string,
  maxPosition: number,
): E[] {
  const end = endOfDayInZone(asOf, timeZone).getTime();
  return log
    .filter((r) => r.position <= maxPosition && Date.parse(r.event.occurredAt) < end)
    .map((r) => r.event);
}

/**
 * The state as of a date: the events up to `maxPosition` (as known then) that happened by the end of `asOf` (in
 * the plan's zone). Backdated reports count from the day they say they happened.
 */
export function stateAsOf(
  h: History,
  asOf: IsoDate,
  timeZone: string,
  maxPosition = Number.MAX_SAFE_INTEGER,
): MilestoneState | StandingItemState {
  return h.kind === 'milestone'
    ? fold(cut(h.log, asOf, timeZone, maxPosition))
    : foldStandingItem(cut(h.log, asOf, timeZone, maxPosition));
}

/** A milestone's state as of a date (see `stateAsOf`). */
export function milestoneAsOf(
  log: readonly Logged<MilestoneEvent>[],
  asOf: IsoDate,
  timeZone: string,
  maxPosition = Number.MAX_SAFE_INTEGER,
): MilestoneState {
  return fold(cut(log, asOf, timeZone, maxPosition));
}
