import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { ConsumerRunner, EventStore } from '@app/event-store';
import { milestoneStreamId } from '@app/milestones';
import {
  HealthHistoryQueries,
  MILESTONE_BOARD_CONSUMER,
  MilestoneBoardQueries,
  MilestoneStatsQueries,
  STATS_DIMENSIONS,
  UnitAgendaQueries,
} from '@app/read-models';
import { benchMilestoneId, isSeparately } from './generate-events';
import type { TimedQuery } from './query-timing';

const PAST = '2021-06-30';

/** The queries timed, in three groups, through the real query services. */
export function benchQueries(
  app: INestApplicationContext,
  milestones: number,
  knownAt: string,
): { current: TimedQuery[]; travel: TimedQuery[]; singles: TimedQuery[] } {
  const stats = app.get(MilestoneStatsQueries);
  const board = app.get(MilestoneBoardQueries);
  const agendas = app.get(UnitAgendaQueries);
  const history = app.get(HealthHistoryQueries);
  // A single-lead milestone (its health history needs no `assignment`).
  let sample = Math.floor(milestones / 2);
  while (isSeparately(sample)) sample++;
  const sampleId = benchMilestoneId(sample);
  const lists: [string, Record<string, string>][] = [
    ['milestones?zone=大广海湾区&schedule=overdue', { zone: '大广海湾区', schedule: 'overdue' }],
    ['milestones?unit=gov-taishan&role=lead&year=2021', { unit: 'gov-taishan', role: 'lead', year: '2021' }],
    ['milestones?health=red&sort=-daysLate', { health: 'red', sort: '-daysLate' }],
    ['milestones?district=恩平市&q=推进', { district: '恩平市', q: '推进' }],
  ];
  const current = [
    ...STATS_DIMENSIONS.map((d) => ({
      name: `stats/${d}`,
      run: async () => (await stats.stats(d, {})).groups.length,
    })),
    ...lists.map(([name, params]) => ({ name, run: async () => (await board.list(params)).items.length })),
  ];
  const travel: TimedQuery[] = [
    {
      name: `stats/zones?asOf=${PAST}`,
      run: async () => (await stats.stats('zones', { asOf: PAST })).groups.length,
    },
    {
      name: 'stats/units?knownAt=<mid-log>',
      run: async () => (await stats.stats('units', { knownAt, asOf: '2024-12-31' })).groups.length,
    },
    {
      name: `milestones?asOf=${PAST}&zone=生态发展区&health=red`,
      run: async () => (await board.list({ asOf: PAST, zone: '生态发展区', health: 'red' })).items.length,
    },
    {
      name: `milestones?knownAt=<mid-log>&unit=gov-taishan&role=lead`,
      run: async () => (await board.list({ knownAt, unit: 'gov-taishan', role: 'lead' })).items.length,
    },
    {
      name: `units/{id}/agenda?asOf=${PAST}`,
      run: async () => (await agendas.agenda('gov-enping', { asOf: PAST }, { role: 'admin' })).totals.overdue,
    },
  ];
  const singles: TimedQuery[] = [
    { name: 'milestones/{id}/board', run: async () => (await board.board(sampleId, {})).percent ?? 0 },
    {
      name: 'milestones/{id}/health-history',
      run: async () => (await history.history(sampleId, {})).changes.length,
    },
    {
      name: 'units/{id}/agenda',
      run: async () => (await agendas.agenda('gov-enping', {}, { role: 'admin' })).totals.overdue,
    },
  ];
  return { current, travel, singles };
}

/**
 * Between cold runs: a progress report on one single-lead milestone, dated today, appended and projected — a new
 * position (no remembered answer serves) and one changed milestone, which every kept evaluation takes in.
 */
export function tickWithAReport(
  app: INestApplicationContext,
  milestones: number,
  today: string,
): () => Promise<void> {
  const store = app.get(EventStore);
  const runner = app.get(ConsumerRunner);
  let ticks = 0;
  return async () => {
    let i = (ticks++ * 7919) % milestones;
    while (isSeparately(i)) i = (i + 1) % milestones;
    await store.append(
      milestoneStreamId(benchMilestoneId(i)),
      [
        {
          eventId: randomUUID(),
          type: 'ProgressReported',
          data: { percent: 50, narrative: '基准测试' },
          metadata: { occurredAt: `${today}T04:00:00.000Z`, actor: { role: 'reporter', unit: 'bench' } },
        },
      ],
      'any',
    );
    await runner.catchUp(MILESTONE_BOARD_CONSUMER);
  };
}
