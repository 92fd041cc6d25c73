import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { MILESTONE_BOARD_CONSUMER } from '../milestone-board/milestone-board.projection';

/**
 * Runs a query in one REPEATABLE READ transaction together with the projection's checkpoint, so an answer
 * states exactly the event position it was computed at (what a report or an export prints).
 */
@Injectable()
export class ReadSnapshot {
  constructor(private readonly dataSource: DataSource) {}

  async run<T>(fn: (m: EntityManager, position: number) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('REPEATABLE READ', async (m) => {
      const rows = await m.query<{ position: string }[]>(
        'SELECT position FROM consumer_checkpoints WHERE name = $1',
        [MILESTONE_BOARD_CONSUMER],
      );
      return fn(m, Number(rows[0]?.position ?? 0));
    });
  }
}
