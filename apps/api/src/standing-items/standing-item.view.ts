import type { LeadMode, StandingItemKind, StandingItemState, StandingReportEntry } from '@app/milestones';
import type { UnitRole } from '@app/read-models';

export interface StandingUnitView {
  readonly unit: string;
  readonly unitName: string;
  readonly role: UnitRole;
  readonly reports: number;
  readonly lastReportAt: string | null;
  readonly lastReportOn: string | null;
}

export interface StandingItemView {
  readonly itemId: string;
  readonly planKey: string;
  readonly taskNo: number;
  readonly section: number;
  readonly taskTitle: string;
  readonly text: string;
  readonly kind: StandingItemKind;
  readonly leadMode: LeadMode;
  readonly cityWide: boolean;
  readonly zones: readonly string[];
  readonly withdrawn: boolean;
  readonly leadUnits: readonly string[];
  readonly cooperatingUnits: readonly string[];
  readonly units: readonly StandingUnitView[];
  readonly lastNarrative: string | null;
}

interface AsOf {
  readonly asOf: string;
  readonly knownAt: string | null;
  readonly position: number;
}

export type StandingItemListView = AsOf & { readonly items: readonly StandingItemView[] };
export type StandingItemDetailView = StandingItemView &
  AsOf & { readonly reports: readonly Omit<StandingReportEntry, 'position'>[] };

export function standingItemView(s: StandingItemState, names: ReadonlyMap<string, string>): StandingItemView {
  return {
    itemId: s.itemId,
    planKey: s.planKey,
    taskNo: s.taskNo,
    section: s.section,
    taskTitle: s.taskTitle,
    text: s.text,
    kind: s.kind,
    leadMode: s.leadMode,
    cityWide: s.cityWide,
    zones: s.zones,
    withdrawn: s.withdrawn,
    leadUnits: s.leadUnits,
    cooperatingUnits: s.cooperatingUnits,
    units: s.units.map((u) => ({
      unit: u.unit,
      unitName: names.get(u.unit) ?? u.unit,
      role: s.leadUnits.includes(u.unit) ? 'lead' : 'cooperating',
      reports: u.reports,
      lastReportAt: u.lastReportAt,
      lastReportOn: u.lastReportOn,
    })),
    lastNarrative: s.lastNarrative,
  };
}
