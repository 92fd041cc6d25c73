import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, databaseOutageOf, withQueryTimeout } from '@app/platform';
import { ReadModelContext } from '../milestone-board/read-model-context';
import { BoardMemory } from './board-memory';

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
 * consumers; a worker (its own module, or PROCESS_ROLE=worker) and the CLI never do. It goes through the board's own
 * queue: a question asked meanwhile waits for this load and reads only what was written since — one load, never
 * two. A failure is logged once (until a load succeeds) and tried again with backoff; it never ends the process.
 * Readiness (`/health/ready`) waits for `ready`.
 */
@Injectable()
export class BoardWarmUp implements BeforeApplicationShutdown {
  private readonly log = new Logger('BoardMemory');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;
  private started = false;
  private failures = 0;

  constructor(
    private readonly memory: BoardMemory,
    private readonly context: ReadModelContext,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The board is in memory (loaded once: a rebuild's reload does not flap it), or this process loads none. */
  get ready(): boolean {
    return !this.started || this.memory.loaded;
  }

  /** Failed loads since the last one that succeeded. */
  get failedAttempts(): number {
    return this.failures;
  }

  /** Begins loading (once; never with PROCESS_ROLE=worker). */
  start(): void {
    if (this.started || this.config.role === 'worker') return;
    this.started = true;
    this.schedule(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.attempt();
    }, ms);
    this.timer.unref();
  }

  private async attempt(): Promise<void> {
    const started = Date.now();
    try {
      // Evaluated as of today with everything known too: the dashboard's first question (stats, lists, agendas).
      const asOf = this.context.today();
      const { milestones, position } = await withQueryTimeout(STATEMENT_BOUND_MS, () =>
        this.memory.load({ asOf, knownAt: null }),
      );
      const after = this.failures > 0 ? ` (after ${this.failures} failed attempt(s))` : '';
      this.failures = 0;
      this.log.log(
        `board loaded: ${milestones} milestones at position ${position}, evaluated as of ${asOf}, in ${Date.now() - started} ms${after}`,
      );
    } catch (e) {
      if (this.stopped) return;
      // Once until a load succeeds: a code and the server's message (no address, no credentials).
      if (this.failures++ === 0) {
        const message = e instanceof Error ? e.message : String(e);
        // (not the database: a fault of its own, with its stack)
        if (databaseOutageOf(e) === undefined && e instanceof Error && e.stack) this.log.warn(e.stack);
        this.log.warn(
          `loading the board failed (${databaseOutageOf(e) ?? 'error'}: ${message}); tried again with backoff ` +
            `up to every ${MAX_RETRY_MS / 1000} s, not ready until it loads`,
        );
      }
      this.schedule(Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** (this.failures - 1)));
    }
  }
}
