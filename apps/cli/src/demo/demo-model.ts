import type { IsoDate } from '@app/platform';
import type { MilestoneCommand } from '@app/milestones';

/** What the simulator needs to know of a planned milestone (a subset of the catalogue's view). */
export interface DemoMilestone {
  readonly id: string;
  readonly taskTitle: string;
  readonly period: { readonly from: number; readonly to: number };
  readonly dueDate: IsoDate;
  readonly indicators: readonly { readonly metric: string; readonly target: number; readonly unit: string }[];
  /** 牵头单位 */
  readonly leadUnits: readonly string[];
  /** 配合单位 */
  readonly cooperatingUnits: readonly string[];
  /** 承办事项: one per lead unit of a 分别牵头 milestone, else one (`key` as commands name it). */
  readonly assignments: readonly { readonly key: string; readonly leadUnits: readonly string[] }[];
}

/** How an assignment ends in the simulation. */
export type DemoOutcome = 'on_time' | 'late' | 'missed' | 'rebaselined' | 'cancelled';
/** How a lead unit reports: every month, with gaps, or only at quarter ends (grey most of the time). */
export type DemoDiligence = 'monthly' | 'irregular' | 'sparse';

export interface DemoActor {
  readonly role: 'reporter' | 'supervisor';
  readonly unit?: string;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A milestone command without its actor, with the instant it happened. */
export type DemoCommand = DistributiveOmit<MilestoneCommand, 'actor'> & { readonly occurredAt: string };

export interface DemoAction {
  /** Stable and unique: the idempotency key and the source of the event ids. */
  readonly key: string;
  readonly milestoneId: string;
  /**
   * When the simulated person filed it (ISO instant). Equal to `occurredAt` except for simulated late
   * filings (补报), which are filed 35–75 days after they happened and so arrive after later reports.
   */
  readonly fileAt: string;
  readonly actor: DemoActor;
  readonly command: DemoCommand;
}

/** How one assignment (承办事项) fares. */
export interface DemoAssignmentFate {
  readonly outcome: DemoOutcome;
  readonly diligence: DemoDiligence;
  /** Returned once (退回) before being accepted. */
  readonly returned: boolean;
}

/**
 * How a milestone fares: its only assignment's fate, or for a 分别牵头 milestone the worst outcome of its
 * assignments (missed before late before the rest), with each assignment's own fate.
 */
export interface DemoMilestoneFate extends DemoAssignmentFate {
  readonly assignments?: Readonly<Record<string, DemoAssignmentFate>>;
}

/** One simulated command before it gets its key: when it happened, when filed, who, what. */
export interface Draft {
  readonly occurredAt: string;
  readonly fileAt?: string;
  readonly actor: DemoActor;
  readonly command: DemoCommand;
}
