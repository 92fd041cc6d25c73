import { queryTimeoutError } from '../database/query-timeout';
import {
  defaultQueryTimeout,
  outsideQueryTimeout,
  queryTimeoutOfScope,
  withQueryTimeout,
} from '../database/query-scope';

/** What one unit of a batch came to: its results, or the error its caller gets. */
export type UnitOutcome<R> =
  { readonly ok: true; readonly value: R } | { readonly ok: false; readonly error: unknown };

/** Runs a batch of units (typically in one statement or transaction); one outcome per unit, in order. Throws when the whole batch failed. */
export type BatchRunner<U, R> = (units: readonly U[]) => Promise<readonly UnitOutcome<R>[]>;

export interface BatchLimits<U> {
  /** Units per batch at most (e.g. under 64 when each unit is a subtransaction in PostgreSQL). */
  readonly maxUnits: number;
  /** A batch stops growing once it holds this much (`weight(unit)` summed); a heavier unit goes alone. */
  readonly maxWeight: number;
  readonly weight: (unit: U) => number;
}

export interface BatchStats {
  /** Batches run (one runner call each). */
  readonly batches: number;
  /** Units submitted through those batches. */
  readonly units: number;
}

interface Pending<U, R> {
  readonly unit: U;
  /** The caller's statement bound (undefined: none). */
  readonly boundMs: number | undefined;
  readonly resolve: (value: R) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit: units submitted while a batch is running wait and then run together in the next one,
 * so concurrent callers share one round trip and one transaction (one commit flush) instead of queueing
 * one by one. One batch at a time per instance; a unit submitted to an idle instance runs in the next
 * microtask, together with whatever else was submitted in the same tick. Each caller gets its own unit's
 * outcome; if the batch as a whole fails (connection lost), every caller in it gets that same error and,
 * when the runner uses one transaction, nothing of the batch was committed, unless the commit itself was
 * what got lost: the runner's units should be safe to submit again (idempotent) for that case.
 *
 * A batch serves callers of different bounds (query-scope.ts: an HTTP request's default, a background scope's
 * own, none for a consumer); a bounded caller waits at most its bound, from its submit: then it gets the timeout
 * error (an outage, 503) while the batch goes on (its unit dropped if not yet started, else it may still commit).
 * A batch of bounded callers only runs under the largest of their bounds, so a connection lost without a reset
 * (the host gone) frees the committer then instead of after TCP's minutes; one with an unbounded caller (a
 * consumer) has no bound, as that caller has none. A batch of requests alone (the largest bound the requests'
 * default) runs outside any scope, so it enters none (no promise hooks: query-scope.ts).
 */
export class GroupCommit<U, R> {
  private queue: Pending<U, R>[] = [];
  private running = false;
  private batches = 0;
  private units = 0;

  constructor(
    private readonly run: BatchRunner<U, R>,
    private readonly limits: BatchLimits<U>,
  ) {}

  submit(unit: U): Promise<R> {
    const boundMs = queryTimeoutOfScope();
    let timer: NodeJS.Timeout | undefined;
    const outcome = new Promise<R>((resolve, reject) => {
      const pending: Pending<U, R> = { unit, boundMs, resolve, reject };
      this.queue.push(pending);
      if (boundMs !== undefined) {
        timer = setTimeout(() => {
          const at = this.queue.indexOf(pending);
          if (at >= 0) this.queue.splice(at, 1);
          reject(queryTimeoutError());
        }, boundMs);
      }
      if (!this.running) {
        this.running = true;
        outsideQueryTimeout(() => queueMicrotask(() => void this.drain()));
      }
    });
    return boundMs === undefined ? outcome : outcome.finally(() => clearTimeout(timer));
  }

  stats(): BatchStats {
    return { batches: this.batches, units: this.units };
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) await this.runBatch(this.take());
    } finally {
      this.running = false;
    }
  }

  private take(): Pending<U, R>[] {
    let n = 0;
    let weight = 0;
    while (n < this.queue.length && n < this.limits.maxUnits) {
      const w = this.limits.weight(this.queue[n]!.unit);
      if (n > 0 && weight + w > this.limits.maxWeight) break;
      weight += w;
      n++;
    }
    return this.queue.splice(0, n);
  }

  private async runBatch(batch: readonly Pending<U, R>[]): Promise<void> {
    this.batches++;
    this.units += batch.length;
    let outcomes: readonly UnitOutcome<R>[];
    try {
      const units = batch.map((p) => p.unit);
      const bound = batchBound(batch);
      outcomes = await (bound === defaultQueryTimeout()
        ? outsideQueryTimeout(() => this.run(units))
        : withQueryTimeout(bound ?? 0, () => this.run(units)));
    } catch (e) {
      for (const p of batch) p.reject(e);
      return;
    }
    batch.forEach((p, i) => {
      const o = outcomes[i];
      if (!o) p.reject(new Error(`group commit: no outcome for unit ${i + 1} of ${batch.length}`));
      else if (o.ok) p.resolve(o.value);
      else p.reject(o.error);
    });
  }
}

/** The largest bound of a batch's callers; none when one of them has none. */
function batchBound(batch: readonly { readonly boundMs: number | undefined }[]): number | undefined {
  let out = 0;
  for (const p of batch) {
    if (p.boundMs === undefined) return undefined;
    out = Math.max(out, p.boundMs);
  }
  return out;
}
