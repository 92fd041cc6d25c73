import { newEventId, type AppendRequest, type EventStore, type NewEvent } from '@app/event-store';
import { milestoneStreamId, type MilestoneEvent } from '@app/milestones';
import { randomMilestoneStream } from './random-milestone-streams';

/** A stream's event as appended: its time axes and recorder in the metadata, as the command path writes them. */
function newMilestoneEvent(e: MilestoneEvent): NewEvent {
  return {
    eventId: newEventId(),
    type: e.type,
    data: e.data,
    metadata: {
      occurredAt: e.occurredAt,
      ...(e.backdated ? { backdated: true } : {}),
      actor: { system: 'test', ...(e.actor ?? {}) },
    },
  };
}

/**
 * Random milestone streams of about `events` events in all: one milestone in four (`multiEvery`) led separately
 * (分别牵头) by two to seven units, one in twelve jointly; named `<prefix>-<n>`.
 */
export function randomMilestoneStreams(
  rng: () => number,
  opts: {
    readonly prefix: string;
    readonly events: number;
    readonly perStream: number;
    readonly multiEvery?: number;
  },
): MilestoneEvent[][] {
  const streams: MilestoneEvent[][] = [];
  const every = opts.multiEvery ?? 4;
  for (let total = 0; total < opts.events; total += streams.at(-1)!.length) {
    const n = streams.length;
    const multi = n % every === every - 1;
    const leads = multi ? 2 + Math.floor(rng() * 6) : 1;
    streams.push(
      randomMilestoneStream(rng, {
        milestoneId: `${opts.prefix}-${n}`,
        events: opts.perStream + (multi ? leads * 2 : 0),
        backdatedShare: 0.1,
        leads,
        ...(multi && n % (3 * every) === every - 1 ? { leadMode: 'jointly' as const } : {}),
      }).map((s) => s.event),
    );
  }
  return streams;
}

/**
 * Appends the streams interleaved (up to 100 streams per transaction, one or two events of each, in random order),
 * calling `between` after each transaction; returns how many events it appended.
 */
export async function appendInterleaved(
  rng: () => number,
  store: EventStore,
  prefix: string,
  streams: readonly (readonly MilestoneEvent[])[],
  between: () => Promise<void> = async () => undefined,
): Promise<number> {
  const next = streams.map(() => 0);
  let appended = 0;
  for (;;) {
    const open = streams.map((_, i) => i).filter((i) => next[i]! < streams[i]!.length);
    if (open.length === 0) return appended;
    const requests: AppendRequest[] = [];
    for (let k = 0; k < 100 && open.length > 0; k++) {
      const i = open.splice(Math.floor(rng() * open.length), 1)[0]!;
      const from = next[i]!;
      const events = streams[i]!.slice(from, from + 1 + Math.floor(rng() * 2));
      next[i] = from + events.length;
      requests.push({
        streamId: milestoneStreamId(`${prefix}-${i}`),
        expected: 'any',
        events: events.map(newMilestoneEvent),
      });
      appended += events.length;
    }
    await store.appendMulti(requests);
    await between();
  }
}
