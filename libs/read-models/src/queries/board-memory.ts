import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { VersionPack } from '../milestone-board/version-pack';
import { BoardEvaluation, type TimeTravelKey } from './board-evaluation';
import { packKey, readPacks } from './board-packs';
import type { AssignmentEntry, MilestoneEntry } from './board-entries';
import { BoardEntryIndex, SELECT_ENTRIES, type EntryRow } from './board-entry-index';
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
const MAX_EVALUATIONS = 8;
/** Sync steps remembered: an evaluation further behind is evaluated whole again. */
const MAX_CHANGE_LOG = 256;

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
  private readonly entries = new BoardEntryIndex();
  private position = -1;
  private generation = '';
  private seq = 0;
  /** Per sync step (its seq), the milestones it changed. */
  private readonly changes: { seq: number; milestones: number[] }[] = [];
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
          milestones: this.entries.milestones,
          assignments: this.entries.assignments,
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
    this.entries.clear();
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
      await ev.evaluateAll(this.entries.milestones, this.entries.assignments.length, this.seq, turns);
    } else {
      const changed = new Set<number>();
      for (const c of log) if (c.seq > since) for (const i of c.milestones) changed.add(i);
      await ev.evaluateSome(
        this.entries.milestones,
        changed,
        this.entries.assignments.length,
        this.seq,
        turns,
      );
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
    const packs = await readPacks(m, since, (k) => this.entries.assignment(k)?.pack.bytes, turns);
    if (rows.length === 0 && packs.size === 0) {
      this.position = position;
      return;
    }
    const changed = new Set<number>();
    for (const r of rows) {
      const k = packKey(r.milestone_id, r.assignment);
      changed.add(this.entries.apply(r, packs.get(k)).index);
      packs.delete(k);
      if (turns.due()) await turns.give();
    }
    // Segments of a row not read again (written with it, so not expected): the pack alone changes.
    for (const [k, pack] of packs) {
      const a = this.entries.assignment(k);
      if (a !== undefined) changed.add(this.entries.place({ ...a, pack: new VersionPack(pack) }, a).index);
      if (turns.due()) await turns.give();
    }
    // (only now: a load that failed half-way is read again whole, not taken as done)
    this.position = position;
    this.seq++;
    this.changes.push({ seq: this.seq, milestones: [...changed] });
    if (this.changes.length > MAX_CHANGE_LOG) this.changes.shift();
  }
}
