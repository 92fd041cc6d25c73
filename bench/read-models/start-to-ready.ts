import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fmt, round } from '../event-store/harness';

const ROOT = path.resolve(__dirname, '..', '..');
const TOKEN = 'bench-read-models-admin-token-0001';
/** `/health/live` is polled this often; `/health/ready` (a write probe in PostgreSQL) every `READY_MS`, apart. */
const POLL_MS = 25;
const READY_MS = 250;

/** What a query process's start costs at the bench's size, seen from outside as a load balancer sees it. */
export interface StartToReady {
  /** From the spawn to the first `/health/live` 200 (the HTTP listener up; the board loading behind it). */
  listeningMs: number;
  /** From the spawn to the first `/health/ready` 200 (the board in memory). */
  readyMs: number;
  /**
   * The slowest `/health/live` answer while the board loaded: how long the load held the event loop. A request left
   * without an answer once the service listened counts too, for the time until it failed.
   */
  slowestLiveMs: number;
  /** `/health/live` requests left without an answer once the service listened (a held event loop outlived the idle connection's keep-alive). */
  failedLive: number;
  /** The process's own log line: the load alone. */
  loadLine: string;
  /**
   * The first requests after ready, each timed once: the figures' freshness (a token checked, no board),
   * then the board's questions (stats, a filtered list).
   */
  firstQuestions: { name: string; status: number; ms: number }[];
  rssMiBAtReady: number;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** The answer's status and time; status 0 when there was none (refused, or the connection closed). */
async function timed(url: string, token?: string): Promise<{ status: number; ms: number }> {
  const t0 = process.hrtime.bigint();
  const ms = () => Number(process.hrtime.bigint() - t0) / 1e6;
  try {
    const r = await fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    await r.arrayBuffer();
    return { status: r.status, ms: ms() };
  } catch {
    return { status: 0, ms: ms() };
  }
}

function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? round(Number(m[1]) / 1024, 0) : NaN;
}

/**
 * Starts the built service (`dist/`, as `npm start` runs it) as PROCESS_ROLE=api on the bench's database, polls
 * `/health/live` every 25 ms and `/health/ready` every 250 ms from the spawn, then asks its first questions over HTTP.
 * The two are polled by separate loops: one loop for both missed a held event loop whenever the ready probe (a write,
 * tens of ms on a busy machine) was the request in flight, so the slowest live answer said 0.1 s or 5 s by chance.
 */
export async function startToReady(databaseUrl: string, log: (line: string) => void): Promise<StartToReady> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the build script is CommonJS
  (require(path.join(ROOT, 'scripts', 'ensure-build.js')) as { ensureBuild(o?: object): void }).ensureBuild();
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pm-bench-start-'));
  const base = `http://127.0.0.1:${port}`;
  let out = '';
  const started = Date.now();
  // BENCH_SERVICE_NODE_ARGS: Node flags of the service only (e.g. `--trace-gc`: its output goes to the bench's log).
  const flags = (process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(' ').filter((f) => f !== '');
  const child = spawn(process.execPath, [...flags, path.join(ROOT, 'dist/apps/api/src/main.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PROCESS_ROLE: 'api',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      BOOTSTRAP_ADMIN_TOKEN: TOKEN,
      IMPORT_SEED_ON_START: 'false',
      SECRETS_KEY: randomBytes(32).toString('base64'), // required with an external database
      LOG_LEVEL: 'log',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    let listeningMs = -1;
    let slowestLiveMs = 0;
    let failedLive = 0;
    let readyMs = -1;
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const waiting = () => readyMs < 0 && child.exitCode === null && Date.now() - started < 600_000;
    const readiness = (async () => {
      for (; waiting(); await sleep(READY_MS)) {
        if ((await timed(`${base}/health/ready`)).status === 200) readyMs = Date.now() - started;
      }
    })();
    for (; waiting(); await sleep(POLL_MS)) {
      // (asked before ready: one held by the load's end counts even if the ready answer came first)
      const live = await timed(`${base}/health/live`);
      if (listeningMs < 0) {
        if (live.status === 200) listeningMs = Date.now() - started;
        continue;
      }
      if (live.status !== 200) failedLive++;
      slowestLiveMs = Math.max(slowestLiveMs, live.ms);
    }
    await readiness;
    if (child.exitCode !== null) throw new Error(`the service exited:\n${out.slice(-3000)}`);
    if (readyMs < 0) throw new Error(`not ready within 600 s:\n${out.slice(-3000)}`);
    const rssMiBAtReady = rssMiB(child.pid!);
    const loadLine = /board loaded: .*? in \d+ ms/.exec(out)?.[0] ?? '(no log line)';
    log(
      `query process (PROCESS_ROLE=api, dist): listening ${fmt(listeningMs)} ms, ready ${fmt(readyMs)} ms after the ` +
        `spawn; slowest /health/live meanwhile ${fmt(slowestLiveMs, 1)} ms (${failedLive} without an answer); rss at ready ${fmt(rssMiBAtReady)} MiB`,
    );
    log(`  its log: ${loadLine}`);
    if (flags.length > 0) log(out);
    const firstQuestions: { name: string; status: number; ms: number }[] = [];
    for (const q of ['status/freshness', 'stats/zones', 'stats/units', 'milestones?district=恩平市&q=推进']) {
      const r = await timed(`${base}/api/v1/${encodeURI(q)}`, TOKEN);
      firstQuestions.push({ name: q, status: r.status, ms: round(r.ms, 1) });
      log(`  first ${q} after ready: ${fmt(r.ms, 1)} ms${r.status === 200 ? '' : ` (HTTP ${r.status})`}`);
    }
    return {
      listeningMs,
      readyMs,
      slowestLiveMs: round(slowestLiveMs, 1),
      failedLive,
      loadLine,
      firstQuestions,
      rssMiBAtReady,
    };
  } finally {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
