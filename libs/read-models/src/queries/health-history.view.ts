// What the health history of an assignment answers (`HealthHistoryQueries`): its changes and its health on asOf.
import type { HealthColour, HealthReason } from '@app/milestones';
import type { IsoDate } from '@app/platform';
import type { AsOfHeader } from './milestone-board.queries';

export interface HealthChangeView {
  /** The date the health took effect. */
  readonly effectiveOn: IsoDate;
  readonly colour: HealthColour;
  readonly colourZh: string;
  /** null on the first entry. */
  readonly previousColour: HealthColour | null;
  /** Why (zh-CN and English, with the figures). */
  readonly reasons: readonly HealthReason[];
}

/** The health on asOf: its reasons as they stand that day, since when the colour holds. */
export interface CurrentHealthView {
  readonly colour: HealthColour;
  readonly colourZh: string;
  /** On asOf (figures of that day: days overdue, expected progress…). */
  readonly reasons: readonly HealthReason[];
  /** The first day of this colour (the reasons may have changed since). */
  readonly since: IsoDate;
  /** The last change (colour or reasons) up to asOf. */
  readonly changedOn: IsoDate;
}

/** "Why is this red, since when": every health change of one assignment of a milestone up to asOf. */
export interface HealthHistoryView extends AsOfHeader {
  readonly milestoneId: string;
  /** The assignment (承办事项) described: its key (the lead unit's id, `joint`…) and lead units. */
  readonly assignment: { readonly key: string; readonly leadUnits: readonly string[] };
  /** Every assignment of the milestone (ask `?assignment=<key>` for another one's history). */
  readonly assignments: readonly { readonly key: string; readonly leadUnits: readonly string[] }[];
  readonly current: CurrentHealthView;
  /** Oldest first. */
  readonly changes: readonly HealthChangeView[];
}
