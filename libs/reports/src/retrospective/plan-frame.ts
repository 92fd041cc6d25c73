import type { PlanImportedData } from '@app/plans';
import type { PlanFrame } from './rollups';

/** What the review needs of the imported plan (decoded by `PLAN_EVENTS`): names in plan order, the plan's years. */
export function planFrameOf(key: string, data: PlanImportedData): PlanFrame {
  const model = data.model;
  const districts: string[] = [];
  for (const z of model.zones) {
    for (const d of z.districts) if (!districts.includes(d.name)) districts.push(d.name);
  }
  const periods = model.tasks.flatMap((t) => t.milestones.map((m) => m.period));
  return {
    key,
    title: data.title,
    zones: model.zones.map((z) => z.name),
    districts,
    units: model.units.map((u) => ({ id: u.id, name: u.name })),
    sections: model.sections.map((s) => ({ no: s.no, numeral: s.numeral, title: s.title })),
    years: {
      from: periods.length > 0 ? Math.min(...periods.map((p) => p.from)) : 0,
      to: periods.length > 0 ? Math.max(...periods.map((p) => p.to)) : 0,
    },
  };
}

/** `2020–2023`, or `2020–2022、2025` when the years have a gap. */
export function formatYears(years: readonly number[]): string {
  const runs: [number, number][] = [];
  for (const y of [...years].sort((a, b) => a - b)) {
    const last = runs.at(-1);
    if (last !== undefined && y === last[1] + 1) last[1] = y;
    else runs.push([y, y]);
  }
  return runs.map(([a, b]) => (a === b ? String(a) : `${a}–${b}`)).join('、');
}
