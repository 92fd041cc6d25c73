import { testEvent } from './event-store.contract';
import { TallyConsumer } from './tally-consumer';
import type { TallyDatabase } from './tally-database';

/** The event type that the filtered tallies declare (`filtered`); `appendMixed` interleaves it with others. */
export const MINE = 'Mine';

/** A tally of the `Mine` events only, declared as its `types`. */
export const filtered = (name: string, failAt?: { position: number; times: number }) =>
  Object.assign(new TallyConsumer(name, failAt), { types: [MINE] });

/** Appends `count` events to `db`, every `mineEvery`-th of type `Mine`; returns the positions of those. */
export async function appendMixed(db: TallyDatabase, count: number, mineEvery: number): Promise<number[]> {
  const mine: number[] = [];
  for (let i = 1; i <= count; i++) {
    const type = i % mineEvery === 0 ? MINE : 'N';
    const { position } = await db.store.append(`s-${i % 5}`, [testEvent(type, { n: i })], 'any');
    if (type === MINE) mine.push(position);
  }
  return mine;
}
