// The board's entries in memory (`BoardMemory`): the rows of `rm_milestones` read, by milestone and assignment.
import { CITY_WIDE_ZONE } from '@app/milestones';
import { VersionPack } from '../milestone-board/version-pack';
import type { AssignmentEntry, Group, MilestoneEntry } from './board-entries';
import { packKey } from './board-packs';

const EMPTY_PACK = new VersionPack(Buffer.alloc(0));

export interface EntryRow {
  milestone_id: string;
  assignment: string;
  assignment_no: number;
  task_no: number;
  section: number;
  period_from: number;
  task_title: string;
  text: string;
  city_wide: boolean;
  /** [zones, districts, lead units, cooperating units, the assignment's lead units] */
  groups: string;
}

export const SELECT_ENTRIES = `SELECT milestone_id, assignment, assignment_no, task_no, section, period_from, task_title, text,
  city_wide, json_build_array(zones, districts, lead_units, cooperating_units, assignment_lead_units)::text AS groups
  FROM rm_milestones`;

export class BoardEntryIndex {
  private readonly milestoneById = new Map<string, MilestoneEntry>();
  private readonly assignmentByKey = new Map<string, AssignmentEntry>();
  private milestoneList: MilestoneEntry[] = [];
  private assignmentList: AssignmentEntry[] = [];
  private readonly groups = new Map<string, Group>();

  get milestones(): readonly MilestoneEntry[] {
    return this.milestoneList;
  }

  get assignments(): readonly AssignmentEntry[] {
    return this.assignmentList;
  }

  /** The assignment entry of a `packKey`. */
  assignment(key: string): AssignmentEntry | undefined {
    return this.assignmentByKey.get(key);
  }

  /** Every entry forgotten (the interned groups are kept). */
  clear(): void {
    this.milestoneById.clear();
    this.assignmentByKey.clear();
    this.milestoneList = [];
    this.assignmentList = [];
  }

  /** A row read: its milestone's plan data (the same on each of its rows), and the assignment with its pack. */
  apply(r: EntryRow, pack: Buffer | undefined): MilestoneEntry {
    const [zones, districts, lead, cooperating, leads] = JSON.parse(r.groups) as string[][];
    let m = this.milestoneById.get(r.milestone_id);
    const plan = {
      taskNo: r.task_no,
      section: r.section,
      periodFrom: r.period_from,
      search: `${r.text}\u0000${r.task_title}\u0000${r.milestone_id}`.toLowerCase(),
      zones: this.group(r.city_wide || zones!.length === 0 ? [CITY_WIDE_ZONE] : zones!),
      cityWide: r.city_wide,
      districts: this.group(districts!),
      lead: this.group(lead!),
      cooperating: this.group(cooperating!),
    };
    if (m === undefined) {
      m = { index: this.milestoneList.length, id: r.milestone_id, ...plan, assignments: [] };
      this.milestoneList.push(m);
      this.milestoneById.set(r.milestone_id, m);
    } else {
      Object.assign(m, plan);
    }
    const before = this.assignmentByKey.get(packKey(r.milestone_id, r.assignment));
    const a: AssignmentEntry = {
      index: before?.index ?? this.assignmentList.length,
      milestone: m,
      key: r.assignment,
      no: r.assignment_no,
      leads: this.group(leads!),
      pack: pack === undefined ? (before?.pack ?? EMPTY_PACK) : new VersionPack(pack),
    };
    return this.place(a, before);
  }

  /** An assignment's entry in place of `before` (the same index), or added. */
  place(a: AssignmentEntry, before: AssignmentEntry | undefined): MilestoneEntry {
    const m = a.milestone;
    if (before === undefined) this.assignmentList.push(a);
    else this.assignmentList[a.index] = a;
    this.assignmentByKey.set(packKey(m.id, a.key), a);
    m.assignments = [...m.assignments.filter((x) => x.key !== a.key), a].sort((x, y) => x.no - y.no);
    return m;
  }

  private group(values: readonly string[]): Group {
    const key = values.join('\u0000');
    let g = this.groups.get(key);
    if (g === undefined) this.groups.set(key, (g = { id: this.groups.size + 1, values: [...values] }));
    return g;
  }
}
