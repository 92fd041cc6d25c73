import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ConsumerRunner, type EventConsumer, type RecordedEvent } from '@app/event-store';
import { MILESTONE_STREAM_PREFIX } from '@app/milestones';
import { BoardCache } from './board-cache';
import { currentVersionsByKey, milestoneWrite, timelineEventsOf } from './board-compute';
import { SELECT_CURRENT_VERSIONS, type TimelineRow } from './board-rows';
import { lastOnOf, remembered, type MilestoneBoard } from './board-state';
import { historyDeleteStatement, writeStatement, type MilestoneWrite } from './board-writes';
import { needsCompleteTimeline, type TimelineEvent } from './milestone-timeline';
import { ReadModelContext } from './read-model-context';
import { StatementQueue } from './statement-queue';

export const MILESTONE_BOARD_CONSUMER = 'milestone-board';

/** The projection's tables, emptied together by a rebuild. */
export const MILESTONE_BOARD_TABLES = [
  'rm_milestones',
  'rm_version_segments',
  'rm_milestone_timeline',
  'rm_health_history',
] as const;

/** Events per write statement: the next chunk is computed while the database writes this one. */
const WRITE_CHUNK_EVENTS = 1000;

/**
 * Write statements queued at most (each sent when the one before it completes): Node computes the next chunks
 * while the database works through the queue, and the next page of a rebuild while it finishes this one's.
 */
const WRITES_IN_FLIGHT = 3;

/**
 * The milestone board projection: per assignment of each milestone the bitemporal timeline of fact versions,
 * the health history and the board row (see `milestone-timeline.ts` for the model). One batch = one transaction
 * with the checkpoint (the runner's); per batch it reads the board rows of the milestones the batch touches (and,
 * only for a milestone with an event dated before its latest version, the current versions of its assignments),
 * computes in memory, and writes chunks of milestones with one statement each, several queued while the next are
 * computed. The board rows it wrote are remembered for the next batch only while batches follow one another in this
 * process (dropped after a failed batch, a reset, a rebuild or another process's batch), so a batch that fails
 * half-way leaves no trace anywhere. A rebuild hands it whole streams (`replayByStream`): one board row per
 * assignment instead of one update per event.
 */
@Injectable()
export class MilestoneBoardProjection implements EventConsumer, OnModuleInit {
  readonly name = MILESTONE_BOARD_CONSUMER;
  readonly batchSize = 2000;
  /** A milestone's rows depend on its own stream alone: a rebuild replays stream by stream. */
  readonly replayByStream = { streamPrefix: MILESTONE_STREAM_PREFIX };
  private readonly log = new Logger('MilestoneBoard');
  /** Board state per milestone, as the batches of this process wrote it. */
  private readonly cache = new BoardCache();
  /** The statements of the current transaction (writes may still be queued when `handle` returns). */
  private queue: StatementQueue | undefined;
  /** The last position of the batch whose writes `settle` waits for. */
  private pendingEnd: number | null = null;
  /**
   * The transaction that emptied the tables (a rebuild's): within it, a milestone this projection has not written
   * has no rows, and the streams come one after the other, so the boards it remembers are all there is to read.
   */
  private emptiedIn: EntityManager | undefined;

  constructor(
    private readonly runner: ConsumerRunner,
    private readonly context: ReadModelContext,
  ) {}

  onModuleInit(): void {
    this.runner.register(this);
  }

  /** DELETE, not TRUNCATE: a rebuild runs in one transaction, and readers keep the old rows until it commits. */
  async reset(tx: EntityManager): Promise<void> {
    this.forget();
    for (const t of [...MILESTONE_BOARD_TABLES, 'rm_board_meta']) await tx.query(`DELETE FROM ${t}`);
    this.emptiedIn = tx;
  }

  forget(): void {
    this.cache.clear();
    this.queue = undefined;
    this.emptiedIn = undefined;
  }

  /** Waits for the writes `handle` left queued (the runner, before its own statements); the board cache then counts. */
  async settle(): Promise<void> {
    const queue = this.queue;
    this.queue = undefined;
    if (queue === undefined) return;
    await queue.settle();
    this.cache.batchWritten(this.pendingEnd);
  }

