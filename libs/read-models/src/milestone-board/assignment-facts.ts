// One assignment's facts as the board's tables keep them: the fields `FACTS` (fact-columns.ts) has a column for.
import type { LeadMode, MilestoneLifecycle } from '@app/milestones/labels';

/** A calendar day YYYY-MM-DD: the platform's `IsoDate` (not imported: see fact-columns.ts). */
type IsoDate = string;

/**
 * One assignment's facts (承办事项), what the board's tables keep of it besides its key and lead units: with them, the
 * state `evolveAssignmentFacts` keeps (`BoardAssignmentState`, facts-state.ts). Instants are epoch milliseconds.
 */
export interface AssignmentFacts {
  /** In the milestone's current responsibility (false once a revised plan no longer names it: withdrawn). */
  readonly inPlan: boolean;
  /** The milestone's lead units and how they lead (what a later revision of the plan starts from). */
  readonly planLeadUnits: readonly string[];
  readonly planLeadMode: LeadMode;
  readonly periodFrom: number;
  readonly periodTo: number;
  readonly lifecycle: MilestoneLifecycle;
  readonly percent: number | null;
  /** Restored when a submission is returned. */
  readonly percentBeforeSubmission: number | null;
  /** occurredAt of the latest progress report (domain: `progress.at(-1).occurredAt`). */
  readonly lastProgressMs: number | null;
  readonly forecastDate: IsoDate | null;
  readonly forecastMs: number | null;
  readonly lastReportMs: number | null;
  readonly lastReportOn: IsoDate | null;
  /** The milestone's baseline (the plan's due date). */
  readonly baselineDueDate: IsoDate;
  readonly dueDate: IsoDate;
  readonly submittedOn: IsoDate | null;
  readonly acceptedOn: IsoDate | null;
  readonly lastReturnReason: string | null;
  /** Cancelled with the whole milestone, not excused alone (domain: `AssignmentState.cancelledWithMilestone`). */
  readonly cancelledWithMilestone: boolean;
  /** Events that concerned it and were flagged `backdated` (reported more than 30 days after they happened). */
  readonly backdatedEvents: number;
  /** The lifecycle a withdrawal ended; a revised plan that names it again reinstates it. */
  readonly lifecycleBeforeWithdrawal: MilestoneLifecycle | null;
}

/** An assignment's facts with its key and lead units (the board row's own columns): a `BoardAssignmentState`. */
export type KeyedFacts = AssignmentFacts & { readonly key: string; readonly leadUnits: readonly string[] };
