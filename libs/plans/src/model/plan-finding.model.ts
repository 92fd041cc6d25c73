// The plan's data-quality findings: what the parser normalised, inferred or found suspicious, and where.
export const FINDING_KINDS = [
  /** A row had no 序号; numbered by continuing from the previous row. */
  'missing-task-number',
  /** A row's 序号 does not follow the previous one. */
  'task-number-out-of-sequence',
  /** A typo in the responsibility text was corrected (original kept as an alias). */
  'typo-normalised',
  /** A list of units ends in `等…` (e.g. `等市有关部门`): more, unnamed units are meant. */
  'open-ended-unit-list',
  /** A bare district name in a unit list was read as that district's government. */
  'bare-district-name',
  /** No `牵头` or `配合` could be read from the responsibility text. */
  'unrecognised-responsibility',
  /** A value's unit is out of line with the same metric in the task's other milestones. */
  'suspicious-unit',
  /** A word of the plan text is most likely misspelt (e.g. 民融合 for 军民融合); reported, not corrected. */
  'suspected-typo',
  /** A plan line without a period: kept as a standing requirement, not a milestone. */
  'undated-line',
  /** A line ending in `，` that introduces the dated lines: kept as a standing requirement. */
  'lead-in-line',
  /** A line after the last dated line: kept as a trailing standing requirement. */
  'line-after-last-milestone',
  /** Two lines of one task have the same period; the second id gets a suffix. */
  'duplicate-period',
  /** The task has no dated line at all. */
  'no-milestones',
  /** A town in 区域政策延伸适用范围 is not in the zone table. */
  'unknown-policy-extension-town',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export interface Finding {
  /** Task number, or null for findings about the zone table. */
  readonly task: number | null;
  readonly milestone?: string;
  readonly kind: FindingKind;
  /** For people, in Chinese. */
  readonly detail: string;
  readonly detailEn: string;
  readonly line: number;
  /** The text as written, when something was normalised or is suspicious. */
  readonly original?: string;
  readonly normalised?: string;
}
