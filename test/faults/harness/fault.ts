import type { FaultContext } from './context';

/** What a fault did to the system, as the suite prints it. The suite fails unless lost = dup = unexpected = 0. */
export interface FaultResult {
  /** Accepted work (a command answered 200, a mail queued, a read-model row) that is gone afterwards. */
  readonly lost: number;
  /** Work done twice (a command recorded twice, a mail accepted twice, a row twice). */
  readonly dup: number;
  /** Anything else that should not happen: a wrong or differing answer, a dead letter, a row that differs. */
  readonly unexpected: number;
  /** HTTP 5xx answers seen (counted in `unexpected` too where the fault allows none). */
  readonly fiveXx: number;
  /** Seconds from the end of the fault (or the restart) until the system was whole again. */
  readonly recoverySeconds: number | null;
  /** Facts worth printing (how many were in flight, dropped, taken over…). */
  readonly notes: readonly string[];
  /** What went wrong, item by item (printed when the fault fails). */
  readonly problems: readonly string[];
}

/** One fault: a file `test/faults/fNN-<name>.fault.ts` whose default export is `defineFault({...})`. */
export interface Fault {
  /** `F3`, `F5`… (the order of the table). */
  readonly id: string;
  readonly title: string;
  /** Hard limit for this fault (default 180 s). */
  readonly timeoutMs?: number;
  /** Why the fault cannot run on this machine (`undefined`: it can); the suite skips it and prints the reason. */
  readonly unavailable?: () => string | undefined;
  run(ctx: FaultContext): Promise<FaultResult>;
}

export function defineFault(f: Fault): Fault {
  return f;
}

/** Adds up counts and keeps the first problems of each kind (a failing fault names what failed). */
export class Tally {
  lost = 0;
  dup = 0;
  unexpected = 0;
  fiveXx = 0;
  recoverySeconds: number | null = null;
  readonly notes: string[] = [];
  readonly problems: string[] = [];

  problem(kind: 'lost' | 'dup' | 'unexpected', what: string, n = 1): void {
    this[kind] += n;
    if (this.problems.length < 20) this.problems.push(`${kind}: ${what}`);
  }

  note(what: string): void {
    this.notes.push(what);
  }

  result(): FaultResult {
    return {
      lost: this.lost,
      dup: this.dup,
      unexpected: this.unexpected,
      fiveXx: this.fiveXx,
      recoverySeconds: this.recoverySeconds,
      notes: this.notes,
      problems: this.problems,
    };
  }
}

export const seconds = (ms: number): number => Math.round(ms / 100) / 10;
