import type { EntityManager } from 'typeorm';
import { BoardMemory } from './board-memory';
import { EventLoopTurns } from './event-loop-turns';
import type { ReadSnapshot } from './read-snapshot';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Turns with a slice of 40 ms, counting the turns given. */
class CountedTurns extends EventLoopTurns {
  constructor(private readonly memory: Counted) {
    super(40, 4);
  }

  override async give(): Promise<void> {
    this.memory.given++;
    await super.give();
  }
}

/** A board whose scans have a slice of 40 ms, counting the turns they give. */
class Counted extends BoardMemory {
  given = 0;

  protected override turns(): EventLoopTurns {
    return new CountedTurns(this);
  }
}

describe("BoardMemory: the board's sync reads do not count against a question's slice", () => {
  it('a short scan after a sync that waited 2 × 60 ms for the database gives no turn', async () => {
    // The database answering slowly, with nothing new: the sync only waits.
    const m = { query: async () => (await sleep(60), []) } as unknown as EntityManager;
    const snapshot = { run: <T>(fn: (m: EntityManager, p: number, g: string) => Promise<T>) => fn(m, 0, '') };
    const memory = new Counted(snapshot as unknown as ReadSnapshot);
    await memory.use((_m, _p, board) => board.turns.scan(12, () => undefined));
    expect(memory.given).toBe(0);
  });
});
