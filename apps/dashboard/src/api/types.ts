/**
 * Shapes of the API's answers that the dashboard reads, named for the pages: the OpenAPI document's generated schemas
 * (`openapi.d.ts`, `npm run openapi`). The board's are in `readModels.ts`, the review's in `retrospective.ts`.
 */
import type { components } from './openapi';

type Schemas = components['schemas'];

export type SimulatedData = Schemas['SimulatedDataDto'];

/** GET /api/v1/dashboard/session */
export type Session = Schemas['DashboardSessionDto'];

/** One indicator of a milestone's plan (指标). */
export type PlanIndicator = Schemas['IndicatorDto'];

/** GET /api/v1/milestones/{id} (the milestone as planned; `assignments`: 承办事项, one per lead unit when 分别牵头). */
export type MilestonePlan = Schemas['MilestonePlanDto'];

/** GET /api/v1/milestones/{id}/history (one entry; `actor.role` is any string: the history keeps what was stored). */
export type HistoryEntry = Schemas['HistoryEntryDto'];

/** A command's answer. */
export type CommandResult = Schemas['MilestoneCommandResultDto'];

/** GET /api/v1/alerts: a page of alerts (`items`) as they stood on the picker's date. */
export type AlertPage = Schemas['AlertPageDto'];
export type AlertView = Schemas['AlertDto'];
/** POST /api/v1/alerts/{id}/acknowledgement: the alert, and the position its acknowledgement reached. */
export type AcknowledgedAlert = Schemas['AcknowledgedAlertDto'];

/** GET /api/v1/units, /zones, /sections: the plan's reference lists. */
export type Unit = Schemas['UnitDto'];
export type Zone = Schemas['ZoneDto'];
export type Section = Schemas['SectionDto'];

/** One command as the API offers it to the signed-in person: allowed now, or refused with the reason. */
export type CommandChoice = Schemas['CommandChoiceDto'];

export type IndicatorTarget = Schemas['IndicatorTargetDto'];

/** GET /api/v1/milestones/{id}/commands: the milestone now, and what the caller may do on it (and each share). */
export type MilestoneChoices = Schemas['MilestoneChoicesDto'];
/** GET /api/v1/milestones:commands?ids=…: the same for several milestones; the ids that name none apart. */
export type MilestoneChoicesBatch = Schemas['MilestoneChoicesBatchDto'];

/** GET /api/v1/status/freshness: whether the figures (and the alert notices) are up to date, and each consumer. */
export type Freshness = Schemas['FreshnessDto'];
export type ConsumerFreshness = Schemas['ConsumerFreshnessDto'];
