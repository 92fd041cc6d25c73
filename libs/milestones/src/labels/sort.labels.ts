/**
 * The milestone board's sort keys (`sort=dueDate`, `sort=-daysLate`: prefix - for descending), one list for the API,
 * which refuses another key (400 SORT_INVALID), and the dashboard, which sends none but these.
 */
export const MILESTONE_SORTS = [
  'dueDate',
  'baselineDueDate',
  'daysLate',
  'percent',
  'lastReportOn',
  'health',
  'task',
  'id',
] as const;
export type MilestoneSortKey = (typeof MILESTONE_SORTS)[number];
