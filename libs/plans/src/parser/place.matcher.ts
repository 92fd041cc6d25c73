import { districtShortName, townShortName, type Gazetteer } from '../model/gazetteer';

/**
 * Finds zones, districts and towns of the gazetteer in running text.
 * - zones by full name (都市核心区);
 * - districts by full or short name (开平市, 开平翠山湖, 蓬江、江海、新会三区);
 * - towns by full name (塘口镇), by short name right after their own district (开平塘口段, 鹤山址山, 台山大江),
 *   or by short name naming a road section (双水段); a bare short town name (川岛, 古劳) is too ambiguous to count.
 * Where a district is immediately followed by one of its towns, the occurrence is the town's.
 */

export type PlaceKind = 'zone' | 'district' | 'town';

export interface PlaceOccurrence {
  readonly kind: PlaceKind;
  readonly name: string;
  /** For towns: their district and zone. */
  readonly district?: string;
  readonly zone?: string;
  readonly index: number;
  readonly end: number;
  /** The words as written. */
  readonly matched: string;
}

/** Words in which a district's short name is not the district (公开平台 is not 开平). */
const NOT_A_DISTRICT = ['开平台', '江海联运', '江海运输', '江海直达'];

function occurrencesOf(text: string, word: string): number[] {
  const found: number[] = [];
  for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) found.push(i);
  return found;
}

function insideFalseWord(text: string, index: number, word: string): boolean {
  return NOT_A_DISTRICT.some((falseWord) => {
    const offset = falseWord.indexOf(word);
    return offset >= 0 && text.startsWith(falseWord, index - offset);
  });
}

function zoneOccurrences(text: string, gazetteer: Gazetteer): PlaceOccurrence[] {
  return gazetteer.zoneNames.flatMap((name) =>
    occurrencesOf(text, name).map((index) => ({
      kind: 'zone' as const,
      name,
      index,
      end: index + name.length,
      matched: name,
    })),
  );
}

function townOccurrences(text: string, gazetteer: Gazetteer): PlaceOccurrence[] {
  return gazetteer.towns.flatMap((town) => {
    const base = { kind: 'town' as const, name: town.name, district: town.district, zone: town.zone };
    const full = occurrencesOf(text, town.name).map((index) => ({
      ...base,
      index,
      end: index + town.name.length,
      matched: town.name,
    }));
    const prefixed = [town.district, districtShortName(town.district)].flatMap((districtName) => {
      const written = districtName + townShortName(town.name);
      return occurrencesOf(text, written).map((index) => ({
        ...base,
        index,
        end: index + written.length,
        matched: written,
      }));
    });
    const section = townShortName(town.name) + '段';
    const roadSections = occurrencesOf(text, section).map((index) => ({
      ...base,
      index,
      end: index + section.length,
      matched: section,
    }));
    return [...full, ...prefixed, ...roadSections];
  });
}

function districtOccurrences(text: string, gazetteer: Gazetteer): PlaceOccurrence[] {
  return gazetteer.districts.flatMap((name) => {
    const short = districtShortName(name);
    return occurrencesOf(text, short)
      .filter((index) => !insideFalseWord(text, index, short))
      .map((index) => {
        const matched = text.startsWith(name, index) ? name : short;
        return { kind: 'district' as const, name, index, end: index + matched.length, matched };
      });
  });
}

/** Code-unit order: deterministic, unlike localeCompare. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `开平市塘口镇` is found both as 塘口镇 and as 开平市+塘口: one occurrence, spanning both. */
function mergeOverlapping(text: string, occurrences: readonly PlaceOccurrence[]): PlaceOccurrence[] {
  const merged: PlaceOccurrence[] = [];
  for (const o of [...occurrences].sort((a, b) => a.index - b.index || b.end - a.end)) {
    const at = merged.findIndex((m) => m.name === o.name && m.index < o.end && o.index < m.end);
    const m = merged[at];
    if (!m) {
      merged.push(o);
      continue;
    }
    const end = Math.max(m.end, o.end);
    merged[at] = { ...m, end, matched: text.slice(m.index, end) };
  }
  return merged;
}

function coveredBy(occurrence: PlaceOccurrence, others: readonly PlaceOccurrence[]): boolean {
  return others.some((o) => o.index <= occurrence.index && o.end >= occurrence.end);
}

/** Every place occurrence in reading order; a district covered by one of its towns' occurrences is dropped. */
export function findPlaces(text: string, gazetteer: Gazetteer): PlaceOccurrence[] {
  const towns = mergeOverlapping(text, townOccurrences(text, gazetteer));
  const districts = districtOccurrences(text, gazetteer).filter((d) => !coveredBy(d, towns));
  return [...zoneOccurrences(text, gazetteer), ...districts, ...towns].sort(
    (a, b) => a.index - b.index || b.end - a.end || compareText(a.name, b.name),
  );
}

/** A short excerpt around an occurrence, for evidence. */
export function excerptAround(text: string, occurrence: { index: number; end: number }, context = 6): string {
  const from = Math.max(0, occurrence.index - context);
  const to = Math.min(text.length, occurrence.end + context);
  return `${from > 0 ? '…' : ''}${text.slice(from, to).replace(/\s+/gu, ' ')}${to < text.length ? '…' : ''}`;
}
