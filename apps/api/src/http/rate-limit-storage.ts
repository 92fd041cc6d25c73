import type { ThrottlerStorage } from '@nestjs/throttler';

/** One client's count: this window's hits, the window before's, and the end of a block. */
interface Counter {
  windowStart: number;
  current: number;
  previous: number;
  blockedUntil: number;
}

/**
 * The rate limit's counts in constant time and memory per client: a sliding-window counter (the hits of the
 * current window of `ttl`, plus the previous window's weighted by how much of it still lies within the last
 * `ttl`). The throttler's default storage keeps one timestamp per hit and filters them all on every request:
 * linear in the limit, for each request, and a million numbers per client at the highest RATE_LIMIT_PER_MINUTE.
 * As with the default, the hit past the limit blocks the client for `blockDuration` (the window, unless
 * configured), and its count starts afresh once the block ends.
 */
export class SlidingWindowStorage implements ThrottlerStorage {
  private readonly counters = new Map<string, Counter>();
  private lastSweep = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number) {
    const now = this.now();
    this.sweep(now, ttl);
    const c = this.counter(key, now, ttl);
    const timeToExpire = Math.ceil((c.windowStart + ttl - now) / 1000);
    if (c.blockedUntil > now) return this.blocked(c, limit, timeToExpire, now);
    if (c.blockedUntil > 0) Object.assign(c, { current: 0, previous: 0, blockedUntil: 0 });
    const weight = 1 - (now - c.windowStart) / ttl;
    const before = Math.ceil(c.previous * weight + c.current);
    if (before + 1 > limit) {
      c.blockedUntil = now + (blockDuration > 0 ? blockDuration : ttl);
      return this.blocked(c, limit, timeToExpire, now);
    }
    c.current++;
    return { totalHits: before + 1, timeToExpire, isBlocked: false, timeToBlockExpire: 0 };
  }

  private blocked(c: Counter, limit: number, timeToExpire: number, now: number) {
    const timeToBlockExpire = Math.max(1, Math.ceil((c.blockedUntil - now) / 1000));
    return { totalHits: limit + 1, timeToExpire, isBlocked: true, timeToBlockExpire };
  }

  /** The client's counter, its windows moved on to the one `now` falls in. */
  private counter(key: string, now: number, ttl: number): Counter {
    const windowStart = now - (now % ttl);
    let c = this.counters.get(key);
    if (c === undefined) {
      c = { windowStart, current: 0, previous: 0, blockedUntil: 0 };
      this.counters.set(key, c);
    } else if (c.windowStart !== windowStart) {
      c.previous = windowStart - c.windowStart === ttl ? c.current : 0;
      c.current = 0;
      c.windowStart = windowStart;
    }
    return c;
  }

  /** Once per window: forgets the clients with no hit in the last two windows and no block running. */
  private sweep(now: number, ttl: number): void {
    if (now - this.lastSweep < ttl) return;
    this.lastSweep = now;
    for (const [key, c] of this.counters)
      if (c.windowStart + 2 * ttl <= now && c.blockedUntil <= now) this.counters.delete(key);
  }
}
