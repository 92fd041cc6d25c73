import type { ConsumerStatus } from '@app/event-store';
import { freshnessOf, stateOf, type WatchedConsumer, worst } from './freshness';

const NOW = new Date('2026-12-05T10:00:00Z');
const ago = (s: number) => new Date(NOW.getTime() - s * 1000);

const status = (o: Partial<ConsumerStatus> & { name: string }): ConsumerStatus => ({
  position: 100,
  head: 100,
  lag: 0,
  updatedAt: ago(5),
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

  it('a consumer a few events behind during a burst is current; behind once its checkpoint is still over 30 s', () => {
    expect(stateOf(status({ name: 'board', lag: 40, position: 60, updatedAt: ago(2) }), NOW)).toBe('current');
    expect(stateOf(status({ name: 'board', lag: 40, position: 60, updatedAt: ago(30) }), NOW)).toBe(
      'current',
    );
    expect(stateOf(status({ name: 'board', lag: 40, position: 60, updatedAt: ago(31) }), NOW)).toBe('behind');
    expect(stateOf(status({ name: 'board', lag: 40, position: 60, updatedAt: null }), NOW)).toBe('behind');
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
        failingSince: '2026-12-05T09:00:00.000Z',
        failures: 7,
        failingPosition: 101,
        error: null,
      },
    ]);
    expect(freshnessOf(rows, WATCHED, NOW, true).consumers[0]?.error).toBe('TypeError: x is undefined');
  });
});
