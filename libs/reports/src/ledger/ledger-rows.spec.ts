import {
  assignmentFacts,
  fold,
  HEALTH_COLOURS,
  healthAt,
  type HealthColour,
  type MilestoneEvent,
} from '@app/milestones';
import {
  aCompletionAccepted,
  aCompletionSubmitted,
  aDelayReported,
  aMilestonePlanned,
  aProgressReported,
} from '@app/milestones/testing';
import type { IsoDate } from '@app/platform';
import { HEALTH_LABELS_ZH } from '@app/milestones/labels';
import { reviewEvents, withActor, type TestReviewEvent } from '@app/reports/testing';
import { assignmentNotes } from './ledger-notes';
import { milestoneRows, type LedgerMilestone } from './ledger-rows';

const PENG = 'u-peng';
const TAI = 'u-tai';
const NAMES: Record<string, string> = { [PENG]: '蓬江区政府', [TAI]: '台山市政府', 'u-dpc': '市发展改革局' };
const THRESHOLDS = { redBelow: 0.85, amberBelow: 0.95, amberDueWithinWorkingDays: 10, reportCadenceDays: 31 };
const AS_OF: IsoDate = '2021-11-30';
const at = (iso: string) => ({ occurredAt: new Date(iso).toISOString() });
const by = (unit: string) => ({ tokenName: `${unit}填报员`, role: 'reporter', unit });
const unit = (id: string) => ({ id, name: NAMES[id] ?? id });

const planned = (no: number, dueDate: IsoDate, leadUnits: string[]) =>
  aMilestonePlanned({
    milestoneId: `p.T${no}-2021`,
    planKey: 'p',
    taskNo: no,
    section: 1,
    taskTitle: `事项${no}`,
    text: `2021年，完成事项${no}。`,
    dueDate,
    indicators: [],
    leadUnits,
    cooperatingUnits: ['u-dpc'],
  });

/**
 * The board row of a milestone at AS_OF, as the read models make it (the domain's fold, each assignment judged by
 * `healthAt`), with only what the ledger reads.
 */
function boardRow(events: readonly MilestoneEvent[]): LedgerMilestone {
  const s = fold(events);
  const colour = (h: HealthColour) => ({ colour: h, zh: HEALTH_LABELS_ZH[h] });
  const shares = s.assignments.map((a) => {
    const h = healthAt(assignmentFacts(s, a), AS_OF, THRESHOLDS);
    return {
      key: a.key,
      leadUnits: a.leadUnits.map(unit),
      dueDate: a.dueDate,
      health: { ...colour(h.colour), reasons: h.reasons },
    };
  });
  const worst = [...shares].sort(
    (a, b) => HEALTH_COLOURS.indexOf(a.health.colour) - HEALTH_COLOURS.indexOf(b.health.colour),
  )[0]!;
  return {
    id: s.milestoneId,
    taskNo: s.taskNo,
    taskTitle: s.taskTitle,
    text: s.text,
    leadUnits: s.leadUnits.map(unit),
    cooperatingUnits: s.cooperatingUnits.map(unit),
    dueDate: worst.dueDate,
    baselineDueDate: s.baselineDueDate,
    health: worst.health,
    ...(shares.length > 1 ? { assignments: shares } : {}),
  };
}

function rows(events: readonly TestReviewEvent[]) {
  return milestoneRows(boardRow(events), assignmentNotes(reviewEvents(events)));
}

describe('督办台账 rows (as of 2021-11-30)', () => {
  it('a single-lead milestone completed and accepted on time: one row, 绿, its claim and 销号 in 进展情况', () => {
    const r = rows([
      planned(1, '2021-12-31', [PENG]),
      withActor(
        aProgressReported({ percent: 50, narrative: '完成征地' }, at('2021-06-10T02:00:00Z')),
        by(PENG),
      ),
      withActor(
        aCompletionSubmitted(
          { completedOn: '2021-11-20', narrative: '全线贯通' },
          at('2021-11-20T02:00:00Z'),
        ),
        by(PENG),
      ),
      withActor(aCompletionAccepted({}, at('2021-11-25T02:00:00Z')), {
        tokenName: '督查室',
        role: 'supervisor',
      }),
    ]);
    expect(r).toEqual([
      {
        milestoneId: 'p.T1-2021',
        assignment: PENG,
        taskNo: 1,
        task: '事项1',
        target: '2021年，完成事项1。',
        lead: '蓬江区政府',
        cooperating: '市发展改革局',
        deadline: '2021年12月31日',
        // The two latest, newest first: the 销号, then the claim (the June report is older).
        progress: '2021年11月25日：已销号\n2021年11月20日：申请销号，完成日期2021-11-20：全线贯通',
        status: 'green',
        statusZh: '绿',
        problems: '',
      },
    ]);
  });

  it('an overdue milestone with a delay reported: 红, the days overdue and the delay reason in 存在问题', () => {
    const [r] = rows([
      planned(2, '2021-06-30', [TAI]),
      withActor(
        aProgressReported({ percent: 60, narrative: '完成设计' }, at('2021-05-10T02:00:00Z')),
        by(TAI),
      ),
      withActor(
        aDelayReported({ reason: '征地拆迁未完成', forecastDate: '2021-09-30' }, at('2021-06-20T02:00:00Z')),
        by(TAI),
      ),
    ]);
    // Overdue from 1 July: 31 + 31 + 30 + 31 + 30 = 153 days by 30 November.
    expect(r).toMatchObject({
      lead: '台山市政府',
      deadline: '2021年6月30日',
      progress: '2021年5月10日：完成设计（进度60%）',
      status: 'red',
      statusZh: '红',
      problems:
        '已逾期153天（截止日期2021-06-30）\n2021年6月20日：报告延期：征地拆迁未完成（预计完成 2021-09-30）',
    });
  });

  it('a 分别牵头 milestone with one late share: a row per lead unit, 绿 for the one done, 红 for the late one', () => {
    const r = rows([
      planned(3, '2021-09-30', [PENG, TAI]),
      withActor(
        aCompletionSubmitted(
          { completedOn: '2021-09-20', narrative: '蓬江段完工' },
          at('2021-09-20T02:00:00Z'),
        ),
        by(PENG),
      ),
      withActor(aCompletionAccepted({}, at('2021-09-25T02:00:00Z')), {
        tokenName: '督查室',
        role: 'supervisor',
      }),
      withActor(
        aProgressReported({ percent: 40, narrative: '台山段路基施工' }, at('2021-08-01T02:00:00Z')),
        by(TAI),
      ),
    ]);
    // 台山's share: overdue from 1 October, 31 + 30 = 61 days.
    expect(r.map((x) => [x.assignment, x.lead, x.statusZh, x.progress, x.problems])).toEqual([
      [
        PENG,
        '蓬江区政府',
        '绿',
        '2021年9月25日：已销号\n2021年9月20日：申请销号，完成日期2021-09-20：蓬江段完工',
        '',
      ],
      [
        TAI,
        '台山市政府',
        '红',
        '2021年8月1日：台山段路基施工（进度40%）',
        '已逾期61天（截止日期2021-09-30）',
      ],
    ]);
    // The shared cells are the same on both rows (merged in the sheet).
    expect(new Set(r.map((x) => `${x.taskNo}|${x.task}|${x.target}|${x.cooperating}`)).size).toBe(1);
  });
});
