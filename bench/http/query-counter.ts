import { Client } from 'pg';

/** Statements and the time until their answer (queueing on the connection + round trip + execution). */
export interface CategoryCount {
  statements: number;
  ms: number;
}

export interface QueryCounts {
  byCategory: Record<string, CategoryCount>;
  /** The most frequent statements that no category matched (first 100 characters). */
  uncategorised: Record<string, number>;
  /**
   * Per consumer, its batches that read under the lock (`BEGIN; EXECUTE` of its prepared locking read) and its
   * peeks (the one-statement read a quiet consumer's batch begins with), all of them: one that found nothing to
   * handle ends its batch, one that found events is followed by the locking read (counted in both).
   */
  batches: Record<string, { locked: number; peeks: number }>;
}

/** A consumer's prepared locking read (`batchSql`), by its name in the `PREPARE`: which consumer a batch is. */
const PREPARED_LOCK =
  /^PREPARE (\S+) AS WITH cp AS \(INSERT INTO consumer_checkpoints \(name\) VALUES \('([^']+)'\)/;
const LOCKED_READ = /^BEGIN; EXECUTE (\S+)$/;
const PEEK = /^WITH cp AS \(SELECT position, moves FROM consumer_checkpoints WHERE name = '([^']+)'/;

/** What a statement is for, by its text; the first match wins. */
const CATEGORIES: readonly (readonly [string, RegExp])[] = [
  ['append (pm_append_batch)', /pm_append/],
  [
    'transaction control',
    /^\s*(BEGIN|START TRANSACTION|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|SET (LOCAL|TRANSACTION))/i,
  ],
  ['idempotency keys', /idempotency_keys/],
  ['auth (token lookup)', /api_tokens/],
  ['consumer checkpoints', /consumer_checkpoints/],
  ['load stream (readStream)', /FROM events\s+WHERE stream_id/],
  ['consumer reads (readAll)', /FROM events/],
  ['projections (rm_*)', /\brm_\w+/],
  ['alerts and outbox', /\b(alert|outbox|mail)\w*/i],
  ['plan catalog', /\bplan_\w+/],
  ['advisory locks', /pg_(try_)?advisory/],
  ['LISTEN / NOTIFY', /^\s*(LISTEN|UNLISTEN|NOTIFY)/i],
];

function categorise(text: string): string | undefined {
  return CATEGORIES.find(([, re]) => re.test(text))?.[0];
}

/**
 * Counts every statement the process sends through node-postgres (TypeORM uses it underneath): one
 * `Client.query` is one statement and one round trip. Install before anything opens a connection.
 */
export function installQueryCounter(): { take(): QueryCounts } {
  let counts: QueryCounts = { byCategory: {}, uncategorised: {}, batches: {} };
  const lockReads = new Map<string, string>();
  const original = Client.prototype.query;
  const countBatch = (text: string) => {
    const prepared = PREPARED_LOCK.exec(text);
    if (prepared) lockReads.set(prepared[1]!, prepared[2]!);
    const locked = LOCKED_READ.exec(text);
    const consumer = locked ? lockReads.get(locked[1]!) : PEEK.exec(text)?.[1];
    if (consumer === undefined) return;
    const b = (counts.batches[consumer] ??= { locked: 0, peeks: 0 });
    if (locked) b.locked++;
    else b.peeks++;
  };
  const record = (text: string, t0: bigint) => {
    countBatch(text);
    const category = categorise(text);
    const key = category ?? 'other';
    const c = (counts.byCategory[key] ??= { statements: 0, ms: 0 });
    c.statements++;
    c.ms += Number(process.hrtime.bigint() - t0) / 1e6;
    if (category === undefined) {
      const head = text.replace(/\s+/g, ' ').trim().slice(0, 100);
      counts.uncategorised[head] = (counts.uncategorised[head] ?? 0) + 1;
    }
  };
  // node-postgres: query(text | config, values?, callback?) → a promise without a callback.
  const counted = function (this: Client, ...args: unknown[]): unknown {
    const [config] = args;
    const given = typeof config === 'string' ? config : (config as { text?: unknown } | null)?.text;
    const text = typeof given === 'string' ? given : '';
    const t0 = process.hrtime.bigint();
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === 'function') {
      args[last] = (...r: unknown[]) => {
        record(text, t0);
        return (callback as (...a: unknown[]) => unknown)(...r);
      };
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    }
    const result = (original as (...a: unknown[]) => unknown).apply(this, args);
    if (result instanceof Promise) {
      result.then(
        () => record(text, t0),
        () => record(text, t0),
      );
    }
    return result;
  };
  Client.prototype.query = counted as typeof Client.prototype.query;
  return {
    take: () => {
      const taken = counts;
      counts = { byCategory: {}, uncategorised: {}, batches: {} };
      return taken;
    },
  };
}

/** The counts of several processes of one kind (the API processes) as one. */
export function mergeQueryCounts(all: readonly QueryCounts[]): QueryCounts {
  const merged: QueryCounts = { byCategory: {}, uncategorised: {}, batches: {} };
  for (const counts of all) {
    for (const [name, c] of Object.entries(counts.byCategory)) {
      const m = (merged.byCategory[name] ??= { statements: 0, ms: 0 });
      m.statements += c.statements;
      m.ms += c.ms;
    }
    for (const [text, n] of Object.entries(counts.uncategorised))
      merged.uncategorised[text] = (merged.uncategorised[text] ?? 0) + n;
    for (const [name, b] of Object.entries(counts.batches)) {
      const m = (merged.batches[name] ??= { locked: 0, peeks: 0 });
      m.locked += b.locked;
      m.peeks += b.peeks;
    }
  }
  return merged;
}
