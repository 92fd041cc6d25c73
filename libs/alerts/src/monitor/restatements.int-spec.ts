import { DataSource } from 'typeorm';
import { ConsumerRunner, EventStore, newEventId } from '@app/event-store';
import { milestoneStreamId } from '@app/milestones';
import { FixedClock } from '@app/platform';
import { migrationNamed } from '@app/platform/testing';
import { planMilestone } from '../testing/alert-milestones';
import { useAlertsApp } from '../testing/alerts-int-fixture';
import { AlertQueries } from '../queries/alert.queries';
import { AlertScanService } from '../scan/alert-scan.service';
import { ALERTS_MONITOR } from './alerts-monitor.consumer';

const AlertRestatements1764889600000 = migrationNamed('AlertRestatements1764889600000');

const METRIC = '引进投资超亿元产业项目';
const said = (actual: number) => `指标“${METRIC}”实际${actual}个，未达到目标50个`;
/** An episode's restatements as the table keeps them, in the order they were made. */
const ROWS = `SELECT alert_id, episode_no, as_of::text AS as_of, version, reasons, facts, recorded_at
                FROM alert_restatements WHERE alert_id = $1 ORDER BY version, as_of`;
interface Row {
  alert_id: string;
  episode_no: number;
  as_of: string;
  version: number;
  reasons: unknown;
  facts: { actual: number };
  recorded_at: Date | null;
}

