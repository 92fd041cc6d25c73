import { indicatorAttainment } from '@app/milestones/labels';
import type { HistoryEntry, IndicatorTarget, MilestonePlan, PlanIndicator } from '../../api/types';

/** One indicator of one assignment (承办事项), or of the milestone when it has one: its targets and latest value. */
export interface IndicatorRow extends PlanIndicator {
  /** The assignment's key and lead units' names; null on a milestone with one assignment. */
  readonly assignment: { readonly key: string; readonly name: string } | null;
  readonly currentTarget: number;
  readonly actual: number | null;
  /** The day (plan time zone) of the latest value. */
  readonly actualOn: string | null;
  /** 完成度 and whether the value meets the target, judged as the year review judges it (不超过: lower is better). */
  readonly attainment: number | null;
  readonly met: boolean | null;
}

/**
 * The indicators as of a day: one row per indicator, or per indicator and lead unit when the milestone is led
 * separately (分别牵头) — each unit's target revisions and reported values are its own: the events the API says
 * concerned its assignment (`assignments` of each history entry), never a sibling's. A share added by a re-import
 * starts from the milestone's target then (revised for the whole milestone, as the service starts it). `now`: the
 * API's current targets of a share ('' = the milestone), shown instead when looking at today (the form's hints).
 */
export function indicatorRows(
  plan: MilestonePlan,
  history: readonly HistoryEntry[],
  upTo: (e: HistoryEntry) => boolean,
  dayOf: (iso: string) => string,
  now?: (share: string) => readonly IndicatorTarget[],
): IndicatorRow[] {
  const events = history.filter(upTo).sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
  const seen = new Set<string>();
  const indicators = plan.indicators.filter((i) => (seen.has(i.metric) ? false : (seen.add(i.metric), true)));
  // Always by share, one or many: a share withdrawn by a re-import keeps its events to itself.
  const shares = plan.assignments.map((a) => ({ key: a.key, name: a.leadUnitNames.join('、') }));
  return indicators.flatMap((i) =>
    (shares.length > 0 ? shares : [null]).map((share) => {
      let whole = i.target;
      let target: number | undefined = share === null ? i.target : undefined;
      let actual: number | null = null;
      let actualOn: string | null = null;
      for (const e of events) {
        const revision = e.type === 'IndicatorTargetRevised' && e.data['metric'] === i.metric;
        if (revision && typeof e.data['assignment'] !== 'string') whole = Number(e.data['newTarget']);
        if (share !== null && !e.assignments.includes(share.key)) continue;
        target ??= whole;
        if (revision) target = Number(e.data['newTarget']);
        const list = e.data['indicatorActuals'];
        const hit = Array.isArray(list)
          ? (list as { metric: string; actual: number }[]).find((a) => a.metric === i.metric)
          : undefined;
        if (hit) {
          actual = hit.actual;
          actualOn = dayOf(e.occurredAt);
        }
      }
      const api = now?.(share?.key ?? '').find((t) => t.metric === i.metric)?.target;
      const currentTarget = api ?? target ?? whole;
      const assignment = shares.length > 1 ? share : null;
      const judged = indicatorAttainment({ comparator: i.comparator, target: currentTarget, actual });
      return { ...i, assignment, currentTarget, actual, actualOn, ...judged };
    }),
  );
}
