import type { MilestonePlanView, PlanCatalogQueries } from '@app/plans';
import type { DemoMilestone } from './demo-model';

export interface DemoCatalog {
  readonly milestones: DemoMilestone[];
  readonly unitNames: Map<string, string>;
  /** Unit id → number of milestones it leads. */
  readonly leads: Map<string, number>;
}

export function toDemoMilestone(m: MilestonePlanView): DemoMilestone {
  return {
    id: m.id,
    taskTitle: m.taskTitle,
    period: { from: m.period.from, to: m.period.to },
    dueDate: m.dueDate,
    indicators: m.indicators.map((i) => ({ metric: i.metric, target: i.target, unit: i.unit })),
    leadUnits: [...m.leadUnits],
    cooperatingUnits: [...m.cooperatingUnits],
    assignments: m.assignments.map((a) => ({ key: a.key, leadUnits: [...a.leadUnits] })),
  };
}

/** The planned milestones (not withdrawn) and the unit names, from the catalogue. */
export async function loadDemoCatalog(catalog: PlanCatalogQueries): Promise<DemoCatalog> {
  const tasks = await catalog.tasks();
  const views = tasks.flatMap((t) => t.milestones).filter((m) => !m.withdrawn);
  const units = await catalog.units();
  const leads = new Map<string, number>();
  for (const m of views) for (const u of m.leadUnits) leads.set(u, (leads.get(u) ?? 0) + 1);
  return {
    milestones: views.map(toDemoMilestone),
    unitNames: new Map(units.map((u) => [u.id, u.name])),
    leads,
  };
}

/**
 * Units that get a demo reporter login: the two city departments and the district government that lead the
 * most milestones (ties by id), so each login has a full "what needs me now" list.
 */
export function demoReporterUnits(c: DemoCatalog): string[] {
  const ranked = [...c.leads.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const depts = ranked.filter(([id]) => id.startsWith('dept-')).slice(0, 2);
  const govs = ranked.filter(([id]) => id.startsWith('gov-')).slice(0, 1);
  return [...depts, ...govs].map(([id]) => id);
}
