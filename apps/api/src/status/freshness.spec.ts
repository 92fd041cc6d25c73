import type { ConsumerStatus } from '@app/event-store';
import { freshnessOf, stateOf, type WatchedConsumer, worst } from './freshness';

const NOW = new Date('2026-12-05T10:00:00Z');
const ago = (s: number) => new Date(NOW.getTime() - s * 1000);

const status = (o: Partial<ConsumerStatus> & { name: string }): ConsumerStatus => ({
  position: 100,
  head: 100,
  lag: 0,
  updatedAt: ago(5),
  oldestPendingAt: null,
  readAt: NOW,
  activeHere: true,
  failing: null,
  skips: [],
  ...o,
});

const WATCHED: WatchedConsumer[] = [
  { name: 'board', labelZh: '里程碑看板', affects: 'figures' },
  { name: 'monitor', labelZh: '预警监测', affects: 'figures' },
  { name: 'notifier', labelZh: '预警通知', affects: 'notices' },
];

const failing = {
  since: new Date('2026-12-05T09:00:00Z'),
  failures: 7,
  error: 'TypeError: x is undefined',
  sqlState: null,
  eventBound: true,
  position: 101,
  eventId: 'e-101',
};

describe('freshness: current, behind or failing', () => {
  it('a consumer at the head is current however long ago it moved', () => {
    expect(stateOf(status({ name: 'board', updatedAt: ago(86_400) }), NOW)).toBe('current');
  });

  it('behind once the oldest event not yet counted was recorded over 30 s ago, not before', () => {
    const lagging = (waited: number) =>
      status({ name: 'board', lag: 40, position: 60, updatedAt: ago(1), oldestPendingAt: ago(waited) });
    expect(stateOf(lagging(2), NOW)).toBe('current');
    expect(stateOf(lagging(30), NOW)).toBe('current');
    expect(stateOf(lagging(31), NOW)).toBe('behind');
    // Never run yet (no checkpoint row): judged the same way, by its first pending event.
    expect(stateOf({ ...lagging(1), updatedAt: null }, NOW)).toBe('current');
    expect(stateOf({ ...lagging(31), updatedAt: null }, NOW)).toBe('behind');
  });

  it('after a quiet half hour, one fresh event just before the worker takes it is current', () => {
    const quiet = status({
      name: 'board',
      lag: 1,
      position: 99,
      updatedAt: ago(1_800),
      oldestPendingAt: ago(0.005),
    });
    expect(stateOf(quiet, NOW)).toBe('current');
  });

  it('a rebuild moving its checkpoint every batch through an old backlog is behind', () => {
    const rebuild = status({
      name: 'board',
      lag: 48_000,
      position: 2_000,
      head: 50_000,
      updatedAt: ago(0.2),
      oldestPendingAt: ago(600),
    });
    expect(stateOf(rebuild, NOW)).toBe('behind');
    expect(freshnessOf([rebuild], WATCHED, NOW, false).consumers[0]).toMatchObject({
      state: 'behind',
      secondsSinceUpdate: 0,
      pendingSince: '2026-12-05T09:50:00.000Z',
      pendingSinceSeconds: 600,
    });
  });

  it('a recorded failure is failing, even at the head', () => {
    expect(stateOf(status({ name: 'board', failing }), NOW)).toBe('failing');
  });

  it('the worst of the states', () => {
    expect(worst([])).toBe('current');
    expect(worst(['current', 'behind'])).toBe('behind');
    expect(worst(['failing', 'behind', 'current'])).toBe('failing');
  });

  it('figures are the worst of the figure consumers; the notifier counts for the notices only', () => {
    const f = freshnessOf(
      [status({ name: 'notifier', failing }), status({ name: 'board' }), status({ name: 'monitor' })],
      WATCHED,
      NOW,
      false,
    );
    expect(f).toMatchObject({ state: 'current', notices: 'failing', behindAfterSeconds: 30 });
    expect(f.consumers.map((c) => c.name)).toEqual(['board', 'monitor', 'notifier']);
  });

  it('states a failure (since, retries, event); the error line only for an admin', () => {
    const rows = [status({ name: 'board', failing, lag: 3, head: 103 }), status({ name: 'other' })];
    const office = freshnessOf(rows, WATCHED, NOW, false);
    expect(office.state).toBe('failing');
    expect(office.consumers).toEqual([
      {
        name: 'board',
        labelZh: '里程碑看板',
        affects: 'figures',
        state: 'failing',
        lag: 3,
        position: 100,
        head: 103,
        updatedAt: '2026-12-05T09:59:55.000Z',
        secondsSinceUpdate: 5,
        pendingSince: null,
        pendingSinceSeconds: null,
        failingSince: '2026-12-05T09:00:00.000Z',
        failures: 7,
        failingPosition: 101,
        error: null,
      },
    ]);
    expect(freshnessOf(rows, WATCHED, NOW, true).consumers[0]?.error).toBe('TypeError: x is undefined');
  });
});
