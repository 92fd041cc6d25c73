import type { MilestoneCommandName } from '@app/milestones/labels';
/** Shapes of the API's answers that the dashboard reads (see /api/docs). */

export type Role = 'admin' | 'supervisor' | 'reporter' | 'viewer';

export interface SimulatedData {
  readonly simulated: true;
  readonly generatedAt: string;
  readonly lastOccurredAt: string | null;
  /** The last simulated day (plan calendar): the day the dashboard opens on. */
  readonly simulatedUntil: string | null;
}

/** GET /api/v1/dashboard/session */
export interface Session {
  readonly tokenName: string;
  readonly role: Role;
  readonly roleZh: string;
  readonly unit: string | null;
  readonly unitName: string | null;
  readonly simulatedData: SimulatedData | null;
  readonly serverTime: string;
}

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
  /** single 单独牵头 | separately 分别牵头 | jointly 共同牵头 */
  readonly leadMode: string;
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
  readonly role?: string;
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
export interface CommandResult {
  readonly milestoneId: string;
  readonly version: number;
  readonly position: number;
}

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
  readonly rule: string;
  readonly ruleZh: string;
  readonly level: 'info' | 'warning' | 'critical';
  readonly levelZh: string;
  readonly state: 'open' | 'acknowledged' | 'resolved';
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
    readonly by: { readonly tokenName: string; readonly role: string; readonly unit?: string };
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
export interface CommandChoice {
  readonly command: MilestoneCommandName;
  readonly allowed: boolean;
  readonly reason?: string;
  readonly reasonZh?: string;
}

export interface IndicatorTarget {
  readonly metric: string;
  readonly unit: string;
  readonly baselineTarget: number;
  readonly target: number;
}

/** GET /api/v1/milestones/{id}/commands: the milestone now, and what the caller may do on it (and each share). */
export interface MilestoneChoices {
  readonly milestoneId: string;
  readonly version: number;
  readonly lifecycle: string;
  readonly lifecycleZh: string;
  readonly percent: number | null;
  readonly dueDate: string;
  readonly baselineDueDate: string;
  readonly indicators: readonly IndicatorTarget[];
  readonly commands: readonly CommandChoice[];
  readonly assignments: readonly {
    readonly key: string;
    readonly leadUnits: readonly string[];
    readonly lifecycle: string;
    readonly lifecycleZh: string;
    readonly percent: number | null;
    readonly dueDate: string;
    readonly indicators: readonly IndicatorTarget[];
    readonly commands: readonly CommandChoice[];
  }[];
}
