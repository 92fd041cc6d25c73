import { assertUnreachable, dateInZone, PLAN_TIME_ZONE, type IsoDate } from '@app/platform';
import { authorizeStandingReport } from '../domain/milestone.access';
import type { MilestoneActor } from '../domain/milestone.commands';
import { MilestoneError, MilestoneErrorCode } from '../domain/milestone.errors';
import { NARRATIVE, requiredText, validEvidence } from '../domain/milestone.validation';
import { resolveOccurredAt } from '../domain/decide/moment';
import type { LeadMode, PlanPeriod } from '../domain/milestone.events';
import type { StandingItemEvent, StandingItemEventOf, StandingItemKind } from './standing-item.events';

/** What a unit reported on a standing item: how often, and the latest. */
export interface StandingUnitReports {
  readonly unit: string;
  readonly reports: number;
  readonly lastReportAt: string | null;
  readonly lastReportOn: IsoDate | null;
}

export interface StandingItemState {
  readonly exists: boolean;
  readonly itemId: string;
  readonly planKey: string;
  readonly taskNo: number;
  readonly section: number;
  readonly taskTitle: string;
  readonly text: string;
  readonly kind: StandingItemKind;
  readonly period: PlanPeriod;
  readonly leadUnits: readonly string[];
  readonly leadMode: LeadMode;
  readonly cooperatingUnits: readonly string[];
  readonly zones: readonly string[];
  readonly districts: readonly string[];
  readonly cityWide: boolean;
  readonly withdrawn: boolean;
  /** Per unit that reported, lead units first (each has an entry from the start). */
  readonly units: readonly StandingUnitReports[];
  readonly lastNarrative: string | null;
  readonly version: number;
}

export const initialStandingItemState: StandingItemState = Object.freeze({
  exists: false,
  itemId: '',
  planKey: '',
  taskNo: 0,
  section: 0,
  taskTitle: '',
  text: '',
  kind: 'standing',
  period: { from: 0, to: 0 },
  leadUnits: [],
  leadMode: 'single',
  cooperatingUnits: [],
  zones: [],
  districts: [],
  cityWide: true,
  withdrawn: false,
  units: [],
  lastNarrative: null,
  version: 0,
});

const later = (at: string, than: string | null): boolean =>
  than === null || Date.parse(at) >= Date.parse(than);

function reported(s: StandingItemState, e: StandingItemEventOf<'StandingItemReported'>): StandingItemState {
  const known = s.units.some((u) => u.unit === e.data.unit);
  const units = (
    known ? s.units : [...s.units, { unit: e.data.unit, reports: 0, lastReportAt: null, lastReportOn: null }]
  ).map((u) =>
    u.unit !== e.data.unit
      ? u
      : {
          unit: u.unit,
          reports: u.reports + 1,
          lastReportAt: later(e.occurredAt, u.lastReportAt) ? e.occurredAt : u.lastReportAt,
          lastReportOn: later(e.occurredAt, u.lastReportAt)
            ? dateInZone(new Date(e.occurredAt), PLAN_TIME_ZONE)
            : u.lastReportOn,
        },
  );
  return { ...s, units, lastNarrative: e.data.narrative };
}

export function evolveStandingItem(s: StandingItemState, e: StandingItemEvent): StandingItemState {
  const next = ((): StandingItemState => {
    switch (e.type) {
      case 'StandingItemPlanned': {
        const d = e.data;
        return {
          ...initialStandingItemState,
          ...d,
          exists: true,
          units: d.leadUnits.map((unit) => ({ unit, reports: 0, lastReportAt: null, lastReportOn: null })),
        };
      }
      case 'StandingItemRevised':
        return { ...s, text: e.data.text, withdrawn: false };
      case 'StandingItemWithdrawn':
        return { ...s, withdrawn: true };
      case 'StandingItemReported':
        return reported(s, e);
      default:
        return assertUnreachable(e, 'standing item event');
    }
  })();
  return { ...next, version: s.version + 1 };
}

export function foldStandingItem(events: Iterable<StandingItemEvent>): StandingItemState {
  let s = initialStandingItemState;
  for (const e of events) s = evolveStandingItem(s, e);
  return s;
}

export interface ReportStandingItem {
  readonly type: 'ReportStandingItem';
  readonly actor: MilestoneActor;
  readonly occurredAt?: string;
  readonly data: {
    readonly narrative: string;
    readonly evidence?: readonly unknown[];
    /** Which unit's share: the reporter's own unit by default; the office names one. */
    readonly unit?: string;
  };
}

/**
 * A report on a standing item: by a lead or cooperating unit for itself, or by the office for a named unit. Its
 * refusals are the milestone domain's, worded about an item (事项), not a milestone.
 */
export function decideStandingItem(
  c: ReportStandingItem,
  s: StandingItemState,
  now: Date,
): StandingItemEventOf<'StandingItemReported'>[] {
  try {
    return decideReport(c, s, now);
  } catch (e) {
    throw e instanceof MilestoneError ? e.about('standing') : e;
  }
}

function decideReport(
  c: ReportStandingItem,
  s: StandingItemState,
  now: Date,
): StandingItemEventOf<'StandingItemReported'>[] {
  if (!s.exists) throw new MilestoneError(MilestoneErrorCode.MILESTONE_NOT_FOUND);
  const unit = authorizeStandingReport(c.actor, s, c.data.unit);
  if (s.withdrawn) throw new MilestoneError(MilestoneErrorCode.MILESTONE_WITHDRAWN);
  const at = resolveOccurredAt(c.occurredAt, s, now);
  const narrative = requiredText(c.data.narrative, 'narrative', NARRATIVE);
  const evidence =
    c.data.evidence === undefined ? undefined : validEvidence(c.data.evidence, 'evidence', false);
  return [
    {
      type: 'StandingItemReported',
      data: { unit, narrative, ...(evidence !== undefined && evidence.length > 0 ? { evidence } : {}) },
      occurredAt: at.iso,
      backdated: at.backdated,
    },
  ];
}
