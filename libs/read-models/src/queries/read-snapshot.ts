import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ConsumerRunner } from '@app/event-store';
import { MILESTONE_BOARD_CONSUMER } from '../milestone-board/milestone-board.projection';

/**
 * Runs a query in one REPEATABLE READ transaction together with the projection's checkpoint, so an answer
 * states exactly the event position it was computed at (what a report or an export prints). The read models at
 * a position are a pure function of the events up to it (replays are exact): `BoardMemory` remembers answers by
 * it, so a dashboard polling the roll-ups costs one small transaction until the next event is projected.
 */
@Injectable()
export class ReadSnapshot {
  constructor(
    private readonly dataSource: DataSource,
    private readonly runner: ConsumerRunner,
  ) {}

  /**
   * `fn` gets the snapshot's position and the read models' generation: it changes when a rebuild replaces the
   * tables, which may rewrite rows at the same positions (another version of the rules, a new column).
   */
  async run<T>(fn: (m: EntityManager, position: number, generation: string) => Promise<T>): Promise<T> {
    // One statement opens the snapshot (TypeORM's transaction() sends two: START TRANSACTION, SET TRANSACTION).
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      try {
        const { position, generation } = await this.position(runner.manager);
        const answer = await fn(runner.manager, position, generation);
        await runner.query('COMMIT');
        return answer;
      } catch (e) {
        await runner.query('ROLLBACK').catch(() => undefined);
        throw e;
      }
    } finally {
      await runner.release();
    }
  }

  /** The projection's checkpoint (the event store's) and the tables' generation, in the caller's snapshot. */
  private async position(m: EntityManager): Promise<{ position: number; generation: string }> {
    const position = await this.runner.checkpoint(MILESTONE_BOARD_CONSUMER, m);
    const [row] = await m.query<{ generation: string }[]>(
      'SELECT rebuilt_at::text AS generation FROM rm_board_meta',
    );
    return { position, generation: row?.generation ?? '' };
  }
}
