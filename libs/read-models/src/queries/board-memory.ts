import { CITY_WIDE_ZONE } from '@app/milestones';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { VersionPack } from '../milestone-board/version-pack';
import { BoardEvaluation, type TimeTravelKey } from './board-evaluation';
import { packKey, readPacks } from './board-packs';
import type { AssignmentEntry, Group, MilestoneEntry } from './board-entries';
import { EventLoopTurns } from './event-loop-turns';
import { ReadSnapshot } from './read-snapshot';

/*
 * The board as every roll-up, list and agenda reads it, in memory: each query process keeps, per assignment, its
 * packed versions (`version-pack.ts`, ≈ 60 bytes a version) with its milestone's plan data, brought up to the
 * projection's checkpoint by reading only the board rows and pack segments written since (indexes on `position`;
 * `board-packs.ts`). Any (asOf, knownAt) is
 * then evaluated here (`BoardEvaluation`): per assignment the version in force (a binary search in its pack),
 * its schedule by the rules' `scheduleAt`, its health from the version's steps; per milestone what
 * `milestoneAnswer` derives. An evaluation is kept (the last few dates and knowledges asked) and, when events
 * arrive, brought forward by evaluating again only the milestones they changed. A scan and aggregation of
 * 100,000 rows in SQL costs 100–250 ms on the benchmark machine, before any version is picked; here it is a loop
 * over typed arrays. Answers are also remembered by (position, query) until the next event.
 * The long loops (a load's rows and packs, an evaluation, and the users' scans: a list's, an agenda's, a roll-up's
 * count) give the event loop a turn every few milliseconds (`EventLoopTurns`): liveness and requests that need no
 * board answer meanwhile. Whoever reads the board waits in its queue (`use`), so nobody sees it half-loaded or
 * half-evaluated, and a scan's turns let no sync change the board under it (a question arriving meanwhile waits,
 * then syncs).
 */

const MAX_ANSWERS = 200;
const EMPTY_PACK = new VersionPack(Buffer.alloc(0));
const MAX_EVALUATIONS = 8;
/** Sync steps remembered: an evaluation further behind is evaluated whole again. */
const MAX_CHANGE_LOG = 256;

interface EntryRow {
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

const SELECT_ENTRIES = `SELECT milestone_id, assignment, assignment_no, task_no, section, period_from, task_title, text,
  city_wide, json_build_array(zones, districts, lead_units, cooperating_units, assignment_lead_units)::text AS groups
  FROM rm_milestones`;

/** What a caller gets: the entries at the snapshot's position, evaluations, and a memo for answers. */
export interface BoardView {
  readonly milestones: readonly MilestoneEntry[];
  readonly assignments: readonly AssignmentEntry[];
  /** The board evaluated as of a date, as known at an instant (null: everything), kept up to date. */
  evaluation(tt: TimeTravelKey): Promise<BoardEvaluation>;
  /** How a scan over the board gives the event loop its turns (`scan`); the same as the evaluations'. */
  readonly turns: EventLoopTurns;
  /** `compute()` once per (position, key); later calls with the same key return the first answer. */
  remember<T>(key: string, compute: () => Promise<T>): Promise<T>;
}

@Injectable()
export class BoardMemory {
  private readonly milestoneById = new Map<string, MilestoneEntry>();
  private readonly assignmentByKey = new Map<string, AssignmentEntry>();
  private milestones: MilestoneEntry[] = [];
  private assignments: AssignmentEntry[] = [];
  private position = -1;
  private generation = '';
  private seq = 0;
  /** Per sync step (its seq), the milestones it changed. */
  private readonly changes: { seq: number; milestones: number[] }[] = [];
  private readonly groups = new Map<string, Group>();
  private readonly evaluations = new Map<string, BoardEvaluation>();
  private readonly answers = new Map<string, unknown>();
  private queue: Promise<unknown> = Promise.resolve();
  private everLoaded = false;

  constructor(private readonly snapshot: ReadSnapshot) {}

  /**
   * Whether the board was loaded once in this process by `load` (the warm-up; a rebuild's reload later does not
   * make it false): true only once it is done (evaluated as of today too), not while its loops give turns, and not
   * when a question loaded it before (perhaps before the projection caught up).
   */
  get loaded(): boolean {
    return this.everLoaded;
  }

  /**
   * Brings the board to the projection's checkpoint (the first time: loads it whole) and evaluates it at `tt` (kept
   * for the questions), in turn with the questions: one asked meanwhile waits for this and reads only what was
   * written since (`BoardWarmUp`).
   */
  load(tt: TimeTravelKey): Promise<{ milestones: number; position: number }> {
    return this.use(async (_m, position, board) => {
      await board.evaluation(tt);
      this.everLoaded = true; // (not by a question: readiness waits for this load, evaluated as of today)
      return { milestones: board.milestones.length, position };
    });
  }

