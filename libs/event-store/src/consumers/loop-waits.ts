/**
 * A linger ends once no append has arrived for its quiet period (the burst is over): `QUIET_GAPS` times the mean gap
 * between the recent wakes within a burst (`WakeGaps`), at least `QUIET_MS` and at most `MAX_QUIET_MS`. A fixed
 * 10 ms ended most lingers at their first gap once a loaded API group-committed its commands into fewer, sparser
 * appends (a mean gap of 15-20 ms), and the consumers went back to a batch per few events.
 */
const QUIET_MS = 10;
const MAX_QUIET_MS = 25;
const QUIET_GAPS = 3;

/** Milliseconds on a monotonic clock: a step of the wall clock (NTP, by hand) neither skews a gap nor a wait's end. */
const now = (): number => performance.now();

/**
 * The mean gap between a loop's wakes (appends' NOTIFYs, mostly) within a burst, over about the last `WEIGHT` of
 * them: a moving average. A gap longer than `MAX_QUIET_MS` is a pause between two bursts, which says nothing of the
 * gaps within one: it is left out (sparse appends keep the last burst's mean). So is one under 1 ms: wakes of the
 * same moment (NOTIFYs read in one socket chunk) are one arrival, and would drag the mean towards 0.
 */
class WakeGaps {
  private static readonly WEIGHT = 8;
  private last: number | undefined;
  /** Undefined until a gap within a burst. */
  mean: number | undefined;

  noted(now: number): void {
    const gap = this.last === undefined ? undefined : now - this.last;
    this.last = now;
    if (gap === undefined || gap < 1 || gap > MAX_QUIET_MS) return;
    this.mean = this.mean === undefined ? gap : this.mean + (gap - this.mean) / WakeGaps.WEIGHT;
  }
}

/**
 * A consumer loop's waits and what ends them: a wake (an append transaction's NOTIFY, a caller) ends a wait for events; the
 * checkpoint set by hand (a skip from another process, announced on the process's listener, `EventsListener`, which
 * also announces one at each (re)connection) also ends the wait after a failure, which appends do not; a stop ends
 * any.
 */
export class LoopWaits {
  stopped = false;
  private wakeUp: (() => void) | undefined;
  /** A NOTIFY (or a caller) asked for a batch since the last one began. */
  private woken = false;
  /** The checkpoint was set by hand since the last batch began: the next batch no longer starts at the failure. */
  private moved = false;
  private readonly gaps = new WakeGaps();

  /** An append (its transaction's NOTIFY) or a caller: its gap to the last wake counts in the quiet period. */
  wake(): void {
    this.gaps.noted(now());
    this.resume();
  }

  checkpointMoved(): void {
    this.moved = true;
    this.resume();
  }

  stop(): void {
    this.stopped = true;
    this.resume();
  }

  /** Ends the wait under way (or the next): a wake, a move or a stop; only a wake is an append's gap. */
  private resume(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /**
   * A batch begins: it answers the wakes and moves before it. True when the checkpoint was set by hand since the
   * last batch began (what the loop learned about the failing event no longer holds).
   */
  batchBegins(): boolean {
    const moved = this.moved;
    this.woken = false;
    this.moved = false;
    return moved;
  }

  /**
   * Waits `ms` or until woken; at once when woken meanwhile (since the last batch began). True when it was woken,
   * false when the time ran out.
   */
  idle(ms: number): Promise<boolean> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const done = (woken: boolean) => {
        clearTimeout(t);
        this.wakeUp = undefined;
        this.woken = false;
        resolve(woken);
      };
      const t = setTimeout(() => done(false), ms);
      this.wakeUp = () => done(true);
    });
  }

  /**
   * Lingers up to `ms` while appends keep arriving: each wake (an append transaction's NOTIFY) extends the wait, and once
   * its quiet period (`quietMs`) passes without one the burst is over and the next batch runs at once, so the
   * projections do not lag the last append of a burst by the whole linger.
   */
  async linger(ms: number): Promise<void> {
    const until = now() + ms;
    for (;;) {
      const left = until - now();
      if (left <= 0 || this.stopped) return;
      this.woken = false;
      if (!(await this.idle(Math.min(this.quietMs(), left)))) return;
    }
  }

  /** How long a linger waits for the next wake before it takes the burst as over (see `QUIET_MS`). */
  quietMs(): number {
    return Math.min(MAX_QUIET_MS, Math.max(QUIET_MS, QUIET_GAPS * (this.gaps.mean ?? 0)));
  }

  /**
   * Waits `ms` between a standby's tries for the consumer's lock, until stopped: neither appends nor moves end it
   * (each try is a new connection; the loop that takes the lock starts from the row anyway).
   */
  async standby(ms: number): Promise<void> {
    const until = now() + ms;
    while (!this.stopped && now() < until) await this.idle(until - now());
  }

  /** Waits `ms` after a failure, however many appends wake it, until stopped or the checkpoint is set by hand. */
  async pause(ms: number): Promise<void> {
    const until = now() + ms;
    while (!this.stopped && !this.moved && now() < until) await this.idle(until - now());
  }
}
