import type { HistoryEntry, MilestonePlan, PlanIndicator } from '../../api/types';

/** One indicator of one assignment (承办事项), or of the milestone when it has one: its targets and latest value. */
export interface IndicatorRow extends PlanIndicator {
  /** The assignment's key and lead units' names; null on a milestone with one assignment. */
  readonly assignment: { readonly key: string; readonly name: string } | null;
  readonly currentTarget: number;
  readonly actual: number | null;
  /** The day (plan time zone) of the latest value. */
  readonly actualOn: string | null;
  readonly attainment: number | null;
}

/**
 * The indicators as of a day: one row per indicator, or per indicator and lead unit when the milestone is led
 * separately (分别牵头) — each unit's target revisions and reported values are its own: the events the API says
 * concerned its assignment (`assignments` of each history entry), never a sibling's.
 */
export function indicatorRows(
  plan: MilestonePlan,
  history: readonly HistoryEntry[],
  upTo: (e: HistoryEntry) => boolean,
  dayOf: (iso: string) => string,
): IndicatorRow[] {
  const events = history.filter(upTo).sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
  const seen = new Set<string>();
  const indicators = plan.indicators.filter((i) => (seen.has(i.metric) ? false : (seen.add(i.metric), true)));
  // Always by share, one or many: a share withdrawn by a re-import keeps its events to itself.
  const shares = plan.assignments.map((a) => ({ key: a.key, name: a.leadUnitNames.join('、') }));
  return indicators.flatMap((i) =>
    (shares.length > 0 ? shares : [null]).map((share) => {
      let target = i.target;
      let actual: number | null = null;
      let actualOn: string | null = null;
      for (const e of events) {
        if (share !== null && !e.assignments.includes(share.key)) continue;
        if (e.type === 'IndicatorTargetRevised' && e.data['metric'] === i.metric)
          target = Number(e.data['newTarget']);
        const list = e.data['indicatorActuals'];
        const hit = Array.isArray(list)
          ? (list as { metric: string; actual: number }[]).find((a) => a.metric === i.metric)
          : undefined;
        if (hit) {
          actual = hit.actual;
          actualOn = dayOf(e.occurredAt);
        }
      }
      const attainment = actual !== null && target ? actual / target : null;
      const assignment = shares.length > 1 ? share : null;
      return { ...i, assignment, currentTarget: target, actual, actualOn, attainment };
    }),
  );
}
