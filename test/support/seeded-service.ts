import { ConsumerRunner, EventStore } from '@app/event-store';
import { createTestDatabase, type TestDatabase } from '@app/platform/testing';
import { runTemplate } from './run-templates';
import { waitFor } from './service-process';
import { startTestApp, type TestApp } from './test-app';

/** Settings of `startSeededService` that leave what the seed import writes as it is (a copy of the template serves). */
const IMPORT_NEUTRAL = new Set(['RATE_LIMIT_PER_MINUTE', 'EVIDENCE_REQUIRE_UPLOAD', 'EVIDENCE_MAX_BYTES']);

/**
 * The service on a fresh database (or `opts.database`, or a copy of the template `opts.copyOf`) with the seed plan
 * imported on start (its 101 milestones and the unit catalogue served), a generous rate limit, `env` on top.
 * Without a clock, a database or a template of the test's, and with only settings the import does not read, the
 * fresh database is a copy of the run's seeded template (`seededTemplate`): the same rows, without the import.
 */
export async function startSeededService(
  env: Record<string, string> = {},
  opts: Parameters<typeof startTestApp>[1] = {},
): Promise<TestApp> {
  const own = opts.clock || opts.database || opts.copyOf || opts.serverUrl;
  const copyOf =
    own || !Object.keys(env).every((k) => IMPORT_NEUTRAL.has(k)) ? opts.copyOf : await seededTemplate();
  const t = await startTestApp(
    { IMPORT_SEED_ON_START: 'true', RATE_LIMIT_PER_MINUTE: '100000', ...env },
    { ...opts, ...(copyOf ? { copyOf } : {}) },
  );
  try {
    await waitFor(
      async () =>
        (await t.request('GET', '/api/v1/plans')).body?.[0]?.counts?.milestones === 101 &&
        (await t.request('GET', '/api/v1/units')).status === 200,
      60_000,
      'seed plan',
    );
  } catch (e) {
    await t.close();
    throw e;
  }
  return t;
}

/** `startSeededService` with who sends commands: a supervisor, and a reporter of standing item 13's lead unit. */
export interface CommandersService {
  readonly t: TestApp;
  /** A supervisor's token. */
  readonly supervisor: string;
  /** A token of a reporter of the first lead unit of `itemId`. */
  readonly reporter: string;
  /** The standing item of task 13. */
  readonly itemId: string;
}

/** The seeded service (`startSeededService`), a supervisor's token and a reporter's of standing item 13. */
export async function startSeededWithCommanders(): Promise<CommandersService> {
  const t = await startSeededService();
  try {
    const token = async (role: string, unit?: string) =>
      (await t.request('POST', '/api/v1/tokens', { body: { role, name: role, ...(unit ? { unit } : {}) } }))
        .body.token as string;
    const supervisor = await token('supervisor');
    const items = (await t.request('GET', '/api/v1/standing-items')).body.items as {
      itemId: string;
      taskNo: number;
      leadUnits: string[];
    }[];
    const item = items.find((i) => i.taskNo === 13)!;
    return { t, supervisor, reporter: await token('reporter', item.leadUnits[0]), itemId: item.itemId };
  } catch (e) {
    await t.close();
    throw e;
  }
}

/**
 * The run's template of a database with the seed plan imported on start and every consumer at the head (built
 * once per run, copied per file: run-templates.ts). A copy's service finds the plan there and imports nothing.
 */
export function seededTemplate(): Promise<string> {
  return runTemplate('seed', (server) => seededDatabase(server));
}

/**
 * A fresh database on `server` with the seed plan imported by a service on it, then `work` done there, every
 * consumer at the head and the service stopped (the database kept; dropped when anything fails): a template's build.
 */
export async function seededDatabase(
  server: string,
  work: (t: TestApp) => Promise<void> = async () => undefined,
): Promise<TestDatabase> {
  const db = await createTestDatabase(server);
  try {
    const t = await startSeededService({}, { database: db });
    try {
      await work(t);
      await t.app.get(ConsumerRunner).waitForPosition(await t.app.get(EventStore).headPosition(), 60_000);
    } finally {
      await t.close(); // (not the database: it was given)
    }
    return db;
  } catch (e) {
    await db.drop();
    throw e;
  }
}
