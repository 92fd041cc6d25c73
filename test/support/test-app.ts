import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { ConsumerRunner } from '@app/event-store';
import { type AppConfig, boundStatementsByDefault, type Clock, loadConfig } from '@app/platform';
import { createTestDatabase, type TestDatabase } from '@app/platform/testing';
import { closeApiApp, createApiApp } from '../../apps/api/src/create-app';

export const ADMIN_TOKEN = 'e2e-bootstrap-admin-token-000001';

export interface TestApp {
  readonly app: INestApplication;
  readonly baseUrl: string;
  readonly db: TestDatabase;
  readonly config: AppConfig;
  /** fetch with JSON body and a bearer token (admin unless given). */
  request(method: string, path: string, opts?: RequestOptions): Promise<TestResponse>;
  close(): Promise<void>;
}

export interface RequestOptions {
  token?: string | null;
  body?: unknown;
  rawBody?: string | Buffer;
  headers?: Record<string, string>;
}

export interface TestResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The raw bytes (text() drops a BOM). */
  bytes: Buffer;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever came back
  body: any;
}

/** Test apps started and not yet closed in this process. */
let openApps = 0;

/**
 * The whole service over real HTTP on a fresh database: listen on a free port, consumers running. As in
 * production, the service connects as an application role (`db.appUrl`) and migrates as the owner (`db.url`).
 */
export async function startTestApp(
  env: Record<string, string> = {},
  opts: {
    clock?: Clock;
    startConsumers?: boolean;
    /** A PostgreSQL server of the test's own (e.g. one it stops) instead of the shared test server. */
    serverUrl?: string;
    /** Another instance on this database (as a second process would be); its owner drops it. */
    database?: TestDatabase;
    /** A copy of this template database on the test server instead of an empty one (see demo-history.ts). */
    copyOf?: string;
    /** DATABASE_QUERY_TIMEOUT_MS (the requests' statement bound; default: the service's). */
    queryTimeoutMs?: number;
  } = {},
): Promise<TestApp> {
  const db =
    opts.database ?? (await createTestDatabase(opts.serverUrl, opts.copyOf ? { template: opts.copyOf } : {}));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pm-e2e-app-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    BOOTSTRAP_ADMIN_TOKEN: ADMIN_TOKEN,
    CONSUMER_POLL_MS: '100',
    IMPORT_SEED_ON_START: 'false',
    LOG_LEVEL: 'error',
    // Most tests refer to evidence by a made-up fingerprint; test/evidence.e2e-spec.ts runs with the default (true).
    EVIDENCE_REQUIRE_UPLOAD: 'false',
    ...env,
  });
  const app = await createApiApp({
    config,
    databaseUrl: db.appUrl,
    migrationUrl: db.url,
    logger: ['fatal', 'error'],
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.queryTimeoutMs !== undefined ? { queryTimeoutMs: opts.queryTimeoutMs } : {}),
  });
  openApps++;
  if (opts.startConsumers !== false) app.get(ConsumerRunner).start();
  await app.listen(0, '127.0.0.1');
  const addr = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${addr.port}`;
  return {
    app,
    baseUrl,
    db,
    config,
    request: async (method, path, o = {}) => {
      const headers: Record<string, string> = { ...(o.headers ?? {}) };
      const token = o.token === undefined ? ADMIN_TOKEN : o.token;
      if (token !== null) headers.authorization = `Bearer ${token}`;
      let body: string | Buffer | undefined;
      if (o.rawBody !== undefined) {
        body = o.rawBody;
        headers['content-type'] ??= 'application/json';
      } else if (o.body !== undefined) {
        body = JSON.stringify(o.body);
        headers['content-type'] = 'application/json';
      }
      const res = await fetchRetryingReset(`${baseUrl}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body } : {}),
      });
      const bytes = Buffer.from(await res.arrayBuffer());
      const text = bytes.toString('utf8');
      let parsed: unknown;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = undefined;
      }
      return { status: res.status, headers: res.headers, text, bytes, body: parsed };
    },
    close: async () => {
      await closeApiApp(app);
      // The requests' bound is the process's (createApiApp sets it): once no app runs, the test's own statements
      // (fixtures, rebuilds) are unbounded again.
      if (--openApps === 0) boundStatementsByDefault(0);
      if (!opts.database) await db.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * fetch, sent once more for a GET or HEAD reset before any answer: the server closing an idle keep-alive connection
 * just as the request was written on it (a busy test process stalls both sides' idle timers), which RFC 9112
 * §9.3.1 lets a client retry for idempotent methods. Anything else, and a second failure, is the test's.
 */
async function fetchRetryingReset(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (e) {
    const code = (e as { cause?: { code?: string } }).cause?.code;
    const idempotent = init.method === 'GET' || init.method === 'HEAD';
    if (!idempotent || (code !== 'ECONNRESET' && code !== 'UND_ERR_SOCKET')) throw e;
    return fetch(url, init);
  }
}
