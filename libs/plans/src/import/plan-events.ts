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
