import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { ConsumerRunner } from '@app/event-store';
import { seededTemplate } from '../support/seeded-service';
import { readyStatus, waitFor } from '../support/service-process';
import { startTestApp, type TestApp } from '../support/test-app';
import {
  closeClient,
  problemViolation,
  requestKey,
  send,
  writeSnapshot,
  type FuzzResponse,
} from './http-client';
import { draftsOf, KINDS, type Kind, type Tokens } from './kinds';
import { operationsOf, type Operation } from './operations';
import { describeRequest, encode } from './requests';

/*
 * Property-based fuzzing of every route of the served OpenAPI document, RUNS times per route and kind (a read
 * route's request that repeats an earlier one of the same route and kind byte for byte is counted but not sent:
 * about 40 % of them, most of those to routes without parameters).
 * Invariants: never a 5xx; every 4xx is problem+json (code, detail, detailZh); a rejected request changes
 * nothing (events, tokens, contacts, outbox); GET routes never write; a missing or bad token on a
 * non-public route is 401; a viewer's write is 403. Deterministic: FUZZ_SEED (default below) and FUZZ_RUNS
 * reproduce a run; a failure prints its seed and path (fast-check's replay coordinates).
 *
 * The consumers are caught up once after start (the template's are at its head already) and then not run, so nothing writes behind a request's
 * back: what changes between the two snapshots around a request is that request's doing.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const SEED = Number(process.env.FUZZ_SEED ?? 1_764_800_200);

interface Failure {
  kind: Kind;
  route: string;
  seed: number;
  path: string | null;
  error: string;
}

describe(`fuzz: every route × ${KINDS.join(', ')} (${RUNS} runs each, seed ${SEED})`, () => {
  let t: TestApp;
  let db: DataSource;
  let ops: Operation[];
  let tokens: Tokens;

  async function token(role: string, name: string, unit?: string): Promise<{ id: string; token: string }> {
    const r = await t.request('POST', '/api/v1/tokens', { body: { role, name, ...(unit ? { unit } : {}) } });
    expect(r.status).toBe(201);
    return r.body as { id: string; token: string };
  }

  beforeAll(async () => {
    // A copy of the run's seeded template: the seed plan's rows without importing it here.
    t = await startTestApp(
      { IMPORT_SEED_ON_START: 'true', RATE_LIMIT_PER_MINUTE: '1000000', READ_YOUR_WRITES_TIMEOUT_MS: '0' },
      { startConsumers: false, copyOf: await seededTemplate() },
    );
    db = t.app.get(DataSource);
    const runner = t.app.get(ConsumerRunner);
    for (const name of runner.names()) await runner.catchUp(name);
    // "Never a 5xx" holds for a ready service: its readiness is 503 while its board loads (as a balancer reads it),
    // which on a busy machine can outlast the setup above.
    await waitFor(async () => (await readyStatus(t.baseUrl)) === 200, 45_000, 'the service ready');
    ops = operationsOf((await t.request('GET', '/api/docs/openapi.json', { token: null })).body);
    const revoked = await token('viewer', 'fuzz-revoked');
    expect((await t.request('DELETE', `/api/v1/tokens/${revoked.id}`)).status).toBe(200);
    tokens = {
      admin: (await token('admin', 'fuzz-admin')).token,
      supervisor: (await token('supervisor', 'fuzz-督查室')).token,
      reporter: (await token('reporter', 'fuzz-工信局', 'dept-industry-it')).token,
      otherReporter: (await token('reporter', 'fuzz-水利局', 'dept-water-resources')).token,
      viewer: (await token('viewer', 'fuzz-viewer')).token,
      revoked: revoked.token,
    };
  });
  afterAll(async () => {
    closeClient();
    await t.close();
  });

  /** The rules every answer keeps; a message when one is broken. */
  function violation(op: Operation, res: FuzzResponse, role: string | undefined): string | null {
    if (res.status >= 500 || res.status < 100) return `status ${res.status}: ${res.text.slice(0, 300)}`;
    if (res.status >= 400) {
      const p = problemViolation(res);
      if (p) return p;
    }
    if (op.authenticated && (role === 'none' || role === 'bad') && res.status !== 401) {
      return `no valid token but ${res.status}`;
    }
    if (role === 'viewer' && op.writes && res.status !== 403)
      return `a viewer's ${op.method} got ${res.status}`;
    return null;
  }

  /**
   * Fuzzes one route with one kind. A write route keeps the snapshot of the state before each request (taken
   * again only after a success), so a rejected request is compared with exactly what was there before it.
   */
  async function fuzz(kind: Kind, op: Operation): Promise<Failure | null> {
    let state = op.writes ? await writeSnapshot(db) : '';
    // A read repeated byte for byte meets the same state (reads write nothing; the writes wait): sent once.
    const sent = new Set<string>();
    const details = await fc.check(
      fc.asyncProperty(draftsOf(kind, op, tokens), async (draft) => {
        const req = encode(op, draft);
        if (!op.writes) {
          const key = requestKey(req);
          if (sent.has(key)) return;
          sent.add(key);
        }
        const res = await send(t.baseUrl, req);
        let problem = violation(op, res, draft.role);
        if (!problem && op.writes) {
          const after = await writeSnapshot(db);
          if (res.status >= 400 && after !== state) problem = `${res.status} but something was written`;
          state = after;
        }
        if (problem) throw new Error(`${problem}\n    request: ${describeRequest(req)}`);
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    const route = `${op.method} ${op.path}`;
    if (details.failed) {
      const e = details.errorInstance;
      const error = e instanceof Error ? e.message : String(e);
      return { kind, route, seed: details.seed, path: details.counterexamplePath, error };
    }
    return details.numRuns < RUNS
      ? { kind, route, seed: SEED, path: null, error: `${details.numRuns} runs` }
      : null;
  }

  /** Runs `fn` over the items, `n` at a time. */
  async function inPool<T, R>(items: readonly T[], n: number, fn: (item: T) => Promise<R>): Promise<R[]> {
    const out: R[] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    };
    await Promise.all(Array.from({ length: n }, worker));
    return out;
  }

  it.each(KINDS)(
    '%s: no 5xx, problem+json for every 4xx, nothing written by a rejected request',
    async (kind) => {
      const started = Date.now();
      // The read routes together (nothing else runs meanwhile: a write among them is a GET's), then the writes one by one.
      const reads = ops.filter((o) => !o.writes);
      const before = await writeSnapshot(db);
      const failures = (await inPool(reads, 4, (op) => fuzz(kind, op))).filter(
        (f): f is Failure => f !== null,
      );
      if ((await writeSnapshot(db)) !== before) {
        failures.push({
          kind,
          route: 'GET (any)',
          seed: SEED,
          path: null,
          error: 'a read route wrote something',
        });
      }
      for (const op of ops.filter((o) => o.writes)) {
        const f = await fuzz(kind, op);
        if (f) failures.push(f);
      }
      process.stdout.write(
        `fuzz ${kind}: ${ops.length} routes × ${RUNS} runs in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
      );
      const report = failures.map(
        (f) => `${f.kind} ${f.route} (seed ${f.seed}, path ${f.path ?? '-'}): ${f.error}`,
      );
      expect(report).toEqual([]);
    },
    300_000,
  );

  it('covers every route of the document', () => {
    expect(ops.length).toBeGreaterThanOrEqual(40);
    expect(ops.map((o) => `${o.method} ${o.path}`)).toEqual(
      expect.arrayContaining(['POST /api/v1/milestones/{id}/progress', 'PUT /api/v1/units/{id}/contacts']),
    );
  });
});
