import {
  daysFromTo,
  foldStandingItem,
  periodStart,
  type StandingItemEvent,
  type StandingItemState,
} from '@app/milestones';
import type { IsoDate } from '@app/platform';
import {
  STANDING_KIND_LABELS_ZH,
  type StandingItemStatement,
  type StandingUnitStatement,
} from './standing.types';

export interface StandingContext {
  readonly year: number;
  /** The statement day. */
  readonly asOf: IsoDate;
  readonly asOfEndMs: number;
  /** 1 January 00:00 of the year (plan time zone). */
  readonly yearStartMs: number;
  /** Only reports recorded at or before this instant count; null = all. */
  readonly knownAtMs: number | null;
  readonly cadenceDays: number;
  readonly unitName: (unitId: string) => string;
}

const isPlanEvent = (e: StandingItemEvent): boolean => e.type !== 'StandingItemReported';
const recordedBy = (e: StandingItemEvent, ms: number | null): boolean =>
  ms === null || e.recordedAt === undefined || Date.parse(e.recordedAt) <= ms;

/** The item with the reports that happened before `endMs` (and were recorded by `knownAt`); the plan always. */
function foldUpTo(events: readonly StandingItemEvent[], endMs: number, knownAtMs: number | null) {
  return foldStandingItem(
    events.filter((e) => isPlanEvent(e) || (Date.parse(e.occurredAt) < endMs && recordedBy(e, knownAtMs))),
  );
}

function unitStatement(
  u: StandingItemState['units'][number],
  item: StandingItemState,
  before: StandingItemState,
  ctx: StandingContext,
): StandingUnitStatement {
  const earlier = before.units.find((b) => b.unit === u.unit)?.reports ?? 0;
  const silentSince = u.lastReportOn ?? periodStart(item);
  const daysSilent = Math.max(0, daysFromTo(silentSince, ctx.asOf));
  return {
    unitId: u.unit,
    unit: ctx.unitName(u.unit),
    role: item.leadUnits.includes(u.unit) ? 'lead' : 'cooperating',
    reportsInYear: u.reports - earlier,
    lastReportOn: u.lastReportOn,
    silentSince,
    daysSilent,
    withinCadence: daysSilent <= ctx.cadenceDays,
  };
}

/**
 * The year-end statement of a standing item (常态化事项): for each lead unit (and each cooperating unit that
 * reported), the reports in the year, the last report day and the days of silence at the statement day against the
 * reporting cadence. Counts come from the domain's own fold, at the year's start and at the statement day. Null
 * when the item does not stand in this year.
 */
export function standingItemStatement(
  events: readonly StandingItemEvent[],
  ctx: StandingContext,
): StandingItemStatement | null {
  const item = foldUpTo(events, ctx.asOfEndMs, ctx.knownAtMs);
  if (!item.exists || ctx.year < item.period.from || ctx.year > item.period.to) return null;
  const before = foldUpTo(events, ctx.yearStartMs, ctx.knownAtMs);
  return {
    itemId: item.itemId,
    section: item.section,
    taskNo: item.taskNo,
    taskTitle: item.taskTitle,
    text: item.text,
    kind: item.kind,
    kindLabel: STANDING_KIND_LABELS_ZH[item.kind],
    leadMode: item.leadMode,
    cityWide: item.cityWide,
    zones: item.zones,
    withdrawn: item.withdrawn,
    units: item.units.map((u) => unitStatement(u, item, before, ctx)),
  };
}
