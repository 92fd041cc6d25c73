/**
 * The follower's background loop, without a server: a stand-in `$all` subscription (an event emitter, as the
 * client's is) and a catch-up that counts its calls; real timers.
 */
import { EventEmitter } from 'node:events';
import type { Logger } from '@nestjs/common';
import { type KurrentDBClient, streamNameFilter } from '@kurrent/kurrentdb-client';
import { FollowLoop } from './kurrentdb-follow-loop';

class FakeSubscription extends EventEmitter {
  unsubscribed = false;
  async unsubscribe(): Promise<void> {
    this.unsubscribed = true;
  }
}

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

function setUp(catchUp: () => Promise<unknown>, pollMs = 60_000) {
  const subs: FakeSubscription[] = [];
  const client = {
    subscribeToAll: () => {
      const s = new FakeSubscription();
      subs.push(s);
      return s;
    },
  } as unknown as KurrentDBClient;
  const warnings: string[] = [];
  const errors: string[] = [];
  const log = {
    warn: (m: string) => warnings.push(m),
    error: (m: string) => errors.push(m),
  } as unknown as Logger;
  const loop = new FollowLoop(client, () => streamNameFilter({ prefixes: ['pm-'] }), catchUp, pollMs, log);
  return { loop, subs, warnings, errors };
}

describe('KurrentDB follower: the background loop', () => {
  it('catches up at once, again when the subscription sees a record, and not after stop', async () => {
    let runs = 0;
    const t = setUp(async () => runs++);
    t.loop.start();
    t.loop.start(); // idempotent
    await until(() => runs === 1);
    expect(t.subs).toHaveLength(1);
    t.subs[0]!.emit('data', {});
    await until(() => runs === 2); // woken long before the 60 s poll
    await t.loop.stop();
    expect(t.subs[0]!.unsubscribed).toBe(true);
    t.subs[0]!.emit('data', {});
    t.loop.start(); // not again after stop
    await new Promise((r) => setTimeout(r, 50));
    expect([runs, t.subs.length]).toEqual([2, 1]);
  });

  it('polls when no record wakes it', async () => {
    let runs = 0;
    const t = setUp(async () => runs++, 20);
    t.loop.start();
    await until(() => runs >= 3);
    await t.loop.stop();
  });

  it('retries a failed catch-up after a growing delay, and logs why', async () => {
    let runs = 0;
    const t = setUp(async () => {
      runs++;
      if (runs <= 2) throw new Error(`boom ${runs}`);
    });
    const started = Date.now();
    t.loop.start();
    await until(() => runs === 3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(550); // 200 ms, then 400 ms
    expect(t.errors).toEqual([
      'ledger catch-up failed (retry in 200 ms): boom 1',
      'ledger catch-up failed (retry in 400 ms): boom 2',
    ]);
    await t.loop.stop();
  });

  it('subscribes again 1 s after the subscription is lost', async () => {
    const t = setUp(async () => undefined);
    t.loop.start();
    t.subs[0]!.emit('error', new Error('connection reset'));
    expect(t.warnings).toEqual(['$all subscription lost (connection reset); polling, resubscribing in 1 s']);
    t.subs[0]!.emit('error', new Error('again')); // an old subscription's later errors are ignored
    expect(t.warnings).toHaveLength(1);
    await until(() => t.subs.length === 2, 2000);
    await t.loop.stop();
    expect(t.subs[1]!.unsubscribed).toBe(true);
  });
});
