import type { Logger } from '@nestjs/common';
import {
  type AllStreamSubscription,
  END,
  type Filter,
  type KurrentDBClient,
} from '@kurrent/kurrentdb-client';

/**
 * The ledger follower's background loop: runs `catchUp`, then idles for `pollMs` or until a live `$all`
 * subscription reports a record; a failed catch-up is retried with a growing delay (up to 30 s), a lost
 * subscription is taken up again after 1 s (polling goes on meanwhile).
 */
export class FollowLoop {
  private stopped = false;
  private followLoop: Promise<void> | undefined;
  private subscription: AllStreamSubscription | undefined;
  private wakeUp: (() => void) | undefined;

  constructor(
    private readonly client: KurrentDBClient,
    private readonly filter: () => Filter,
    private readonly catchUp: () => Promise<unknown>,
    private readonly pollMs: number,
    private readonly log: Logger,
  ) {}

  /** Starts the loop and the subscription (idempotent; not again after `stop`). */
  start(): void {
    if (this.followLoop || this.stopped) return;
    this.subscribe();
    this.followLoop = this.runFollowLoop();
  }

  private subscribe(): void {
    if (this.stopped) return;
    const sub = this.client.subscribeToAll({
      fromPosition: END,
      filter: this.filter(),
      resolveLinkTos: false,
    });
    sub.on('data', () => this.wake());
    sub.on('error', (e: Error) => {
      if (this.subscription !== sub) return;
      this.subscription = undefined;
      if (this.stopped) return;
      this.log.warn(`$all subscription lost (${e.message}); polling, resubscribing in 1 s`);
      setTimeout(() => this.subscribe(), 1000).unref();
    });
    this.subscription = sub;
  }

  private wake(): void {
    this.wakeUp?.();
  }

  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.wakeUp = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }

  private async runFollowLoop(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        await this.catchUp();
        failures = 0;
        await this.idle(this.pollMs);
      } catch (e) {
        failures++;
        const delay = Math.min(30_000, 100 * 2 ** Math.min(failures, 9));
        this.log.error(
          `ledger catch-up failed (retry in ${delay} ms): ${e instanceof Error ? e.message : String(e)}`,
        );
        await this.idle(delay);
      }
    }
  }

  /** Stops: the loop ends and the subscription is closed. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.followLoop?.catch(() => undefined);
    const sub = this.subscription;
    this.subscription = undefined;
    await sub?.unsubscribe().catch(() => undefined);
  }
}
