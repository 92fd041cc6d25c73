import { createHash } from 'node:crypto';
import { addDays } from '@app/platform';
import { at, dayOf } from './demo-calendar';
import type { AssignmentRun, Course } from './demo-course';
import type { Draft } from './demo-model';
import { indicatorValue } from './demo-timeline';
import {
  ACCEPT_NOTES,
  COMPLETION_NARRATIVES,
  RESUBMISSION_NARRATIVES,
  RETURN_REASONS,
  SIMULATED_MARK,
} from './demo-texts';

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * The claim, a possible return and resubmission, and the acceptance (销号) — all within the simulation. On a
 * 分别牵头 milestone the lead unit claims its own assignment and the office's 销号 and 退回 name it.
 */
export function claimDrafts(run: AssignmentRun, c: Course, actuals: ReadonlyMap<string, number>): Draft[] {
  const { r, m, seed, scoped, simulationEnd, indicators } = run;
  if (!c.claimed || !c.completedOn || !c.submitOn || !run.lead) return [];
  const part = scoped.assignment !== undefined ? `${run.key}-` : '';
  const evidence = (n: number) => [
    {
      name: `模拟数据-${m.id}-${part}完成情况报告${n > 1 ? `（第${n}次）` : ''}.pdf`,
      sha256: sha256(`${seed}/${m.id}/${scoped.assignment !== undefined ? `${run.key}/` : ''}evidence/${n}`),
    },
  ];
  const finalActuals = (factor: number) =>
    indicators.length > 0
      ? {
          indicatorActuals: indicators.map((i) => ({
            metric: i.metric,
            actual: Math.max(actuals.get(i.metric) ?? 0, indicatorValue(i.target, i.unit, factor)),
          })),
        }
      : {};
  const drafts: Draft[] = [];
  let claimAt = at(c.submitOn, r);
  drafts.push({
    occurredAt: claimAt,
    actor: run.leadActor,
    command: {
      type: 'SubmitCompletion',
      occurredAt: claimAt,
      data: {
        ...scoped,
        completedOn: c.completedOn,
        narrative: `${SIMULATED_MARK}${r.pick(COMPLETION_NARRATIVES)}`,
        evidence: evidence(1),
        ...finalActuals(c.finalFactor),
      },
    },
  });
  if (c.returned) {
    const returnOn = addDays(c.submitOn, r.int(5, 20));
    if (returnOn > simulationEnd) return drafts;
    const returnAt = at(returnOn, r);
    drafts.push({
      occurredAt: returnAt,
      actor: run.supervisor,
      command: {
        type: 'ReturnCompletion',
        occurredAt: returnAt,
        data: { ...scoped, reason: `${SIMULATED_MARK}${r.pick(RETURN_REASONS)}` },
      },
    });
    const resubmitOn = addDays(returnOn, r.int(7, 30));
    if (resubmitOn > simulationEnd) return drafts;
    claimAt = at(resubmitOn, r);
    drafts.push({
      occurredAt: claimAt,
      actor: run.leadActor,
      command: {
        type: 'SubmitCompletion',
        occurredAt: claimAt,
        data: {
          ...scoped,
          completedOn: addDays(resubmitOn, -r.int(0, 3)),
          narrative: `${SIMULATED_MARK}${r.pick(RESUBMISSION_NARRATIVES)}`,
          evidence: evidence(2),
          ...finalActuals(Math.max(1, c.finalFactor)),
        },
      },
    });
  }
  const acceptOn = addDays(dayOf(claimAt), r.int(4, 25));
  if (acceptOn <= simulationEnd) {
    const acceptAt = at(acceptOn, r);
    drafts.push({
      occurredAt: acceptAt,
      actor: run.supervisor,
      command: {
        type: 'AcceptCompletion',
        occurredAt: acceptAt,
        data: { ...scoped, note: `${SIMULATED_MARK}${r.pick(ACCEPT_NOTES)}` },
      },
    });
  }
  return drafts;
}
