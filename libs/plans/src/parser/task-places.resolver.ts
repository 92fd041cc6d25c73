import type { Gazetteer } from '../model/gazetteer';
import type { PlaceReason, PlaceReasonKind, PlaceRef, Section, TownRef } from '../model/plan.model';
import { excerptAround, findPlaces } from './place.matcher';
import type { UnitMention } from './responsibility.parser';

/**
 * Which zones, districts and towns a task concerns, and why: its section (一 都市核心区, 二 大广海湾区,
 * 三 生态发展区; 四、五 are city-wide), places named in its title, work task and plan, and the district
 * governments responsible for it.
 */

/** Strongest reason first: it becomes `reason`. */
const ZONE_REASON_ORDER: readonly PlaceReasonKind[] = ['section', 'named-in-text', 'town-in-text'];
const DISTRICT_REASON_ORDER: readonly PlaceReasonKind[] = [
  'lead-government',
  'named-in-text',
  'town-in-text',
  'cooperating-government',
];

export interface TaskPlaces {
  readonly zones: readonly PlaceRef[];
  readonly districts: readonly PlaceRef[];
  readonly towns: readonly TownRef[];
}

export interface TaskPlaceInput {
  /** Title, work task and plan text. */
  readonly text: string;
  readonly section: Section;
  readonly lead: readonly UnitMention[];
  readonly cooperating: readonly UnitMention[];
}

type Reasons = Map<string, Map<PlaceReasonKind, string>>;

function addReason(reasons: Reasons, name: string, kind: PlaceReasonKind, evidence: string): void {
  const byKind = reasons.get(name) ?? new Map<PlaceReasonKind, string>();
  if (!byKind.has(kind)) byKind.set(kind, evidence);
  reasons.set(name, byKind);
}

function toRefs(
  reasons: Reasons,
  order: readonly string[],
  reasonOrder: readonly PlaceReasonKind[],
): PlaceRef[] {
  return order.flatMap((name) => {
    const byKind = reasons.get(name);
    if (!byKind) return [];
    const all: PlaceReason[] = reasonOrder.flatMap((kind) => {
      const evidence = byKind.get(kind);
      return evidence === undefined ? [] : [{ kind, evidence }];
    });
    const [first] = all;
    return first ? [{ name, reason: first.kind, reasons: all }] : [];
  });
}

export function resolveTaskPlaces(input: TaskPlaceInput, gazetteer: Gazetteer): TaskPlaces {
  const zones: Reasons = new Map();
  const districts: Reasons = new Map();
  const towns = new Map<string, TownRef>();
  if (input.section.zone)
    addReason(zones, input.section.zone, 'section', `${input.section.numeral}、${input.section.title}`);
  for (const place of findPlaces(input.text, gazetteer)) {
    const evidence = excerptAround(input.text, place);
    if (place.kind === 'zone') addReason(zones, place.name, 'named-in-text', evidence);
    if (place.kind === 'district') addReason(districts, place.name, 'named-in-text', evidence);
    if (place.kind === 'town' && place.district !== undefined && place.zone !== undefined) {
      addReason(zones, place.zone, 'town-in-text', place.name);
      addReason(districts, place.district, 'town-in-text', place.name);
      if (!towns.has(place.name))
        towns.set(place.name, { name: place.name, district: place.district, zone: place.zone, evidence });
    }
  }
  for (const unit of input.lead)
    if (unit.district) addReason(districts, unit.district, 'lead-government', unit.name);
  for (const unit of input.cooperating) {
    if (unit.district) addReason(districts, unit.district, 'cooperating-government', unit.name);
  }
  return {
    zones: toRefs(zones, gazetteer.zoneNames, ZONE_REASON_ORDER),
    districts: toRefs(districts, gazetteer.districts, DISTRICT_REASON_ORDER),
    towns: gazetteer.towns.flatMap((t) => towns.get(t.name) ?? []),
  };
}
