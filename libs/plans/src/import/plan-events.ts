import { EventCodec, shape } from '@app/event-store';
import type { ParsedPlan } from '../model/plan.model';

/** The plan's own stream: `plan-<planKey>`. */
export const planStreamId = (planKey: string): string => `plan-${planKey}`;

/** A plan document was imported: its sha256 and the whole parsed model (units, tasks, zones, findings). */
export interface PlanImportedData {
  readonly planKey: string;
  readonly title: string;
  readonly documentSha256: string;
  readonly sourceName: string | null;
  readonly model: ParsedPlan;
  readonly milestoneCount: number;
}

export const PLAN_IMPORTED = 'PlanImported';

export interface PlanEventDataByType {
  [PLAN_IMPORTED]: PlanImportedData;
}

/** Imported before the model listed zones and sections: read as none. */
function upcastImported(d: PlanImportedData): PlanImportedData {
  const m = d.model as Partial<ParsedPlan> & Pick<ParsedPlan, 'planKey' | 'title' | 'source'>;
  if (m.zones && m.sections && m.units && m.tasks && m.findings) return d;
  const model: ParsedPlan = {
    ...m,
    zones: m.zones ?? [],
    sections: m.sections ?? [],
    units: m.units ?? [],
    tasks: m.tasks ?? [],
    findings: m.findings ?? [],
  };
  return { ...d, model };
}

/** The plan's event union as stored (stream `plan-<planKey>`). */
export const PLAN_EVENTS = new EventCodec<PlanEventDataByType>('plan', {
  [PLAN_IMPORTED]: shape<PlanImportedData>(
    { planKey: 'string', title: 'string', model: 'object' },
    upcastImported,
  ),
});
