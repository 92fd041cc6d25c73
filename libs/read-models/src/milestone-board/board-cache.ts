import { readBoards, type MilestoneBoard } from './board-state';
import type { StatementQueue } from './statement-queue';

/**
 * Milestones whose board state is kept in memory between batches, the most recently written ones. Bounded: a
 * rebuild writes every milestone once, and keeping them all (a replay of the benchmark has 100,000) made the heap
 * large enough for the garbage collector to take a third of the replay's time.
 */
const MAX_CACHED_BOARDS = 20_000;

/**
 * The board rows the projection's batches in this process wrote, remembered for the next batch. They count only
 * while batches follow one another here: a batch that does not start right after the last one whose writes
 * completed (a failed commit, another process's batch, a reset) finds the cache emptied; within a rebuild's
 * transaction they are all there is (the tables were emptied).
 */
export class BoardCache {
  private readonly boards = new Map<string, MilestoneBoard>();
  /** Position of the last event of the last batch whose writes completed here; null = not usable. */
  private end: number | null = null;

  clear(): void {
    this.boards.clear();
    this.end = null;
  }

  /** A batch from `first` begins: the cache is kept only if it follows on (or in the rebuild that emptied the tables). */
  batchBegins(first: number, rebuilding: boolean): void {
    if (!rebuilding && (this.end === null || first !== this.end + 1)) this.boards.clear();
    this.end = null; // until this batch is written
  }

  /** The batch's writes completed: the cache holds the state as of `end`. */
  batchWritten(end: number | null): void {
    this.end = end;
  }

  /** The board state of these milestones: remembered, or read (none to read in a rebuild). */
  async load(
    queue: Pick<StatementQueue, 'query'>,
    ids: readonly string[],
    rebuilding: boolean,
  ): Promise<Map<string, MilestoneBoard>> {
    const found = new Map<string, MilestoneBoard>();
    const missing: string[] = [];
    for (const id of ids) {
      const cached = this.boards.get(id);
      if (cached !== undefined) found.set(id, cached);
      else missing.push(id);
    }
    if (rebuilding || missing.length === 0) return found;
    for (const [id, board] of await readBoards(queue, missing)) found.set(id, board);
    return found;
  }

  /** Remembers what was written, newest last, dropping the oldest beyond the bound. */
  keep(written: ReadonlyMap<string, MilestoneBoard>, rebuilding: boolean): void {
    if (rebuilding) this.boards.clear();
    for (const [id, board] of written) {
      this.boards.delete(id); // re-inserted last: the Map's order is the order of the writes
      this.boards.set(id, board);
    }
    for (const id of this.boards.keys()) {
      if (this.boards.size <= MAX_CACHED_BOARDS) break;
      this.boards.delete(id);
    }
  }
}