  /**
   * Runs `fn` in a read snapshot with the board at the snapshot's position. Callers are serialised, so snapshots
   * come in position order; one that goes back (the projection was reset for a rebuild) or of another generation
   * (rebuilt) reloads the board.
   */
  async use<T>(fn: (m: EntityManager, position: number, board: BoardView) => Promise<T>): Promise<T> {
    const run = this.queue.then(() =>
      this.snapshot.run(async (m, position, generation) => {
        const turns = this.turns();
        if (position < this.position || generation !== this.generation) this.clear(generation);
        try {
          await this.sync(m, position, turns);
        } catch (e) {
          // Half-applied (a failed read of packs, a cancelled load): packs may hold new segments at the old
          // position, which a sync from there would add again. Read again whole next time.
          this.clear(generation);
          throw e;
        }
        const prefix = `${position}|`;
        const view: BoardView = {
          milestones: this.milestones,
          assignments: this.assignments,
          turns,
          evaluation: (tt) => this.evaluation(tt, turns),
          remember: async <A>(key: string, compute: () => Promise<A>): Promise<A> => {
            const k = prefix + key;
            if (this.answers.has(k)) return this.answers.get(k) as A;
            const answer = await compute();
            this.answers.set(k, answer);
            if (this.answers.size > MAX_ANSWERS) this.answers.delete(this.answers.keys().next().value!);
            return answer;
          },
        };
        // (no restart here: the sync's reads restarted the slice, `readPacks`; its loops since did hold the event loop)
        return fn(m, position, view);
      }),
    );
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** How a user's long loops give the event loop its turns (a test gives one after every item). */
  protected turns(): EventLoopTurns {
    return new EventLoopTurns();
  }

  /** Rows may have changed at positions already read (a rebuild): start again. */
  private clear(generation: string): void {
    this.milestoneById.clear();
    this.assignmentByKey.clear();
    this.milestones = [];
    this.assignments = [];
    this.changes.length = 0;
    this.evaluations.clear();
    this.answers.clear();
    this.position = -1;
    this.generation = generation;
  }

  private async evaluation(tt: TimeTravelKey, turns: EventLoopTurns): Promise<BoardEvaluation> {
    const key = `${tt.asOf}|${tt.knownAt === null ? '' : tt.knownAt.getTime()}`;
    let ev = this.evaluations.get(key);
    if (ev === undefined) {
      ev = new BoardEvaluation(tt);
      if (this.evaluations.size >= MAX_EVALUATIONS)
        this.evaluations.delete(this.evaluations.keys().next().value!);
    } else {
      this.evaluations.delete(key); // most recently used last
    }
    this.evaluations.set(key, ev);
    const since = ev.seq;
    const log = this.changes;
    if (since === this.seq) return ev;
    if (since === 0 || log.length === 0 || log[0]!.seq > since + 1) {
      await ev.evaluateAll(this.milestones, this.assignments.length, this.seq, turns);
    } else {
      const changed = new Set<number>();
      for (const c of log) if (c.seq > since) for (const i of c.milestones) changed.add(i);
      await ev.evaluateSome(this.milestones, changed, this.assignments.length, this.seq, turns);
    }
    return ev;
  }

  private async sync(m: EntityManager, position: number, turns: EventLoopTurns): Promise<void> {
    if (position === this.position) return;
    const since = this.position;
    const rows =
      since < 0
        ? await m.query<EntryRow[]>(SELECT_ENTRIES)
        : await m.query<EntryRow[]>(`${SELECT_ENTRIES} WHERE position > $1`, [since]);
    const packs = await readPacks(m, since, (k) => this.assignmentByKey.get(k)?.pack.bytes, turns);
    if (rows.length === 0 && packs.size === 0) {
      this.position = position;
      return;
    }
    const changed = new Set<number>();
    for (const r of rows) {
      const k = packKey(r.milestone_id, r.assignment);
      changed.add(this.apply(r, packs.get(k)).index);
      packs.delete(k);
      if (turns.due()) await turns.give();
    }
    // Segments of a row not read again (written with it, so not expected): the pack alone changes.
    for (const [k, pack] of packs) {
      const a = this.assignmentByKey.get(k);
      if (a !== undefined) changed.add(this.place({ ...a, pack: new VersionPack(pack) }, a).index);
      if (turns.due()) await turns.give();
    }
    // (only now: a load that failed half-way is read again whole, not taken as done)
    this.position = position;
    this.seq++;
    this.changes.push({ seq: this.seq, milestones: [...changed] });
    if (this.changes.length > MAX_CHANGE_LOG) this.changes.shift();
  }

  /** A row read: its milestone's plan data (the same on each of its rows), and the assignment with its pack. */
  private apply(r: EntryRow, pack: Buffer | undefined): MilestoneEntry {
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
      m = { index: this.milestones.length, id: r.milestone_id, ...plan, assignments: [] };
      this.milestones.push(m);
      this.milestoneById.set(r.milestone_id, m);
    } else {
      Object.assign(m, plan);
    }
    const before = this.assignmentByKey.get(packKey(r.milestone_id, r.assignment));
    const a: AssignmentEntry = {
      index: before?.index ?? this.assignments.length,
      milestone: m,
      key: r.assignment,
      no: r.assignment_no,
      leads: this.group(leads!),
      pack: pack === undefined ? (before?.pack ?? EMPTY_PACK) : new VersionPack(pack),
    };
    return this.place(a, before);
  }

  /** An assignment's entry in place of `before` (the same index), or added. */
  private place(a: AssignmentEntry, before: AssignmentEntry | undefined): MilestoneEntry {
    const m = a.milestone;
    if (before === undefined) this.assignments.push(a);
    else this.assignments[a.index] = a;
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
