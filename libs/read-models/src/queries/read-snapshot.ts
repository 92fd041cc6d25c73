import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { MILESTONE_BOARD_CONSUMER } from '../milestone-board/milestone-board.projection';

const MAX_CACHED = 500;

/**
 * Runs a query in one REPEATABLE READ transaction together with the projection's checkpoint, so an answer
 * states exactly the event position it was computed at (what a report or an export prints).
 *
 * `cached` also remembers answers by that position (and generation): the read models at a position are a pure function of the
 * events up to it (replays are exact), so the same query — with its date resolved, "today" included — at the
 * same position has the same answer. A dashboard polling the roll-ups costs one small transaction until the
 * next event is projected.
 */
@Injectable()
export class ReadSnapshot {
  private readonly answers = new Map<string, unknown>();

  constructor(private readonly dataSource: DataSource) {}

  /**
   * `fn` gets the snapshot's position and the read models' generation: it changes when a rebuild replaces the
   * tables, which may rewrite rows at the same positions (another version of the rules, a new column).
   */
  async run<T>(fn: (m: EntityManager, position: number, generation: string) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('REPEATABLE READ', async (m) => {
      const { position, generation } = await this.position(m);
      return fn(m, position, generation);
    });
  }

  /** `run`, remembering the answer under `key` (every input of the query) and the position. */
  async cached<T>(key: string, fn: (m: EntityManager, position: number) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('REPEATABLE READ', async (m) => {
      const { position, generation } = await this.position(m);
      const k = `${position}|${generation}|${key}`;
      if (this.answers.has(k)) {
        const hit = this.answers.get(k) as T;
        this.answers.delete(k); // most recently used last
        this.answers.set(k, hit);
        return hit;
      }
      const answer = await fn(m, position);
      this.answers.set(k, answer);
      if (this.answers.size > MAX_CACHED) this.answers.delete(this.answers.keys().next().value!);
      return answer;
    });
  }

  private async position(m: EntityManager): Promise<{ position: number; generation: string }> {
    const [row] = await m.query<{ position: string | null; generation: string | null }[]>(
      `SELECT (SELECT position FROM consumer_checkpoints WHERE name = $1) AS position,
              (SELECT rebuilt_at::text FROM rm_board_meta) AS generation`,
      [MILESTONE_BOARD_CONSUMER],
    );
    return { position: Number(row?.position ?? 0), generation: row?.generation ?? '' };
  }
}