  async handle(events: readonly RecordedEvent[], tx: EntityManager): Promise<void> {
    if (events.length === 0) return;
    const rebuilding = this.emptiedIn === tx;
    this.cache.batchBegins(events[0]!.position, rebuilding);
    if (this.queue?.tx !== tx) this.queue = new StatementQueue(tx, WRITES_IN_FLIGHT);
    const queue = this.queue;
    try {
      await this.apply(events, queue, rebuilding);
    } catch (e) {
      // Nothing of the batch stays: let what was queued fail or finish before the runner rolls back.
      this.queue = undefined;
      await queue.settle().catch(() => undefined);
      throw e;
    }
  }

  private async apply(
    events: readonly RecordedEvent[],
    queue: StatementQueue,
    rebuilding: boolean,
  ): Promise<void> {
    const byMilestone = timelineEventsOf(events, this.context.rules);
    const boards = await this.cache.load(queue, [...byMilestone.keys()], rebuilding);
    const needComplete = [...byMilestone.keys()].filter((id) => {
      const b = boards.get(id);
      return (
        b !== undefined &&
        needsCompleteTimeline(
          lastOnOf(b),
          byMilestone.get(id)!.map((e) => e.effectiveOn),
        )
      );
    });
    const current = currentVersionsByKey(
      needComplete.length === 0
        ? []
        : await queue.query<TimelineRow[]>(SELECT_CURRENT_VERSIONS, [needComplete]),
    );

    // A rebuild's next page may continue the last stream of this one, never another: remember that one only.
    const remember = rebuilding ? [...byMilestone.keys()].at(-1) : undefined;
    const written = await this.computeAndWrite(
      queue,
      byMilestone,
      boards,
      new Set(needComplete),
      current,
      remember,
    );
    this.cache.keep(written, rebuilding);
    this.pendingEnd = events[events.length - 1]!.position;
  }

  /**
   * Computes chunks of milestones while the database writes the previous ones (one statement per chunk); returns
   * what the next batch needs of the milestones written (of `only`, when given).
   */
  private async computeAndWrite(
    queue: StatementQueue,
    byMilestone: ReadonlyMap<string, readonly TimelineEvent[]>,
    boards: ReadonlyMap<string, MilestoneBoard>,
    needComplete: ReadonlySet<string>,
    current: ReadonlyMap<string, TimelineRow[]>,
    only: string | undefined,
  ): Promise<Map<string, MilestoneBoard>> {
    // What the next batch needs of each milestone written (its latest versions), not the versions and history
    // written: they may be collected once their chunk is sent (a rebuild's page writes thousands of milestones).
    const written = new Map<string, MilestoneBoard>();
    let chunk: MilestoneWrite[] = [];
    let chunkEvents = 0;
    const flush = async () => {
      if (chunk.length === 0) return;
      const deletes = historyDeleteStatement(chunk);
      if (deletes !== undefined) await queue.send(deletes.sql, deletes.params);
      // With the generation row and the asynchronous commit (`writeStatement`).
      const write = writeStatement(chunk, this.context.rules);
      await queue.send(write.statement, write.params);
      for (const w of chunk) {
        if (only === undefined || w.id === only) written.set(w.id, remembered(boards.get(w.id), w));
      }
      chunk = [];
      chunkEvents = 0;
      // Let the event loop run: a write that completed meanwhile hands the connection to the next at once.
      await new Promise<void>((resolve) => setImmediate(resolve));
    };
    for (const [id, list] of byMilestone) {
      const board = boards.get(id);
      const complete = board === undefined || needComplete.has(id);
      const w = milestoneWrite(id, list, board, complete, current, this.context.rules);
      if (w === 'unplanned') this.log.warn(`${id}: events for a milestone that was never planned (ignored)`);
      else if (w !== undefined) chunk.push(w);
      chunkEvents += list.length;
      if (chunkEvents >= WRITE_CHUNK_EVENTS) await flush();
    }
    await flush();
    return written;
  }
}
