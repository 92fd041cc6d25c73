import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { ConsumerRunner } from '@app/event-store';
import { APP_CONFIG, type AppConfig, shutdownSignal, withQueryTimeout } from '@app/platform';
import { ReadModelContext } from '../milestone-board/read-model-context';
import { boardCatchUp, type CatchUp, stallBoundMs } from './board-catch-up';
import { BoardMemory } from './board-memory';
import { warnWarmUpFailed } from './warm-up-failure';

/**
 * A failed load is tried again after this long, doubled after each failure up to `MAX_RETRY_MS` (short: readiness
 * waits for it once the database is back).
 */
const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 5_000;
/**
 * Each statement of the load is bounded (outside a request, nothing else bounds it): a frozen or cut-off database
 * fails the attempt, which is tried again, instead of holding readiness, and the questions queued behind the load,
 * until the server wakes. Generous: the full read at 100,000 milestones takes seconds on a busy machine.
 */
const STATEMENT_BOUND_MS = 60_000;

/**
 * Loads the board into memory (`BoardMemory`) and evaluates it as of today in the background as a query process
 * starts, so that the first question after a start does not wait for it: 6–7 s at 100,000 milestones (bench/README.md, "read models").
 * The API starts it (`start`, as the application is up: the database migrated), beside the HTTP listener and the
 * consumers; a worker (its own module, or PROCESS_ROLE=worker) and the CLI never do. It first waits for the board's
 * projection to reach the event store's head as of the start (`boardCatchUp`: a fresh or replaying database), while
 * the projection moves (`stallBoundMs`), so that what it loads is the board, not the part of it projected so far. The
 * load goes through the board's own queue: a question asked meanwhile waits for it and reads only what was written
 * since — one load, never two. A failure is logged once (until a load succeeds) and tried again with backoff; it
 * never ends the process. The stop (the process's `shutdownSignal`, or the application's close) cancels the wait
 * and the load's running statement (`withQueryTimeout`'s cancel): a stopping process does not wait for the load, and
 * logs no failure for it. Readiness (`/health/ready`) waits for `ready`, then for the reference data
 * (`ReferenceDataWarmUp`).
 */
@Injectable()
export class BoardWarmUp implements BeforeApplicationShutdown {
  private readonly log = new Logger('BoardMemory');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private readonly stopping = new AbortController();
  private forgetShutdown: (() => void) | undefined;
  private started = false;
  /** The wait for the projection is over (it caught up, or stood still, or failed): not waited for again. */
  private waited = false;
  private toldBehind = false;
  private failures = 0;

  constructor(
    private readonly memory: BoardMemory,
    private readonly context: ReadModelContext,
    private readonly runner: ConsumerRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The board is in memory, loaded once the projection caught up (loaded once: a rebuild's reload does not flap it),
   * or this process loads none.
   */
  get ready(): boolean {
    return !this.started || (this.waited && this.memory.loaded);
  }

  /** This process loads the board (`start` was called, and it is not a worker). */
  get loadsBoard(): boolean {
    return this.started;
  }

  /** Failed loads since the last one that succeeded. */
  get failedAttempts(): number {
    return this.failures;
  }

  /** Begins loading (once; never with PROCESS_ROLE=worker). */
  start(): void {
    if (this.started || this.config.role === 'worker') return;
    this.started = true;
    // (read now, not at load: tests start afresh)
    const begun = shutdownSignal();
    const stop = (): void => this.stop();
    begun.addEventListener('abort', stop, { once: true });
    this.forgetShutdown = () => begun.removeEventListener('abort', stop);
    if (begun.aborted) stop();
    this.schedule(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.forgetShutdown?.();
    this.stop();
    await this.running;
  }

  private get stopped(): boolean {
    return this.stopping.signal.aborted;
  }

  /** No attempt from now on; the wait and the load's running statement are cut off. */
  private stop(): void {
    clearTimeout(this.timer);
    this.stopping.abort();
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.attempt();
    }, ms);
    this.timer.unref();
  }

  private async attempt(): Promise<void> {
    try {
      if (!this.waited && !(await this.waitForProjection())) return;
      const started = Date.now();
      // Evaluated as of today with everything known too: the dashboard's first question (stats, lists, agendas).
      const asOf = this.context.today();
      const { milestones, position } = await withQueryTimeout(
        STATEMENT_BOUND_MS,
        () => this.memory.load({ asOf, knownAt: null }),
        this.stopping.signal,
      );
      const after = this.failures > 0 ? ` (after ${this.failures} failed attempt(s))` : '';
      this.failures = 0;
      this.log.log(
        `board loaded: ${milestones} milestones at position ${position}, evaluated as of ${asOf}, in ${Date.now() - started} ms${after}`,
      );
    } catch (e) {
      // Cut off by the stop: not a failure, not tried again.
      if (this.stopped) {
        this.log.log('loading the board stopped: the service is stopping');
        return;
      }
      // Once until a load succeeds: a code and the server's message (no address, no credentials).
      if (this.failures++ === 0) {
        warnWarmUpFailed(
          this.log,
          'loading the board',
          e,
          `tried again with backoff up to every ${MAX_RETRY_MS / 1000} s, not ready until it loads`,
        );
      }
      this.schedule(Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** (this.failures - 1)));
    }
  }

  /** Waits for the projection (`boardCatchUp`), saying why it stopped waiting; false when stopped meanwhile. */
  private async waitForProjection(): Promise<boolean> {
    const stallMs = stallBoundMs(this.config.role);
    const at = (c: { position: number; head: number }): string => `position ${c.position} of ${c.head}`;
    // Its reads bounded as the load's statements are, and cut off by the stop.
    const c: CatchUp = await withQueryTimeout(
      STATEMENT_BOUND_MS,
      () =>
        boardCatchUp(this.runner, {
          stallMs,
          stop: this.stopping.signal,
          behind: (s) => {
            if (this.toldBehind) return; // (once: not again on an attempt after a failed read)
            this.toldBehind = true;
            this.log.log(`waiting for the board's projection to reach the head: at ${at(s)}`);
          },
        }),
      this.stopping.signal,
    );
    switch (c.outcome) {
      case 'stopped':
        return false;
      case 'caught_up':
        break;
      case 'stalled':
        this.log.warn(
          `the board's projection stood still for ${stallMs / 1000} s at ${at(c)} (its consumers not running?): ` +
            'loading what it has; the rest is read as questions come',
        );
        break;
      case 'failing':
        this.log.warn(
          `the board's projection is failing at ${at(c)} (projections status names it): loading what it has`,
        );
        break;
    }
    this.waited = true;
    return true;
  }
}
