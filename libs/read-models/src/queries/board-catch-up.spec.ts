import type { ConsumerRunner, ConsumerStatus } from '@app/event-store';
import { MILESTONE_BOARD_CONSUMER } from '../milestone-board/milestone-board.projection';
import { boardCatchUp } from './board-catch-up';

type ConsumerFailing = NonNullable<ConsumerStatus['failing']>;

const at = (position: number, failing: ConsumerFailing | null = null): ConsumerStatus => ({
  name: MILESTONE_BOARD_CONSUMER,
  position,
  head: 10,
  lag: 10 - position,
  updatedAt: null,
  oldestPendingAt: null,
  readAt: new Date(),
  activeHere: true,
  failing,
  skips: [],
});
const failing = (since: string, failures: number): ConsumerFailing => ({
  since: new Date(since),
  failures,
  error: 'boom',
  sqlState: null,
  eventBound: true,
  position: null,
  eventId: null,
});
/** A runner whose status reads give these, one per read (the last one again after). */
const runner = (...seq: ConsumerStatus[]): ConsumerRunner =>
  ({ status: async () => [seq.length > 1 ? seq.shift()! : seq[0]] }) as unknown as ConsumerRunner;
const opts = { stallMs: 60_000, stop: new AbortController().signal };

describe('boardCatchUp: the wait of a starting query process for the board projection', () => {
  it('waits through a failure recorded before the start (perhaps mended since) while the projection moves on', async () => {
    const before = failing('2026-12-01T00:00:00Z', 3);
    const c = await boardCatchUp(runner(at(2, before), at(2, before), at(5), at(10)), opts);
    expect(c).toEqual({ outcome: 'caught_up', position: 10, head: 10 });
  });

  it('stops waiting once a failure is recorded during the wait: a new one, or more of the one before', async () => {
    const before = failing('2026-12-01T00:00:00Z', 3);
    expect(
      await boardCatchUp(runner(at(2, before), at(2, failing('2026-12-01T00:00:00Z', 4))), opts),
    ).toEqual({
      outcome: 'failing',
      position: 2,
      head: 10,
    });
    expect(await boardCatchUp(runner(at(2), at(3, failing('2026-12-06T00:00:00Z', 1))), opts)).toMatchObject({
      outcome: 'failing',
      position: 3,
    });
  });

  it('stops waiting when the projection stands still for the bound', async () => {
    const c = await boardCatchUp(runner(at(4)), { ...opts, stallMs: 300 });
    expect(c).toEqual({ outcome: 'stalled', position: 4, head: 10 });
  });
});
