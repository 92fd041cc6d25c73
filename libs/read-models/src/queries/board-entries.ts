import type { VersionPack } from '../milestone-board/version-pack';

/* What the board in memory (`BoardMemory`) holds per milestone and per assignment. */

/** A group array (zones, districts, lead or cooperating units), interned: one object and id per content. */
export interface Group {
  readonly id: number;
  readonly values: readonly string[];
}

export interface MilestoneEntry {
  /** Dense and stable: the index of its answers in an evaluation. */
  readonly index: number;
  readonly id: string;
  taskNo: number;
  section: number;
  periodFrom: number;
  /** Lower-cased text, task title and id, for `q`. */
  search: string;
  /** The zones it is grouped and filtered by: its named zones, or 全市 (`CITY_WIDE_ZONE`) when city-wide. */
  zones: Group;
  cityWide: boolean;
  districts: Group;
  lead: Group;
  cooperating: Group;
  /** In plan order. */
  assignments: AssignmentEntry[];
}

export interface AssignmentEntry {
  /** Dense and stable: the index of its answers in an evaluation. */
  readonly index: number;
  readonly milestone: MilestoneEntry;
  readonly key: string;
  readonly no: number;
  readonly leads: Group;
  readonly pack: VersionPack;
}