describe('alert restatements kept beside their episode (alert_restatements, real PostgreSQL)', () => {
  const clock = new FixedClock('2021-08-15T04:00:00Z');
  const mod = useAlertsApp(clock);
  let m = '';
  let id = '';
  const ds = () => mod.get(DataSource);
  const rows = async () => ds().query<Row[]>(ROWS, [id]);
  const restatedEvents = async () =>
    Number(
      (
        await ds().query<{ n: string }[]>(
          `SELECT count(*) AS n FROM events WHERE type = 'AlertRestated' AND data->>'alertId' = $1`,
          [id],
        )
      )[0]!.n,
    );

  /** A progress report with a value of the indicator, happened at noon of `day`; the monitor caught up. */
  const report = async (day: string, actual: number) => {
    const data = { percent: 90, narrative: '推进中', indicatorActuals: [{ metric: METRIC, actual }] };
    const metadata = { occurredAt: `${day}T04:00:00.000Z`, actor: { role: 'reporter', tokenName: 'r' } };
    await mod
      .get(EventStore)
      .append(
        milestoneStreamId(m),
        [{ eventId: newEventId(), type: 'ProgressReported', data, metadata }],
        'any',
      );
    await mod.get(ConsumerRunner).catchUp(ALERTS_MONITOR);
  };
  const listed = async (asOf: string, knownAt?: string) => {
    const page = await mod
      .get(AlertQueries)
      .list({ milestone: m, rule: 'indicator_shortfall', asOf, ...(knownAt ? { knownAt } : {}) });
    expect(page.items.map((a) => a.id)).toEqual([id]);
    return page.items[0]!;
  };
  const told = async (asOf: string, knownAt?: string) => (await listed(asOf, knownAt)).reasons[0]!.zh;

  beforeAll(async () => {
    const indicators = [{ metric: METRIC, comparator: '>=', target: 50, unit: '个', source: '引进至少50个' }];
    m = (await planMilestone(mod.get(EventStore), 'dept-transport', { dueDate: '2021-06-30', indicators }))
      .id;
    await report('2021-06-15', 30);
    const scan = await mod.get(AlertScanService).scan('2021-07-05'); // overdue, 30 of 50: raised
    id = scan.raisedIds.find((a) => a.startsWith('indicator_shortfall:'))!;
    await mod.get(ConsumerRunner).catchUp(ALERTS_MONITOR);
  }, 120_000);

  it('as known before a restatement was recorded the list tells the earlier figures; from its recording on, the new ones', async () => {
    await report('2021-07-20', 40);
    const [row] = await rows();
    expect([row!.as_of, row!.facts.actual]).toEqual(['2021-07-20', 40]);
    const [event] = await ds().query<{ at: Date }[]>(
      `SELECT recorded_at AS at FROM events WHERE type = 'AlertRestated' AND data->>'alertId' = $1`,
      [id],
    );
    const at = event!.at.getTime();
    expect(await told('2021-07-25', new Date(at - 1).toISOString())).toBe(said(30));
    expect(await told('2021-07-25', new Date(at).toISOString())).toBe(said(40));
    expect(await told('2021-07-25')).toBe(said(40));
    expect(await told('2021-07-19')).toBe(said(30));
    // The same value reported again later: compared with the restatement dated before it (loaded for the batch),
    // not with the raised figures: nothing new to tell, nothing appended.
    await report('2021-07-22', 40);
    expect((await rows()).length).toBe(1);
    expect(await restatedEvents()).toBe(1);
  });

  it('a resolved episode restated for a day it was open: told on those days, nothing restated twice, resolved as before', async () => {
    await report('2021-08-01', 55);
    expect((await listed('2021-08-05')).state).toBe('resolved');
    await report('2021-07-18', 38); // reported late, for a day it was open
    // One restatement more (07-18); from 07-20 on 40 holds as restated before, so nothing again for that day.
    expect((await rows()).map((r) => [r.as_of, r.facts.actual])).toEqual([
      ['2021-07-20', 40],
      ['2021-07-18', 38],
    ]);
    expect(await restatedEvents()).toBe(2);
    expect(await told('2021-07-17')).toBe(said(30));
    expect(await told('2021-07-19')).toBe(said(38));
    expect(await told('2021-07-25')).toBe(said(40));
    const a = await listed('2021-08-05');
    expect([a.state, a.resolvedOn, a.reasons[0]!.zh]).toEqual(['resolved', '2021-08-01', said(30)]);
  });

  it('each restatement is one row with its event’s recorded time; a rebuild empties the table and refills it row for row', async () => {
    const before = await rows();
    const events = await ds().query<{ at: Date }[]>(
      `SELECT date_trunc('milliseconds', recorded_at) AS at FROM events
        WHERE type = 'AlertRestated' AND data->>'alertId' = $1 ORDER BY global_position`,
      [id],
    );
    expect(before.map((r) => r.recorded_at)).toEqual(events.map((e) => e.at));
    const runner = mod.get(ConsumerRunner);
    await runner.reset(ALERTS_MONITOR);
    expect(await ds().query('SELECT * FROM alert_restatements')).toEqual([]);
    await runner.catchUp(ALERTS_MONITOR);
    expect(await rows()).toEqual(before);
    await runner.rebuild(ALERTS_MONITOR);
    expect(await rows()).toEqual(before);
    expect(await restatedEvents()).toBe(2); // the replays appended nothing
    expect(await told('2021-07-19')).toBe(said(38));
  }, 60_000);

  it('the migration moves an episode’s restateLog into the table (the key removed); down puts it back', async () => {
    const before = await rows();
    const listedBefore = await listed('2021-07-25');
    const migration = new AlertRestatements1764889600000();
    const q = ds().createQueryRunner();
    try {
      await migration.down(q);
      // As the monitor kept it before: in the order made, the recorded times as JavaScript writes them.
      const [old] = await ds().query<{ log: unknown }[]>(
        `SELECT episode->'restateLog' AS log FROM alerts WHERE id = $1`,
        [id],
      );
      expect(old!.log).toEqual(
        before.map((r) => ({
          on: r.as_of,
          version: r.version,
          reasons: r.reasons,
          facts: r.facts,
          recordedAt: r.recorded_at!.toISOString(),
        })),
      );
      await migration.up(q);
    } finally {
      await q.release();
    }
    expect(await rows()).toEqual(before);
    const kept = `SELECT count(*)::int AS n FROM alerts WHERE episode ? 'restateLog'`;
    expect(await ds().query(kept)).toEqual([{ n: 0 }]);
    expect(await listed('2021-07-25')).toEqual(listedBefore);
  }, 60_000);
});
