/**
 * Shapes of the API's answers that the dashboard reads. Those the OpenAPI document describes are its generated
 * schemas (`openapi.d.ts`, `npm run openapi`); the codes the others carry are the unions of `@app/milestones/labels`.
 */
import type { ActorRole, AlertLevel, AlertState, LeadMode } from '@app/milestones/labels';
import type { AlertRule } from '../labels';
import type { components } from './openapi';

type Schemas = components['schemas'];

export type Role = Schemas['DashboardSessionDto']['role'];

export type SimulatedData = Schemas['SimulatedDataDto'];

/** GET /api/v1/dashboard/session */
export type Session = Schemas['DashboardSessionDto'];

export interface PlanIndicator {
  readonly metric: string;
  readonly comparator: string;
  readonly target: number;
  readonly unit: string;
  readonly source: string;
}

/** GET /api/v1/milestones/{id} (the milestone as planned). */
export interface MilestonePlan {
  readonly id: string;
  readonly milestoneId: string;
  readonly planKey: string;
  readonly taskNo: number;
  readonly section: number;
  readonly taskTitle: string;
  readonly period: { readonly from: number; readonly to: number };
  readonly dueDate: string;
  readonly text: string;
  readonly indicators: readonly PlanIndicator[];
  readonly leadUnits: readonly string[];
  readonly cooperatingUnits: readonly string[];
  readonly leadUnitNames: readonly string[];
  readonly cooperatingUnitNames: readonly string[];
  readonly zones: readonly string[];
  readonly districts: readonly string[];
  readonly withdrawn: boolean;
  readonly leadMode: LeadMode;
  readonly cityWide: boolean;
  /** 承办事项: one per lead unit of a 分别牵头 milestone, else one; commands name one by its `key`. */
  readonly assignments: readonly {
    readonly key: string;
    readonly leadUnits: readonly string[];
    readonly leadUnitNames: readonly string[];
  }[];
}

export interface Actor {
  readonly tokenId?: string;
  readonly tokenName?: string;
  readonly role?: ActorRole;
  readonly unit?: string;
  readonly system?: string;
}

/** GET /api/v1/milestones/{id}/history */
export interface HistoryEntry {
  readonly version: number;
  readonly position: number;
  readonly type: string;
  readonly label: string;
  readonly data: Record<string, unknown>;
  readonly actor: Actor | null;
  readonly actorUnitName: string | null;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly backdated: boolean;
  readonly correlationId: string | null;
  readonly hash: string;
}

/** A command's answer. */
export type CommandResult = Schemas['MilestoneCommandResultDto'];

export interface Reason {
  readonly code: string;
  readonly zh: string;
  readonly en?: string;
}

/** GET /api/v1/alerts (items) */
export interface AlertView {
  readonly id: string;
  readonly key: string;
  readonly episode: number;
  readonly rule: AlertRule;
  readonly ruleZh: string;
  readonly level: AlertLevel;
  readonly levelZh: string;
  readonly state: AlertState;
  readonly stateZh: string;
  readonly milestoneId: string;
  readonly taskNo: number;
  readonly taskTitle: string;
  readonly milestoneText: string;
  readonly dueDate: string;
  readonly leadUnits: readonly string[];
  readonly cooperatingUnits: readonly string[];
  readonly raisedOn: string;
  readonly reasons: readonly Reason[];
  readonly repeats: number;
  readonly escalatedOn: string | null;
  readonly acknowledged: {
    readonly at: string;
    readonly by: { readonly tokenName: string; readonly role: ActorRole; readonly unit?: string };
    readonly note: string | null;
  } | null;
  readonly resolvedOn: string | null;
  readonly resolvedReason: Reason | null;
}

export interface Unit {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  readonly leads: readonly number[];
  readonly cooperates: readonly number[];
}

export interface Zone {
  readonly name: string;
  readonly districts: readonly { readonly name: string }[];
}

export interface Section {
  readonly no: number;
  readonly numeral: string;
  readonly title: string;
  readonly zone: string | null;
}

/** One command as the API offers it to the signed-in person: allowed now, or refused with the reason. */
export type CommandChoice = Schemas['CommandChoiceDto'];

export type IndicatorTarget = Schemas['IndicatorTargetDto'];

/** GET /api/v1/milestones/{id}/commands: the milestone now, and what the caller may do on it (and each share). */
export type MilestoneChoices = Schemas['MilestoneChoicesDto'];
/** GET /api/v1/milestones:commands?ids=…: the same for several milestones; the ids that name none apart. */
export type MilestoneChoicesBatch = Schemas['MilestoneChoicesBatchDto'];
