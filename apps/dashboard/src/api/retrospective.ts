/**
 * GET /api/v1/reports/retrospective/:year?format=json — the year-end review: the OpenAPI document's schemas
 * (generated `openapi.d.ts`), and the outcomes' names in the order the review lists them.
 */
import type { components } from './openapi';

type Schemas = components['schemas'];

/** A roll-up row: the milestones (or a lead unit's assignments, 承办事项) per outcome, every outcome counted. */
export type RollupRow = Schemas['RollupRowDto'];

/** One milestone due in the year, reviewed per assignment, with the reasons quoted from its history. */
export type ReviewMilestone = Schemas['ReviewMilestoneDto'];

/** The review of a year: outcomes, roll-ups, the milestones, alerts, the year end and the closing if any. */
export type Review = Schemas['RetrospectiveDto'];

export type Outcome = Schemas['Outcome'];

/** A milestone's outcomes in a year, in the order the review lists them. */
export const OUTCOMES: readonly (readonly [Outcome, string])[] = [
  ['met_on_time', '按期完成'],
  ['met_late', '逾期完成'],
  ['awaiting_verification', '待核验'],
  ['partly_met', '部分完成'],
  ['missed', '未完成'],
  ['rebaselined', '调整时限'],
  ['cancelled', '已取消'],
  ['not_due', '未到期'],
];
