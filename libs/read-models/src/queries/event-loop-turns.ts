import { setImmediate } from 'node:timers/promises';
import { cancelledError, queryCancelOfScope } from '@app/platform';

/**
 * How long a loop over the board (its load, its evaluation at a date, a question's scan or sort) may hold the event
 * loop before it lets the process's other callbacks run: `/health/live`, commands, answers that need no board. At
 * 100,000 milestones the load's loops ran 4–5 s in one stretch (bench/README.md, "Start to ready"), an agenda's sorts
 * and views 0.1–0.2 s; a turn every 20 ms costs the load nothing measurable.
 */
export const TURN_MS = 20;

/**
 * A scan over the board (a list's, an agenda's, a roll-up's count) reads the clock once per this many items, not per
 * item: an item costs tens of nanoseconds there (a clock read about a hundred), and even a first run's (the code not
 * yet optimised, a few µs an item) keeps a chunk within a few ms.
 */
export const SCAN_CHUNK = 1024;

/**
 * `EventLoopTurns.sort`'s run: the built-in sort sorts runs of this many items (and a list of at most this many in
 * place, in one stretch: a few ms, the comparator called ~100,000 times), and merging gives a turn, when due, after
 * this many items. Runs this long leave 3–4 merge passes for 100,000 milestones, and a list of at most this many (an
 * agenda's sections, most pages' matches) sorts as before.
 */
export const SORT_RUN = 8192;

/**
 * Gives the event loop a turn every `sliceMs` of a long synchronous loop, once per item:
 * `if (turns.due()) await turns.give();` (the check reads a clock; no promise and no microtask when not due).
 * What the loop builds must not be seen half-built meanwhile: the board's loops run in its queue (`BoardMemory.use`),
 * which serialises everyone who reads it.
 */
export class EventLoopTurns {
  private since = performance.now();

  constructor(
    private readonly sliceMs: number = TURN_MS,
    private readonly chunk: number = SCAN_CHUNK,
    private readonly sortRun: number = SORT_RUN,
  ) {}

  /** The loop has held the event loop for its slice. */
  due(): boolean {
    return performance.now() - this.since >= this.sliceMs;
  }

  /**
   * Starts the slice again: a loop beginning after an awaited read (the database's answer) has not held the event
   * loop meanwhile, so that wait does not count against its slice.
   */
  restart(): void {
    this.since = performance.now();
  }

  /**
   * A scan of `n` items in chunks: `each(from, to)` loops over the items [from, to) itself (its own loop, so a hot one
   * stays monomorphic), and a turn is given between chunks when due. A scan that ends within its slice gives no turn
   * and awaits nothing. What the scan reads must stay as it is meanwhile: the board's users run in its queue.
   */
  async scan(n: number, each: (from: number, to: number) => void): Promise<void> {
    for (let from = 0; from < n; from += this.chunk) {
      if (this.due()) await this.give();
      each(from, Math.min(n, from + this.chunk));
    }
  }

  /**
   * `items` sorted by `compare` as `Array.prototype.sort` sorts them (stably), in turns: runs of `sortRun` items sorted
   * by the built-in sort, then merged pairwise (a pair already in order, its left run's last not after its right run's
   * first, only copied), a turn given between `sortRun` items of merging when due (a sort of 100,000 milestones took
   * 0.1 s in one stretch). Returns the sorted array: `items` itself when it fits in one run (sorted in place), else a
   * new one (`items` left as it was).
   */
  async sort<T>(items: T[], compare: (a: T, b: T) => number): Promise<T[]> {
    const n = items.length;
    const run = this.sortRun;
    if (n <= run) return items.sort(compare);
    let from = new Array<T>(n);
    for (let lo = 0; lo < n; lo += run) {
      if (this.due()) await this.give();
      const sorted = items.slice(lo, Math.min(n, lo + run)).sort(compare);
      for (let k = 0; k < sorted.length; k++) from[lo + k] = sorted[k]!;
    }
    let into = new Array<T>(n);
    for (let width = run; width < n; width *= 2) {
      for (let lo = 0; lo < n; lo += 2 * width) {
        const mid = Math.min(n, lo + width);
        const hi = Math.min(n, lo + 2 * width);
        if (mid >= hi || !(compare(from[mid - 1]!, from[mid]!) > 0)) {
          for (let k = lo; k < hi; k++) into[k] = from[k]!; // in order already (or a run alone)
          if (this.due()) await this.give();
          continue;
        }
        let i = lo;
        let j = mid;
        for (let k = lo; k < hi;) {
          // Equal items keep their order: the left run's first. Not `<= 0`: as Array.prototype.sort, a comparator's
          // NaN or undefined counts as equal, a boolean as 1 or 0.
          for (const end = Math.min(hi, k + run); k < end; k++)
            into[k] = j >= hi || (i < mid && !(compare(from[i]!, from[j]!) > 0)) ? from[i++]! : from[j++]!;
          if (this.due()) await this.give();
        }
      }
      [from, into] = [into, from];
    }
    return from;
  }

  /**
   * Lets the event loop turn (what waits meanwhile runs: timers, I/O such as an HTTP request), then goes on; throws
   * "Query cancelled" once the scope's cancel has fired (`withQueryTimeout`: the warm-up's load as the process stops),
   * so a stop does not wait for the loops' CPU work after the last statement.
   */
  async give(): Promise<void> {
    const cancel = queryCancelOfScope();
    await setImmediate();
    if (cancel?.aborted) throw cancelledError();
    this.restart();
  }
}
